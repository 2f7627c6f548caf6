import LinearModel
import Planner
import Solvers
import Testing

@Suite struct EpsilonConstraintTests {
    /// Binary choice of items (throughput, carbon) with a count limit; brute force over subsets.
    struct Knapsack {
        var items: [(t: Double, c: Double)]
        var limit: Int
        var problem: BiObjectiveProblem

        init(seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            items = (0..<8).map { _ in (rng.uniform(1, 20).rounded(), rng.uniform(1, 20).rounded()) }
            limit = 3 + Int(rng.next() % 3)
            var m = Model()
            let y = m.addVariables(count: items.count, kind: .binary)
            m.addConstraint(LinearExpression.sum(y) <= Double(limit))
            var t = LinearExpression(), c = LinearExpression(constant: 5)  // idle carbon 5 g
            for (v, it) in zip(y, items) { t.add(v, it.t); c.add(v, it.c) }
            problem = BiObjectiveProblem(model: m, throughput: t, carbon: c)
        }

        /// The true non-dominated (T, C) set, by increasing C.
        func nonDominated() -> [(t: Double, c: Double)] {
            var all: [(t: Double, c: Double)] = []
            for mask in 0..<(1 << items.count) where mask.nonzeroBitCount <= limit {
                var t = 0.0, c = 5.0
                for i in items.indices where mask & (1 << i) != 0 { t += items[i].t; c += items[i].c }
                all.append((t, c))
            }
            all.sort { $0.c != $1.c ? $0.c < $1.c : $0.t > $1.t }
            var out: [(t: Double, c: Double)] = []
            for p in all where out.last.map({ p.t > $0.t }) ?? true { out.append(p) }
            return out
        }
    }

    @Test(arguments: [SolverChoice.glpk, .cbc])
    func findsTheNonDominatedSetOnAFineGrid(backend: SolverChoice) throws {
        var unsupportedSeen = 0
        for seed in 0..<6 as Range<UInt64> {
            let k = Knapsack(seed: seed)
            let truth = k.nonDominated()
            let f = try EpsilonConstraintScan.frontier(of: k.problem, budgetCount: 300, using: SolverFactory.make(backend))
            // Every reported point is truly non-dominated.
            for p in f.points {
                #expect(truth.contains { relClose($0.t, p.throughput, 1e-9) && relClose($0.c, p.carbon, 1e-9) },
                        "seed \(seed): (\(p.throughput), \(p.carbon)) is not non-dominated")
            }
            // Integer carbon values 1 g apart and a grid finer than 1 g: all are found.
            let spacing = (truth.last!.c - truth.first!.c) / 299
            if spacing < 1 { #expect(f.points.count == truth.count, "seed \(seed)") }
            // Supported = on the upper concave hull of the true set (all found here).
            for p in f.points where !p.isSupported {
                // Strictly below the chord of some pair of true points around it.
                let below = truth.contains { a in truth.contains { b in
                    a.c < p.carbon && p.carbon < b.c && p.throughput < a.t + (b.t - a.t) * (p.carbon - a.c) / (b.c - a.c) - 1e-9
                } }
                #expect(below)
                unsupportedSeen += 1
            }
            #expect(f.solveCount == 4 + 2 * 298)
            let opt = try f.optimum(of: ThroughputCarbonObjective(alpha: 0.5, beta: 0.5))
            // Over a complete set, the optimum equals the brute-force best.
            let tm = truth.last!.t, cm = truth.first!.c
            let best = truth.map { 0.5 * $0.t / tm + 0.5 * cm / $0.c }.max()!
            #expect(relClose(opt.value, best, 1e-12))
        }
        #expect(unsupportedSeen > 0, "the instances should have unsupported points")
    }

    @Test func lpFrontierFromTheScanLiesOnTheExactFrontier() throws {
        let inst = TimeSharingInstance(seed: 11)
        let exact = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.glpk))
        let scan = try EpsilonConstraintScan.frontier(of: inst.problem, budgetCount: 50, using: SolverFactory.make(.glpk))
        for p in scan.points {
            #expect(relClose(exact.throughput(atCarbon: p.carbon) ?? .nan, p.throughput, 1e-7))
            #expect(p.isSupported)
        }
    }
}
