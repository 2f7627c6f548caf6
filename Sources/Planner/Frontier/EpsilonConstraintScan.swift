import LinearModel

/// The non-dominated points an ε-constraint scan found on a (MILP) frontier.
///
/// **An approximation.** A MILP's frontier is a set of isolated non-dominated points, some of
/// them unsupported (no weighted sum finds them), so the dichotomic search does not apply. The
/// scan solves max T subject to C ≤ ε for a grid of budgets ε and keeps the distinct
/// non-dominated results: every point it reports is non-dominated (to the solver's tolerance
/// and MIP gap), but non-dominated points whose carbon lies strictly between two budgets and
/// whose throughput is not the best within the next budget are missed. The resolution is the
/// grid spacing. ``FrontierPoint/isSupported`` is judged against the points found (on their
/// concave hull in the (C, T) plane), so a point marked supported may be unsupported against
/// points the grid missed; a point marked unsupported is certainly unsupported.
public struct EpsilonConstraintFrontier: Sendable {
    /// Non-dominated points found, by increasing carbon.
    public var points: [FrontierPoint]
    /// The carbon budgets scanned, gCO₂, increasing.
    public var budgets: [Double]
    /// Every solve made, in order.
    public var solves: [FrontierSolveRecord]
    /// The backend used.
    public var solverName: String

    /// Number of LP/MILP solves spent.
    public var solveCount: Int { solves.count }
    /// Total simplex iterations spent.
    public var simplexIterations: Int { solves.reduce(0) { $0 + $1.iterations } }
    /// Total branch-and-bound nodes.
    public var nodes: Int { solves.reduce(0) { $0 + $1.nodes } }
    /// The supported points found.
    public var supportedPoints: [FrontierPoint] { points.filter(\.isSupported) }
    /// The unsupported points found.
    public var unsupportedPoints: [FrontierPoint] { points.filter { !$0.isSupported } }

    /// The best point found for α·T/T_max + β·C_min/C (T_max and C_min from the scan's end
    /// points unless given). Exact over the points found; for the MILP an approximation at the
    /// grid's resolution (see the type's documentation).
    public func optimum(of objective: ThroughputCarbonObjective,
                        normalization: ObjectiveNormalization? = nil) throws(FrontierError) -> FrontierOptimum {
        guard let first = points.first, let last = points.last else { throw .emptyFrontier }
        let n: ObjectiveNormalization
        if let normalization { n = normalization } else {
            n = try ObjectiveNormalization(maximumThroughput: last.throughput, minimumCarbon: first.carbon)
        }
        return try OptimumSelection.best(of: points, objective: objective, normalization: n,
                                         kind: "non-dominated points of an ε-constraint scan (approximate for a MILP)")
    }
}

/// The ε-constraint method for frontiers with integer decisions (DESIGN §3).
///
/// Steps: the two lexicographic end points (as in ``DichotomicSearch``); then, for each budget
/// ε of an evenly spaced grid from C_min to the carbon of the maximum-throughput end, max T
/// subject to C ≤ ε, then min C subject to C ≤ ε and T ≥ T_ε − δ (so the point is
/// non-dominated, not merely weakly so). Duplicates and dominated points are dropped. Solves:
/// 4 + 2·(budgets − 2) (the grid's two ends are the end points). One solver instance is reused;
/// MILP solves run with a zero MIP gap unless the parameters set one.
public enum EpsilonConstraintScan {
    /// Scans `budgetCount` (≥ 2) carbon budgets with `solver` (GLPK or CBC for a MILP; any
    /// backend for an LP).
    public static func frontier(of problem: BiObjectiveProblem, budgetCount: Int, using solver: any Solver,
                                options: FrontierOptions = FrontierOptions()) throws(FrontierError) -> EpsilonConstraintFrontier {
        guard budgetCount >= 2 else {
            throw .invalidArgument(name: "budgetCount", value: "\(budgetCount)", allowed: "at least 2 budgets")
        }
        if problem.model.isMixedInteger && !solver.capabilities.integerVariables {
            throw .integerVariablesUnsupported(backend: solver.name)
        }
        let session = try FrontierSession(problem: problem, solver: solver, options: options)
        let high = try session.maximumThroughputEnd(mipGap: true)
        let low = try session.minimumCarbonEnd(mipGap: true)
        let tau = options.improvementTolerance
        let scale = Scale(low, high)
        var found = [low, high]
        var budgets = [low.carbon]
        if !scale.isSamePoint(low, high, tolerance: tau) && high.carbon > low.carbon {
            for k in 1..<(budgetCount - 1) {
                let eps = low.carbon + (high.carbon - low.carbon) * Double(k) / Double(budgetCount - 1)
                budgets.append(eps)
                session.setThroughputFloor(nil)
                session.setCarbonCap(eps)
                let x1 = try session.solve(problem.throughput, .maximize, step: .maximizeThroughputWithinBudget(eps), mipGap: true)
                let tEps = session.throughput(x1)
                let x2 = try session.secondStep(tEps, bound: { session.setThroughputFloor(tEps - $0) }, problem.carbon,
                                                .minimize, step: .minimizeCarbonWithinBudget(eps), mipGap: true, first: x1)
                found.append(FrontierPoint(throughput: session.throughput(x2), carbon: session.carbon(x2), values: x2,
                                           foundBy: .minimizeCarbonWithinBudget(eps)))
            }
            budgets.append(high.carbon)
        }
        session.setThroughputFloor(nil)
        session.setCarbonCap(nil)
        return EpsilonConstraintFrontier(points: nonDominated(found, scale: scale, tolerance: tau), budgets: budgets,
                                         solves: session.log, solverName: solver.name)
    }

    /// Distinct non-dominated points by increasing carbon, each marked supported when it lies
    /// on the upper concave hull of the set (within `tolerance` in the normalised plane).
    static func nonDominated(_ points: [FrontierPoint], scale: Scale, tolerance: Double) -> [FrontierPoint] {
        // Sort by carbon, then by decreasing throughput; keep a point only if its T beats
        // every lower-carbon point's T by more than the tolerance.
        let sorted = points.sorted { a, b in
            a.carbon != b.carbon ? a.carbon < b.carbon : a.throughput > b.throughput
        }
        var kept: [FrontierPoint] = []
        for p in sorted {
            if let last = kept.last {
                if scale.isSamePoint(last, p, tolerance: tolerance) { continue }
                if (p.throughput - last.throughput) / scale.throughput <= tolerance { continue }  // dominated
            }
            kept.append(p)
        }
        // Upper concave hull (monotone chain) over (C, T).
        var hull: [Int] = []
        for k in kept.indices {
            while hull.count >= 2 {
                let a = kept[hull[hull.count - 2]], b = kept[hull[hull.count - 1]]
                // b is not on the hull if it is on or below the chord a–p.
                if scale.distanceBeyond(b, from: a, to: kept[k]) <= 0 { hull.removeLast() } else { break }
            }
            hull.append(k)
        }
        var out = kept
        for k in out.indices {
            // On the hull, or within tolerance of the hull edge spanning it.
            if hull.contains(k) { out[k].isSupported = true; continue }
            var supported = false
            for e in 1..<hull.count where kept[hull[e - 1]].carbon <= kept[k].carbon && kept[k].carbon <= kept[hull[e]].carbon {
                supported = scale.distanceBeyond(kept[k], from: kept[hull[e - 1]], to: kept[hull[e]]) >= -tolerance
            }
            out[k].isSupported = supported
        }
        return out
    }
}
