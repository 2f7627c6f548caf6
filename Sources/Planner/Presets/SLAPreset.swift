/// An SLA preset: the objective's weights and the limits a plan must respect (DESIGN §3).
///
/// Units: seconds for the latency SLO, watts for power caps (epoch averages), percentage
/// points for the accuracy-loss ceiling, °C for the die-temperature ceiling. Presets are
/// plain values (Codable, so scenario files can define their own); ``validate()`` checks them.
public struct SLAPreset: Codable, Sendable, Hashable {
    /// Identifier, e.g. "ecommerce".
    public var name: String
    /// Weight of normalised throughput T/T_max, ≥ 0.
    public var alpha: Double
    /// Weight of normalised inverse carbon C_min/C, ≥ 0 (not both weights 0).
    public var beta: Double
    /// Which function of throughput and carbon the plan maximises (default
    /// ``ObjectiveKind/throughputCarbon``, α·T/T_max + β·C_min/C; ``ObjectiveKind/carbonEfficiency``
    /// ignores α and β). Files without the key decode to the default.
    public var objective: ObjectiveKind = .throughputCarbon
    /// Latency SLO of interactive requests, s (> 0). Points slower than this serve no
    /// interactive work.
    public var latencySLO: Double
    /// Power cap per card, W (epoch average, > 0).
    public var cardPowerCap: Double
    /// Node power cap, W (epoch average, > 0); nil means cards × ``cardPowerCap``.
    public var nodePowerCap: Double?
    /// Accuracy-loss ceiling, percentage points (≥ 0): points losing more are not offered.
    public var accuracyLossCeiling: Double
    /// Die-temperature ceiling, °C, enforced through the linear RC step of every card.
    public var thermalLimit: Double
    /// Override: planned busy fraction of the time reserved for interactive work, in (0, 1].
    /// The default 1 plans interactive time at its expected work: queueing headroom comes from
    /// ``latencyPercentile`` instead (interactive work preempts the card's other work, so spare
    /// capacity is not idle time but the speed of the point; see ``InteractiveQueueing``).
    /// Below 1 the plan also reserves arrivals / utilisation worth of time (the headroom of
    /// earlier versions, 0.8 there).
    public var interactiveUtilization: Double
    /// Share of interactive requests that must meet ``latencySLO``, in [0, 1). An operating
    /// point serves interactive work in an epoch only when the M/D/1 wait tail at the epoch's
    /// expected arrival rate, with the node's cards at that point as one pooled server, keeps
    /// P(wait > SLO − the point's latency) ≤ 1 − percentile (``InteractiveQueueing``). 0 turns
    /// the check off (expectation-only planning).
    public var latencyPercentile: Double
    /// Averaging window of the power caps, s (≥ 0). Hardware enforces power limits over short
    /// windows (GPU limits about a second, RAPL milliseconds to seconds), shorter than an
    /// epoch and than the executor's 4 s slices, so with a window the plan uses only points
    /// whose full-load power (with leakage at the die ceiling) is within the cap: every window's
    /// mean stays under it. 0 keeps the caps as epoch averages (time-sharing a point above the
    /// cap with cooler ones).
    public var powerCapWindow: Double
    /// Power smoothing, W (nil: off): each card's epoch-mean power changes by at most this much
    /// from one epoch to the next, and cards run without idle time while elastic work can fill
    /// it (a slower point all epoch instead of busy and idle pieces), so the card's power stays in
    /// a narrow band — the seed's "steady 280 W instead of 250–320 W".
    public var powerSmoothing: Double?

    /// The default ``interactiveUtilization``: 1 (headroom comes from ``latencyPercentile``).
    public static let defaultInteractiveUtilization = 1.0
    /// The default ``latencyPercentile``: 99 % of interactive requests within the SLO.
    public static let defaultLatencyPercentile = 0.99
    /// The default ``powerCapWindow``: 1 s, the scale of GPU power limits.
    public static let defaultPowerCapWindow = 1.0

    /// A preset; call ``validate()`` before use (planning requests validate their preset).
    public init(name: String, alpha: Double, beta: Double, latencySLO: Double, cardPowerCap: Double,
                nodePowerCap: Double? = nil, accuracyLossCeiling: Double, thermalLimit: Double,
                interactiveUtilization: Double = SLAPreset.defaultInteractiveUtilization,
                latencyPercentile: Double = SLAPreset.defaultLatencyPercentile,
                powerCapWindow: Double = SLAPreset.defaultPowerCapWindow, powerSmoothing: Double? = nil) {
        self.powerSmoothing = powerSmoothing
        self.name = name
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

    private enum CodingKeys: String, CodingKey {
        case objective

        case name, alpha, beta, latencySLO, cardPowerCap, nodePowerCap, accuracyLossCeiling, thermalLimit
        case interactiveUtilization, latencyPercentile, powerCapWindow, powerSmoothing
    }

    /// Decodes a preset; missing `interactiveUtilization`, `latencyPercentile` and
    /// `powerCapWindow` take their defaults (older files), a missing `objective` is
    /// `throughput-carbon`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), alpha: try c.decode(Double.self, forKey: .alpha),
                  beta: try c.decode(Double.self, forKey: .beta), latencySLO: try c.decode(Double.self, forKey: .latencySLO),
                  cardPowerCap: try c.decode(Double.self, forKey: .cardPowerCap),
                  nodePowerCap: try c.decodeIfPresent(Double.self, forKey: .nodePowerCap),
                  accuracyLossCeiling: try c.decode(Double.self, forKey: .accuracyLossCeiling),
                  thermalLimit: try c.decode(Double.self, forKey: .thermalLimit),
                  interactiveUtilization: try c.decodeIfPresent(Double.self, forKey: .interactiveUtilization)
                      ?? SLAPreset.defaultInteractiveUtilization,
                  latencyPercentile: try c.decodeIfPresent(Double.self, forKey: .latencyPercentile)
                      ?? SLAPreset.defaultLatencyPercentile,
                  powerCapWindow: try c.decodeIfPresent(Double.self, forKey: .powerCapWindow)
                      ?? SLAPreset.defaultPowerCapWindow,
                  powerSmoothing: try c.decodeIfPresent(Double.self, forKey: .powerSmoothing))

        objective = try c.decodeIfPresent(ObjectiveKind.self, forKey: .objective) ?? .throughputCarbon
    }

    /// The objective with this preset's weights.
    public func plannerObjective() throws(PlanningError) -> ThroughputCarbonObjective {
        do { return try ThroughputCarbonObjective(alpha: alpha, beta: beta, kind: objective) } catch {
            throw .invalidRequest(field: "preset.alpha", rule: "\(error)")
        }
    }

    /// Checks every field; the error names the field (prefixed `preset.`) and the rule.
    public func validate() throws(PlanningError) {
        func bad(_ field: String, _ rule: String) -> PlanningError { .invalidRequest(field: "preset.\(field)", rule: rule) }
        guard !name.isEmpty else { throw bad("name", "must not be empty") }
        for (f, v) in [("alpha", alpha), ("beta", beta)] where !(v.isFinite && v >= 0) {
            throw bad(f, "must be a finite weight ≥ 0 (got \(v))")
        }
        guard alpha > 0 || beta > 0 else { throw bad("alpha", "alpha and beta must not both be 0") }
        guard latencySLO.isFinite, latencySLO > 0 else { throw bad("latencySLO", "must be a finite number of seconds > 0 (got \(latencySLO))") }
        guard cardPowerCap.isFinite, cardPowerCap > 0 else { throw bad("cardPowerCap", "must be finite watts > 0 (got \(cardPowerCap))") }
        if let n = nodePowerCap, !(n.isFinite && n > 0) {
            throw bad("nodePowerCap", "must be finite watts > 0 or absent (got \(n))")
        }
        guard accuracyLossCeiling.isFinite, accuracyLossCeiling >= 0 else {
            throw bad("accuracyLossCeiling", "must be finite percentage points ≥ 0 (got \(accuracyLossCeiling))")
        }
        guard thermalLimit.isFinite else { throw bad("thermalLimit", "must be a finite temperature in °C (got \(thermalLimit))") }
        guard interactiveUtilization.isFinite, interactiveUtilization > 0, interactiveUtilization <= 1 else {
            throw bad("interactiveUtilization", "must be a fraction in (0, 1] (got \(interactiveUtilization))")
        }
        guard latencyPercentile.isFinite, latencyPercentile >= 0, latencyPercentile < 1 else {
            throw bad("latencyPercentile", "must be a fraction in [0, 1), e.g. 0.99; 0 turns the queueing check off (got \(latencyPercentile))")
        }
        guard powerCapWindow.isFinite, powerCapWindow >= 0 else {
            throw bad("powerCapWindow", "must be finite seconds ≥ 0; 0 keeps the caps as epoch averages (got \(powerCapWindow))")
        }
        if let w = powerSmoothing, !(w.isFinite && w >= 0) {
            throw bad("powerSmoothing", "must be finite watts ≥ 0 or absent (got \(w))")
        }
    }

    /// The node cap in force for `cards` cards, W.
    public func effectiveNodePowerCap(cards: Int) -> Double { nodePowerCap ?? Double(cards) * cardPowerCap }

    /// E-commerce: throughput first (α 0.9, β 0.1), 1 s SLO, 300 W per card, a tight
    /// 0.5 pp accuracy-loss ceiling, 85 °C die ceiling.
    public static let ecommerce = SLAPreset(name: "ecommerce", alpha: 0.9, beta: 0.1, latencySLO: 1, cardPowerCap: 300,
                                            accuracyLossCeiling: 0.5, thermalLimit: 85)
    /// Research: carbon first (α 0.3, β 0.7), 1 s SLO, 300 W per card, a looser 2.0 pp
    /// accuracy-loss ceiling, 85 °C die ceiling.
    public static let research = SLAPreset(name: "research", alpha: 0.3, beta: 0.7, latencySLO: 1, cardPowerCap: 300,
                                           accuracyLossCeiling: 2.0, thermalLimit: 85)
    /// Carbon efficiency, the seed scheduler's objective: maximise work per gCO₂ (T/C), with the
    /// research preset's limits (1 s SLO, 300 W per card, 2.0 pp, 85 °C).
    public static let carbonEfficiency: SLAPreset = {
        var p = SLAPreset(name: "carbon-efficiency", alpha: 0, beta: 1, latencySLO: 1, cardPowerCap: 300,
                          accuracyLossCeiling: 2.0, thermalLimit: 85)
        p.objective = .carbonEfficiency
        return p
    }()
    /// The built-in presets, in a fixed order: ecommerce, research, carbon-efficiency.
    public static let builtIn: [SLAPreset] = [.ecommerce, .research, .carbonEfficiency]

    /// The built-in preset named `name`, or nil.
    public static func named(_ name: String) -> SLAPreset? { builtIn.first { $0.name == name } }
}
