import Carbon
import Foundation
import Hardware
import Planner
import Workloads

/// A physical unit a scenario field may be written in (see `Problems/README.md`): a bare number
/// is in the SI unit; text may carry a unit (`15m`, `120/min`, `300 W`, `85 °C`, `0.5 pp`).
public enum ScenarioUnit: String, Sendable, Hashable, CaseIterable {
    /// Seconds (`s`, `ms`, `m`/`min`, `h`, `d`).
    case duration
    /// Requests per second (`/s`, `/min`, `/h`, `/d`, `rps`).
    case rate
    /// Watts (`W`, `kW`).
    case power
    /// Degrees Celsius (`°C`, `C`, `degC`).
    case temperature
    /// Percentage points (`pp`, `%`).
    case points

    var quantity: Quantity {
        switch self {
        case .duration: .duration
        case .rate: .rate
        case .power: .power
        case .temperature: .temperature
        case .points: .points
        }
    }

    /// The SI unit values are reported in ("s", "requests/s", "W", "°C", "pp").
    public var siUnit: String { quantity.siUnit }

    /// The units text accepts, for messages.
    public var allowedUnits: String { quantity.allowedUnits }

    /// `text` (a number with an optional unit) in the SI unit, or the rule it breaks.
    public func parse(_ text: String) -> Result<Double, ScenarioError> { quantity.parse(text) }
}

/// What kind of value a scenario field holds, which decides how a sweep may vary it.
public enum ScenarioValueKind: Sendable, Hashable {
    /// A number with an optional unit.
    case quantity(ScenarioUnit)
    /// A plain number (a weight, a fraction, an hour).
    case number
    /// A whole number.
    case integer
    /// `true` or `false`.
    case boolean
    /// One of `known`; when `openEnded`, other names are valid too (user presets, device files)
    /// and are checked when the scenario is loaded.
    case choice(known: [String], openEnded: Bool)
    /// Free text (a name, a path, a time or a UTC offset).
    case text
    /// A YAML list (e.g. `carbon.peakHours`): not variable from the command line.
    case list

    /// Whether values are numbers (so a `start:stop:step` range makes sense).
    public var isNumeric: Bool {
        switch self {
        case .quantity, .number, .integer: true
        default: false
        }
    }
}

/// One field of the scenario format by its dotted path as written in the file
/// (`preset.cardPowerCap`, `arrivals.interactive.rate`, `epoch`).
public struct ScenarioField: Sendable, Hashable {
    /// The dotted path.
    public var path: String
    /// The value's kind.
    public var kind: ScenarioValueKind
    /// What it is, for `--help` and messages.
    public var summary: String
}

/// The scenario format's fields (the schema `Scenario.load` reads; `ScenarioTests` checks the two
/// agree), with the rules for overriding one from outside the file (``ScenarioOverride``).
public enum ScenarioFields {
    /// Every field, in the order of `Problems/README.md`.
    public static let all: [ScenarioField] = {
        var f: [ScenarioField] = [
            ScenarioField(path: "name", kind: .text, summary: "short name"),
            ScenarioField(path: "description", kind: .text, summary: "free text"),
            ScenarioField(path: "node.device", kind: .choice(known: DevicePresets.ids, openEnded: true),
                          summary: "device preset id or device file"),
            ScenarioField(path: "node.file", kind: .text, summary: "node file (device, cards, host)"),
            ScenarioField(path: "node.cards", kind: .integer, summary: "cards in the node"),
            ScenarioField(path: "workload.model", kind: .choice(known: Workload.knownModelIDs, openEnded: false),
                          summary: "model id"),
            ScenarioField(path: "workload.promptTokens", kind: .integer, summary: "prompt tokens (language models)"),
            ScenarioField(path: "workload.outputTokens", kind: .integer, summary: "output tokens (language models)"),
            ScenarioField(path: "workload.batching", kind: .choice(known: ["static", "continuous"], openEnded: false),
                          summary: "LLM serving: static batches or continuous batching"),
            ScenarioField(path: "workload.tokenBudget", kind: .integer, summary: "tokens per iteration (continuous batching)"),
            ScenarioField(path: "workload.kvReadEfficiency", kind: .number, summary: "HBM efficiency of KV-cache reads (0, 1]"),
            ScenarioField(path: "workload.steps", kind: .integer, summary: "denoising steps (sdxl)"),
            ScenarioField(path: "workload.width", kind: .integer, summary: "image width, px (sdxl)"),
            ScenarioField(path: "workload.height", kind: .integer, summary: "image height, px (sdxl)"),
            ScenarioField(path: "workload.guidance", kind: .boolean, summary: "classifier-free guidance (sdxl)"),
        ]
        for c in WorkClass.allCases {
            let a = "arrivals.\(c)"
            f += [
                ScenarioField(path: "\(a).rate", kind: .quantity(.rate), summary: "mean \(c) requests/s over a day"),
                ScenarioField(path: "\(a).amplitude", kind: .number, summary: "diurnal amplitude in [0, 1]"),
                ScenarioField(path: "\(a).peakHour", kind: .number, summary: "local hour of the peak"),
                ScenarioField(path: "\(a).trace", kind: .text, summary: "CSV rate trace"),
                ScenarioField(path: "\(a).timestampColumn", kind: .text, summary: "rate trace's time column"),
                ScenarioField(path: "\(a).rateColumn", kind: .text, summary: "rate trace's requests/s column"),
            ]
            if c == .deferrable {
                f.append(ScenarioField(path: "\(a).deadline", kind: .quantity(.duration), summary: "how long deferrable work may wait"))
            }
            if c == .elastic {
                f.append(ScenarioField(path: "\(a).unlimited", kind: .boolean, summary: "as much elastic work as the plan wants"))
            }
        }
        f += [
            ScenarioField(path: "carbon.region", kind: .choice(known: RegionalIntensityTable.Region.allCases.map(\.rawValue), openEnded: false),
                          summary: "seed intensity table"),
            ScenarioField(path: "carbon.peakHours", kind: .list, summary: "[start, end] local peak hours"),
            ScenarioField(path: "carbon.csv", kind: .text, summary: "CSV carbon trace"),
            ScenarioField(path: "carbon.json", kind: .text, summary: "saved WattTime / Carbon Aware SDK JSON response"),
            ScenarioField(path: "carbon.format", kind: .choice(known: CarbonFeedFormat.allCases.map(\.rawValue), openEnded: false),
                          summary: "feed format (csv, watttime, carbon-aware-sdk)"),
            ScenarioField(path: "carbon.signal", kind: .choice(known: CarbonSignal.allCases.map(\.rawValue), openEnded: false),
                          summary: "average or marginal intensity"),
            ScenarioField(path: "carbon.fallback", kind: .text, summary: "stand-in CSV when the trace is absent"),
            ScenarioField(path: "carbon.timestampColumn", kind: .text, summary: "trace's time column"),
            ScenarioField(path: "carbon.intensityColumn", kind: .text, summary: "trace's intensity column"),
            ScenarioField(path: "carbon.forecastColumn", kind: .text, summary: "trace's forecast column"),
            ScenarioField(path: "carbon.timezone", kind: .text, summary: "UTC offset of zone-less trace times"),
            ScenarioField(path: "forecaster", kind: .choice(known: ForecasterChoice.allCases.map(\.rawValue), openEnded: false),
                          summary: "carbon forecaster"),
            ScenarioField(path: "preset", kind: .choice(known: SLAPreset.builtIn.map(\.name), openEnded: true),
                          summary: "base SLA preset (keeps the scenario's preset overrides)"),
            ScenarioField(path: "preset.name", kind: .text, summary: "name of the resulting preset"),
            ScenarioField(path: "preset.objective", kind: .choice(known: ObjectiveKind.allCases.map(\.rawValue), openEnded: false),
                          summary: "objective: throughput-carbon (α·T/T_max + β·C_min/C), carbon-efficiency (T/C), throughput-efficiency (α·T/T_max + β·CER/CER_max)"),
            ScenarioField(path: "preset.alpha", kind: .number, summary: "weight of normalised throughput"),
            ScenarioField(path: "preset.beta", kind: .number, summary: "weight of normalised inverse carbon"),
            ScenarioField(path: "preset.latencySLO", kind: .quantity(.duration), summary: "latency SLO of interactive requests"),
            ScenarioField(path: "preset.cardPowerCap", kind: .quantity(.power), summary: "power cap per card (epoch average)"),
            ScenarioField(path: "preset.nodePowerCap", kind: .quantity(.power), summary: "node power cap (epoch average)"),
            ScenarioField(path: "preset.accuracyLossCeiling", kind: .quantity(.points), summary: "accuracy-loss ceiling"),
            ScenarioField(path: "preset.thermalLimit", kind: .quantity(.temperature), summary: "die-temperature ceiling"),
            ScenarioField(path: "preset.interactiveUtilization", kind: .number, summary: "planned busy fraction of interactive time (override; default 1)"),
            ScenarioField(path: "preset.latencyPercentile", kind: .number, summary: "share of interactive requests within the SLO the plan sizes for (default 0.99)"),
            ScenarioField(path: "preset.powerCapWindow", kind: .quantity(.duration), summary: "power-cap averaging window (default 1 s; 0 = epoch average)"),
            ScenarioField(path: "preset.powerSmoothing", kind: .quantity(.power), summary: "power smoothing: largest epoch-to-epoch change of a card's power (optional)"),
            ScenarioField(path: "presets", kind: .text, summary: "user presets file"),
            ScenarioField(path: "epoch", kind: .quantity(.duration), summary: "epoch length"),
            ScenarioField(path: "horizon", kind: .integer, summary: "planning horizon, epochs"),
            ScenarioField(path: "start", kind: .text, summary: "start of the first epoch (ISO 8601 or Unix s)"),
            ScenarioField(path: "timezone", kind: .text, summary: "local UTC offset"),
            ScenarioField(path: "solver", kind: .choice(known: ["glpk", "clp", "cbc"], openEnded: false), summary: "LP backend"),
            ScenarioField(path: "initialTemperature", kind: .quantity(.temperature), summary: "initial die temperature"),
        ]
        return f
    }()

    /// The field at `path`; `preset.inherits` is the same field as `preset` (the base preset).
    public static func field(_ path: String) -> ScenarioField? {
        let p = canonical(path)
        return all.first { $0.path == p }
    }

    /// The path that names the same field: `preset.inherits` → `preset`, anything else itself.
    public static func canonical(_ path: String) -> String { path == "preset.inherits" ? "preset" : path }

    /// Up to `count` valid paths closest to `path` (edit distance, then order in ``all``).
    public static func nearest(to path: String, count: Int = 3) -> [String] {
        let lower = path.lowercased()
        let ranked = all.enumerated().map { i, f -> (Int, Int, String) in
            // A misspelt last component ("cardPowerCaps") should find its field wherever it lives.
            let last = f.path.split(separator: ".").last.map(String.init) ?? f.path
            let d = min(Suggest.distance(lower, f.path), Suggest.distance(lower, last) + 1)
            return (d, i, f.path)
        }
        return ranked.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(count).map(\.2)
    }

    /// Keys that cannot stand next to each other: setting a key of one group removes the keys of
    /// the other groups of the same mapping (a region replaces a CSV trace, a device a node file,
    /// a rate an arrival trace or `unlimited`).
    static let exclusiveGroups: [String: [[String]]] = {
        var g: [String: [[String]]] = [
            "carbon": [["region", "peakHours"], ["csv", "json", "format", "signal", "fallback", "timestampColumn", "intensityColumn", "forecastColumn", "timezone"]],
            "node": [["device"], ["file"]],
        ]
        for c in WorkClass.allCases {
            g["arrivals.\(c)"] = [["rate", "amplitude", "peakHour"], ["trace", "timestampColumn", "rateColumn"], ["unlimited"]]
        }
        return g
    }()

    /// Whether two paths may not both be set (they are in different exclusive groups of one mapping).
    public static func excludeEachOther(_ a: String, _ b: String) -> Bool {
        func split(_ p: String) -> (String, String) {
            guard let dot = p.lastIndex(of: ".") else { return ("", p) }
            return (String(p[..<dot]), String(p[p.index(after: dot)...]))
        }
        let (pa, ka) = split(canonical(a)), (pb, kb) = split(canonical(b))
        guard pa == pb, let groups = exclusiveGroups[pa] else { return false }
        let ga = groups.firstIndex { $0.contains(ka) }, gb = groups.firstIndex { $0.contains(kb) }
        guard let ga, let gb else { return false }
        return ga != gb
    }
}
