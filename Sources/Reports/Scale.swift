import Foundation

/// A "nice" numeric axis: a domain widened to whole steps of 1, 2 or 5 × 10ⁿ, its ticks and their labels.
public struct NiceAxis: Sendable, Hashable {
    /// Lower end of the domain (the first tick).
    public var lower: Double
    /// Upper end of the domain (the last tick).
    public var upper: Double
    /// Distance between ticks.
    public var step: Double
    /// Tick values, ascending, from ``lower`` to ``upper``.
    public var ticks: [Double]
    /// Tick labels, one per tick (see ``ReportFormat/tickLabels(_:step:)``).
    public var labels: [String]

    /// The largest magnitude a chart plots; larger values are skipped like non-finite ones so
    /// that every range stays finite (1e300 − (−1e300) would overflow to infinity).
    public static let magnitudeLimit = 1e250

    /// The 1-2-5 step nearest to `rawStep` (Heckbert's rounding: the tick count stays close to the target).
    public static func niceStep(_ rawStep: Double) -> Double {
        guard rawStep > 0, rawStep.isFinite else { return 1 }
        let magnitude = pow(10, (log10(rawStep)).rounded(.down))
        let normalized = rawStep / magnitude
        let nice: Double = normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10
        return nice * magnitude
    }

    /// Whether `value` can be plotted: finite and within ±``magnitudeLimit``.
    public static func isPlottable(_ value: Double) -> Bool { value.isFinite && abs(value) <= magnitudeLimit }

    /// The data range of `values`: unplottable values are skipped; no plottable value gives [0, 1];
    /// a zero range is padded by 10 % of the value (±1 around zero) so the axis still has a scale.
    public static func dataRange(_ values: [Double], includeZero: Bool = false) -> (Double, Double) {
        let finite = values.filter(isPlottable)
        guard var lo = finite.min(), var hi = finite.max() else { return (0, 1) }
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if hi - lo <= abs(hi) * 1e-12 || hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        return (lo, hi)
    }

    /// An axis over `values` with about `targetTicks` ticks (at least 2).
    public init(values: [Double], targetTicks: Int, includeZero: Bool = false) {
        let (lo, hi) = NiceAxis.dataRange(values, includeZero: includeZero)
        self.init(lower: lo, upper: hi, targetTicks: targetTicks)
    }

    /// An axis covering [`lower`, `upper`] (assumed finite, lower < upper) with about `targetTicks` ticks.
    public init(lower: Double, upper: Double, targetTicks: Int) {
        let count = max(1, targetTicks - 1)
        var step = NiceAxis.niceStep((upper - lower) / Double(count))
        var first = (lower / step).rounded(.down)
        var last = (upper / step).rounded(.up)
        // Guard against precision loss at huge offsets (1e15 + tiny range): too many steps → widen.
        while last - first > 1000 { step *= 10; first = (lower / step).rounded(.down); last = (upper / step).rounded(.up) }
        if last == first { last += 1 }
        // Ticks as integer multiples of the step: no accumulated rounding (0.1 + 0.2 ≠ 0.3).
        let ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        self.lower = first * step
        self.upper = last * step
        self.step = step
        self.ticks = ticks
        self.labels = ReportFormat.tickLabels(ticks, step: step)
    }

    /// The widest label's estimated width at `fontSize`.
    public func maxLabelWidth(fontSize: Double) -> Double {
        labels.map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 0
    }

    /// A horizontal axis over `values` whose labels, centred under their ticks, do not overlap
    /// on `pixelLength` px: starts from one tick per ~90 px and takes fewer ticks until they fit.
    public static func horizontal(values: [Double], pixelLength: Double, fontSize: Double) -> NiceAxis {
        let (lo, hi) = dataRange(values)
        return horizontal(lower: lo, upper: hi, pixelLength: pixelLength, fontSize: fontSize)
    }

    /// As ``horizontal(values:pixelLength:fontSize:)`` over a given range.
    public static func horizontal(lower: Double, upper: Double, pixelLength: Double, fontSize: Double) -> NiceAxis {
        var target = max(2, Int(pixelLength / 90))
        while true {
            let axis = NiceAxis(lower: lower, upper: upper, targetTicks: target)
            let spacing = pixelLength / Double(max(1, axis.ticks.count - 1))
            if axis.maxLabelWidth(fontSize: fontSize) + 8 <= spacing || target <= 2 { return axis }
            target -= 1
        }
    }

    /// A vertical axis: ticks at least 2.2 line heights apart on `pixelLength` px.
    public static func vertical(values: [Double], pixelLength: Double, fontSize: Double, includeZero: Bool = false) -> NiceAxis {
        let (lo, hi) = dataRange(values, includeZero: includeZero)
        var target = max(2, min(10, Int(pixelLength / (fontSize * 3.5))))
        while true {
            let axis = NiceAxis(lower: lo, upper: hi, targetTicks: target)
            let spacing = pixelLength / Double(max(1, axis.ticks.count - 1))
            if spacing >= fontSize * 1.6 || target <= 2 { return axis }
            target -= 1
        }
    }

    /// Maps `value` in the domain onto [`from`, `to`] px.
    public func map(_ value: Double, from: Double, to: Double) -> Double {
        let span = upper - lower
        guard span > 0 else { return (from + to) / 2 }
        return from + (value - lower) / span * (to - from)
    }
}
