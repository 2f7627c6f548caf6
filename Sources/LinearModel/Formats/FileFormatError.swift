/// A problem reading or writing a model file: a syntax error, a value the format cannot hold,
/// or a file that cannot be opened.
///
/// Errors are values: every reader and writer throws exactly this type, so callers can show
/// ``description`` to a user or compare errors in tests.
public struct FileFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file concerned (a path, or `"<string>"` for in-memory text).
    public var file: String
    /// The 1-based line the problem was found on, or nil when it concerns the whole file
    /// (or a model being written).
    public var line: Int?
    /// What was found and what was expected or allowed.
    public var message: String

    /// Creates an error for `file`, optionally at a 1-based `line`.
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` without a line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
