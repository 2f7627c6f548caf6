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

    /// A preset; call ``validate()`` before use (planning requests validate their preset).
    public init(name: String, alpha: Double, beta: Double, latencySLO: Double, cardPowerCap: Double,
                nodePowerCap: Double? = nil, accuracyLossCeiling: Double, thermalLimit: Double) {
        self.name = name
        self.alpha = alpha
        self.beta = beta
        self.latencySLO = latencySLO
        self.cardPowerCap = cardPowerCap
        self.nodePowerCap = nodePowerCap
        self.accuracyLossCeiling = accuracyLossCeiling
        self.thermalLimit = thermalLimit
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
    /// The built-in presets, in a fixed order: ecommerce, research.
    public static let builtIn: [SLAPreset] = [.ecommerce, .research]

    /// The built-in preset named `name`, or nil.
    public static func named(_ name: String) -> SLAPreset? { builtIn.first { $0.name == name } }
}
