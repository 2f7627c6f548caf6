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
    /// Target utilisation of the capacity reserved for interactive work, in (0, 1]. Requests
    /// arrive at random, so capacity planned at exactly the expected arrival rate (utilisation 1)
    /// builds queues whose waits exceed any SLO; the plan reserves arrivals / utilisation worth
    /// of capacity instead (queueing headroom). 1 reproduces the expectation-only plan.
    public var interactiveUtilization: Double

    /// The default ``interactiveUtilization``: 0.8 keeps the mean wait of a single-server queue
    /// with deterministic service at two service times (ρ/(2(1−ρ)) for M/D/1), small next to a
    /// batch's own latency.
    public static let defaultInteractiveUtilization = 0.8

    /// A preset; call ``validate()`` before use (planning requests validate their preset).
    public init(name: String, alpha: Double, beta: Double, latencySLO: Double, cardPowerCap: Double,
                nodePowerCap: Double? = nil, accuracyLossCeiling: Double, thermalLimit: Double,
                interactiveUtilization: Double = SLAPreset.defaultInteractiveUtilization) {
        self.name = name
        self.alpha = alpha
        self.beta = beta
        self.latencySLO = latencySLO
        self.cardPowerCap = cardPowerCap
        self.nodePowerCap = nodePowerCap
        self.accuracyLossCeiling = accuracyLossCeiling
        self.thermalLimit = thermalLimit
        self.interactiveUtilization = interactiveUtilization
    }

    private enum CodingKeys: String, CodingKey {
        case objective

        case name, alpha, beta, latencySLO, cardPowerCap, nodePowerCap, accuracyLossCeiling, thermalLimit
        case interactiveUtilization
    }

    /// Decodes a preset; a missing `interactiveUtilization` takes the default (older files), a
    /// missing `objective` is `throughput-carbon`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), alpha: try c.decode(Double.self, forKey: .alpha),
                  beta: try c.decode(Double.self, forKey: .beta), latencySLO: try c.decode(Double.self, forKey: .latencySLO),
                  cardPowerCap: try c.decode(Double.self, forKey: .cardPowerCap),
                  nodePowerCap: try c.decodeIfPresent(Double.self, forKey: .nodePowerCap),
                  accuracyLossCeiling: try c.decode(Double.self, forKey: .accuracyLossCeiling),
                  thermalLimit: try c.decode(Double.self, forKey: .thermalLimit),
                  interactiveUtilization: try c.decodeIfPresent(Double.self, forKey: .interactiveUtilization)
                      ?? SLAPreset.defaultInteractiveUtilization)

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
