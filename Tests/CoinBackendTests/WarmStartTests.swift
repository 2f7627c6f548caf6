import Testing
import LinearModel
@testable import CoinBackend

@Suite("CLP incremental solves and warm start")
struct WarmStartTests {
    /// Changing only objective coefficients: primal simplex from the kept basis needs fewer
    /// iterations than a cold solve of the modified model, and reaches the same optimum.
    @Test func objectiveChangeWarmStartsWithFewerIterations() throws {
        let base = randomPackingLP(columns: 400, rows: 150, seed: 2024)
        let solver = CLPSolver()
        let first = try solver.solve(base)
        #expect(first.isOptimal && !first.warmStarted)

        var changed = base
        var rng = SplitMix64(seed: 5)
        for j in stride(from: 0, to: base.columnCount, by: 10) {
            changed.setObjectiveCoefficient(Variable(index: j), base.objective[j] * (0.5 + rng.unit()))
        }
        changed.objectiveConstant = 7  // handled by us, not CLP
        let warm = try solver.solve(changed)
        let cold = try CLPSolver().solve(changed)
        #expect(warm.isOptimal && cold.isOptimal)
        #expect(warm.warmStarted && !cold.warmStarted)
        #expect(close(warm.objectiveValue, try #require(cold.objectiveValue), tol: 1e-8))
        #expect(close(warm.objectiveValue, changed.objectiveValue(warm.values), tol: 1e-8))
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
    }

    /// Changing only bounds and right-hand sides: dual simplex from the kept basis.
    @Test func boundChangeWarmStartsWithFewerIterations() throws {
        let base = randomPackingLP(columns: 400, rows: 150, seed: 77)
        let solver = CLPSolver()
        _ = try solver.solve(base)

        var changed = base
        var rng = SplitMix64(seed: 6)
        for i in stride(from: 0, to: base.rowCount, by: 5) {
            changed.setBounds(Constraint(index: i), lower: -.infinity, upper: base.rowUpper[i] * (0.7 + 0.2 * rng.unit()))
        }
        for j in stride(from: 0, to: base.columnCount, by: 20) {
            changed.setBounds(Variable(index: j), lower: 0, upper: base.columnUpper[j] * 0.5)
        }
        let warm = try solver.solve(changed)
        let cold = try CLPSolver().solve(changed)
        #expect(warm.isOptimal && cold.isOptimal)
        #expect(warm.warmStarted)
        #expect(close(warm.objectiveValue, try #require(cold.objectiveValue), tol: 1e-8))
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
    }

    /// Appending a column (entries in old rows and in a new row) and a row (entries in old and
    /// new columns) is applied incrementally and gives the cold optimum; so do a sense change
    /// and later a non-extension (which reloads).
    @Test func appendedRowsAndColumns() throws {
        var model = randomPackingLP(columns: 120, rows: 50, seed: 9)
        let solver = CLPSolver()
        _ = try solver.solve(model)

        let newColumn = model.addVariable("new", lower: 0, upper: 3, objective: 12,
                                          entries: [(Constraint(index: 0), 1.5), (Constraint(index: 7), 2)])
        model.addConstraint(LinearExpression(Variable(index: 1)) + Variable(index: 2) + 2 * newColumn <= 3)
        let warm = try solver.solve(model)
        let cold = try CLPSolver().solve(model)
        #expect(warm.warmStarted && warm.isOptimal)
        #expect(close(warm.objectiveValue, try #require(cold.objectiveValue), tol: 1e-8))
        #expect(warm.values.count == 121 && warm.duals?.count == 51)

        model.sense = .minimize  // objective-only change: min of a packing LP is 0
        let flipped = try solver.solve(model)
        #expect(flipped.warmStarted && flipped.isOptimal)
        #expect(close(flipped.objectiveValue, 0))

        let other = randomPackingLP(columns: 50, rows: 20, seed: 10)  // not an extension
        let reloaded = try solver.solve(other)
        let coldOther = try CLPSolver().solve(other)
        #expect(!reloaded.warmStarted)
        #expect(close(reloaded.objectiveValue, try #require(coldOther.objectiveValue), tol: 1e-8))
    }

    @Test func warmStartCanBeRefused() throws {
        let base = randomPackingLP(columns: 100, rows: 40, seed: 12)
        let solver = CLPSolver()
        _ = try solver.solve(base)
        var changed = base
        changed.setObjectiveCoefficient(Variable(index: 0), 100)
        for p in [SolverParameters(warmStart: false), SolverParameters(presolve: true),
                  SolverParameters(algorithm: .interiorPoint)] {
            let s = try solver.solve(changed, parameters: p)
            #expect(!s.warmStarted && s.isOptimal)
        }
        // Explicit algorithms are honoured on a warm start.
        changed.setObjectiveCoefficient(Variable(index: 1), 50)
        let dual = try solver.solve(changed, parameters: SolverParameters(algorithm: .dualSimplex))
        #expect(dual.warmStarted && dual.isOptimal)
        let cold = try CLPSolver().solve(changed)
        #expect(close(dual.objectiveValue, try #require(cold.objectiveValue), tol: 1e-8))
    }
}
