/// The factor by which a backend multiplies the objective before handing it to the solver.
///
/// Simplex codes test optimality with an absolute reduced-cost tolerance (about 1e-7). When
/// every objective coefficient is tiny — a normalised objective such as α·T/T_max − β·C/C_max
/// has coefficients of 1e-6…1e-4 — that tolerance is as large as the costs themselves and
/// the solver stops early, off by up to 1e-3 relative. Backends therefore solve with the
/// objective scaled so its largest coefficient lies in [0.5, 1), and divide objective values,
/// duals and reduced costs by the same factor when reading results back. The factor is a
/// power of two, so scaling and unscaling are exact in floating point.
public enum ObjectiveScaling {
    /// A power of two s with max |cⱼ|·s in [0.5, 1); 1 when every coefficient is zero. O(n).
    public static func factor<C: Collection>(for coefficients: C) -> Double where C.Element == Double {
        var largest = 0.0
        for c in coefficients { largest = max(largest, abs(c)) }
        guard largest > 0, largest.isFinite else { return 1 }
        // largest = m·2^e with m in [0.5, 1): multiplying by 2^−e puts it in [0.5, 1).
        let e = largest.exponent + 1
        return Double(sign: .plus, exponent: -e, significand: 1)
    }
}
