import Carbon
import Foundation
import Hardware
import Planner
import Solvers
import Workloads

/// Which SLA preset a scenario plans with: a named preset (built-in or from a presets file),
/// optionally with parameters overridden, or an inline preset with every parameter.
public struct PresetSelection: Sendable, Hashable {
    /// The preset to start from (`ecommerce`, `research` or a user preset); nil for a fully
    /// inline preset.
    public var base: String?
    /// A name for the resulting preset (default: the base's name, or "custom").
    public var name: String?
    /// Parameters replaced on top of the base.
    public var overrides: PresetOverrides

    /// A selection of `base` with `overrides`.
    public init(base: String?, name: String? = nil, overrides: PresetOverrides = PresetOverrides()) {
        self.base = base
        self.name = name
        self.overrides = overrides
    }
}

/// A planning scenario (DESIGN §2: `Problems/*.yaml` → Scenario → Planner): the node, the
/// workload, how requests arrive, the carbon source and forecaster, the SLA preset, the epoch
/// grid and the solver. Load one with `Scenario.load(contentsOf:)`; `planningRequest(...)`
/// turns it into the planner's input for its first epoch.
///
/// All times are Unix seconds, durations seconds, rates requests/s, intensities gCO₂/kWh,
/// temperatures °C.
public struct Scenario: Sendable {
    /// A short name (default: the file's name without extension).
    public var name: String
    /// Free text describing the scenario.
    public var summary: String?
    /// The file it was loaded from (nil when built in code).
    public var file: String?
    /// The node: device and card count (and host).
    public var node: NodeSpec
    /// Where the node came from: "preset ascend-910b" or a file path.
    public var nodeSource: String
    /// The model and its request shape.
    public var workload: Workload
    /// Cost-model parameters of the workload's serving engine (`workload.batching`,
    /// `tokenBudget`, `kvReadEfficiency`); the defaults model static batches.
    public var costParameters = CostParameters()
    /// How each work class's requests arrive (every class present; `.none` when unused).
    public var arrivals: [WorkClass: ArrivalPattern]
    /// Deadline of deferrable work after it arrives, s (nil when the class is unused).
    public var deferrableDeadline: Double?
    /// The carbon-intensity source.
    public var carbon: ScenarioCarbonSource
    /// The carbon forecaster.
    public var forecaster: ForecasterChoice
    /// The SLA preset selection (resolved against a `PresetLibrary`).
    public var preset: PresetSelection
    /// A presets file named by the scenario (resolved path), if any.
    public var presetsFile: String?
    /// Epoch length Δt, s.
    public var epochLength: Double
    /// Planning horizon H, epochs.
    public var horizon: Int
    /// Start of the first epoch, Unix s.
    public var start: Double
    /// Local time minus UTC, s: places diurnal arrival peaks and zone-less times.
    public var utcOffset: Double
    /// The LP backend.
    public var solver: SolverChoice
    /// Initial die temperature of every card, °C; nil = ambient + the idle rise.
    public var initialTemperature: Double?
    /// Things the user should know that are not errors (e.g. a carbon fallback in use).
    public var notices: [String]
    /// Line of each dotted field in the file, for errors found after loading.
    var lines: [String: Int] = [:]
    /// Values set from outside the file (``load(contentsOf:overrides:)``): errors on them name
    /// their origin instead of a line.
    var overrides: [ScenarioOverride] = []

    /// A scenario built in code (no file).
    public init(name: String, node: NodeSpec, nodeSource: String, workload: Workload,
                arrivals: [WorkClass: ArrivalPattern], deferrableDeadline: Double? = nil,
                carbon: ScenarioCarbonSource, forecaster: ForecasterChoice = .oracle,
                preset: PresetSelection, epochLength: Double, horizon: Int, start: Double,
                utcOffset: Double = 0, solver: SolverChoice = .glpk, initialTemperature: Double? = nil) {
        self.name = name
        self.node = node
        self.nodeSource = nodeSource
        self.workload = workload
        var a = arrivals
        for c in WorkClass.allCases where a[c] == nil { a[c] = ArrivalPattern.none }
        self.arrivals = a
        self.deferrableDeadline = deferrableDeadline
        self.carbon = carbon
        self.forecaster = forecaster
        self.preset = preset
        self.epochLength = epochLength
        self.horizon = horizon
        self.start = start
        self.utcOffset = utcOffset
        self.solver = solver
        self.initialTemperature = initialTemperature
        self.notices = []
    }

    /// 1-based line of `field` (dotted) in the scenario file, or of its nearest ancestor.
    func line(of field: String) -> Int? {
        var f = field
        while !f.isEmpty {
            if let l = lines[f] { return l }
            guard let dot = f.lastIndex(of: ".") else { break }
            f = String(f[..<dot])
        }
        return nil
    }

    /// An error on `field`, placed at its line in the scenario file (or at the override that set it).
    func error(_ field: String, _ rule: String) -> ScenarioError {
        ScenarioOverride.attribute(ScenarioError(field: field, rule: rule, file: file, line: line(of: field)), to: overrides)
    }

    /// Checks the rules that span fields: positive epoch and horizon, rates and amplitudes in
    /// range, a deadline of at least one epoch for deferrable work, unlimited only for elastic
    /// work, a plausible initial temperature, and the node and workload themselves.
    public func validate() throws(ScenarioError) {
        guard epochLength.isFinite, epochLength > 0 else { throw error("epoch", "must be a positive duration (got \(epochLength) s)") }
        guard horizon >= 1 else { throw error("horizon", "must be at least 1 epoch (got \(horizon))") }
        guard start.isFinite else { throw error("start", "must be a finite time") }
        guard abs(utcOffset) <= 18 * 3600 else { throw error("timezone", "must be within ±18:00") }
        do { try node.validate() } catch { throw self.error("node.\(error.field)", error.rule) }
        do { try workload.validate() } catch {
            throw self.error("workload.\(error.field.replacingOccurrences(of: "request.", with: ""))", error.rule)
        }
        for c in WorkClass.allCases {
            let f = "arrivals.\(c)"
            switch arrivals[c] ?? ArrivalPattern.none {
            case .none: break
            case .diurnal(let r):
                guard r.meanRate.isFinite, r.meanRate >= 0 else { throw error("\(f).rate", "must be a finite rate ≥ 0 requests/s (got \(r.meanRate))") }
                guard r.amplitude >= 0, r.amplitude <= 1 else { throw error("\(f).amplitude", "must be in [0, 1] (got \(r.amplitude))") }
                guard r.peakHour >= 0, r.peakHour < 24 else { throw error("\(f).peakHour", "must be an hour in [0, 24) (got \(r.peakHour))") }
            case .trace: break
            case .unlimited:
                guard c == .elastic else { throw error("\(f).unlimited", "only elastic work may be unlimited") }
            }
        }
        if (arrivals[.deferrable] ?? ArrivalPattern.none) != .none {
            guard let d = deferrableDeadline else { throw error("arrivals.deferrable.deadline", "is required for deferrable work (e.g. 8h)") }
            guard d.isFinite, d >= epochLength else {
                throw error("arrivals.deferrable.deadline", "must be at least one epoch (\(DurationText.format(epochLength))); got \(DurationText.format(d))")
            }
        }
        if let t = initialTemperature, !(t.isFinite && t > -50 && t < 150) {
            throw error("initialTemperature", "must be a temperature in (−50, 150) °C (got \(t))")
        }
    }
}
