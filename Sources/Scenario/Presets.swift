import Foundation
import Planner

/// Changes to an SLA preset's parameters; nil fields keep the base preset's value.
public struct PresetOverrides: Sendable, Hashable {
    /// The objective (`throughput-carbon`, `carbon-efficiency`, `throughput-efficiency`).
    public var objective: ObjectiveKind?
    /// Weight of normalised throughput.
    public var alpha: Double?
    /// Weight of normalised inverse carbon.
    public var beta: Double?
    /// Latency SLO, s.
    public var latencySLO: Double?
    /// Power cap per card, W.
    public var cardPowerCap: Double?
    /// Node power cap, W.
    public var nodePowerCap: Double?
    /// Accuracy-loss ceiling, percentage points.
    public var accuracyLossCeiling: Double?
    /// Die-temperature ceiling, °C.
    public var thermalLimit: Double?
    /// Planned busy fraction of interactive time (override), (0, 1].
    public var interactiveUtilization: Double?
    /// Share of interactive requests within the SLO the plan sizes for, [0, 1).
    public var latencyPercentile: Double?
    /// Averaging window of the power caps, s (0: epoch averages).
    public var powerCapWindow: Double?
    /// Power smoothing: largest epoch-to-epoch change of a card's power, W.
    public var powerSmoothing: Double?

    /// Overrides (all nil by default: no change).
    public init(alpha: Double? = nil, beta: Double? = nil, latencySLO: Double? = nil, cardPowerCap: Double? = nil,
                nodePowerCap: Double? = nil, accuracyLossCeiling: Double? = nil, thermalLimit: Double? = nil,
                interactiveUtilization: Double? = nil, latencyPercentile: Double? = nil, powerCapWindow: Double? = nil,
                powerSmoothing: Double? = nil) {
        self.powerSmoothing = powerSmoothing
        self.alpha = alpha
        self.beta = beta
        self.latencySLO = latencySLO
        self.cardPowerCap = cardPowerCap
        self.nodePowerCap = nodePowerCap
        self.accuracyLossCeiling = accuracyLossCeiling
        self.thermalLimit = thermalLimit
        self.interactiveUtilization = interactiveUtilization
        self.latencyPercentile = latencyPercentile
        self.powerCapWindow = powerCapWindow
    }

    /// Whether no field is set.
    public var isEmpty: Bool { self == PresetOverrides() }

    /// `base` with these overrides applied, renamed to `name` when given.
    public func applied(to base: SLAPreset, name: String? = nil) -> SLAPreset {
        var p = base
        if let name { p.name = name }
        if let objective { p.objective = objective }
        if let alpha { p.alpha = alpha }
        if let beta { p.beta = beta }
        if let latencySLO { p.latencySLO = latencySLO }
        if let cardPowerCap { p.cardPowerCap = cardPowerCap }
        if let nodePowerCap { p.nodePowerCap = nodePowerCap }
        if let accuracyLossCeiling { p.accuracyLossCeiling = accuracyLossCeiling }
        if let thermalLimit { p.thermalLimit = thermalLimit }
        if let interactiveUtilization { p.interactiveUtilization = interactiveUtilization }
        if let latencyPercentile { p.latencyPercentile = latencyPercentile }
        if let powerCapWindow { p.powerCapWindow = powerCapWindow }
        if let powerSmoothing { p.powerSmoothing = powerSmoothing }
        return p
    }

    /// The YAML keys of the preset parameters, in table order.
    static let keys = ["objective", "alpha", "beta", "latencySLO", "cardPowerCap", "nodePowerCap", "accuracyLossCeiling", "thermalLimit",
                       "interactiveUtilization", "latencyPercentile", "powerCapWindow", "powerSmoothing"]

    /// Reads the parameter keys present in `fields` (with units where they have one).
    static func read(_ fields: YAMLFields) throws(ScenarioError) -> PresetOverrides {
        var o = PresetOverrides()
        if let v = fields.optional("objective") {
            let text = try v.string()
            guard let kind = ObjectiveKind(rawValue: text) else {
                throw v.error("unknown objective '\(text)'; allowed: \(ObjectiveKind.allowedValues)")
            }
            o.objective = kind
        }
        o.alpha = try fields.optional("alpha")?.double()
        o.beta = try fields.optional("beta")?.double()
        o.latencySLO = try fields.optional("latencySLO")?.quantity(.duration)
        o.cardPowerCap = try fields.optional("cardPowerCap")?.quantity(.power)
        o.nodePowerCap = try fields.optional("nodePowerCap")?.quantity(.power)
        o.accuracyLossCeiling = try fields.optional("accuracyLossCeiling")?.quantity(.points)
        o.thermalLimit = try fields.optional("thermalLimit")?.quantity(.temperature)
        o.interactiveUtilization = try fields.optional("interactiveUtilization")?.double()
        o.latencyPercentile = try fields.optional("latencyPercentile")?.double()
        o.powerCapWindow = try fields.optional("powerCapWindow")?.quantity(.duration)
        o.powerSmoothing = try fields.optional("powerSmoothing")?.quantity(.power)
        return o
    }
}

/// Where a preset in a `PresetLibrary` came from.
public enum PresetOrigin: Sendable, Hashable {
    /// Built into the planner (`SLAPreset.builtIn`).
    case builtIn
    /// Defined in a presets file at a 1-based line, possibly inheriting from another preset.
    case file(path: String, line: Int?, inherits: String?)

    /// "built-in", or "file.yaml:3 (inherits research)".
    public var description: String {
        switch self {
        case .builtIn: return "built-in"
        case let .file(path, line, inherits):
            return "\(path)\(line.map { ":\($0)" } ?? "")\(inherits.map { " (inherits \($0))" } ?? "")"
        }
    }
}

/// The SLA presets a command can use: the planner's built-ins (`ecommerce`, `research`) plus
/// user presets read from YAML files.
///
/// A presets file is a mapping with one key, `presets`, holding a list; each entry has a
/// `name`, optionally `inherits` (a built-in or an earlier entry of the file) and the
/// parameters `objective` (`throughput-carbon`, the default; `carbon-efficiency`;
/// `throughput-efficiency` — see `ObjectiveKind`), `alpha`, `beta`, `latencySLO` (s), `cardPowerCap` (W), `nodePowerCap` (W),
/// `accuracyLossCeiling` (pp), `thermalLimit` (°C), `interactiveUtilization` (fraction, default
/// 1), `latencyPercentile` (fraction, default 0.99), `powerCapWindow` (s, default 1; 0 = epoch
/// averages), `powerSmoothing` (W, optional). Without `inherits` every parameter except `nodePowerCap`, `interactiveUtilization`,
/// `latencyPercentile` and `powerCapWindow` is required. Numbers may carry units (`2 s`, `250 W`, `80 °C`, `1 pp`).
///
///     presets:
///       - name: eco
///         inherits: research
///         cardPowerCap: 200 W
///       - name: batch-night
///         alpha: 0.5
///         beta: 0.5
///         latencySLO: 30 s
///         cardPowerCap: 350 W
///         accuracyLossCeiling: 2 pp
///         thermalLimit: 85 °C
public struct PresetLibrary: Sendable {
    /// Every preset, built-ins first, then user presets in file order.
    public private(set) var presets: [SLAPreset]
    /// Where each preset came from, parallel to `presets`.
    public private(set) var origins: [PresetOrigin]

    /// The built-in presets only.
    public init() {
        presets = SLAPreset.builtIn
        origins = SLAPreset.builtIn.map { _ in .builtIn }
    }

    /// Names of every preset, in order.
    public var names: [String] { presets.map(\.name) }

    /// The preset named `name` (exact match), or nil.
    public func preset(named name: String) -> SLAPreset? { presets.first { $0.name == name } }

    /// Loads the built-ins plus the presets of the YAML file at `path`.
    public static func load(contentsOf path: String) throws(ScenarioError) -> PresetLibrary {
        var library = PresetLibrary()
        try library.add(contentsOf: path)
        return library
    }

    /// Adds the presets of the YAML file at `path`; a name already defined is an error.
    public mutating func add(contentsOf path: String) throws(ScenarioError) {
        try add(YAMLFile.load(path))
    }

    /// Adds the presets of YAML `text`; `path` names it in messages.
    public mutating func add(yaml text: String, path: String) throws(ScenarioError) {
        try add(YAMLFile.parse(text, path: path))
    }

    private mutating func add(_ file: YAMLFile) throws(ScenarioError) {
        let root = try file.root.mapping(allowed: ["presets"])
        let entries = try root.required("presets", "a list of presets").list()
        for entry in entries {
            let fields = try entry.mapping(allowed: ["name", "inherits", "description"] + PresetOverrides.keys)
            let nameValue = try fields.required("name")
            let name = try nameValue.string()
            guard preset(named: name) == nil else {
                let previous = origins[names.firstIndex(of: name) ?? 0]
                throw nameValue.error("preset '\(name)' is already defined (\(previous.description)); choose another name")
            }
            let overrides = try PresetOverrides.read(fields)
            var inherits: String?
            let base: SLAPreset
            if let parentValue = fields.optional("inherits") {
                let parent = try parentValue.string()
                guard let p = preset(named: parent) else {
                    throw parentValue.error("unknown preset '\(parent)'\(Suggest.didYouMean(parent, names)); known presets: \(names.joined(separator: ", ")) (a preset may inherit only from one defined before it)")
                }
                inherits = parent
                base = p
            } else {
                for key in ["alpha", "beta", "latencySLO", "cardPowerCap", "accuracyLossCeiling", "thermalLimit"] {
                    _ = try fields.required(key, "a preset without 'inherits' sets every parameter")
                }
                base = SLAPreset(name: name, alpha: 0, beta: 0, latencySLO: 0, cardPowerCap: 0, accuracyLossCeiling: 0, thermalLimit: 0)
            }
            let result = overrides.applied(to: base, name: name)
            try Self.check(result, fields: fields, at: entry)
            append(result, origin: .file(path: file.path, line: entry.keyLine, inherits: inherits))
        }
    }

    mutating func append(_ preset: SLAPreset, origin: PresetOrigin) {
        presets.append(preset)
        origins.append(origin)
    }

    /// Validates `preset`, placing a failure on the line of the offending key (or the entry).
    static func check(_ preset: SLAPreset, fields: YAMLFields, at entry: YAMLValue) throws(ScenarioError) {
        do { try preset.validate() } catch {
            let (field, rule) = Self.split(error)
            let key = field.hasPrefix("preset.") ? String(field.dropFirst("preset.".count)) : field
            if let v = fields.optional(key) { throw v.error(rule) }
            throw ScenarioError(field: entry.path.isEmpty ? key : "\(entry.path).\(key)", rule: "\(rule) (inherited value)",
                                file: entry.file, line: entry.keyLine)
        }
    }

    /// The field and rule of a planning error (for presets: `.invalidRequest`).
    static func split(_ error: PlanningError) -> (String, String) {
        if case let .invalidRequest(field, rule) = error { return (field, rule) }
        return ("preset", "\(error)")
    }
}
