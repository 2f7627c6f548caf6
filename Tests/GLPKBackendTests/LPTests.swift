import Testing
import LinearModel
@testable import GLPKBackend

@Suite("GLPK LP")
struct LPTests {
    @Test func identityAndCapabilities() {
        let s = GLPKSolver()
        #expect(s.name == "glpk")
        #expect(s.capabilities.linearPrograms && s.capabilities.integerVariables)
        #expect(s.capabilities.algorithms == [.primalSimplex, .dualSimplex, .interiorPoint])
        #expect(s.capabilities.sensitivityRanging)
        #expect(!s.capabilities.nodeLimit)
        #expect(s.capabilities.presolveSwitch)
    }

    @Test(arguments: [LPAlgorithm.primalSimplex, .dualSimplex])
    func mixedRowsMinimize(algorithm: LPAlgorithm) throws {
        let s = GLPKSolver()
        let r = try s.solve(Fixtures.mixedRows(), parameters: SolverParameters(algorithm: algorithm))
        #expect(r.termination.reason == .optimal)
        #expect(r.termination.primal == .feasible && r.termination.dual == .feasible)
        #expect(close(r.objectiveValue, 18))
        #expect(close(r.bestBound, 18))
        #expect(close(r.values, [5.5, -1.5, -3.5, 1]))
        #expect(close(r.rowActivities, [5, -2.5, 2, -5]))
        // dual = ∂objective/∂rhs: the ≥ row and the ranged row at its lower bound cost 2 and 1.
        #expect(close(r.duals, [2, 0, 0, 1]))
        #expect(close(r.reducedCosts, [0, 0, 0, 3]))
        #expect(r.solverName == "glpk")
        #expect(r.nodes == 0)
        #expect(r.iterations >= 1)
        #expect(r.seconds >= r.loadSeconds && r.loadSeconds >= 0)
        let basis = try #require(r.basis)
        #expect(basis.columns == [.basic, .basic, .basic, .fixed])
        #expect(basis.rows[1] == .basic)
        #expect(basis.rows[0] == .atLower && basis.rows[3] == .atLower)
    }

    @Test func mixedRowsMaximizeFlipsDerivatives() throws {
        let r = try GLPKSolver().solve(Fixtures.mixedRows(maximize: true))
        #expect(r.termination.reason == .optimal)
        #expect(close(r.objectiveValue, -18))
        #expect(close(r.values, [5.5, -1.5, -3.5, 1]))
        #expect(close(r.duals, [-2, 0, 0, -1]))
        #expect(close(r.reducedCosts, [0, 0, 0, -3]))
    }

    @Test func wyndorDualsBothSenses() throws {
        let max = try GLPKSolver().solve(Fixtures.wyndor())
        #expect(close(max.objectiveValue, 36))
        #expect(close(max.values, [2, 6]))
        #expect(close(max.duals, [0, 1.5, 1]))
        let min = try GLPKSolver().solve(Fixtures.wyndor(minimizeNegated: true))
        #expect(close(min.objectiveValue, -36))
        #expect(close(min.duals, [0, -1.5, -1]))
    }

    /// Checks dual = ∂objective/∂rhs and reduced cost = ∂objective/∂bound by re-solving with the
    /// active bound moved by ε, for both senses.
    @Test(arguments: [false, true])
    func dualsMatchFiniteDifferences(maximize: Bool) throws {
        for base in [Fixtures.mixedRows(maximize: maximize), Fixtures.wyndor(minimizeNegated: !maximize)] {
            let r = try GLPKSolver().solve(base)
            let obj = try #require(r.objectiveValue)
            let duals = try #require(r.duals), rc = try #require(r.reducedCosts)
            let eps = 1e-3
            for i in 0..<base.rowCount {
                let lo = base.rowLower[i], up = base.rowUpper[i], a = r.rowActivities[i]
                var m = base
                let c = Constraint(index: i)
                if lo == up { m.setBounds(c, lower: lo + eps, upper: up + eps) }
                else if lo.isFinite && abs(a - lo) < 1e-9 { m.setBounds(c, lower: lo + eps, upper: up) }
                else if up.isFinite && abs(a - up) < 1e-9 { m.setBounds(c, lower: lo, upper: up + eps) }
                else { #expect(abs(duals[i]) < 1e-9); continue }
                let p = try GLPKSolver().solve(m)
                let slope = (try #require(p.objectiveValue) - obj) / eps
                #expect(abs(slope - duals[i]) < 1e-6, "row \(i): slope \(slope) vs dual \(duals[i])")
            }
            for j in 0..<base.columnCount where r.basis?.columns[j] != .basic {
                let lo = base.columnLower[j], up = base.columnUpper[j], x = r.values[j]
                var m = base
                let v = Variable(index: j)
                if lo == up { m.setBounds(v, lower: lo + eps, upper: up + eps) }
                else if abs(x - lo) < 1e-9 { m.setBounds(v, lower: lo + eps, upper: up) }
                else { m.setBounds(v, lower: lo, upper: up - eps) }
                let p = try GLPKSolver().solve(m)
                let delta = lo == up || abs(x - lo) < 1e-9 ? eps : -eps
                let slope = (try #require(p.objectiveValue) - obj) / delta
                #expect(abs(slope - rc[j]) < 1e-6, "column \(j): slope \(slope) vs reduced cost \(rc[j])")
            }
        }
    }

    @Test func modelWithoutRows() throws {
        var m = Model()
        let x = m.addVariable(lower: -2, upper: 3, objective: 1)
        _ = x
        let r = try GLPKSolver().solve(m)
        #expect(r.termination.reason == .optimal)
        #expect(close(r.values, [-2]))
        #expect(close(r.objectiveValue, -2))
    }

    @Test(arguments: [LPAlgorithm.primalSimplex, .dualSimplex])
    func infeasible(algorithm: LPAlgorithm) throws {
        var m = Model()
        let x = m.addVariable(), y = m.addVariable()
        m.addConstraint(x + y <= 1)
        m.addConstraint(x + y >= 2)
        m.setObjective(x + y, sense: .minimize)
        let r = try GLPKSolver().solve(m, parameters: SolverParameters(algorithm: algorithm))
        #expect(r.termination.reason == .infeasible)
        #expect(r.termination.primal == .none)
        #expect(r.values.isEmpty && r.objectiveValue == nil)
        let pre = try GLPKSolver().solve(m, parameters: SolverParameters(presolve: true, algorithm: algorithm))
        #expect(pre.termination.reason == .infeasible)
    }

    @Test func unbounded() throws {
        var m = Model()
        let x = m.addVariable(), y = m.addVariable()
        m.addConstraint(x - y <= 1)
        m.setObjective(x + y, sense: .maximize)
        let r = try GLPKSolver().solve(m)
        #expect(r.termination.reason == .unbounded)
        #expect(r.termination.primal == .feasible)
        #expect(r.duals == nil)
        let pre = try GLPKSolver().solve(m, parameters: SolverParameters(presolve: true))
        #expect(pre.termination.reason == .unbounded || pre.termination.reason == .infeasibleOrUnbounded)
        #expect(pre.termination.reason != .optimal)
    }

    @Test func iterationLimit() throws {
        let m = Fixtures.randomLP(seed: 7)
        let full = try GLPKSolver().solve(m)
        #expect(full.termination.reason == .optimal)
        #expect(full.iterations > 5)
        let r = try GLPKSolver().solve(m, parameters: SolverParameters(iterationLimit: 5))
        #expect(r.termination.reason == .iterationLimit)
        #expect(r.iterations <= 5)
        #expect(r.bestBound == nil)
    }

    @Test func presolvedLPMatches() throws {
        let m = Fixtures.randomLP(seed: 11)
        let a = try GLPKSolver().solve(m)
        let b = try GLPKSolver().solve(m, parameters: SolverParameters(presolve: true))
        #expect(b.termination.reason == .optimal)
        #expect(close(a.objectiveValue, b.objectiveValue))
        #expect(!b.warmStarted)
    }

    @Test func interiorPointMatchesSimplex() throws {
        for m in [Fixtures.randomLP(seed: 3), Fixtures.wyndor(), Fixtures.mixedRows()] {
            let simplex = try GLPKSolver().solve(m)
            let ipt = try GLPKSolver().solve(m, parameters: SolverParameters(algorithm: .interiorPoint))
            #expect(ipt.termination.reason == .optimal)
            #expect(close(simplex.objectiveValue, ipt.objectiveValue, 1e-6))
            #expect(ipt.basis == nil)
            #expect(ipt.duals != nil)
        }
        let w = try GLPKSolver().solve(Fixtures.wyndor(), parameters: SolverParameters(algorithm: .interiorPoint))
        #expect(close(w.duals, [0, 1.5, 1], 1e-6))
    }
}

extension LPTests {
    /// A large LP (about a second of simplex work unlimited) stopped after 20 ms.
    @Test func lpTimeLimit() throws {
        let m = Fixtures.randomLP(seed: 5, columns: 2000, rows: 1000, density: 0.02)
        let r = try GLPKSolver().solve(m, parameters: SolverParameters(timeLimit: 0.02))
        #expect(r.termination.reason == .timeLimit)
        #expect(r.values.isEmpty == (r.termination.primal == .none))
        #expect(r.bestBound == nil)
        #expect(r.seconds < 30)
    }
}
