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
/// - else predicted above ``demoteAbove``: the card drops one DVFS level (every planned point
///   runs at the catalog's point with the same key one level lower), at most once per
///   ``lookahead`` seconds so the die can respond before the next step;
/// - else predicted below ``restoreBelow`` for ``restoreHold`` seconds since the last change:
///   one level is given back.
/// The simulator's hardware throttle stays the last resort. Every action is a ``ControlEvent``.
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

    /// Settings; defaults: every 10 ticks, 5 s look-ahead, 85/80/75 °C, 30 s hold.
    public init(enabled: Bool = true, periodTicks: Int = 10, lookahead: Double = 5, migrateAbove: Double = 85,
                demoteAbove: Double = 80, restoreBelow: Double = 75, restoreHold: Double = 30) {
        self.enabled = enabled
        self.periodTicks = periodTicks
        self.lookahead = lookahead
        self.migrateAbove = migrateAbove
        self.demoteAbove = demoteAbove
        self.restoreBelow = restoreBelow
        self.restoreHold = restoreHold
    }

    /// No reactive control (the plan as scheduled; only the hardware throttle protects the die).
    public static let disabled = ThermalControlSettings(enabled: false)

    /// Checks the values (period ≥ 1, finite thresholds in order restore ≤ demote ≤ migrate).
    public func validate() throws(ExecutorError) {
        guard periodTicks >= 1 else { throw .invalidInput(field: "control.periodTicks", rule: "must be ≥ 1 (got \(periodTicks))") }
        guard lookahead.isFinite, lookahead >= 0 else { throw .invalidInput(field: "control.lookahead", rule: "must be ≥ 0 s (got \(lookahead))") }
        guard restoreHold.isFinite, restoreHold >= 0 else { throw .invalidInput(field: "control.restoreHold", rule: "must be ≥ 0 s (got \(restoreHold))") }
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
