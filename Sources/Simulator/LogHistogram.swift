/// A histogram of positive values with bounded relative error, for latency and power
/// percentiles without storing every sample.
///
/// Buckets follow the binary floating-point layout (HDR-histogram style): one row per
/// power of two from 2⁻²⁰ to 2²¹ (≈ 1 µs … 24 days when the values are seconds), each row
/// cut into 128 equal sub-buckets. A bucket's reported value is its midpoint, so every
/// reported percentile lies within a relative error of 2⁻⁸ ≈ 0.39 % of a value that really
/// has that rank. Values below 2⁻²⁰ (including 0) are reported as 0; values at or above
/// 2²² are clamped into the top bucket, reported as the exact maximum. The bucket index comes from the bit pattern (no
/// `log`), so recording costs a few integer operations.
public struct LogHistogram: Codable, Sendable, Equatable {
    static let subBits = 7
    static let subBuckets = 1 << subBits
    static let minExponent = -20
    static let maxExponent = 21
    /// Bucket 0 holds values below 2^minExponent; the others are 1-based.
    static let bucketCount = 1 + (maxExponent - minExponent + 1) * subBuckets

    /// Weight (number of samples) per bucket.
    private(set) var counts: [Int]
    /// Total weight recorded.
    public private(set) var total: Int = 0
    /// Exact sum of value × weight, for the mean.
    public private(set) var sum: Double = 0
    /// Exact largest value recorded (0 when empty).
    public private(set) var maximum: Double = 0

    /// An empty histogram.
    public init() {
        counts = Array(repeating: 0, count: LogHistogram.bucketCount)
    }

    @inline(__always)
    static func index(of value: Double) -> Int {
        let bits = value.bitPattern
        let exponent = Int((bits >> 52) & 0x7FF) - 1023
        if value < 0x1.0p-20 || !(value == value) { return 0 }
        if exponent > maxExponent { return bucketCount - 1 }
        let sub = Int((bits >> UInt64(52 - subBits)) & UInt64(subBuckets - 1))
        return 1 + (exponent - minExponent) * subBuckets + sub
    }

    static func midpoint(ofBucket index: Int) -> Double {
        guard index > 0 else { return 0 }
        let row = (index - 1) / subBuckets, sub = (index - 1) % subBuckets
        let low = Double(sign: .plus, exponent: row + minExponent, significand: 1)
        return low * (1 + (Double(sub) + 0.5) / Double(subBuckets))
    }

    /// Adds `weight` samples of `value`.
    @inline(__always)
    public mutating func record(_ value: Double, weight: Int = 1) {
        guard weight > 0 else { return }
        counts[LogHistogram.index(of: value)] += weight
        total += weight
        sum += value * Double(weight)
        if value > maximum { maximum = value }
    }

    /// Adds every sample of `other`.
    public mutating func merge(_ other: LogHistogram) {
        guard other.total > 0 else { return }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for i in 0..<mine.count { mine[i] += theirs[i] }
            }
        }
        total += other.total
        sum += other.sum
        maximum = max(maximum, other.maximum)
    }

    /// Empties the histogram without releasing its storage.
    public mutating func reset() {
        guard total > 0 else { return }
        counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        total = 0
        sum = 0
        maximum = 0
    }

    /// The nearest-rank `q`-quantile (q in [0, 1]), within 0.39 % relative error; nil when empty.
    public func percentile(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = max(1, Int((min(max(q, 0), 1) * Double(total)).rounded(.up)))
        var seen = 0
        for i in counts.indices {
            seen += counts[i]
            if seen >= rank {
                // The top bucket also holds out-of-range values: report the exact maximum.
                return i == counts.count - 1 ? maximum : min(LogHistogram.midpoint(ofBucket: i), maximum)
            }
        }
        return maximum
    }

    /// Mean of the recorded values (exact); nil when empty.
    public var mean: Double? { total > 0 ? sum / Double(total) : nil }
}
