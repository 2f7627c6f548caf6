import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator with a full
/// 2⁶⁴ period. The simulator draws every random number from its own instances, so a run is
/// a pure function of its configuration and seed, bit for bit, on a given platform.
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

    /// A Poisson-distributed count with mean `mean` (≥ 0; 0 for a non-positive or non-finite
    /// mean). Inversion by sequential search below a mean of 10 (one `exp` and ≈ mean + 1
    /// uniforms), Hörmann's PTRS transformed rejection above (≈ 1.1 pairs of uniforms,
    /// independent of the mean). Both are exact samplers, not approximations.
    public mutating func nextPoisson(mean: Double) -> Int {
        guard mean > 0, mean.isFinite else { return 0 }
        if mean < 10 {
            // Inversion: walk the CDF from 0. The loop bound guards the far tail (probability
            // below 1e-300 of being needed) against round-off when the CDF saturates below u.
            var p = Foundation.exp(-mean)
            var cdf = p
            let u = nextUnit()
            var k = 0
            while u > cdf && k < 1_000 {
                k += 1
                p *= mean / Double(k)
                cdf += p
            }
            return k
        }
        // PTRS: W. Hörmann, "The transformed rejection method for generating Poisson random
        // variables", Insurance: Mathematics and Economics 12 (1993) 39–45.
        let sq = mean.squareRoot()
        let logMean = Foundation.log(mean)
        let b = 0.931 + 2.53 * sq
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = nextUnit() - 0.5
            let v = nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if Foundation.log(v) + Foundation.log(invAlpha) - Foundation.log(a / (us * us) + b)
                <= -mean + k * logMean - Foundation.lgamma(k + 1) {
                return Int(k)
            }
        }
    }
}
