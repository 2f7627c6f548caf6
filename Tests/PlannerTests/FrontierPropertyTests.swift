import LinearModel
import Planner
import Solvers
import Testing

@Suite struct FrontierPropertyTests {
    @Test(arguments: 0..<20 as Range<UInt64>)
    func largerBetaNeverRaisesCarbon(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed &+ 300)
        let f = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.clp))
        var previous = Double.infinity
        for i in 0...50 {
            let beta = Double(i) / 50
            let opt = try f.optimum(of: ThroughputCarbonObjective(alpha: 1, beta: beta))
            #expect(opt.point.carbon <= previous, "β=\(beta)")
            previous = opt.point.carbon
        }
    }

    @Test(arguments: 0..<20 as Range<UInt64>)
    func looserCapNeverLowersTheOptimum(seed: UInt64) throws {
        let tight = TimeSharingInstance(seed: seed &+ 400, capScale: 0.8)
        let loose = TimeSharingInstance(seed: seed &+ 400, capScale: 1.1)
        let ft = try DichotomicSearch.frontier(of: tight.problem, using: SolverFactory.make(.glpk))
        let fl = try DichotomicSearch.frontier(of: loose.problem, using: SolverFactory.make(.glpk))
        // Fixed constants, so values compare across the two feasible sets.
        let norm = try ft.normalization()
        #expect(fl.maximumThroughput! >= ft.maximumThroughput! * (1 - 1e-9))
        #expect(fl.minimumCarbon! <= ft.minimumCarbon! * (1 + 1e-9))
        for (a, b) in [(0.9, 0.1), (0.3, 0.7), (0.5, 0.5)] {
            let obj = try ThroughputCarbonObjective(alpha: a, beta: b)
            let vt = try ft.optimum(of: obj, normalization: norm).value
            let vl = try fl.optimum(of: obj, normalization: norm).value
            #expect(vl >= vt - 1e-9 * vt, "α=\(a): loose \(vl) < tight \(vt)")
        }
    }

    @Test(arguments: [(SolverChoice.glpk, false), (.clp, false), (.glpk, true), (.clp, true)])
    func warmStartsTakeFewerIterations(backend: SolverChoice, large: Bool) throws {
        var warmTotal = 0, coldTotal = 0, solves = 0, points = 0
        for seed in 0..<(large ? 5 : 20) as Range<UInt64> {
            let inst = TimeSharingInstance(seed: seed &+ 500, size: large ? (6, 25) : nil)
            let warm = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(backend))
            var cold = FrontierOptions()
            cold.parameters.warmStart = false
            let c = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(backend), options: cold)
            // Same sequence of solves, same frontier.
            #expect(warm.lpSolves == c.lpSolves)
            try #require(warm.points.count == c.points.count)
            for (a, b) in zip(warm.points, c.points) {
                #expect(scaledClose(a.throughput, b.throughput, 1e-9, scale: warm.maximumThroughput!)
                        && scaledClose(a.carbon, b.carbon, 1e-9, scale: warm.points.last!.carbon))
            }
            #expect(warm.solves.dropFirst().allSatisfy { $0.warmStarted })
            #expect(!c.solves.contains { $0.warmStarted })
            warmTotal += warm.simplexIterations
            coldTotal += c.simplexIterations
            solves += warm.lpSolves
            points += warm.points.count
        }
        print("[\(backend)\(large ? ", 150 columns" : "")] \(large ? 5 : 20) instances: \(points) extreme points, \(solves) LP solves, iterations warm \(warmTotal) vs cold \(coldTotal)")
        // Measured: on the tiny instances (6–20 columns) CLP's cold solve with presolve needs
        // about as many iterations as the warm sequence (343 vs 363), so that one case is only
        // reported; GLPK at both sizes and CLP at 150 columns must be strictly better warm.
        if backend == .glpk || large { #expect(warmTotal < coldTotal) }
    }

    @Test func deterministic() throws {
        let inst = TimeSharingInstance(seed: 7)
        let a = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.glpk))
        let b = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.glpk))
        #expect(a.points.map(\.throughput) == b.points.map(\.throughput))
        #expect(a.points.map(\.carbon) == b.points.map(\.carbon))
        #expect(a.solves == b.solves)
    }
}
