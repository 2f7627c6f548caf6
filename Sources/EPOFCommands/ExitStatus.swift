import ArgumentParser
import LinearModel

/// The documented process exit codes of `epof solve` (and of the other commands where they apply:
/// `epof plan` exits 0 with a plan, 1 on a solver failure, 2 on a bad scenario or option and 3
/// when no plan meets the scenario's constraints, with the diagnosis on stderr).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Solved to proven optimality (within the requested MIP gap).
    case optimal = 0
    /// The solver failed or gave up (numerical trouble, interrupted, backend error).
    case solverFailure = 1
    /// Bad input: unreadable or malformed file, invalid model, invalid or unsupported setting.
    case inputError = 2
    /// The model is infeasible (`epof plan`: no plan meets the scenario's constraints).
    case infeasible = 3
    /// The model is unbounded.
    case unbounded = 4
    /// Infeasible or unbounded; the solver did not tell which.
    case infeasibleOrUnbounded = 5
    /// A time, iteration or node limit stopped the solve (a feasible point may be reported).
    case limitReached = 6

    /// The exit status for a termination reason.
    public init(_ reason: TerminationReason) {
        switch reason {
        case .optimal: self = .optimal
        case .infeasible: self = .infeasible
        case .unbounded: self = .unbounded
        case .infeasibleOrUnbounded: self = .infeasibleOrUnbounded
        case .timeLimit, .iterationLimit, .nodeLimit: self = .limitReached
        case .numericalTrouble, .interrupted, .otherError: self = .solverFailure
        }
    }

    /// The table printed in `--help`.
    static let helpText = """
    Exit codes:
      0  optimal (within the MIP gap for a MILP)
      1  solver failure (numerical trouble, interrupted, backend error)
      2  input error (file, model, scenario, or an invalid or unsupported setting)
      3  infeasible (epof plan: no plan meets the scenario's constraints; the diagnosis is on stderr)
      4  unbounded
      5  infeasible or unbounded (the solver could not tell which)
      6  limit reached (time, iterations or nodes; a feasible point may be reported)
      64 command-line usage error
    """

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// Prints `message` to standard error and exits with `status`.
struct CommandFailure: Error, CustomStringConvertible {
    let status: ExitStatus
    let message: String
    var description: String { message }
}
