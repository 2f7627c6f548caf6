import Testing
import CGLPK
import GLPKGuard
import LinearModel
@testable import GLPKBackend

@Suite("GLPK error guard")
struct GuardTests {
    /// A call GLPK treats as fatal (a matrix column that does not exist) returns 1 from the guard
    /// instead of aborting, and a solver on the same thread recovers by reloading.
    @Test func fatalErrorIsCaughtAndSolverRecovers() throws {
        let solver = GLPKSolver()
        let before = try solver.solve(Fixtures.wyndor())
        #expect(close(before.objectiveValue, 36))

        glp_term_out(GLP_OFF)
        let generation = epof_glpk_generation()
        let P = try #require(glp_create_prob())
        let ind: [Int32] = [0, 1], val: [Double] = [0, 1]
        #expect(epof_glpk_set_mat_col(P, 7, 1, ind, val) == 1)
        #expect(epof_glpk_generation() == generation + 1)
        // P was freed with the environment; it must not be deleted again.

        let after = try solver.solve(Fixtures.wyndor())
        #expect(close(after.objectiveValue, 36))
        #expect(!after.warmStarted)
    }
}
