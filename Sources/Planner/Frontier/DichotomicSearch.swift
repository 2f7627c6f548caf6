import LinearModel

/// Enumerates every extreme point of the throughput–carbon Pareto frontier of an LP with the
/// weighted-sum dichotomic search (Aneja & Nair 1979, "Bicriteria transportation problem";
/// Cohon's NISE method), DESIGN §3.
///
/// **Method.**
/// 1. The two lexicographic end points: max T, then min C subject to T ≥ T* − δ (the
///    maximum-throughput end A); min C, then max T subject to C ≤ C* + δ (the minimum-carbon
///    end B). δ is ``FrontierOptions/lexicographicTolerance`` relative, 0 by default (exact,
///    with one retry at 1e-9 if the solver rejects the exact bound).
/// 2. For two adjacent known points L (lower carbon) and H, solve
///    max w_T·T − w_C·C with (w_T, w_C) normal to the segment LH: with Δt = ΔT/T_scale and
///    Δc = ΔC/C_scale (the normalised plane), w_T = Δc/T_scale and w_C = Δt/C_scale. Every
///    point of the segment has the same weighted value; an optimum strictly beyond it (by more than
///    ``FrontierOptions/improvementTolerance`` in the normalised plane) is a new frontier point
///    P, and the search recurses on LP and PH. Otherwise LH is an edge of the frontier.
/// 3. Points found by a degenerate weighted sum in the middle of an edge are dropped at the end
///    (a point within the tolerance of its neighbours' chord is not extreme).
///
/// **Warm starts.** One solver instance and one working model serve every step. The model is
/// the caller's, extended once by two free rows carrying T and C; the lexicographic steps only
/// change those rows' bounds and the weighted sums only the objective, so each solve is a warm
/// start of the previous one (primal simplex after an objective change, dual after a bound
/// change — see ``LinearModel/Solver``).
///
/// **Complexity.** With k extreme points (k ≥ 2) and non-degenerate weighted sums: 4 LP solves
/// for the end points and 2k − 3 weighted sums (k − 2 find a new point, k − 1 prove an edge):
/// **2k + 1 ≤ 2k + 3 LP solves**. A single-point frontier takes 4. Each degenerate weighted
/// sum that returns a non-extreme point on an edge adds two more. All are warm starts except
/// the first.
public enum DichotomicSearch {
    /// All extreme points of the Pareto frontier of `problem` (an LP), found with `solver`
    /// (GLPK or CLP; CBC hands LPs to CLP). The solver instance is reused for every step and is
    /// left holding the working model.
    ///
    /// Throws ``FrontierError/infeasible`` for an empty feasible set,
    /// ``FrontierError/unboundedThroughput`` / ``FrontierError/unboundedCarbon`` when an end point
    /// does not exist, and ``FrontierError/invalidArgument(name:value:allowed:)`` for a model
    /// with integer columns (use ``EpsilonConstraintScan``).
    public static func frontier(of problem: BiObjectiveProblem, using solver: any Solver,
                                options: FrontierOptions = FrontierOptions()) throws(FrontierError) -> ParetoFrontier {
        guard !problem.model.isMixedInteger else {
            throw .invalidArgument(name: "model", value: "with integer columns",
                                   allowed: "an LP (use EpsilonConstraintScan for a MILP frontier)")
        }
        let session = try FrontierSession(problem: problem, solver: solver, options: options)
        let high = try session.maximumThroughputEnd()
        let low = try session.minimumCarbonEnd()
        let scale = Scale(low, high)
        let tau = options.improvementTolerance

        if scale.isSamePoint(low, high, tolerance: tau) {
            return ParetoFrontier(points: [low], solves: session.log, solverName: solver.name)
        }
        var found: [FrontierPoint] = [low, high]
        // Depth-first over segments, lower-carbon segment first (deterministic order).
        var stack: [(FrontierPoint, FrontierPoint)] = [(low, high)]
        while let (l, h) = stack.popLast() {
            let dt = (h.throughput - l.throughput) / scale.throughput
            let dc = (h.carbon - l.carbon) / scale.carbon
            // A segment that does not rise in both objectives is degenerate: no point between.
            guard dt > tau, dc > tau else { continue }
            let wT = dc / scale.throughput, wC = dt / scale.carbon
            var objective = problem.throughput * wT
            objective -= problem.carbon * wC
            let x = try session.solve(objective, .maximize, step: .weightedSum(throughputWeight: wT, carbonWeight: wC))
            let p = FrontierPoint(throughput: session.throughput(x), carbon: session.carbon(x), values: x,
                                  foundBy: .weightedSum(throughputWeight: wT, carbonWeight: wC))
            let beyond = scale.distanceBeyond(p, from: l, to: h)
            guard beyond > tau, p.carbon > l.carbon, p.carbon < h.carbon else { continue }
            found.append(p)
            stack.append((p, h))
            stack.append((l, p))
        }
        found.sort { $0.carbon < $1.carbon }
        return ParetoFrontier(points: scale.extremePoints(found, tolerance: tau), solves: session.log,
                              solverName: solver.name)
    }

    /// The exact optimum of `objective` (α·T/T_max + β·C_min/C) over `problem`'s feasible set:
    /// enumerates the frontier, then evaluates every extreme point
    /// (``ParetoFrontier/optimum(of:normalization:)``).
    public static func optimize(_ problem: BiObjectiveProblem, objective: ThroughputCarbonObjective,
                                using solver: any Solver,
                                options: FrontierOptions = FrontierOptions()) throws(FrontierError) -> FrontierOptimum {
        try frontier(of: problem, using: solver, options: options).optimum(of: objective)
    }
}

/// The normalisation of the (T, C) plane used for tolerance tests.
struct Scale {
    let throughput: Double
    let carbon: Double

    init(_ a: FrontierPoint, _ b: FrontierPoint) {
        let t = max(abs(a.throughput), abs(b.throughput))
        let c = max(abs(a.carbon), abs(b.carbon))
        throughput = t > 0 && t.isFinite ? t : 1
        carbon = c > 0 && c.isFinite ? c : 1
    }

    init(points: [FrontierPoint]) {
        var t = 0.0, c = 0.0
        for p in points {
            t = max(t, abs(p.throughput))
            c = max(c, abs(p.carbon))
        }
        throughput = t > 0 && t.isFinite ? t : 1
        carbon = c > 0 && c.isFinite ? c : 1
    }

    func isSamePoint(_ a: FrontierPoint, _ b: FrontierPoint, tolerance: Double) -> Bool {
        abs(a.throughput - b.throughput) / throughput <= tolerance && abs(a.carbon - b.carbon) / carbon <= tolerance
    }

    /// Signed normalised distance of `p` beyond the line through `l` and `h` (l.C < h.C,
    /// l.T < h.T), positive on the side of larger T / smaller C.
    func distanceBeyond(_ p: FrontierPoint, from l: FrontierPoint, to h: FrontierPoint) -> Double {
        let dt = (h.throughput - l.throughput) / throughput
        let dc = (h.carbon - l.carbon) / carbon
        let pt = (p.throughput - l.throughput) / throughput
        let pc = (p.carbon - l.carbon) / carbon
        let norm = (dt * dt + dc * dc).squareRoot()
        guard norm > 0 else { return 0 }
        return (dc * pt - dt * pc) / norm
    }

    /// From points sorted by carbon: drops near-duplicates and points within `tolerance` of the
    /// chord between their neighbours (not extreme), until none is left.
    func extremePoints(_ sorted: [FrontierPoint], tolerance: Double) -> [FrontierPoint] {
        var pts: [FrontierPoint] = []
        for p in sorted {
            if let last = pts.last, isSamePoint(last, p, tolerance: tolerance) { continue }
            pts.append(p)
        }
        var changed = true
        while changed && pts.count > 2 {
            changed = false
            var k = 1
            while k < pts.count - 1 {
                if distanceBeyond(pts[k], from: pts[k - 1], to: pts[k + 1]) <= tolerance {
                    pts.remove(at: k)
                    changed = true
                } else {
                    k += 1
                }
            }
        }
        return pts
    }
}
