import Simulator

/// Why the executor or the closed loop could not do what was asked. Errors are values: the
/// executor never traps on its input.
public enum ExecutorError: Error, Sendable, CustomStringConvertible {
    /// An argument breaks a rule: `field` names it, `rule` says what is allowed.
    case invalidInput(field: String, rule: String)
    /// The simulator rejected a configuration or a controller call.
    case simulator(SimulatorError)
    /// The scenario could not be turned into a simulation or a planning loop.
    case scenario(String)

    /// One line: what and why.
    public var description: String {
        switch self {
        case let .invalidInput(field, rule): return "invalid input: \(field) \(rule)"
        case let .simulator(e): return "simulator: \(e)"
        case let .scenario(message): return "scenario: \(message)"
        }
    }
}
