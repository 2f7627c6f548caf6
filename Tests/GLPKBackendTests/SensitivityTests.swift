import Testing
import LinearModel
@testable import GLPKBackend

@Suite("GLPK sensitivity ranging")
struct SensitivityTests {
    private func notAllowed(_ s: GLPKSolver) -> Bool {
        do { _ = try s.sensitivity(); return false } catch {
            if case .notAllowedNow = error { return true }
            return false
        }
    }

    /// Wyndor (max 3x + 5y; x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18) by hand, with the optimal basis
    /// {x, y, slack of plant1}: x stays optimal for c_x ∈ [0, 7.5] (the objective's slope between
    /// the plant2 and plant3 edges), y for c_y ∈ [2, ∞); plant2's rhs may range over [6, 18]
    /// (x = (18 − b₂)/3 ∈ [0, 4]), plant3's over [12, 24] (x = (b₃ − 12)/3 ∈ [0, 4]); plant1 is
    /// basic with activity 2, so its rhs may fall to 2.
    /// A third column v (cost 1, 3 units of plant3 worth 1 each) has reduced cost −2 at its lower
    /// bound: it stays out while c_v ≤ 3. It also moves x's lower limit from 0 to 1: plant3's
    /// dual is c_x/3, so v's reduced cost 1 − c_x turns positive (v enters) once c_x < 1.
    @Test func wyndorRanges() throws {
        var m = Fixtures.wyndor()
        m.addVariable("v", objective: 1, entries: [(Constraint(index: 2), 3)])
        let s = GLPKSolver()
        #expect(notAllowed(s))
        let r = try s.solve(m)
        #expect(close(r.objectiveValue, 36))
        #expect(close(r.reducedCosts?[2], -2))
        let rep = try s.sensitivity()
        let o = rep.objectiveRanges, b = rep.rightHandSideRanges
        #expect(o.count == 3 && b.count == 3)
        #expect(close(o[0].lower, 1) && close(o[0].upper, 7.5))
        #expect(close(o[1].lower, 2) && o[1].upper == .infinity)
        #expect(o[2].lower == -.infinity && close(o[2].upper, 3))
        #expect(close(b[0].lower, 2) && b[0].upper == .infinity)
        #expect(close(b[1].lower, 6) && close(b[1].upper, 18))
        #expect(close(b[2].lower, 12) && close(b[2].upper, 24))
        #expect(o[0].contains(3) && b[2].contains(18))
    }

    /// The minimization twin: min −3x − 5y; coefficient ranges mirror, rhs ranges are unchanged.
    @Test func minimizationMirror() throws {
        let s = GLPKSolver()
        let plain = GLPKSolver()
        _ = try plain.solve(Fixtures.wyndor())
        let max = try plain.sensitivity()
        #expect(close(max.objectiveRanges[0].lower, 0) && close(max.objectiveRanges[0].upper, 7.5))
        _ = try s.solve(Fixtures.wyndor(minimizeNegated: true))
        let rep = try s.sensitivity()
        #expect(close(rep.objectiveRanges[0].lower, -7.5) && close(rep.objectiveRanges[0].upper, 0))
        #expect(rep.objectiveRanges[1].lower == -.infinity && close(rep.objectiveRanges[1].upper, -2))
        #expect(close(rep.rightHandSideRanges[1].lower, 6) && close(rep.rightHandSideRanges[1].upper, 18))
    }

    @Test func notAllowedAfterMILPInteriorOrInfeasible() throws {
        let s = GLPKSolver()
        _ = try s.solve(Fixtures.smallMILP())
        #expect(notAllowed(s))
        _ = try s.solve(Fixtures.wyndor(), parameters: SolverParameters(algorithm: .interiorPoint))
        #expect(notAllowed(s))
        _ = try s.solve(Fixtures.wyndor())
        #expect(!notAllowed(s))
        var inf = Fixtures.wyndor()
        inf.addConstraint(Variable(index: 0) >= 5)
        _ = try s.solve(inf)
        #expect(notAllowed(s))
    }
}

extension SensitivityTests {
    @Test func rangingAfterPresolvedLP() throws {
        let s = GLPKSolver()
        _ = try s.solve(Fixtures.wyndor(), parameters: SolverParameters(presolve: true))
        let rep = try s.sensitivity()
        #expect(close(rep.rightHandSideRanges[2].lower, 12) && close(rep.rightHandSideRanges[2].upper, 24))
    }
}
