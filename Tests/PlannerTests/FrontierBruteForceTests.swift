import Foundation
import LinearModel
import Planner
import Solvers
import Testing

@Suite struct FrontierBruteForceTests {
    /// (a) A fine grid of weights: every weighted-sum optimum lies on the enumerated frontier,
    /// and every enumerated extreme point is the optimum of some weight.
    @Test(arguments: 0..<12 as Range<UInt64>)
    func weightGridMatchesFrontier(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed)
        let frontier = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.clp))
        let pts = frontier.points
        #expect(pts.count >= 1)
        let ts = max(abs(pts.last!.throughput), 1e-300), cs = max(abs(pts.last!.carbon), 1e-300)
        let brute = SolverFactory.make(.glpk)
        var model = inst.problem.model
        var hit = [Bool](repeating: false, count: pts.count)

        func solveWeighted(_ wt: Double, _ wc: Double) throws -> (Double, Double) {
            model.setObjective(inst.problem.throughput * (wt / ts) - inst.problem.carbon * (wc / cs), sense: .maximize)
            let s = try brute.solve(model)
            try #require(s.isOptimal)
            return (inst.problem.throughput.evaluate(s.values), inst.problem.carbon.evaluate(s.values))
        }
        func check(_ wt: Double, _ wc: Double, _ t: Double, _ c: Double) {
            // Weighted value of the LP optimum equals the best extreme point's.
            let v = wt * t / ts - wc * c / cs
            let best = pts.map { wt * $0.throughput / ts - wc * $0.carbon / cs }.max()!
            #expect(abs(v - best) <= 1e-8 * max(1, abs(v)), "weights (\(wt), \(wc)): LP \(v) vs frontier \(best)")
            // It lies on the frontier.
            if let ft = frontier.throughput(atCarbon: c) {
                #expect(scaledClose(ft, t, 1e-7, scale: ts), "(\(t), \(c)) is off the frontier (\(ft))")
            } else {
                #expect(relClose(c, pts.first!.carbon, 1e-9) || relClose(c, pts.last!.carbon, 1e-9),
                        "C \(c) T \(t) outside [\(pts.first!.carbon), \(pts.last!.carbon)] T [\(pts.first!.throughput), \(pts.last!.throughput)]")
            }
            for (k, p) in pts.enumerated() where scaledClose(p.throughput, t, 1e-7, scale: ts) && scaledClose(p.carbon, c, 1e-7, scale: cs) {
                hit[k] = true
            }
        }
        let n = 600
        for i in 1..<n {
            let theta = Double(i) / Double(n) * Double.pi / 2
            let (t, c) = try solveWeighted(cos(theta), sin(theta))
            check(cos(theta), sin(theta), t, c)
        }
        // Extreme points with a normal cone narrower than the grid: use the cone's middle.
        for k in pts.indices where !hit[k] {
            func angle(_ a: FrontierPoint, _ b: FrontierPoint) -> Double {
                atan2((b.carbon - a.carbon) / cs, (b.throughput - a.throughput) / ts)
            }
            let lo = k + 1 < pts.count ? angle(pts[k], pts[k + 1]) : 0
            let hi = k > 0 ? angle(pts[k - 1], pts[k]) : Double.pi / 2
            let theta = (lo + hi) / 2
            let (t, c) = try solveWeighted(cos(theta), sin(theta))
            check(cos(theta), sin(theta), t, c)
        }
        #expect(hit.allSatisfy { $0 }, "extreme points not hit by any weight: \(hit)")
        // Complexity: at most 2·k + 3 LP solves.
        #expect(frontier.lpSolves <= 2 * pts.count + 3)
    }

    /// (b) The optimum of α·T/T_max + β·C_min/C from the frontier versus a very fine
    /// ε-constraint scan (max T s.t. C ≤ ε).
    @Test(arguments: 0..<12 as Range<UInt64>)
    func optimumMatchesEpsilonScan(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed &+ 100)
        let frontier = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.glpk))
        let norm = try frontier.normalization()
        let cLow = frontier.points.first!.carbon, cHigh = frontier.points.last!.carbon
        // The scan, on its own solver and model copy.
        let scanSolver = SolverFactory.make(.clp)
        var model = inst.problem.model
        let cexpr = inst.problem.carbon.merged()
        let cap = model.addRow(indices: cexpr.indices, coefficients: cexpr.coefficients, lower: -.infinity, upper: .infinity)
        model.setObjective(inst.problem.throughput, sense: .maximize)
        let n = 2000
        var scan: [(t: Double, c: Double)] = []
        for i in 0...n {
            let eps = i == n ? cHigh : cLow + (cHigh - cLow) * Double(i) / Double(n)
            model.setBounds(cap, lower: -.infinity, upper: eps - inst.problem.carbon.constant)
            let s = try scanSolver.solve(model)
            try #require(s.isOptimal)
            scan.append((inst.problem.throughput.evaluate(s.values), inst.problem.carbon.evaluate(s.values)))
        }
        var maxSlope = 0.0
        let h = (cHigh - cLow) / Double(n)
        for i in 1..<scan.count where h > 0 { maxSlope = max(maxSlope, (scan[i].t - scan[i - 1].t) / h) }
        for (alpha, beta) in [(0.9, 0.1), (0.3, 0.7), (0.5, 0.5), (0.1, 0.9), (1, 0), (0, 1)] {
            let objective = try ThroughputCarbonObjective(alpha: alpha, beta: beta)
            let opt = try frontier.optimum(of: objective)
            let scanBest = scan.map { objective.value(throughput: $0.t, carbon: $0.c, normalization: norm) }.max()!
            // The frontier is never below the scan's best…
            #expect(opt.value >= scanBest - 1e-9 * max(1, abs(scanBest)), "α=\(alpha): frontier \(opt.value) < scan \(scanBest)")
            // …and above it by at most the scan's resolution.
            let lipschitz = alpha * maxSlope / norm.maximumThroughput + beta / norm.minimumCarbon
            #expect(opt.value - scanBest <= h * lipschitz * 1.01 + 1e-9 * max(1, abs(scanBest)),
                    "α=\(alpha): frontier \(opt.value) vs scan \(scanBest), resolution \(h * lipschitz)")
            // Where comparable (the optimum is a grid end), equal to 1e-9.
            if opt.index == 0 || opt.index == frontier.points.count - 1 {
                #expect(relClose(opt.value, scanBest, 1e-9))
            }
            #expect(opt.reason.contains("α·T/T_max") && opt.reason.contains("β·C_min/C"))
        }
    }

    /// GLPK and CLP give the same frontier and the same optimum.
    @Test(arguments: 0..<15 as Range<UInt64>)
    func backendsAgree(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed &+ 200)
        let g = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.glpk))
        let c = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.clp))
        try #require(g.points.count == c.points.count)
        for (a, b) in zip(g.points, c.points) {
            #expect(scaledClose(a.throughput, b.throughput, 1e-9, scale: g.maximumThroughput!)
                    && scaledClose(a.carbon, b.carbon, 1e-9, scale: g.points.last!.carbon),
                    "glpk (\(a.throughput), \(a.carbon)) [\(a.foundBy)] vs clp (\(b.throughput), \(b.carbon)) [\(b.foundBy)]")
        }
        let obj = try ThroughputCarbonObjective(alpha: 0.9, beta: 0.1)
        let og = try g.optimum(of: obj), oc = try c.optimum(of: obj)
        #expect(relClose(og.value, oc.value, 1e-9))
        #expect(og.index == oc.index)
        #expect(g.solverName == "glpk" && c.solverName == "clp")
    }
}
