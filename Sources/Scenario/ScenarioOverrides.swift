import Foundation
import Yams

/// A value set from outside a scenario file (e.g. by `epof whatif --vary`), by the field's
/// dotted path as written in the file (``ScenarioFields``).
///
/// Overrides are applied to the parsed YAML tree before the scenario is read, so an overridden
/// value goes through exactly the checks a value written in the file goes through. Rules:
/// - missing mappings on the way are created (`arrivals.deferrable.rate` on a scenario without
///   deferrable work adds the class — which then needs its `deadline` too);
/// - `preset` sets the base preset: the `inherits` key when the scenario's preset is a mapping
///   (its overrides stay, as with `epof plan --preset`), else the name itself; `preset.X` on a
///   scenario whose preset is a name turns it into `{inherits: name, X: value}`;
/// - keys that exclude each other give way: a `carbon.region` removes the CSV keys (and the
///   reverse), `node.device` removes `node.file`, an arrival `rate` removes its `trace` and
///   `unlimited` (``ScenarioFields/excludeEachOther(_:_:)``).
public struct ScenarioOverride: Sendable, Hashable {
    /// Dotted path of the field (`preset.cardPowerCap`).
    public var path: String
    /// The value as it would be written in the file (`250`, `250 W`, `beijing`).
    public var value: String
    /// Where it came from, for messages (`--vary power_cap=200:320:20`).
    public var origin: String

    /// An override of `path` with `value`, from `origin`.
    public init(path: String, value: String, origin: String) {
        self.path = path
        self.value = value
        self.origin = origin
    }

    /// `error` re-labelled when it concerns an overridden field: the override's origin replaces
    /// the file and line (the value is not in the file), and the field shows the value.
    public static func attribute(_ error: ScenarioError, to overrides: [ScenarioOverride]) -> ScenarioError {
        let field = ScenarioFields.canonical(error.field)
        guard let o = overrides.last(where: { ScenarioFields.canonical($0.path) == field }) else { return error }
        return ScenarioError(field: "\(o.path) = \(o.value)", rule: error.rule, file: o.origin, line: nil)
    }
}

extension Scenario {
    /// Loads the scenario file at `path` with `overrides` applied to its YAML tree (see
    /// ``ScenarioOverride``) and validates it as ``load(contentsOf:)`` does. An error on an
    /// overridden field — also one found later, e.g. by `resolvePreset` — names the override's
    /// origin instead of a line of the file.
    public static func load(contentsOf path: String, overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
        try parse(YAMLFile.load(path).applying(overrides), overrides: overrides)
    }

    /// Parses scenario YAML `text` with `overrides` applied (see ``load(contentsOf:overrides:)``).
    public static func parse(yaml text: String, path: String, overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
        try parse(YAMLFile.parse(text, path: path).applying(overrides), overrides: overrides)
    }

    private static func parse(_ file: YAMLFile, overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
        do {
            var s = try parse(file)
            s.overrides = overrides
            return s
        } catch {
            throw ScenarioOverride.attribute(error, to: overrides)
        }
    }
}

extension YAMLFile {
    /// The file with `overrides` applied to its tree, in order. Unknown paths and list fields are
    /// errors naming the override; a root that is not a mapping is left for the parser to report.
    func applying(_ overrides: [ScenarioOverride]) throws(ScenarioError) -> YAMLFile {
        guard var root = self.root.node.mapping else { return self }
        for o in overrides {
            guard let field = ScenarioFields.field(o.path) else {
                let near = ScenarioFields.nearest(to: o.path)
                throw ScenarioError(field: o.path, rule: "is not a scenario field; nearest: \(near.joined(separator: ", "))", file: o.origin)
            }
            if field.kind == .list {
                throw ScenarioError(field: o.path, rule: "is a list; it cannot be set from the command line (edit the file)", file: o.origin)
            }
            let keys = field.path.split(separator: ".").map(String.init)
            let value = Node.scalar(Node.Scalar(o.value))
            if keys == ["preset"] {
                Self.setPresetBase(&root, value)
            } else if keys.count == 2, keys[0] == "preset", let base = root.entry("preset"), base.scalar != nil, !Self.isNull(base) {
                root.set("preset", .mapping(Node.Mapping([(Node("inherits"), base), (Node(keys[1]), value)])))
            } else {
                try Self.set(&root, keys[...], value, parentPath: "", override: o)
            }
        }
        return YAMLFile(path: path, root: YAMLValue(node: .mapping(root), path: "", file: path, keyLine: 1))
    }

    /// `preset: name` → the new name; `preset: {inherits: …, …}` → a new `inherits`.
    private static func setPresetBase(_ root: inout Node.Mapping, _ value: Node) {
        if var m = root.entry("preset")?.mapping {
            m.set("inherits", value)
            root.set("preset", .mapping(m))
        } else {
            root.set("preset", value)
        }
    }

    /// Sets `keys` under `mapping` (whose dotted path is `parentPath`), creating mappings on the
    /// way and removing keys the new one excludes.
    private static func set(_ mapping: inout Node.Mapping, _ keys: ArraySlice<String>, _ value: Node, parentPath: String,
                            override o: ScenarioOverride) throws(ScenarioError) {
        guard let key = keys.first else { return }
        let path = parentPath.isEmpty ? key : "\(parentPath).\(key)"
        if keys.count == 1 {
            for other in mapping.keyNames where other != key && ScenarioFields.excludeEachOther(path, "\(parentPath).\(other)") {
                mapping.remove(other)
            }
            mapping.set(key, value)
            return
        }
        var child: Node.Mapping
        if let existing = mapping.entry(key), !isNull(existing) {
            guard let m = existing.mapping else {
                throw ScenarioError(field: path, rule: "is not a mapping in the scenario, so '\(o.path)' cannot be set inside it",
                                    file: o.origin)
            }
            child = m
        } else {
            child = Node.Mapping([])
        }
        try set(&child, keys.dropFirst(), value, parentPath: path, override: o)
        mapping.set(key, .mapping(child))
    }

    private static func isNull(_ node: Node) -> Bool {
        guard let s = node.scalar, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }
}

extension Node.Mapping {
    /// The value under the plain key `name` (the last one if repeated), or nil.
    func entry(_ name: String) -> Node? {
        filter { $0.key.scalar?.string == name }.last?.value
    }

    /// The plain keys, in order.
    var keyNames: [String] { compactMap { $0.key.scalar?.string } }

    /// Replaces the value of every `name` key (keeping the key and its line), or appends the key.
    mutating func set(_ name: String, _ value: Node) {
        var found = false
        for i in indices where self[i].key.scalar?.string == name {
            self[i] = (key: self[i].key, value: value)
            found = true
        }
        if !found { self[Node(name)] = value }
    }

    /// Removes every `name` key.
    mutating func remove(_ name: String) {
        let kept = filter { $0.key.scalar?.string != name }
        self = Node.Mapping(kept.map { ($0.key, $0.value) }, tag, style, mark)
    }
}
