import CGLPK
import GLPKGuard
import LinearModel

/// Ranging at an optimal simplex basis held in a `glp_prob`.
///
/// What each range means (GLPK numbers rows 1…m, then columns m+1…m+n):
///
/// **Objective ranges (per column)** — the interval of the column's objective coefficient over
/// which the current basis stays optimal, all other data fixed:
/// - basic column: `glp_analyze_coef` (limits where some reduced cost changes sign);
/// - nonbasic at its lower bound: the coefficient may move until the reduced cost `d` reaches
///   0, i.e. `[c − d, +∞)` when minimizing and `(−∞, c − d]` when maximizing;
/// - nonbasic at its upper bound: the mirror image, `(−∞, c − d]` / `[c − d, +∞)`;
/// - nonbasic fixed: `(−∞, +∞)` (a fixed column is never priced out);
/// - nonbasic free (reduced cost 0): `[c, c]`.
///
/// **Right-hand-side ranges (per row)** —
/// - nonbasic row (a bound is active): `glp_analyze_bound`, the interval of that active bound
///   over which the basis stays primal feasible (hence optimal);
/// - basic row (no active bound): the interval its nearer finite bound may take while the
///   current solution stays feasible: `[activity, +∞)` for a ≤ row (or a ranged row whose
///   activity is nearer its upper bound), `(−∞, activity]` for a ≥ row (or a ranged row nearer
///   its lower bound), `[activity, activity]` for a (degenerate) basic equality, `(−∞, +∞)` for a
///   free row.
enum GLPKSensitivity {
    struct Failure: Error { var message: String }

    static func infinite(_ v: Double) -> Double {
        // GLPK reports "no limit" as ±DBL_MAX.
        if v >= Double.greatestFiniteMagnitude { return .infinity }
        if v <= -Double.greatestFiniteMagnitude { return -.infinity }
        return v
    }

    /// `objectiveScale` is the factor the loaded costs carry (see ``ObjectiveScaling``); cost
    /// ranges and reduced costs are divided by it, right-hand-side ranges do not depend on it.
    static func report(_ P: OpaquePointer, _ model: Model, objectiveScale: Double) throws(Failure) -> SensitivityReport {
        if glp_bf_exists(P) == 0 {
            var rc: Int32 = 0
            if epof_glpk_factorize(P, &rc) != 0 || rc != 0 {
                throw Failure(message: "the optimal basis could not be factorized (glp_factorize returned \(rc))")
            }
        }
        let m = model.rowCount, n = model.columnCount
        let minimize = model.sense == .minimize
        var objectiveRanges: [SensitivityReport.Range] = []
        objectiveRanges.reserveCapacity(n)
        for j in 0..<n {
            let c = model.objective[j]
            let d = glp_get_col_dual(P, Int32(j + 1)) / objectiveScale
            let range: SensitivityReport.Range
            switch glp_get_col_stat(P, Int32(j + 1)) {
            case GLP_BS:
                var lo = 0.0, up = 0.0
                if epof_glpk_analyze_coef(P, Int32(m + j + 1), &lo, &up) != 0 {
                    throw Failure(message: "glp_analyze_coef failed for column \(j)")
                }
                range = .init(lower: infinite(lo) / objectiveScale, upper: infinite(up) / objectiveScale)
            case GLP_NL:
                range = minimize ? .init(lower: c - d, upper: .infinity) : .init(lower: -.infinity, upper: c - d)
            case GLP_NU:
                range = minimize ? .init(lower: -.infinity, upper: c - d) : .init(lower: c - d, upper: .infinity)
            case GLP_NS:
                range = .init(lower: -.infinity, upper: .infinity)
            default:  // GLP_NF
                range = .init(lower: c, upper: c)
            }
            objectiveRanges.append(range)
        }
        var rhsRanges: [SensitivityReport.Range] = []
        rhsRanges.reserveCapacity(m)
        for i in 0..<m {
            let stat = glp_get_row_stat(P, Int32(i + 1))
            let lower = model.rowLower[i], upper = model.rowUpper[i]
            let range: SensitivityReport.Range
            switch stat {
            case GLP_NL, GLP_NU, GLP_NS:
                var lo = 0.0, up = 0.0
                if epof_glpk_analyze_bound(P, Int32(i + 1), &lo, &up) != 0 {
                    throw Failure(message: "glp_analyze_bound failed for row \(i)")
                }
                range = .init(lower: infinite(lo), upper: infinite(up))
            case GLP_BS:
                let a = glp_get_row_prim(P, Int32(i + 1))
                switch (lower.isFinite, upper.isFinite) {
                case (false, false): range = .init(lower: -.infinity, upper: .infinity)
                case (false, true): range = .init(lower: a, upper: .infinity)
                case (true, false): range = .init(lower: -.infinity, upper: a)
                case (true, true):
                    if lower == upper { range = .init(lower: a, upper: a) }
                    else if upper - a <= a - lower { range = .init(lower: a, upper: .infinity) }
                    else { range = .init(lower: -.infinity, upper: a) }
                }
            default:  // GLP_NF: a free row has no bound to range
                range = .init(lower: -.infinity, upper: .infinity)
            }
            rhsRanges.append(range)
        }
        return SensitivityReport(objectiveRanges: objectiveRanges, rightHandSideRanges: rhsRanges)
    }
}
