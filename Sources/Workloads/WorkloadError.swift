/// A workload description, request shape or model parameter that breaks a rule.
///
/// Names the field (dotted path, e.g. `request.promptTokens`) and the rule, plus the file
/// and line when the value came from a file. Every entry point of the module reports bad input
/// with this value instead of trapping.
public struct WorkloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Dotted path of the offending field.
    public var field: String
    /// What is allowed (or what went wrong).
    public var rule: String
    /// The file the value came from, if any.
    public var file: String?
    /// 1-based line in that file, if known.
    public var line: Int?

    /// Creates an error naming `field` and the `rule` it breaks.
    public init(field: String, rule: String, file: String? = nil, line: Int? = nil) {
        self.field = field
        self.rule = rule
        self.file = file
        self.line = line
    }

    /// `file:line: field: rule`.
    public var description: String {
        var location = ""
        if let file { location = line.map { "\(file):\($0): " } ?? "\(file): " }
        return "\(location)\(field): \(rule)"
    }
}
