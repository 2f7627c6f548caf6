import Foundation

/// A fleet file (YAML): nodes, each a scenario file (with its region's carbon source and any
/// other field overridden), and the limits they share. Load with ``load(contentsOf:)``; errors
/// are ``ScenarioError``s naming file, line, field and what is allowed, as for scenarios.
///
/// ```yaml
/// name: two-regions
/// epoch: 1h            # the fleet's grid: set on every node (overrides its scenario)
/// horizon: 24
/// start: 2023-06-01T00:00:00Z
/// solver: clp          # glpk or clp
/// sites:
///   - name: campus
///     powerCap: 6 kW   # or one value per epoch: [6 kW, 5 kW, …]
/// carbonBudget: 20 kg  # over the horizon: g, kg or t (of CO₂)
/// nodes:
///   - name: sichuan
///     scenario: sdxl-ecommerce-sichuan.yaml
///     site: campus
///     replicas: 2      # identical copies, named sichuan-1, sichuan-2
///     carbon: {region: sichuan}   # region, csv, fallback, timestampColumn, …
///     set: {preset.cardPowerCap: 300 W}
/// movable:
///   - name: catalogue
///     model: sdxl
///     amount: 400      # work units (images or requests) over the horizon
///     required: false
///     origin: sichuan  # a node name: no transfer latency there
///     transferLatency: 1h
/// ```
public struct FleetFile: Sendable {
    /// One node entry (expanded: a replicated entry gives several).
    public struct Node: Sendable {
        public var name: String
        /// The node's scenario, loaded with the fleet's overrides applied.
        public var scenario: Scenario
        /// Index into ``FleetFile/sites``.
        public var site: Int?
        /// The entry's line in the fleet file.
        public var line: Int?
        /// The scenario file and the overrides the fleet applied to it (to reload it with more,
        /// e.g. the node's power cap from a fleet plan).
        public var scenarioPath: String
        public var overrides: [ScenarioOverride]
    }

    /// A site's shared power contract.
    public struct Site: Sendable {
        public var name: String
        /// One cap per epoch, W.
        public var cap: [Double]
    }

    /// Movable work.
    public struct Movable: Sendable {
        public var name: String
        /// Model identifier (the nodes whose workload runs it may receive it).
        public var model: String
        public var amount: Double
        public var required: Bool
        /// Node names without transfer latency (the origin's replicas).
        public var origin: [String]
        /// s.
        public var transferLatency: Double
    }

    public static let topLevelKeys = ["name", "description", "epoch", "horizon", "start", "solver", "sites", "carbonBudget",
                                      "nodes", "movable"]
    static let nodeKeys = ["name", "scenario", "site", "replicas", "carbon", "set"]
    static let siteKeys = ["name", "powerCap"]
    static let movableKeys = ["name", "model", "amount", "required", "origin", "transferLatency"]

    public var name: String
    public var summary: String?
    public var file: String
    public var nodes: [Node]
    public var sites: [Site]
    /// gCO₂ over the horizon.
    public var carbonBudget: Double?
    public var movable: [Movable]
    public var horizon: Int
    public var epochLength: Double
    /// The backend named by the file (nil: the first node's).
    public var solver: String?

    /// Whether the file at `path` looks like a fleet file (a mapping with a `nodes` key).
    public static func isFleetFile(_ path: String) -> Bool {
        guard let doc = try? YAMLFile.load(path), let m = doc.root.node.mapping else { return false }
        return m.contains { $0.key.scalar?.string == "nodes" }
    }

    /// Loads the fleet at `path`; node scenario paths are relative to its folder.
    public static func load(contentsOf path: String) throws(ScenarioError) -> FleetFile {
        let doc = try YAMLFile.load(path)
        let root = try doc.root.mapping(allowed: topLevelKeys)
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || folder.isEmpty ? p : (folder as NSString).appendingPathComponent(p)
        }
        let name = try root.optional("name")?.string() ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let summary = try root.optional("description")?.string()
        // Fleet-wide grid fields go to every node as overrides (checked by the scenario loader).
        var grid: [ScenarioOverride] = []
        for key in ["epoch", "horizon", "start", "solver"] {
            if let v = root.optional(key) {
                guard let text = v.scalarText else { throw v.error("must be a scalar") }
                grid.append(ScenarioOverride(path: key, value: text, origin: "\(path):\(v.line ?? 0): \(key)"))
            }
        }
        if let s = root.optional("solver"), !["glpk", "clp"].contains(try s.string()) {
            throw s.error("must be glpk or clp (the fleet decomposition solves LPs); got \(s.describe)")
        }

        // Sites (caps need the horizon: read after the nodes).
        var siteValues: [(String, YAMLValue, YAMLValue)] = []
        if let v = root.optional("sites") {
            for item in try v.list() {
                let f = try item.mapping(allowed: siteKeys)
                let n = try f.required("name").string()
                guard !siteValues.contains(where: { $0.0 == n }) else { throw item.error("site '\(n)' is listed twice") }
                siteValues.append((n, item, try f.required("powerCap", "W or kW, one value or one per epoch")))
            }
        }
        let siteNames = siteValues.map(\.0)

        let nodesValue = try root.required("nodes", "a list of node entries")
        var nodes: [Node] = []
        for item in try nodesValue.list() {
            let f = try item.mapping(allowed: nodeKeys)
            let scenarioPath = resolve(try f.required("scenario", "a scenario file").string())
            var overrides = grid
            if let c = f.optional("carbon") {
                for (k, v) in try c.mapping(allowed: ["region", "csv", "fallback", "timestampColumn",
                                                      "intensityColumn", "forecastColumn", "timezone"]).entries {
                    guard let text = v.scalarText else { throw v.error("must be a scalar") }
                    // CSV paths in the fleet file are relative to the fleet file.
                    let value = (k == "csv" || k == "fallback") ? resolve(text) : text
                    overrides.append(ScenarioOverride(path: "carbon.\(k)", value: value, origin: "\(path):\(v.line ?? 0): \(v.field)"))
                }
            }
            if let s = f.optional("set") {
                for (k, v) in try s.mapping(allowed: ScenarioFields.all.map(\.path)).entries {
                    guard let text = v.scalarText else { throw v.error("must be a scalar") }
                    overrides.append(ScenarioOverride(path: k, value: text, origin: "\(path):\(v.line ?? 0): \(v.field)"))
                }
            }
            let scenario = try Scenario.load(contentsOf: scenarioPath, overrides: overrides)
            let base = try f.optional("name")?.string() ?? scenario.name
            var site: Int?
            if let s = f.optional("site") {
                let n = try s.string()
                guard let k = siteNames.firstIndex(of: n) else {
                    throw s.error("unknown site '\(n)'\(Suggest.didYouMean(n, siteNames)); sites: \(siteNames.isEmpty ? "none defined" : siteNames.joined(separator: ", "))")
                }
                site = k
            }
            let replicas = try f.optional("replicas")?.int() ?? 1
            guard replicas >= 1 && replicas <= 100_000 else {
                throw f.optional("replicas")!.error("must be an integer in 1…100000 (got \(replicas))")
            }
            for r in 0..<replicas {
                let n = replicas == 1 ? base : "\(base)-\(r + 1)"
                guard !nodes.contains(where: { $0.name == n }) else { throw item.error("node name '\(n)' is used twice") }
                nodes.append(Node(name: n, scenario: scenario, site: site, line: item.line, scenarioPath: scenarioPath, overrides: overrides))
            }
        }
        guard let first = nodes.first else { throw nodesValue.error("must list at least one node") }
        for n in nodes.dropFirst() {
            for (what, a, b) in [("epoch", n.scenario.epochLength, first.scenario.epochLength),
                                 ("start", n.scenario.start, first.scenario.start),
                                 ("horizon", Double(n.scenario.horizon), Double(first.scenario.horizon))] where a != b {
                throw ScenarioError(field: "nodes", rule: "node '\(n.name)' has a different \(what) from '\(first.name)'; set `\(what):` in the fleet file so that every node shares it",
                                    file: path, line: n.line)
            }
        }
        let H = first.scenario.horizon
        var sites: [Site] = []
        for (n, _, capValue) in siteValues {
            var caps: [Double]
            if capValue.node.sequence != nil {
                caps = try capValue.list().map { v throws(ScenarioError) in try v.quantity(.power) }
                guard caps.count == H else { throw capValue.error("lists \(caps.count) caps; the horizon has \(H) epochs (give one value or \(H))") }
            } else {
                caps = Array(repeating: try capValue.quantity(.power), count: H)
            }
            for c in caps where c < 0 { throw capValue.error("must be ≥ 0 W (got \(c))") }
            sites.append(Site(name: n, cap: caps))
        }
        var budget: Double?
        if let b = root.optional("carbonBudget") { budget = try b.carbonMass() }
        var movable: [Movable] = []
        if let v = root.optional("movable") {
            for item in try v.list() {
                let f = try item.mapping(allowed: movableKeys)
                let n = try f.required("name").string()
                let modelValue = try f.required("model", "a model id, e.g. sdxl or llama-2-7b")
                let model = try modelValue.string()
                let hosts = Set(nodes.map { $0.scenario.workload.modelID })
                guard hosts.contains(model) else {
                    throw modelValue.error("no node runs model '\(model)'\(Suggest.didYouMean(model, hosts.sorted())); models in the fleet: \(hosts.sorted().joined(separator: ", "))")
                }
                let amountValue = try f.required("amount", "work units over the horizon")
                let amount = try amountValue.double()
                guard amount >= 0 else { throw amountValue.error("must be ≥ 0 work units (got \(amount))") }
                var origin: [String] = []
                if let o = f.optional("origin") {
                    let on = try o.string()
                    origin = nodes.filter { $0.name == on || $0.name.hasPrefix(on + "-") && $0.name.dropFirst(on.count + 1).allSatisfy(\.isNumber) }.map(\.name)
                    guard !origin.isEmpty else {
                        throw o.error("unknown node '\(on)'\(Suggest.didYouMean(on, nodes.map(\.name))); nodes: \(nodes.map(\.name).joined(separator: ", "))")
                    }
                }
                let latency = try f.optional("transferLatency")?.quantity(.duration) ?? 0
                guard latency >= 0 else { throw f.optional("transferLatency")!.error("must be ≥ 0 s") }
                guard !movable.contains(where: { $0.model == model }) else {
                    throw modelValue.error("a second pool for model '\(model)': one movable pool per model")
                }
                movable.append(Movable(name: n, model: model, amount: amount, required: try f.optional("required")?.bool() ?? false,
                                       origin: origin, transferLatency: latency))
            }
        }
        return FleetFile(name: name, summary: summary, file: path, nodes: nodes, sites: sites, carbonBudget: budget, movable: movable,
                         horizon: H, epochLength: first.scenario.epochLength, solver: try root.optional("solver")?.string())
    }
}

extension YAMLValue {
    /// A mass of CO₂ in grams: a bare number is grams; units g, kg, t (optionally followed by CO2/CO₂).
    func carbonMass() throws(ScenarioError) -> Double {
        guard let raw = scalarText?.trimmingCharacters(in: .whitespaces), !isNull else {
            throw error("must be a mass of CO₂: a number of grams or a string with g, kg or t (e.g. 20 kg)")
        }
        var end = raw.startIndex
        for i in raw.indices where Double(raw[raw.startIndex...i]) != nil { end = raw.index(after: i) }
        guard end > raw.startIndex, let x = Double(raw[..<end]), x.isFinite, x >= 0 else {
            throw error("must be a mass of CO₂ ≥ 0: a number of grams or a string with g, kg or t (got '\(raw)')")
        }
        var unit = raw[end...].trimmingCharacters(in: .whitespaces).lowercased()
        for suffix in ["co2eq", "co₂eq", "co2", "co₂"] where unit.hasSuffix(suffix) { unit = String(unit.dropLast(suffix.count)) }
        switch unit.trimmingCharacters(in: .whitespaces) {
        case "", "g": return x
        case "kg": return x * 1e3
        case "t": return x * 1e6
        default: throw error("unknown unit in '\(raw)'; allowed: g, kg, t (of CO₂)")
        }
    }
}
