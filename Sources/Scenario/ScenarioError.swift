/// A scenario or presets file (or a value in one) that breaks a rule.
///
/// Names the file and the 1-based line where the offending value (or, for a missing field, its
/// parent) sits, the dotted field path (e.g. `arrivals.interactive.rate`), and what is allowed.
/// Every entry point of the `Scenario` module reports bad input with this value; nothing traps.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file the value came from, if any.
    public var file: String?
    /// 1-based line in that file, if known.
    public var line: Int?
    /// Dotted path of the offending field (`(document)` for the whole file).
    public var field: String
    /// What is allowed, or what went wrong.
    public var rule: String

    /// An error on `field` breaking `rule`, optionally located in `file` at 1-based `line`.
    public init(field: String, rule: String, file: String? = nil, line: Int? = nil) {
        self.field = field
        self.rule = rule
        self.file = file
        self.line = line
    }

    /// `file:line: field: rule` (file and line when known).
    public var description: String {
        var location = ""
        if let file { location = line.map { "\(file):\($0): " } ?? "\(file): " }
        return "\(location)\(field): \(rule)"
    }
}

/// Suggestions for misspelt names.
enum Suggest {
    /// Levenshtein distance (case-insensitive).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count), cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The closest candidate within a third of the name's length (at least 2 edits), or nil.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = max(2, name.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(name, c)
            if d <= limit, best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    /// `"; did you mean 'x'?"` when a candidate is close, else "".
    static func didYouMean(_ name: String, _ candidates: [String]) -> String {
        closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
