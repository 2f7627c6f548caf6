/// A regular carbon-intensity time series: epoch `i` covers
/// `[start + i·step, start + (i+1)·step)` (Unix s) and `values[i]` is the mean intensity over
/// it, in gCO₂/kWh.
///
/// The trace is a piecewise-constant signal: ``intensity(at:)`` holds each value over its
/// epoch and ``averageIntensity(from:to:)`` integrates it exactly.
public struct CarbonTrace: Sendable, Equatable, CarbonIntensitySource {
    /// Start of epoch 0, Unix seconds.
    public let start: Double
    /// Epoch length in seconds (> 0).
    public let step: Double
    /// Mean intensity of each epoch, gCO₂/kWh (finite, ≥ 0).
    public let values: [Double]

    /// A trace; throws unless `step > 0`, `start` is finite, and there is at least one value,
    /// every one finite and ≥ 0.
    public init(start: Double, step: Double, values: [Double]) throws(CarbonError) {
        guard start.isFinite else {
            throw .invalidArgument(name: "start", value: "\(start)", allowed: "a finite Unix time in seconds")
        }
        guard step > 0, step.isFinite else {
            throw .invalidArgument(name: "step", value: "\(step)", allowed: "a positive number of seconds")
        }
        guard !values.isEmpty else {
            throw .invalidArgument(name: "values", value: "[]", allowed: "at least one intensity")
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw .invalidArgument(name: "values[\(i)]", value: "\(v)", allowed: "a finite intensity ≥ 0 gCO2/kWh")
        }
        self.start = start
        self.step = step
        self.values = values
    }

    /// Number of epochs.
    public var count: Int { values.count }
    /// End of the last epoch, Unix seconds.
    public var end: Double { start + Double(values.count) * step }
    /// Start of epoch `i`, Unix seconds.
    public func time(ofEpoch i: Int) -> Double { start + Double(i) * step }

    /// The epoch containing `time`, or nil outside `[start, end)`.
    public func epoch(containing time: Double) -> Int? {
        guard time >= start, time < end else { return nil }
        return min(values.count - 1, Int(((time - start) / step).rounded(.down)))
    }

    /// The value of the epoch containing `time` (hold); throws outside `[start, end)`.
    public func intensity(at time: Double) throws(CarbonError) -> Double {
        guard let i = epoch(containing: time) else {
            throw .invalidArgument(name: "time", value: "\(time)",
                                   allowed: "a Unix time in [\(start), \(end)) covered by the trace")
        }
        return values[i]
    }

    /// The exact time-weighted mean over `[from, to)`; the interval must lie within the trace
    /// (a relative slack of 1e-9 of the step is allowed at the ends for rounding). O(epochs
    /// covered).
    public func averageIntensity(from a: Double, to b: Double) throws(CarbonError) -> Double {
        guard a.isFinite, b.isFinite, b > a else {
            throw .invalidArgument(name: "interval", value: "[\(a), \(b))", allowed: "finite times with end > start")
        }
        let slack = 1e-9 * step
        guard a >= start - slack, b <= end + slack else {
            throw .invalidArgument(name: "interval", value: "[\(a), \(b))",
                                   allowed: "an interval within the trace [\(start), \(end))")
        }
        return mean(from: max(a, start), to: min(b, end))
    }

    /// Time-weighted mean over `[a, b)` within the trace; exactly the held value when the
    /// interval lies in one epoch.
    func mean(from a: Double, to b: Double) -> Double {
        let i = max(0, min(values.count - 1, Int(((a - start) / step).rounded(.down))))
        if b <= time(ofEpoch: i + 1) { return values[i] }
        return integral(from: a, to: b) / (b - a)
    }

    /// ∫ intensity dt over `[a, b)` (gCO₂/kWh · s), `start ≤ a < b ≤ end`.
    func integral(from a: Double, to b: Double) -> Double {
        let first = max(0, min(values.count - 1, Int(((a - start) / step).rounded(.down))))
        var sum = 0.0
        var i = first
        while i < values.count {
            let lo = max(a, time(ofEpoch: i)), hi = min(b, time(ofEpoch: i + 1))
            if hi > lo { sum += values[i] * (hi - lo) }
            if time(ofEpoch: i + 1) >= b { break }
            i += 1
        }
        return sum
    }

    /// How to fill epochs shorter than the source's when upsampling.
    public enum Upsampling: String, Sendable, CaseIterable {
        /// Each new epoch takes the exact time-weighted mean of the piecewise-constant source
        /// over it — within one source epoch that is the source value held. Preserves every
        /// energy-weighted mean at constant power exactly.
        case hold
        /// Linear interpolation between source epoch midpoints, sampled at the new epoch's
        /// midpoint (held flat before the first and after the last midpoint). Smoother, but
        /// it does not preserve means exactly.
        case linear
    }

    /// The trace on epochs of `newStep` seconds from the same start.
    ///
    /// - Downsampling (`newStep ≥ step`): each new value is the exact time-weighted mean of the
    ///   source over the new epoch, so the emissions of any power that is constant within each
    ///   new epoch are unchanged.
    /// - Upsampling (`newStep < step`): ``Upsampling/hold`` (default, same exact mean) or
    ///   ``Upsampling/linear``.
    ///
    /// The new trace covers the same span; when `newStep` does not divide it, the last new
    /// epoch is the mean over the part that the source covers (document-level choice: no
    /// extrapolation). O(old + new epochs).
    public func resampled(step newStep: Double, upsampling: Upsampling = .hold) throws(CarbonError) -> CarbonTrace {
        guard newStep > 0, newStep.isFinite else {
            throw .invalidArgument(name: "step", value: "\(newStep)", allowed: "a positive number of seconds")
        }
        let span = end - start
        let ratio = span / newStep
        // Count epochs, forgiving rounding (e.g. 86400/900 computed in floating point).
        let count = max(1, Int((ratio - 1e-9).rounded(.up)))
        var out: [Double] = []
        out.reserveCapacity(count)
        if newStep < step && upsampling == .linear {
            for k in 0..<count {
                let a = start + Double(k) * newStep
                let mid = (a + min(a + newStep, end)) / 2
                out.append(linearValue(at: mid))
            }
        } else {
            for k in 0..<count {
                let a = start + Double(k) * newStep
                let b = min(start + Double(k + 1) * newStep, end)
                out.append(b > a ? mean(from: a, to: b) : values[values.count - 1])
            }
        }
        return try CarbonTrace(start: start, step: newStep, values: out)
    }

    /// Piecewise-linear interpolation through the epoch midpoints, flat beyond the ends.
    private func linearValue(at t: Double) -> Double {
        let x = (t - start) / step - 0.5
        if x <= 0 { return values[0] }
        let i = Int(x.rounded(.down))
        if i >= values.count - 1 { return values[values.count - 1] }
        let f = x - Double(i)
        return values[i] * (1 - f) + values[i + 1] * f
    }

    /// Epochs `range` as a trace of their own (same step). Throws on an empty or out-of-range
    /// slice.
    public func slice(_ range: Range<Int>) throws(CarbonError) -> CarbonTrace {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= values.count else {
            throw .invalidArgument(name: "range", value: "\(range)", allowed: "a non-empty range within 0..<\(values.count)")
        }
        return try CarbonTrace(start: time(ofEpoch: range.lowerBound), step: step, values: Array(values[range]))
    }
}
