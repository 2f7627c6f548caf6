import Testing
import LinearModel
@testable import GLPKBackend

@Suite("GLPK MILP")
struct MILPTests {
    @Test(arguments: [false, true])
    func knownOptimum(presolve: Bool) throws {
        let r = try GLPKSolver().solve(Fixtures.smallMILP(), parameters: SolverParameters(presolve: presolve))
        #expect(r.termination.reason == .optimal)
        #expect(r.termination.primal == .feasible)
        #expect(close(r.objectiveValue, 27))
        #expect(close(r.bestBound, 27))
        #expect(close(r.values, [4, 0]))
        #expect(close(r.rowActivities, [24, 4]))
        #expect(r.duals == nil && r.reducedCosts == nil)
        #expect(r.nodes >= 1)
    }

    @Test func binaryFixedByBounds() throws {
        // A binary fixed at 1 must stay fixed (GLPK's own binary kind would reset it to [0, 1]).
        var m = Model()
        let a = m.addVariable(kind: .binary, lower: 1, upper: 1, objective: -5)
        let b = m.addVariable(kind: .binary, objective: 1)
        m.addConstraint(a + b <= 2)
        m.sense = .maximize
        let r = try GLPKSolver().solve(m)
        #expect(r.termination.reason == .optimal)
        #expect(close(r.values, [1, 1]))
        #expect(close(r.objectiveValue, -4))
    }

    @Test func integerInfeasible() throws {
        // 2x + 2y = 3 has real but no integer solutions.
        var m = Model()
        let x = m.addVariable(kind: .integer, lower: 0, upper: 5), y = m.addVariable(kind: .integer, lower: 0, upper: 5)
        m.addConstraint(2 * x + 2 * y == 3)
        let r = try GLPKSolver().solve(m)
        #expect(r.termination.reason == .infeasible)
        #expect(r.termination.primal == .none && r.values.isEmpty)
    }

    @Test func relaxationInfeasibleOrUnbounded() throws {
        var inf = Model()
        let x = inf.addVariable(kind: .integer)
        inf.addConstraint(x <= -1)
        let r1 = try GLPKSolver().solve(inf)
        #expect(r1.termination.reason == .infeasible)

        var unb = Model()
        let y = unb.addVariable(kind: .integer)
        unb.addConstraint(y >= 1)
        unb.setObjective(LinearExpression(y), sense: .maximize)
        let r2 = try GLPKSolver().solve(unb)
        #expect(r2.termination.reason == .infeasibleOrUnbounded)
        #expect(r2.termination.primal == .none)
    }

    @Test func timeLimitWithoutIncumbent() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let r = try GLPKSolver().solve(Fixtures.jeroslow(), parameters: SolverParameters(timeLimit: 0.2))
        #expect(r.termination.reason == .timeLimit)
        #expect(r.termination.primal == .none)  // no integer point exists at all
        #expect(r.values.isEmpty && r.objectiveValue == nil)
        #expect(clock.now - start < .seconds(30))
    }

    @Test func timeLimitOnHardEqualityKnapsack() throws {
        let m = Fixtures.equalityKnapsack(seed: 42)
        let clock = ContinuousClock()
        let start = clock.now
        let r = try GLPKSolver().solve(m, parameters: SolverParameters(timeLimit: 0.2))
        #expect(clock.now - start < .seconds(30))
        #expect(r.termination.reason != .optimal)
        #expect(r.termination.reason == .timeLimit)
        if r.termination.primal == .feasible {
            let obj = try #require(r.objectiveValue)
            #expect(r.values.allSatisfy { $0 == $0.rounded() })
            for i in 0..<m.rowCount { #expect(abs(r.rowActivities[i] - m.rowLower[i]) < 1e-6) }
            if let bound = r.bestBound { #expect(bound >= obj - 1e-6) }
        } else {
            #expect(r.values.isEmpty && r.objectiveValue == nil)
        }
    }

    @Test func relativeGapAccepted() throws {
        let r = try GLPKSolver().solve(Fixtures.smallMILP(), parameters: SolverParameters(relativeMIPGap: 0.5))
        #expect(r.termination.reason == .optimal)
        #expect(r.termination.primal == .feasible)
        let gap = try #require(r.relativeGap)
        #expect(gap <= 0.5 + 1e-9)
    }
}
