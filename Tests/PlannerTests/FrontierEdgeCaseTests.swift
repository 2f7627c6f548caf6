import LinearModel
import Planner
import Solvers
import Testing

@Suite struct FrontierEdgeCaseTests {
    /// T = x, C = c0 + c1·x on x ∈ [0, upper].
    func line(_ c0: Double, _ c1: Double, upper: Double = 1) -> BiObjectiveProblem {
        var m = Model()
        let x = m.addVariable("x", lower: 0, upper: upper)
        return BiObjectiveProblem(model: m, throughput: LinearExpression(x), carbon: c1 * x + c0)
    }

    @Test(arguments: [SolverChoice.glpk, .clp])
    func handWorkedFrontier(backend: SolverChoice) throws {
        // Two cards' worth of choices: T = 3a + 2b, C = 1 + 2a + b, a + b ≤ 1, a, b ≥ 0.
        // Extreme points: (0, 1) [idle], (2, 2) [b = 1], (3, 3) [a = 1].
        // (2,2) lies on the chord from (0,1) to (3,3)? chord at C=2: T=1.5 < 2, so it is extreme.
        var m = Model()
        let a = m.addVariable("a", lower: 0, upper: 1), b = m.addVariable("b", lower: 0, upper: 1)
        m.addConstraint(a + b <= 1)
        let p = BiObjectiveProblem(model: m, throughput: 3 * a + 2 * b, carbon: 2 * a + b + 1)
        let f = try DichotomicSearch.frontier(of: p, using: SolverFactory.make(backend))
        #expect(f.points.map(\.throughput).map { ($0 * 1e6).rounded() / 1e6 } == [0, 2, 3])
        #expect(f.points.map(\.carbon).map { ($0 * 1e6).rounded() / 1e6 } == [1, 2, 3])
        // k = 3: 4 lexicographic solves + 2k − 3 = 3 weighted sums.
        #expect(f.lpSolves == 7)
        // T_max = 3, C_min = 1. α = β = 0.5: (0,1) → 0.5; (2,2) → 0.5·2/3 + 0.5/2 = 0.583;
        // (3,3) → 0.5 + 0.5/3 = 0.667: the max-throughput end wins.
        let o = try f.optimum(of: ThroughputCarbonObjective(alpha: 0.5, beta: 0.5))
        #expect(o.index == 2)
        let o2 = try f.optimum(of: ThroughputCarbonObjective(alpha: 0.3, beta: 0.7))
        #expect(o2.index == 0)  // α = 0.3, β = 0.7: (0,1) → 0.7; (2,2) → 0.55; (3,3) → 0.533
        #expect(o.frontier.count == 3 && o.valuesAtPoints.count == 3)
    }

    @Test func singlePointFrontier() throws {
        // More throughput is also less carbon: one point dominates.
        let f = try DichotomicSearch.frontier(of: line(2, -1), using: SolverFactory.make(.clp))
        #expect(f.points.count == 1)
        #expect(f.lpSolves == 4)
        let o = try f.optimum(of: ThroughputCarbonObjective(alpha: 0.5, beta: 0.5))
        #expect(o.index == 0 && relClose(o.value, 1, 1e-12))
        #expect(o.reason.contains("single-point"))
    }

    @Test func zeroMinimumCarbonIsRejected() throws {
        let f = try DichotomicSearch.frontier(of: line(0, 1), using: SolverFactory.make(.glpk))
        #expect(f.points.count == 2)
        #expect(throws: FrontierError.nonPositiveMinimumCarbon(0)) {
            try f.optimum(of: ThroughputCarbonObjective(alpha: 0.5, beta: 0.5))
        }
    }

    @Test(arguments: [SolverChoice.glpk, .clp])
    func infeasibleAndUnbounded(backend: SolverChoice) throws {
        var p = line(1, 1)
        p.model.addConstraint(LinearExpression(Variable(index: 0)) >= 2)
        #expect(throws: FrontierError.infeasible) { try DichotomicSearch.frontier(of: p, using: SolverFactory.make(backend)) }
        #expect(throws: FrontierError.unboundedThroughput) {
            try DichotomicSearch.frontier(of: line(1, 1, upper: .infinity), using: SolverFactory.make(backend))
        }
        // Carbon unbounded below (T bounded): C = 1 − y with y free above, T = x ≤ 1.
        var m = Model()
        let x = m.addVariable("x", lower: 0, upper: 1), y = m.addVariable("y", lower: 0)
        let q = BiObjectiveProblem(model: m, throughput: LinearExpression(x), carbon: 1 - y)
        #expect(throws: FrontierError.unboundedCarbon) { try DichotomicSearch.frontier(of: q, using: SolverFactory.make(backend)) }
    }

    @Test func invalidInputsAreErrors() throws {
        #expect(throws: FrontierError.self) { try ThroughputCarbonObjective(alpha: 0, beta: 0) }
        #expect(throws: FrontierError.self) { try ThroughputCarbonObjective(alpha: -1, beta: 1) }
        #expect(throws: FrontierError.self) { try ThroughputCarbonObjective(alpha: .nan, beta: 1) }
        var p = line(1, 1)
        p.throughput = LinearExpression(Variable(index: 5))
        #expect(throws: FrontierError.self) { try DichotomicSearch.frontier(of: p, using: SolverFactory.make(.glpk)) }
        var q = line(1, 1)
        q.model.setKind(Variable(index: 0), .integer)
        #expect(throws: FrontierError.self) { try DichotomicSearch.frontier(of: q, using: SolverFactory.make(.glpk)) }
        #expect(throws: FrontierError.integerVariablesUnsupported(backend: "clp")) {
            try EpsilonConstraintScan.frontier(of: q, budgetCount: 5, using: SolverFactory.make(.clp))
        }
    }
}
