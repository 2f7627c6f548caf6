/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator with a full 2⁶⁴
/// period. Every randomised process of the simulated node draws from its own instances, so a
/// run is a pure function of its inputs and seed, bit for bit, on a given platform. Lives in
/// Hardware, the lowest module of the node, so Workloads, Simulator and Scenario share one.
///
/// A value type: copy it to fork an identical stream; confine each copy to one task.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state.
    public var state: UInt64

    /// A generator whose first output is determined by `seed` alone.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
