import Testing
import LinearModel
@testable import GLPKBackend

@Suite("GLPK incremental solves and warm start")
struct WarmStartTests {
    @Test func objectiveChangeWarmStartsWithFewerIterations() throws {
        let base = Fixtures.randomLP(seed: 2024)
        let s = GLPKSolver()
        let first = try s.solve(base)
        #expect(first.termination.reason == .optimal && !first.warmStarted)

        var changed = base
        var rng = SplitMix64(seed: 99)
        for _ in 0..<30 {
            let j = rng.int(0...(base.columnCount - 1))
            changed.setObjectiveCoefficient(Variable(index: j), base.objective[j] * rng.uniform(0.5, 1.5))
        }
        let warm = try s.solve(changed)
        let cold = try GLPKSolver().solve(changed)
        #expect(warm.termination.reason == .optimal && cold.termination.reason == .optimal)
        #expect(warm.warmStarted && !cold.warmStarted)
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
        #expect(close(warm.objectiveValue, cold.objectiveValue, 1e-9))
        #expect(close(warm.objectiveValue, changed.objectiveValue(warm.values), 1e-9))
    }

    @Test func boundChangeWarmStartsWithFewerIterations() throws {
        let base = Fixtures.randomLP(seed: 77)
        let s = GLPKSolver()
        _ = try s.solve(base)

        var changed = base
        var rng = SplitMix64(seed: 5)
        for _ in 0..<15 {
            let i = rng.int(0...(base.rowCount - 1))
            changed.setBounds(Constraint(index: i), lower: -.infinity, upper: base.rowUpper[i] * rng.uniform(0.7, 0.95))
        }
        for _ in 0..<15 {
            let j = rng.int(0...(base.columnCount - 1))
            changed.setBounds(Variable(index: j), lower: 0, upper: base.columnUpper[j] * 0.5)
        }
        let warm = try s.solve(changed)
        let cold = try GLPKSolver().solve(changed)
        #expect(warm.termination.reason == .optimal && cold.termination.reason == .optimal)
        #expect(warm.warmStarted && !cold.warmStarted)
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
        #expect(close(warm.objectiveValue, cold.objectiveValue, 1e-9))
    }

    @Test func appendedRowsAndColumnsMatchColdSolve() throws {
        let base = Fixtures.randomLP(seed: 8, columns: 60, rows: 30, density: 0.2)
        let s = GLPKSolver()
        _ = try s.solve(base)
        var grown = base
        // A new column with entries in old rows, and new rows touching old and new columns.
        let v = grown.addVariable(lower: 0, upper: 10, objective: 12,
                                  entries: [(Constraint(index: 0), 2), (Constraint(index: 5), 1)])
        let w = grown.addVariable(lower: 0, upper: 4, objective: 3)
        grown.addConstraint(v + Variable(index: 1) + 2 * w <= 6)
        grown.addConstraint(Variable(index: 2) + Variable(index: 3) - v >= -3)
        grown.addConstraint(2 * w <= 5)
        #expect(ModelChanges.between(base, grown) != nil)
        let warm = try s.solve(grown)
        let cold = try GLPKSolver().solve(grown)
        #expect(warm.termination.reason == .optimal && cold.termination.reason == .optimal)
        #expect(warm.warmStarted)
        #expect(close(warm.objectiveValue, cold.objectiveValue, 1e-9))
        #expect(close(warm.rowActivities, grown.rowActivities(warm.values), 1e-7))
    }

    @Test func senseChangeAndReload() throws {
        let s = GLPKSolver()
        var m = Fixtures.wyndor()
        _ = try s.solve(m)
        m.sense = .minimize
        let r = try s.solve(m)
        #expect(close(r.objectiveValue, 0))
        // Not an extension (fewer rows): reloaded from scratch, not warm.
        var smaller = Model()
        let x = smaller.addVariable(objective: 1)
        smaller.addConstraint(x >= 2)
        let r2 = try s.solve(smaller)
        #expect(!r2.warmStarted)
        #expect(close(r2.objectiveValue, 2))
    }

    @Test func warmStartOffOrPresolveOnIsCold() throws {
        let base = Fixtures.randomLP(seed: 31)
        let s = GLPKSolver()
        _ = try s.solve(base)
        var changed = base
        changed.setObjectiveCoefficient(Variable(index: 0), 100)
        let off = try s.solve(changed, parameters: SolverParameters(warmStart: false))
        #expect(!off.warmStarted)
        changed.setObjectiveCoefficient(Variable(index: 1), 100)
        let pre = try s.solve(changed, parameters: SolverParameters(presolve: true))
        #expect(!pre.warmStarted)
        let cold = try GLPKSolver().solve(changed)
        #expect(close(pre.objectiveValue, cold.objectiveValue, 1e-9))
    }

    @Test func milpAfterKindChange() throws {
        let s = GLPKSolver()
        var m = Fixtures.smallMILP()
        m.relaxIntegrality()
        let lp = try s.solve(m)
        #expect(close(lp.objectiveValue, 28))
        m.setKind(Variable(index: 0), .integer)
        m.setKind(Variable(index: 1), .integer)
        let mip = try s.solve(m)
        #expect(mip.termination.reason == .optimal)
        #expect(close(mip.objectiveValue, 27))
    }
}
