import Testing
import LinearModel
@testable import CoinBackend

@Suite("Status mapping")
struct StatusMappingTests {
    typealias C = CoinStatus.ClpOutcome
    func clp(_ status: Int32, _ secondary: Int32 = 0, primalOK: Bool = true, dualOK: Bool = true,
             iterations: Bool = false, time: Bool = false) -> Termination {
        CoinStatus.clp(C(status: status, secondary: secondary, pointIsPrimalFeasible: primalOK,
                         pointIsDualFeasible: dualOK, iterationLimitSet: iterations, timeLimitSet: time))
    }

    @Test func clpTable() {
        #expect(clp(0).reason == .optimal && clp(0).primal == .feasible && clp(0).dual == .feasible)
        #expect(clp(1).reason == .infeasible && clp(1).primal == .none)
        #expect(clp(2, primalOK: true).reason == .unbounded && clp(2, primalOK: true).primal == .feasible)
        #expect(clp(2, primalOK: false).reason == .infeasibleOrUnbounded && clp(2, primalOK: false).primal == .none)
        #expect(clp(3, 9, iterations: true, time: true).reason == .timeLimit)
        #expect(clp(3, 0, iterations: true, time: true).reason == .iterationLimit)
        #expect(clp(3, 0, time: true).reason == .timeLimit)
        #expect(clp(3, 0, primalOK: false, dualOK: true, iterations: true).primal == .infeasiblePoint)
        #expect(clp(3, 0, primalOK: false, dualOK: true, iterations: true).dual == .feasible)
        #expect(clp(4, primalOK: false).reason == .numericalTrouble && clp(4, primalOK: false).primal == .infeasiblePoint)
        #expect(clp(5).reason == .interrupted)
        #expect(clp(-1).reason == .otherError && clp(-1).primal == .none)
    }

    func cbc(status: Int32, secondary: Int32, optimal: Bool = false, infeasible: Bool = false,
             unbounded: Bool = false, nodes: Bool = false, seconds: Bool = false,
             abandoned: Bool = false, incumbent: Bool) -> Termination {
        CoinStatus.cbc(.init(status: status, secondary: secondary, provenOptimal: optimal,
                             provenInfeasible: infeasible, continuousUnbounded: unbounded,
                             nodeLimitReached: nodes, secondsLimitReached: seconds,
                             solutionLimitReached: false, abandoned: abandoned, hasIncumbent: incumbent))
    }

    @Test func cbcTable() {
        let t = cbc(status: 1, secondary: 4, optimal: true, seconds: true, incumbent: true)
        #expect(t.reason == .timeLimit && t.primal == .feasible)  // a limit is never optimal
        #expect(cbc(status: 1, secondary: 4, seconds: true, incumbent: false).primal == .none)
        #expect(cbc(status: 1, secondary: 3, nodes: true, incumbent: true).reason == .nodeLimit)
        #expect(cbc(status: 0, secondary: 0, optimal: true, incumbent: true).reason == .optimal)
        #expect(cbc(status: 0, secondary: 2, incumbent: true).reason == .optimal)
        #expect(cbc(status: 0, secondary: 1, infeasible: true, incumbent: false).reason == .infeasible)
        #expect(cbc(status: 0, secondary: 7, unbounded: true, incumbent: false).reason == .infeasibleOrUnbounded)
        #expect(cbc(status: 0, secondary: 7, unbounded: true, incumbent: true).reason == .unbounded)
        #expect(cbc(status: 2, secondary: -1, abandoned: true, incumbent: false).reason == .numericalTrouble)
        #expect(cbc(status: 5, secondary: 5, incumbent: false).reason == .interrupted)
        #expect(cbc(status: 0, secondary: 0, incumbent: false).reason == .otherError)
    }

    @Test func basisCodes() {
        #expect(CoinStatus.basisStatus(1, lower: 0, upper: 1) == .basic)
        #expect(CoinStatus.basisStatus(2, lower: 0, upper: 1) == .atUpper)
        #expect(CoinStatus.basisStatus(3, lower: 0, upper: 1) == .atLower)
        #expect(CoinStatus.basisStatus(3, lower: 2, upper: 2) == .fixed)
        #expect(CoinStatus.basisStatus(0, lower: -.infinity, upper: .infinity) == .free)
        #expect(CoinStatus.basisStatus(4, lower: 0, upper: 1) == .free)
        #expect(CoinStatus.basisStatus(5, lower: 0, upper: 0) == .fixed)
    }
}
