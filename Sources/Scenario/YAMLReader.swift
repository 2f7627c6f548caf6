import Foundation
import Yams

/// A YAML file parsed into a node tree that keeps every value's line, read with strict keys.
struct YAMLFile {
    /// The path as given (used in messages).
    let path: String
    /// The root value.
    let root: YAMLValue

    /// Reads and parses `path`; unreadable files and syntax errors are `ScenarioError`s.
    static func load(_ path: String) throws(ScenarioError) -> YAMLFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(field: "(file)", rule: "cannot be read (missing or not accessible)", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(field: "(file)", rule: "must be UTF-8 text", file: path)
        }
        return try parse(text, path: path)
    }

    /// Parses YAML `text`; `path` names it in messages.
    static func parse(_ text: String, path: String) throws(ScenarioError) -> YAMLFile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            switch e {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                throw ScenarioError(field: "(document)", rule: "YAML syntax error: \(problem)", file: path, line: mark.line)
            default:
                throw ScenarioError(field: "(document)", rule: "is not valid YAML: \(e)", file: path)
            }
        } catch {
            throw ScenarioError(field: "(document)", rule: "is not valid YAML: \(error)", file: path)
        }
        guard let node else { throw ScenarioError(field: "(document)", rule: "is empty; expected a mapping", file: path, line: 1) }
        return YAMLFile(path: path, root: YAMLValue(node: node, path: "", file: path, keyLine: 1))
    }
}

/// One value of a YAML tree with its dotted path, file and lines.
struct YAMLValue {
    let node: Node
    /// Dotted path, e.g. `arrivals.interactive.rate` ("" for the root).
    let path: String
    let file: String
    /// Line of the key that introduced this value (1 for the root).
    let keyLine: Int?

    /// Line of the value itself (falls back to its key's line).
    var line: Int? { node.mark?.line ?? keyLine }
    /// The path for messages.
    var field: String { path.isEmpty ? "(document)" : path }

    /// An error on this value.
    func error(_ rule: String) -> ScenarioError { ScenarioError(field: field, rule: rule, file: file, line: line) }

    /// The scalar text, or nil for a mapping or list.
    var scalarText: String? { node.scalar?.string }

    /// Whether the value is YAML null (`~`, `null` or empty).
    var isNull: Bool {
        guard let s = node.scalar, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// The value as a mapping whose keys must all be in `allowed` (unknown keys are errors with a
    /// "did you mean" when one is close; duplicate keys are errors): the first such error is thrown.
    func mapping(allowed: [String]) throws(ScenarioError) -> YAMLFields {
        var errors: [ScenarioError] = []
        let fields = try mapping(allowed: allowed, collecting: &errors)
        if let first = errors.first { throw first }
        return fields
    }

    /// As ``mapping(allowed:)``, but every unknown, duplicate or non-scalar key is appended to
    /// `errors` (in file order) and left out, and the other entries are kept (a repeated key's
    /// first occurrence). Throws only when the value is not a mapping.
    func mapping(allowed: [String], collecting errors: inout [ScenarioError]) throws(ScenarioError) -> YAMLFields {
        guard let m = node.mapping else { throw error("must be a mapping with keys \(allowed.joined(separator: ", "))") }
        var entries: [(String, YAMLValue)] = []
        var seen: [String: Int?] = [:]
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                errors.append(ScenarioError(field: field, rule: "keys must be plain names", file: file, line: k.mark?.line))
                continue
            }
            let child = YAMLValue(node: v, path: path.isEmpty ? key : "\(path).\(key)", file: file, keyLine: k.mark?.line)
            guard allowed.contains(key) else {
                errors.append(ScenarioError(field: child.path,
                                            rule: "unknown key '\(key)'\(Suggest.didYouMean(key, allowed)); allowed keys: \(allowed.joined(separator: ", "))",
                                            file: file, line: k.mark?.line))
                continue
            }
            if let first = seen[key] {
                errors.append(ScenarioError(field: child.path, rule: "appears twice (first on line \(first.map(String.init) ?? "?"))",
                                            file: file, line: k.mark?.line))
                continue
            }
            seen[key] = k.mark?.line
            entries.append((key, child))
        }
        return YAMLFields(owner: self, entries: entries)
    }

    /// The value as a list.
    func list() throws(ScenarioError) -> [YAMLValue] {
        guard let s = node.sequence else { throw error("must be a list") }
        return s.enumerated().map { i, n in YAMLValue(node: n, path: "\(path)[\(i)]", file: file, keyLine: n.mark?.line ?? keyLine) }
    }

    /// The value as a non-empty string.
    func string() throws(ScenarioError) -> String {
        guard let s = scalarText, !isNull, !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("must be a non-empty string") }
        return s
    }

    /// The value as a finite number.
    func double() throws(ScenarioError) -> Double {
        guard let s = scalarText, !isNull, let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite else {
            throw error("must be a finite number (got \(describe))")
        }
        return x
    }

    /// The value as an integer.
    func int() throws(ScenarioError) -> Int {
        guard let s = scalarText, !isNull, let x = Int(s.trimmingCharacters(in: .whitespaces)) else {
            throw error("must be an integer (got \(describe))")
        }
        return x
    }

    /// The value as a boolean (`true`/`false`, `yes`/`no`).
    func bool() throws(ScenarioError) -> Bool {
        switch scalarText?.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("must be true or false (got \(describe))")
        }
    }

    /// A short rendering of the value for messages.
    var describe: String {
        if let s = scalarText { return isNull ? "nothing" : "'\(s)'" }
        return node.mapping != nil ? "a mapping" : "a list"
    }
}

/// The entries of a YAML mapping whose keys were checked.
struct YAMLFields {
    let owner: YAMLValue
    let entries: [(String, YAMLValue)]

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { entries.contains { $0.0 == key } }

    /// The value under `key`, or nil when absent (or null).
    func optional(_ key: String) -> YAMLValue? {
        guard let v = entries.first(where: { $0.0 == key })?.1, !v.isNull else { return nil }
        return v
    }

    /// The value under `key`; a missing key is an error at the mapping's own key line.
    func required(_ key: String, _ what: String = "") throws(ScenarioError) -> YAMLValue {
        if let v = optional(key) { return v }
        let f = owner.path.isEmpty ? key : "\(owner.path).\(key)"
        throw ScenarioError(field: f, rule: "is required but missing\(what.isEmpty ? "" : " (\(what))")",
                            file: owner.file, line: owner.keyLine)
    }

    /// The present keys, in file order.
    var keys: [String] { entries.map(\.0) }
}
