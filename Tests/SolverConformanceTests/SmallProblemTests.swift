import LinearModel
import Solvers
import Testing

/// One conformance suite that every backend runs: same problems, same expected statuses,
/// objective values, primal values and duals.
@Suite("Conformance: small problems")
struct SmallProblemTests {
    /// min −3x − 5y  s.t.  x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18, x, y ≥ 0 (optimum x = 2, y = 6).
    static func classic(_ sense: ObjectiveSense) -> (Model, Variable, Variable, [Constraint]) {
        var m = Model(name: "classic")
        let x = m.addVariable("x"), y = m.addVariable("y")
        let c1 = m.addConstraint(x <= 4, name: "c1")
        let c2 = m.addConstraint(2 * y <= 12, name: "c2")
        let c3 = m.addConstraint(3 * x + 2 * y <= 18, name: "c3")
        let s: Double = sense == .minimize ? -1 : 1
        m.setObjective(s * 3 * x + s * 5 * y + 10, sense: sense)
        return (m, x, y, [c1, c2, c3])
    }

    @Test(arguments: backends(forMILP: false), [ObjectiveSense.minimize, .maximize])
    func classicLP(_ backend: SolverChoice, _ sense: ObjectiveSense) throws {
        let (m, x, y, rows) = Self.classic(sense)
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .optimal)
        #expect(s.termination.primal == .feasible)
        let sign: Double = sense == .minimize ? -1 : 1
        #expect(try #require(s.objectiveValue).isClose(to: sign * 36 + 10, relative: 1e-9))
        #expect(try #require(s[x]).isClose(to: 2, relative: 1e-9, absolute: 1e-9))
        #expect(try #require(s[y]).isClose(to: 6, relative: 1e-9, absolute: 1e-9))
        // ∂objective/∂rhs: c2 is worth 1.5 per unit, c3 is worth 1 per unit, c1 is slack.
        #expect(try #require(s.dual(rows[0])).isClose(to: 0, absolute: 1e-9))
        #expect(try #require(s.dual(rows[1])).isClose(to: sign * 1.5, relative: 1e-9))
        #expect(try #require(s.dual(rows[2])).isClose(to: sign * 1, relative: 1e-9))
        #expect(try #require(s.reducedCost(x)).isClose(to: 0, absolute: 1e-9))
        #expect(kktViolations(m, s).isEmpty, "\(kktViolations(m, s))")
    }

    /// Objectives of very small or very large magnitude (normalised objectives have costs of
    /// 1e-6…1e-4) are solved as precisely as unit ones: optimality tolerances are absolute,
    /// so backends scale the objective and unscale objective, duals and reduced costs.
    @Test(arguments: backends(forMILP: false), [1e-9, 1e-6, 1e8])
    func objectiveMagnitudeDoesNotCostPrecision(_ backend: SolverChoice, _ factor: Double) throws {
        let (base, _, _, rows) = Self.classic(.maximize)
        var m = base
        for j in 0..<m.columnCount { m.setObjectiveCoefficient(Variable(index: j), base.objective[j] * factor) }
        m.objectiveConstant = 0
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.isOptimal)
        #expect(try #require(s.objectiveValue).isClose(to: 36 * factor, relative: 1e-12))
        #expect(try #require(s.dual(rows[1])).isClose(to: 1.5 * factor, relative: 1e-12))
        #expect(try #require(s.dual(rows[2])).isClose(to: 1 * factor, relative: 1e-12))
        // Warm re-solve after growing the costs a thousandfold changes the scale factor.
        for j in 0..<m.columnCount { m.setObjectiveCoefficient(Variable(index: j), m.objective[j] * 1000) }
        let solver = SolverFactory.make(backend)
        _ = try solver.solve(base)
        let again = try solver.solve(m)
        #expect(try #require(again.objectiveValue).isClose(to: 36_000 * factor, relative: 1e-12))
    }

    /// Every row sense and bound type at once: ranged, ≥, =, ≤ rows; free, negative, fixed and
    /// boxed columns. Worked by hand: substituting w = 3 − x − y (from the equality, z = 2)
    /// leaves min 1.5(x − y) − 0.1y + 7.5, so x − y sits at the ranged row's lower end 1 and y at
    /// its upper bound −1: x = 0, y = −1, z = 2, w = 4, objective 9.1. With x and w basic,
    /// c_w = y_eq gives y_eq = 0.5 and c_x = y_ranged + y_eq gives y_ranged = 1.5; d_y = −0.1, d_z = 2.5.
    static func mixedBounds() -> Model {
        var m = Model(name: "mixed")
        let x = m.addVariable("x", lower: -.infinity, upper: .infinity)  // free
        let y = m.addVariable("y", lower: -4, upper: -1)                  // negative
        let z = m.addVariable("z", lower: 2, upper: 2)                    // fixed
        let w = m.addVariable("w", lower: 0, upper: 10)
        m.addConstraint(x - y, lower: 1, upper: 3, name: "ranged")
        m.addConstraint(x + w >= 2, name: "ge")
        m.addConstraint(x + y + z + w == 5, name: "eq")
        m.addConstraint(x + 2 * w <= 9, name: "le")
        m.setObjective(2 * x - 1.1 * y + 3 * z + 0.5 * w, sense: .minimize)
        return m
    }

    @Test(arguments: backends(forMILP: false))
    func everyRowAndBoundType(_ backend: SolverChoice) throws {
        let m = Self.mixedBounds()
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .optimal)
        #expect(try #require(s.objectiveValue).isClose(to: 9.1, relative: 1e-9))
        for (j, expected) in [0.0, -1, 2, 4].enumerated() {
            #expect(try #require(s[Variable(index: j)]).isClose(to: expected, relative: 1e-9, absolute: 1e-9))
        }
        for (i, expected) in [1.5, 0, 0.5, 0].enumerated() {
            #expect(try #require(s.dual(Constraint(index: i))).isClose(to: expected, relative: 1e-9, absolute: 1e-9))
        }
        #expect(try #require(s.reducedCost(Variable(index: 1))).isClose(to: -0.1, relative: 1e-9))
        #expect(try #require(s.reducedCost(Variable(index: 2))).isClose(to: 2.5, relative: 1e-9))
        #expect(kktViolations(m, s).isEmpty, "\(kktViolations(m, s))")
    }

    @Test(arguments: backends(forMILP: false))
    func infeasibleLP(_ backend: SolverChoice) throws {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        m.addConstraint(x + y >= 4, name: "need")
        m.addConstraint(x + 2 * y <= 2, name: "cap")
        m.setObjective(x + y, sense: .minimize)
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .infeasible)
        #expect(!s.termination.hasFeasiblePoint)
        #expect(s.objectiveValue == nil)
    }

    @Test(arguments: backends(forMILP: false))
    func unboundedLP(_ backend: SolverChoice) throws {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        m.addConstraint(x - y <= 1, name: "r")
        m.setObjective(x + y, sense: .maximize)
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .unbounded)
    }

    @Test(arguments: backends(forMILP: true))
    func smallMILP(_ backend: SolverChoice) throws {
        // max x + 2y  s.t.  −x + y ≤ 1, 3x + 2y ≤ 12, 2x + 3y ≤ 12, x, y ∈ ℤ₊.
        // LP relaxation optimum 7.2 at (2.4, 2.4); the integer optimum is 6 at (2, 2).
        var m = Model(name: "ip")
        let x = m.addVariable("x", kind: .integer, upper: 10)
        let y = m.addVariable("y", kind: .integer, upper: 10)
        m.addConstraint(-x + y <= 1)
        m.addConstraint(3 * x + 2 * y <= 12)
        m.addConstraint(2 * x + 3 * y <= 12)
        m.setObjective(x + 2 * y, sense: .maximize)
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .optimal)
        #expect(try #require(s.objectiveValue).isClose(to: 6, relative: 1e-9))
        #expect(try #require(s[x]).isClose(to: 2, absolute: 1e-6))
        #expect(try #require(s[y]).isClose(to: 2, absolute: 1e-6))
    }

    @Test(arguments: backends(forMILP: true))
    func infeasibleMILP(_ backend: SolverChoice) throws {
        // 2x = 3 has no integer solution though its relaxation is feasible.
        var m = Model()
        let x = m.addVariable("x", kind: .integer, upper: 5)
        m.addConstraint(2 * x == 3)
        m.setObjective(LinearExpression(x), sense: .minimize)
        let s = try SolverFactory.make(backend).solve(m)
        #expect(s.termination.reason == .infeasible)
        #expect(!s.termination.hasFeasiblePoint)
    }

    @Test(arguments: SolverFactory.backends)
    func invalidModelsNeverReachTheBackend(_ backend: SolverChoice) {
        func rejects(_ build: (inout Model) -> Void) -> Bool {
            var m = Model()
            build(&m)
            do { _ = try SolverFactory.make(backend).solve(m); return false } catch {
                if case .invalidModel = error { return true }
                return false
            }
        }
        #expect(rejects { _ in })
        #expect(rejects { m in m.addVariable("x", lower: 3, upper: 1) })
        #expect(rejects { m in m.addVariable("x", lower: .nan) })
        #expect(rejects { m in let x = m.addVariable("x"); m.addConstraint(Double.infinity * x <= 1) })
        #expect(rejects { m in let x = m.addVariable("x"); m.addConstraint(x <= .nan) })
        #expect(rejects { m in m.addVariable("k", kind: .integer, lower: 0, upper: 2.5) })
        #expect(rejects { m in m.addVariable("x"); m.addRow(indices: [7], coefficients: [1], lower: 0, upper: 1) })
    }

    @Test(arguments: SolverFactory.backends)
    func invalidParametersAreRejected(_ backend: SolverChoice) {
        let (m, _, _, _) = Self.classic(.minimize)
        for p in [SolverParameters(timeLimit: -1), SolverParameters(relativeMIPGap: 2),
                  SolverParameters(iterationLimit: -5), SolverParameters(timeLimit: .nan)] {
            #expect(throws: SolverError.self) { try SolverFactory.make(backend).solve(m, parameters: p) }
        }
    }

    /// A setting the backend cannot honour is rejected, never ignored.
    @Test(arguments: SolverFactory.backends)
    func unsupportedSettingsAreRejected(_ backend: SolverChoice) throws {
        let solver = SolverFactory.make(backend)
        let caps = solver.capabilities
        let (lp, _, _, _) = Self.classic(.minimize)
        func isUnsupported(_ body: () throws -> Solution) -> Bool {
            do { _ = try body(); return false } catch {
                if case .unsupported = error as? SolverError { return true }
                return false
            }
        }
        if !caps.nodeLimit {
            var milp = lp
            milp.setKind(Variable(index: 0), .integer)
            #expect(isUnsupported { try solver.solve(caps.integerVariables ? milp : lp, parameters: SolverParameters(nodeLimit: 10)) })
        }
        for algorithm in LPAlgorithm.allCases where !caps.algorithms.contains(algorithm) {
            #expect(isUnsupported { try solver.solve(lp, parameters: SolverParameters(algorithm: algorithm)) })
        }
        if !caps.integerVariables {
            var milp = lp
            milp.setKind(Variable(index: 0), .integer)
            #expect(isUnsupported { try solver.solve(milp) })
        }
        if caps.linearPrograms {
            #expect(isUnsupported { try solver.solve(lp, parameters: SolverParameters(relativeMIPGap: 0.01)) })
        }
    }
}
