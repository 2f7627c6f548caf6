/// What changing a card's setting costs (DESIGN §3: a precision change reloads the model, a
/// frequency change takes time to settle). Counted in ``EpochExecutionReport``.
///
/// Estimates (no vendor publishes these; documented so they can be replaced by measurements):
/// - ``profileLoadTime`` 4 s: the weights of a 7B model in FP16 (≈13.5 GB) over PCIe 4.0 x16 at
///   an effective ≈12 GB/s from host memory take ≈1.1 s; runtime re-initialisation (graph
///   capture, allocator warm-up) adds a few seconds. During the load the card serves nothing
///   and draws idle power (the simulator's idle state).
/// - ``profileLoadPower`` 60 W: host CPU, DRAM and PCIe power above their idle while the
///   weights stream; the load's extra energy is `profileLoadPower × profileLoadTime` (240 J),
///   added to the epoch's energy by the closed loop.
/// - ``frequencySettleTime`` 2 ms: a DVFS transition (PLL relock and voltage ramp) is
///   typically 0.1–few ms; the card is unavailable meanwhile. Settle time shorter than a
///   tick accumulates per card; each whole tick of it is spent idle.
public struct SwitchingCosts: Codable, Sendable, Hashable {
    /// Time to load another precision profile, s (card idle meanwhile).
    public var profileLoadTime: Double
    /// Extra power while loading (host side), W.
    public var profileLoadPower: Double
    /// Time for a frequency change to settle, s (card unavailable meanwhile).
    public var frequencySettleTime: Double

    /// Costs; the defaults are the documented estimates.
    public init(profileLoadTime: Double = 4, profileLoadPower: Double = 60, frequencySettleTime: Double = 0.002) {
        self.profileLoadTime = profileLoadTime
        self.profileLoadPower = profileLoadPower
        self.frequencySettleTime = frequencySettleTime
    }

    /// No switching costs (for comparisons).
    public static let free = SwitchingCosts(profileLoadTime: 0, profileLoadPower: 0, frequencySettleTime: 0)

    /// Checks every value is finite and ≥ 0.
    public func validate() throws(ExecutorError) {
        for (name, v) in [("profileLoadTime", profileLoadTime), ("profileLoadPower", profileLoadPower),
                          ("frequencySettleTime", frequencySettleTime)] where !(v.isFinite && v >= 0) {
            throw .invalidInput(field: "switching.\(name)", rule: "must be finite and ≥ 0 (got \(v))")
        }
    }
}
