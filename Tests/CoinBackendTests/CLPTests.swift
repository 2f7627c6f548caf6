import Testing
import LinearModel
@testable import CoinBackend

@Suite("CLP")
struct CLPTests {
    @Test func nameAndCapabilities() {
        let s = CLPSolver()
        #expect(s.name == "clp")
        #expect(s.capabilities.linearPrograms)
        #expect(!s.capabilities.integerVariables)
        #expect(s.capabilities.algorithms == [.primalSimplex, .dualSimplex, .interiorPoint])
        #expect(!s.capabilities.sensitivityRanging)
        #expect(!s.capabilities.nodeLimit)
        #expect(s.capabilities.presolveSwitch)
    }

    @Test(arguments: [nil, LPAlgorithm.primalSimplex, .dualSimplex, .interiorPoint])
    func dualSignsMinimize(algorithm: LPAlgorithm?) throws {
        let (model, v, r) = mixedLP(maximize: false)
        let s = try CLPSolver().solve(model, parameters: SolverParameters(algorithm: algorithm))
        #expect(s.termination.reason == .optimal)
        #expect(s.termination.primal == .feasible && s.termination.dual == .feasible)
        #expect(close(s.objectiveValue, 15))
        #expect(close(s.bestBound, 15))
        #expect(allClose(s.values, [1, 2, 0, 1, 0]))
        #expect(allClose(s.rowActivities, [1, 2, 3, 0]))
        #expect(allClose(s.duals, [1, 1, 0, 0]))
        #expect(allClose(s.reducedCosts, [0, 1, -2, 0, 4]))
        #expect(close(s.dual(r[1]), 1))
        #expect(close(s.reducedCost(v[2]), -2))
        #expect(s.solverName == "clp")
        #expect(s.nodes == 0)
        #expect(s.seconds >= s.loadSeconds && s.loadSeconds >= 0)
        // The ranged row is binding at its lower bound; c at its upper; b fixed.
        let basis = try #require(s.basis)
        #expect(basis.rows[1] == .atLower)
        #expect(basis.rows[0] == .fixed)
        #expect(basis.columns[2] == .atUpper)
        #expect(basis.columns[1] == .fixed)
        #expect(basis.columns[0] == .basic && basis.columns[3] == .basic)
    }

    @Test(arguments: [nil, LPAlgorithm.primalSimplex, .dualSimplex, .interiorPoint])
    func dualSignsMaximize(algorithm: LPAlgorithm?) throws {
        let (model, _, _) = mixedLP(maximize: true)
        let s = try CLPSolver().solve(model, parameters: SolverParameters(algorithm: algorithm))
        #expect(s.termination.reason == .optimal)
        #expect(close(s.objectiveValue, -15))
        #expect(allClose(s.values, [1, 2, 0, 1, 0]))
        // Same point, negated objective: every derivative of the objective is negated.
        #expect(allClose(s.duals, [-1, -1, 0, 0]))
        #expect(allClose(s.reducedCosts, [0, -1, 2, 0, -4]))
    }

    /// max x + y, x + 2y ≤ 4, 3x + y ≤ 6: the textbook case, duals 0.4 and 0.2 (≥ 0 for
    /// binding ≤ rows of a maximization); w (cost 0.5, in both rows) has reduced cost −0.1.
    @Test func classicMaximization() throws {
        var m = Model()
        let x = m.addVariable(objective: 1), y = m.addVariable(objective: 1)
        let w = m.addVariable(objective: 0.5)
        m.addConstraint(x + 2 * y + w <= 4)
        m.addConstraint(3 * x + y + w <= 6)
        m.sense = .maximize
        let s = try CLPSolver().solve(m)
        #expect(s.isOptimal)
        #expect(close(s.objectiveValue, 2.8))
        #expect(allClose(s.values, [1.6, 1.2, 0]))
        #expect(allClose(s.duals, [0.4, 0.2]))
        #expect(allClose(s.reducedCosts, [0, 0, -0.1]))
        #expect(s.basis?.rows == [.atUpper, .atUpper])
    }

    /// The sign convention checked against the definition: shifting a row's bounds (or a
    /// column's) by δ changes the optimal objective by dual·δ (reduced cost·δ).
    @Test(arguments: [false, true])
    func dualsMatchFiniteDifferences(maximize: Bool) throws {
        let (model, v, r) = mixedLP(maximize: maximize)
        let base = try CLPSolver().solve(model)
        let objective = try #require(base.objectiveValue)
        let duals = try #require(base.duals), reduced = try #require(base.reducedCosts)
        let delta = 1e-3
        for row in r {
            var shifted = model
            shifted.setBounds(row, lower: model.rowLower[row.index] + delta, upper: model.rowUpper[row.index] + delta)
            let o = try #require(try CLPSolver().solve(shifted).objectiveValue)
            #expect(abs((o - objective) / delta - duals[row.index]) < 1e-6, "row \(row.index)")
        }
        for col in v {
            var shifted = model
            shifted.setBounds(col, lower: model.columnLower[col.index] + delta, upper: model.columnUpper[col.index] + delta)
            let o = try #require(try CLPSolver().solve(shifted).objectiveValue)
            #expect(abs((o - objective) / delta - reduced[col.index]) < 1e-6, "column \(col.index)")
        }
    }

    @Test func noRowsAndNegativeColumn() throws {
        var m = Model()
        m.addVariable(lower: -3, upper: 5, objective: 1)
        m.addVariable(lower: -.infinity, upper: -2, objective: -1)
        let s = try CLPSolver().solve(m)
        #expect(s.isOptimal)
        #expect(allClose(s.values, [-3, -2]))
        #expect(close(s.objectiveValue, -1))
        #expect(s.rowActivities.isEmpty)
        #expect(allClose(s.reducedCosts, [1, -1]))
    }

    @Test(arguments: [nil, false, true])
    func infeasible(presolve: Bool?) throws {
        var m = Model()
        let x = m.addVariable(), y = m.addVariable()
        m.addConstraint(x + y <= 1)
        m.addConstraint(x + y >= 3)
        let s = try CLPSolver().solve(m, parameters: SolverParameters(presolve: presolve))
        #expect(s.termination.reason == .infeasible)
        #expect(s.termination.primal == .none)
        #expect(s.values.isEmpty && s.objectiveValue == nil && s.duals == nil)
    }

    @Test(arguments: [nil, LPAlgorithm.primalSimplex, .dualSimplex])
    func unbounded(algorithm: LPAlgorithm?) throws {
        var m = Model()
        let x = m.addVariable(objective: -1), y = m.addVariable()
        m.addConstraint(x - y <= 1)
        for presolve in [nil, false] as [Bool?] {
            let s = try CLPSolver().solve(m, parameters: SolverParameters(presolve: presolve, algorithm: algorithm))
            #expect(s.termination.reason == .unbounded)
            // Unbounded is only claimed with a feasible point in hand.
            #expect(s.termination.primal == .feasible)
            #expect(s.values.count == 2)
            #expect(s.values[0] - s.values[1] <= 1 + 1e-9 && s.values.allSatisfy { $0 >= -1e-9 })
            #expect(s.duals == nil)
        }
    }

    @Test func iterationLimit() throws {
        let m = randomPackingLP(columns: 300, rows: 120, seed: 7)
        let s = try CLPSolver().solve(m, parameters: SolverParameters(iterationLimit: 5, presolve: false,
                                                                      algorithm: .primalSimplex))
        #expect(s.termination.reason == .iterationLimit)
        #expect(s.iterations <= 5)
        // Primal simplex on a packing LP starts feasible (x = 0), so the point stays feasible
        // but is not yet optimal.
        #expect(s.termination.primal == .feasible)
        #expect(s.values.count == 300)
        let full = try CLPSolver().solve(m)
        #expect(full.isOptimal && full.iterations > 5)
        let partial = try #require(s.objectiveValue), optimum = try #require(full.objectiveValue)
        #expect(partial < optimum - 1e-6)
    }

    @Test func barrierMatchesSimplex() throws {
        let m = randomPackingLP(columns: 300, rows: 120, seed: 11)
        let barrier = try CLPSolver().solve(m, parameters: SolverParameters(algorithm: .interiorPoint))
        let dual = try CLPSolver().solve(m, parameters: SolverParameters(algorithm: .dualSimplex))
        let primal = try CLPSolver().solve(m, parameters: SolverParameters(presolve: false, algorithm: .primalSimplex))
        #expect(barrier.isOptimal && dual.isOptimal && primal.isOptimal)
        let o = try #require(dual.objectiveValue)
        #expect(close(barrier.objectiveValue, o, tol: 1e-7))
        #expect(close(primal.objectiveValue, o, tol: 1e-7))
        #expect(barrier.basis != nil)  // crossover gives a basis
        #expect(close(m.objectiveValue(barrier.values), o, tol: 1e-7))
    }

    @Test func objectiveValueMatchesValues() throws {
        let m = randomPackingLP(columns: 200, rows: 80, seed: 3)
        let s = try CLPSolver().solve(m)
        #expect(close(s.objectiveValue, m.objectiveValue(s.values)))
        #expect(allClose(s.rowActivities, m.rowActivities(s.values), tol: 1e-7))
    }

    @Test func sensitivityIsUnsupported() {
        #expect(throws: SolverError.unsupported(setting: "sensitivity ranging", backend: "clp",
                                                reason: "the COIN-OR CLP C interface exposes no ranging")) {
            try CLPSolver().sensitivity()
        }
    }

    @Test func rejectsWhatItCannotHonour() {
        let (lp, _, _) = mixedLP(maximize: false)
        var milp = lp
        milp.setKind(Variable(index: 3), .integer)
        let solver = CLPSolver()
        #expect(throws: SolverError.unsupported(setting: "integer variables", backend: "clp",
                                                reason: "CLP solves LPs; use cbc or glpk")) {
            try solver.solve(milp)
        }
        #expect(throws: SolverError.self) { try solver.solve(lp, parameters: SolverParameters(relativeMIPGap: 0.1)) }
        #expect(throws: SolverError.self) { try solver.solve(lp, parameters: SolverParameters(nodeLimit: 10)) }
        #expect(throws: SolverError.invalidParameter(name: "timeLimit", value: "-1.0", allowed: "a positive number of seconds")) {
            try solver.solve(lp, parameters: SolverParameters(timeLimit: -1))
        }
        var nan = lp
        nan.addConstraint(LinearExpression(Variable(index: 0)) * .nan <= 1)
        #expect(throws: SolverError.self) { try solver.solve(nan) }
        var crossed = lp
        crossed.setBounds(Variable(index: 3), lower: 5, upper: 1)
        do {
            _ = try solver.solve(crossed)
            Issue.record("crossed bounds accepted")
        } catch {
            guard case .invalidModel(.invalidColumnBounds) = error else {
                Issue.record("unexpected error \(error)"); return
            }
        }
        #expect(throws: SolverError.invalidModel(.empty)) { try solver.solve(Model()) }
        // Nothing reached CLP: no native model was ever created.
        #expect(!solver.hasNativeModel)
    }
}
