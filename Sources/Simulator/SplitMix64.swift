import Foundation
import Hardware

/// Sampling the simulator needs on top of Hardware's `SplitMix64` generator.
extension SplitMix64 {
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
