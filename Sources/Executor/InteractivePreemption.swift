/// Interactive work preempts the card's other work (issue 5: the interactive latency SLO).
///
/// Rule, per card and epoch, when the card's plan serves interactive work (its *interactive
/// setting* is the running setting with the most interactive time; ties: the earlier one):
/// 1. **Priority within a setting.** Every running setting with an interactive share runs
///    with `priority: .interactive` in the simulator: interactive requests get the whole
///    capacity of the card's point while they are queued; the other classes of the setting
///    share what they leave (so over the epoch they get the planned time minus what
///    interactive actually used, which the planner reserved at `interactiveUtilization`).
/// 2. **Preemption across settings.** During another setting (another point, e.g. elastic at
///    batch 128, or a planned idle piece) the card switches to its interactive setting when
///    the oldest interactive request has waited at least `waitFraction × (SLO − L − 1/X)`, L
///    and X the interactive point's latency and throughput (the first request starts at once
///    on borrowed credit, see the simulator's priority; a second queued request waits up to
///    1/X more for its service credit, so 1/X is kept free), and more interactive
///    requests are queued than cards already serve interactive work this tick (the queue is
///    the node's). It stays there until the interactive queue is empty. The switch costs what
///    any switch costs (DVFS settle time, counted in the report); a card never preempts into
///    another precision profile (that would reload the model for seconds), while loading,
///    or while the thermal controller has moved its work away or lent it another card's.
/// 3. **Payback.** Each preempted tick is owed to the setting it displaced; during later
///    ticks of the interactive setting with no interactive request queued, the card runs
///    the owed settings instead (first displaced, first repaid), so each setting's epoch total
///    stays as planned as far as the epoch allows. What is still owed at the epoch's end is
///    reported (``EpochExecutionReport/preemptionDebt``) and dropped.
/// Without a latency objective for interactive work only rule 1 applies.
public struct InteractivePreemption: Codable, Sendable, Hashable {
    /// Whether interactive work gets priority and preempts at all.
    public var enabled: Bool
    /// Fraction of the slack (SLO − the interactive point's latency) a request may wait before
    /// the card preempts, in [0, 1].
    public var waitFraction: Double

    /// Settings; default: enabled, preempt at the first queued request (`waitFraction` 0).
    ///
    /// Why 0: waiting only saves switches, and a switch inside one precision profile costs a
    /// DVFS settle (2 ms) at most while the preempted time is paid back. Measured on
    /// `sdxl-ecommerce-sichuan` (2 h, `lp`): SLO attainment 97.5 % with 0, 96.3 % with 0.5
    /// (threshold 0.16 s there), the same number of frequency changes within 5 %. Raise it
    /// where switching is dearer.
    public init(enabled: Bool = true, waitFraction: Double = 0) {
        self.enabled = enabled
        self.waitFraction = waitFraction
    }

    /// No priority, no preemption (the plan's time slices only).
    public static let off = InteractivePreemption(enabled: false)

    /// Checks `waitFraction` is in [0, 1].
    public func validate() throws(ExecutorError) {
        guard waitFraction.isFinite, waitFraction >= 0, waitFraction <= 1 else {
            throw .invalidInput(field: "preemption.waitFraction", rule: "must be in [0, 1] (got \(waitFraction))")
        }
    }
}
