/// Settings of the reactive thermal controller that runs under the plan (DESIGN §4/§7 order of
/// defences: planner → migration → DVFS → hardware throttle).
///
/// Every ``periodTicks`` ticks, per card, the hottest die's temperature is predicted
/// ``lookahead`` seconds ahead with the Hardware `TemperaturePredictor` (identified online from
/// the simulator's readings; until it is identified, the current hottest-core temperature is
/// used) over the powers the card's schedule will draw (each upcoming piece's load power at
/// full load, or idle power, plus leakage at the current temperature) — or at its current
/// power when the controller has moved it off its schedule. Predicting over the schedule
/// rather than the instantaneous power keeps interleaved hot/cool pieces from toggling the
/// DVFS level every slice. Then, hottest card first:
/// - predicted above ``migrateAbove``: the card's current work moves to the coolest other card
///   that has capacity (idle in its own schedule, not loading, not itself hot: below
///   ``demoteAbove``) until the end of the hot card's current segment; the hot card idles
///   meanwhile. Without such a card the work is reduced: the card drops to the lowest DVFS
///   level, or, already there, pauses for one control period;
/// - else predicted above ``demoteAbove`` and heading above ``demoteSettleAbove`` (the die's
///   steady state at the card's scheduled mean power), for ``demoteDwell`` seconds: the card
///   drops one DVFS level (every planned point runs at the catalog's point with the same key
///   one level lower), at most once per ``lookahead`` seconds so the die can respond before the
///   next step;
/// - else predicted below ``restoreBelow`` and settling below ``restoreSettleBelow`` one level
///   up, at every decision for ``restoreHold`` seconds, and as long since the last change: one
///   level is given back.
/// The simulator's hardware throttle stays the last resort. Every action is a ``ControlEvent``.
///
/// **Deadband and dwell** (the 80 °C rule without chatter). The planner's thermal limit (85 °C)
/// puts the plan's steady states near 80 °C, right at the rule's threshold: the bare rule (80 °C
/// down, 75 °C for 30 s back) dropped a level, the die cooled below 75 °C, the level came back
/// and the die reheated — about once a minute per hot card (SDXL Sichuan, LP, 24 h: 1,277 drops
/// and the restores between them) — and the dropped minutes cost 5 % of the images. A level now drops
/// only when the die, above 80 °C, would also *settle* above 84 °C at its level (a die that
/// hovers near 80 °C stays where the plan put it; one heading for the 85 °C limit still drops at
/// 80 °C, before it overshoots), and comes back only when the die would settle below 82 °C one
/// level up, after 5 min: the 82–84 °C settling band and the hold keep a level that would be
/// dropped again from coming back. Settling temperatures are O(1) per decision
/// (`TemperaturePredictor.steadyState`), not a longer prediction.
public struct ThermalControlSettings: Codable, Sendable, Hashable {
    /// Whether the controller acts at all.
    public var enabled: Bool
    /// Ticks between control decisions (≥ 1).
    public var periodTicks: Int
    /// Prediction horizon, s.
    public var lookahead: Double
    /// Migrate (or reduce) above this predicted temperature, °C.
    public var migrateAbove: Double
    /// Drop one DVFS level above this predicted temperature, °C.
    public var demoteAbove: Double
    /// Give a level back below this predicted temperature, °C.
    public var restoreBelow: Double
    /// Minimum time between a level change and a restore, s.
    public var restoreHold: Double
    /// How long the demote condition must hold before a level is dropped, s.
    public var demoteDwell: Double
    /// A level is dropped only when the die would also settle above this at its current level
    /// (steady state of the card's scheduled mean power), °C: the deadband's upper edge (nil: no
    /// such condition).
    public var demoteSettleAbove: Double?
    /// A level is given back only when the die would settle below this one level up, °C: the
    /// deadband's lower edge (nil: no such condition).
    public var restoreSettleBelow: Double?

    /// Settings; defaults: every 10 ticks, 5 s look-ahead, migrate above 85 °C; the 80 °C rule
    /// with a settling deadband: drop a level when the die is predicted above 80 °C and would
    /// settle above 84 °C (at once: a die heading there should not overshoot 80 °C); give it
    /// back when it is below 78 °C and would settle below 82 °C one level up, for 5 min.
    public init(enabled: Bool = true, periodTicks: Int = 10, lookahead: Double = 5, migrateAbove: Double = 85,
                demoteAbove: Double = 80, restoreBelow: Double = 78, restoreHold: Double = 300, demoteDwell: Double = 0,
                demoteSettleAbove: Double? = 84, restoreSettleBelow: Double? = 82) {
        self.enabled = enabled
        self.periodTicks = periodTicks
        self.lookahead = lookahead
        self.migrateAbove = migrateAbove
        self.demoteAbove = demoteAbove
        self.restoreBelow = restoreBelow
        self.restoreHold = restoreHold
        self.demoteDwell = demoteDwell
        self.demoteSettleAbove = demoteSettleAbove
        self.restoreSettleBelow = restoreSettleBelow
    }

    /// The rule before the deadband (80 °C / 75 °C, 30 s hold, no dwell), which chatters when
    /// the plan's steady state sits near 80 °C; kept for comparisons and tests.
    public static let withoutDeadband = ThermalControlSettings(demoteAbove: 80, restoreBelow: 75, restoreHold: 30, demoteDwell: 0,
                                                               demoteSettleAbove: nil, restoreSettleBelow: nil)

    /// No reactive control (the plan as scheduled; only the hardware throttle protects the die).
    public static let disabled = ThermalControlSettings(enabled: false)

    /// Checks the values (period ≥ 1, finite thresholds in order restore ≤ demote ≤ migrate).
    public func validate() throws(ExecutorError) {
        guard periodTicks >= 1 else { throw .invalidInput(field: "control.periodTicks", rule: "must be ≥ 1 (got \(periodTicks))") }
        guard lookahead.isFinite, lookahead >= 0 else { throw .invalidInput(field: "control.lookahead", rule: "must be ≥ 0 s (got \(lookahead))") }
        guard restoreHold.isFinite, restoreHold >= 0 else { throw .invalidInput(field: "control.restoreHold", rule: "must be ≥ 0 s (got \(restoreHold))") }
        guard demoteDwell.isFinite, demoteDwell >= 0 else { throw .invalidInput(field: "control.demoteDwell", rule: "must be ≥ 0 s (got \(demoteDwell))") }
        for (f, v) in [("control.demoteSettleAbove", demoteSettleAbove), ("control.restoreSettleBelow", restoreSettleBelow)] {
            if let v, !v.isFinite { throw .invalidInput(field: f, rule: "must be a finite temperature in °C or absent (got \(v))") }
        }
        if let lo = restoreSettleBelow, let hi = demoteSettleAbove, lo > hi {
            throw .invalidInput(field: "control.restoreSettleBelow", rule: "must be ≤ demoteSettleAbove (got \(lo), \(hi) °C)")
        }
        guard migrateAbove.isFinite, demoteAbove.isFinite, restoreBelow.isFinite,
              restoreBelow <= demoteAbove, demoteAbove <= migrateAbove else {
            throw .invalidInput(field: "control", rule: "thresholds must be finite with restoreBelow ≤ demoteAbove ≤ migrateAbove (got \(restoreBelow), \(demoteAbove), \(migrateAbove) °C)")
        }
    }
}

/// One entry of the executor's event log (Codable, in time order).
public struct ControlEvent: Codable, Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Work moved from a hot card to a cooler one.
        case migrate
        /// Work reduced on a hot card (lowest DVFS level, or a pause) — no card could take it.
        case reduce
        /// One DVFS level dropped.
        case dvfsDown
        /// One DVFS level given back.
        case dvfsRestore
        /// The simulator's hardware throttle engaged.
        case hardwareThrottle
        /// A card loaded another precision profile (switching cost).
        case profileLoad
        /// Planning failed; the last good plan's prediction for this epoch was executed.
        case lastGoodPlan
        /// Planning failed and no good plan covered the epoch; the safe default was executed.
        case safeDefault
        /// The request was infeasible; a plan with relaxed limits was executed.
        case relaxedPlan
    }

    /// Simulated time, s since the start of the simulation.
    public var time: Double
    /// Card (−1 for node-wide events).
    public var card: Int
    /// Die of the card, when the event concerns one.
    public var die: Int?
    /// What happened.
    public var kind: Kind
    /// Hottest-core temperature of the die (or card) at the time, °C.
    public var temperature: Double?
    /// Predicted temperature that triggered the action, °C.
    public var predicted: Double?
    /// The card the work moved to (migrations).
    public var targetCard: Int?
    /// DVFS level after the action (level changes).
    public var level: Int?
    /// Why, in words.
    public var reason: String

    /// An event.
    public init(time: Double, card: Int, die: Int? = nil, kind: Kind, temperature: Double? = nil,
                predicted: Double? = nil, targetCard: Int? = nil, level: Int? = nil, reason: String) {
        self.time = time
        self.card = card
        self.die = die
        self.kind = kind
        self.temperature = temperature
        self.predicted = predicted
        self.targetCard = targetCard
        self.level = level
        self.reason = reason
    }
}

/// The DVFS rule's memory for one card: since when the rule's demote condition has held, and
/// since when its restore condition (nil: not now).
struct DVFSRuleState: Sendable {
    var hotSince: Int?
    var coolSince: Int?

    /// Records the decision at tick `gt`: the 5 s prediction, and where the die settles at its
    /// current level (`settleNow`) and one level up (`settleUp`; nil when unknown or when not
    /// demoted). An unknown settling temperature counts as hot and as not cool, so the rule
    /// falls back to the plain thresholds for demotions and never restores blind.
    mutating func observe(predicted: Double, settleNow: Double?, settleUp: Double?, tick gt: Int,
                          settings s: ThermalControlSettings) {
        let hot = predicted > s.demoteAbove && (s.demoteSettleAbove.map { (settleNow ?? .infinity) > $0 } ?? true)
        hotSince = hot ? (hotSince ?? gt) : nil
        let cool = predicted < s.restoreBelow && (s.restoreSettleBelow.map { (settleUp ?? .infinity) < $0 } ?? true)
        coolSince = cool ? (coolSince ?? gt) : nil
    }

    /// Whether to drop a level at `gt`: hot for the dwell, and a look-ahead since the last change.
    func demotes(tick gt: Int, lastChange: Int, settings: ThermalControlSettings, tickLength: Double) -> Bool {
        guard let since = hotSince else { return false }
        return gt - since >= Int((settings.demoteDwell / tickLength).rounded())
            && gt - lastChange >= Int((settings.lookahead / tickLength).rounded())
    }

    /// Whether to give a level back at `gt`: cool for the hold, and a hold since the last change.
    func restores(tick gt: Int, lastChange: Int, settings: ThermalControlSettings, tickLength: Double) -> Bool {
        guard let since = coolSince else { return false }
        let hold = Int((settings.restoreHold / tickLength).rounded())
        return gt - since >= hold && gt - lastChange >= hold
    }
}
