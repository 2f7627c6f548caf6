/// Tolerance-aware comparison of floating-point results.
public enum Tolerance {
    /// Whether `a` and `b` agree within `relative` of the larger magnitude, or within
    /// `absolute` (for values near zero).
    public static func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
        if a == b { return true }
        if !a.isFinite || !b.isFinite { return false }
        let diff = abs(a - b)
        return diff <= absolute || diff <= relative * max(abs(a), abs(b))
    }

    /// The relative difference |a − b| / max(1, |a|, |b|).
    public static func relativeDifference(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(1, abs(a), abs(b))
    }
}

extension Double {
    /// Whether `self` is within `relative` (of the larger magnitude) or `absolute` of `other`.
    public func isClose(to other: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
        Tolerance.isClose(self, other, relative: relative, absolute: absolute)
    }
}
