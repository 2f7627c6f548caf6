import Workloads

/// Everything the planner needs to plan the next H epochs of one node.
///
/// All cards are identical and run the operating points of ``catalog`` (per-card figures).
/// Time is in seconds (``epochStart`` since 1970), intensities in gCO₂/kWh, amounts of work in
/// the catalog's work unit (requests or images), temperatures in °C.
public struct PlanningRequest: Sendable {
    /// One card's operating points (all cards identical). Tensor-parallel points are offered to
    /// groups of identical cards whose size is a multiple of the point's card count.
    public var catalog: OperatingPointCatalog
    /// Cards in the node (≥ 1).
    public var cards: Int
    /// Start of the first epoch, s since 1970.
    public var epochStart: Double
    /// Length of every epoch, s (> 0).
    public var epochLength: Double
    /// Epochs planned, H ≥ 1. The first is committed; the rest are the predicted schedule.
    public var horizon: Int
    /// Carbon intensity forecast, gCO₂/kWh, one value per epoch (H values, finite, ≥ 0, not all 0).
    public var carbonForecast: [Double]
    /// Expected work arriving per epoch, H values per class (a missing class means none).
    /// Interactive and deferrable values are finite; elastic values are the amount available
    /// and may be `.infinity`.
    public var arrivals: [WorkClass: [Double]]
    /// Deferrable requests already waiting, work units (≥ 0).
    public var deferrableBacklog: Double
    /// Epochs from now (1…H) by the end of which the backlog and every deferrable arrival of
    /// epochs before it must be served. Deferrable work arriving later may be served any time
    /// within the horizon (or not at all) — unless ``deferrableDeadlinePeriod`` repeats the
    /// deadline.
    public var deferrableDeadline: Int
    /// Epochs between deadlines after the first (nil: only ``deferrableDeadline``). With a period
    /// P, everything that arrived by the end of epoch `deferrableDeadline − 1 + k·P` must also be
    /// served by then, for every such epoch inside the horizon — so a horizon longer than one
    /// period (the oracle's) cannot leave later arrivals unserved.
    public var deferrableDeadlinePeriod: Int?
    /// Die temperature of each card now, °C (``cards`` values).
    public var temperatures: [Double]
    /// Weights and limits.
    public var preset: SLAPreset
    /// Optional die temperature (°C) at which leakage is evaluated, per card and epoch
    /// (``cards`` × H). Nil: the planner predicts it (see ``EpochPlanner``). The receding-horizon
    /// planner passes the previous plan's predictions here.
    public var leakageTemperatures: [[Double]]?

    /// A request; ``EpochPlanner/plan(_:)`` validates it.
    public init(catalog: OperatingPointCatalog, cards: Int, epochStart: Double, epochLength: Double, horizon: Int,
                carbonForecast: [Double], arrivals: [WorkClass: [Double]], deferrableBacklog: Double,
                deferrableDeadline: Int, deferrableDeadlinePeriod: Int? = nil, temperatures: [Double], preset: SLAPreset,
                leakageTemperatures: [[Double]]? = nil) {
        self.deferrableDeadlinePeriod = deferrableDeadlinePeriod
        self.catalog = catalog
        self.cards = cards
        self.epochStart = epochStart
        self.epochLength = epochLength
        self.horizon = horizon
        self.carbonForecast = carbonForecast
        self.arrivals = arrivals
        self.deferrableBacklog = deferrableBacklog
        self.deferrableDeadline = deferrableDeadline
        self.temperatures = temperatures
        self.preset = preset
        self.leakageTemperatures = leakageTemperatures
    }

    /// Arrivals of `workClass` in epoch `t` (0 when the class is absent).
    public func arrival(_ workClass: WorkClass, epoch t: Int) -> Double {
        guard let a = arrivals[workClass], t >= 0, t < a.count else { return 0 }
        return a[t]
    }

    /// Checks every field; throws ``PlanningError/invalidRequest(field:rule:)`` naming the
    /// first offending field (e.g. `arrivals.interactive[3]`).
    public func validate() throws(PlanningError) {
        func bad(_ field: String, _ rule: String) -> PlanningError { .invalidRequest(field: field, rule: rule) }
        guard cards >= 1 else { throw bad("cards", "must be ≥ 1 (got \(cards))") }
        guard epochStart.isFinite else { throw bad("epochStart", "must be finite seconds since 1970 (got \(epochStart))") }
        guard epochLength.isFinite, epochLength > 0 else {
            throw bad("epochLength", "must be a finite number of seconds > 0 (got \(epochLength))")
        }
        guard horizon >= 1 else { throw bad("horizon", "must be ≥ 1 epoch (got \(horizon))") }
        guard !catalog.points.isEmpty else { throw bad("catalog", "has no operating points") }
        guard carbonForecast.count == horizon else {
            throw bad("carbonForecast", "must have horizon = \(horizon) values (got \(carbonForecast.count))")
        }
        for (t, v) in carbonForecast.enumerated() where !(v.isFinite && v >= 0) {
            throw bad("carbonForecast[\(t)]", "must be a finite intensity ≥ 0 gCO₂/kWh (got \(v))")
        }
        guard carbonForecast.contains(where: { $0 > 0 }) else {
            throw bad("carbonForecast", "must have at least one value > 0 (carbon C_min/C is undefined at zero carbon)")
        }
        for j in WorkClass.allCases {
            guard let a = arrivals[j] else { continue }
            guard a.count == horizon else {
                throw bad("arrivals.\(j)", "must have horizon = \(horizon) values (got \(a.count))")
            }
            for (t, v) in a.enumerated() {
                let ok = j == .elastic ? (!v.isNaN && v >= 0) : (v.isFinite && v >= 0)
                guard ok else {
                    throw bad("arrivals.\(j)[\(t)]", j == .elastic ? "must be ≥ 0 (or +infinity) work units (got \(v))"
                                                                   : "must be finite work units ≥ 0 (got \(v))")
                }
            }
        }
        guard deferrableBacklog.isFinite, deferrableBacklog >= 0 else {
            throw bad("deferrableBacklog", "must be finite work units ≥ 0 (got \(deferrableBacklog))")
        }
        guard deferrableDeadline >= 1, deferrableDeadline <= horizon else {
            throw bad("deferrableDeadline", "must be in 1…horizon = 1…\(horizon) epochs (got \(deferrableDeadline))")
        }
        if let p = deferrableDeadlinePeriod, p < 1 {
            throw bad("deferrableDeadlinePeriod", "must be ≥ 1 epoch (got \(p))")
        }
        guard temperatures.count == cards else {
            throw bad("temperatures", "must have one value per card = \(cards) (got \(temperatures.count))")
        }
        for (c, v) in temperatures.enumerated() where !(v.isFinite && v > -273.15) {
            throw bad("temperatures[\(c)]", "must be a finite temperature in °C (got \(v))")
        }
        if let lt = leakageTemperatures {
            guard lt.count == cards else {
                throw bad("leakageTemperatures", "must have one row per card = \(cards) (got \(lt.count))")
            }
            for (c, row) in lt.enumerated() {
                guard row.count == horizon else {
                    throw bad("leakageTemperatures[\(c)]", "must have horizon = \(horizon) values (got \(row.count))")
                }
                for (t, v) in row.enumerated() where !(v.isFinite && v > -273.15) {
                    throw bad("leakageTemperatures[\(c)][\(t)]", "must be a finite temperature in °C (got \(v))")
                }
            }
        }
        try preset.validate()
    }
}
