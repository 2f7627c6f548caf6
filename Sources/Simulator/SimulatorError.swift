import Hardware

/// Why the simulator refused an input: names the field (and the file and line for traces)
/// and what is allowed. Hardware's own validation errors are passed through unchanged.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration or controller argument breaks a rule.
    case invalidInput(field: String, rule: String)
    /// An arrival trace cannot be read: `line` is 1-based (nil for file-level problems).
    case trace(file: String, line: Int?, field: String, rule: String)
    /// The hardware model rejected the device or the tick (e.g. a tick too long for the
    /// thermal time constants).
    case hardware(DeviceSpecError)

    /// One line: where, which field, what is allowed.
    public var description: String {
        switch self {
        case let .invalidInput(field, rule):
            return "\(field): \(rule)"
        case let .trace(file, line, field, rule):
            let place = line.map { "\(file):\($0)" } ?? file
            return "\(place): \(field): \(rule)"
        case let .hardware(error):
            return error.description
        }
    }
}
