import Foundation
import Testing
import Planner
import Solvers
import Workloads

/// The marginal values of a plan's limits (`EpochPlanner.marginals`) against re-planning with the
/// limit moved by a small step: where the chosen vertex keeps its basis, the finite difference of
/// the plan's T and C equals the basis derivative.
@Suite struct MarginalTests {
    /// Re-plans `request` with `change` applied and returns (T, C, chosen index, frontier size).
    func replan(_ request: PlanningRequest, _ planner: EpochPlanner,
                _ change: (inout SLAPreset) -> Void) throws -> (Double, Double, Int, Int) {
        var r = request
        change(&r.preset)
        let p = try planner.plan(r)
        return (p.throughput, p.carbon, p.chosenIndex, p.frontier.count)
    }

    func expectClose(_ rate: Double, _ difference: Double, _ what: String) {
        #expect(abs(rate - difference) <= 1e-4 * max(1, abs(rate), abs(difference)), "\(what): basis rate \(rate) vs finite difference \(difference)")
    }

    @Test(arguments: [SolverChoice.glpk, .clp]) func capRatesMatchFiniteDifferences(solver: SolverChoice) throws {
        var checked = 0
        for seed in 0..<12 {
            var preset = seed % 2 == 0 ? SLAPreset.ecommerce : SLAPreset.research
            preset.latencySLO = 30
            preset.cardPowerCap = [150, 200, 250][seed % 3]
            if seed % 4 == 1 { preset.nodePowerCap = 1.6 * preset.cardPowerCap }
            if seed % 5 == 2 { preset.thermalLimit = 62 }
            let req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: UInt64(seed) + 40, preset: preset)
            let planner = EpochPlanner(solver: solver, options: .init(leakageRefinements: 0))
            guard let plan = try? planner.plan(req) else { continue }
            let m = planner.marginals(of: plan, request: req)
            #expect(m.unavailable == nil, "\(m.unavailable ?? "")")
            let card = try #require(m.cardPowerCap)
            #expect((m.nodePowerCap != nil) == (preset.nodePowerCap != nil))
            let step = 1e-3
            let limits: [(String, PlanMarginals.Rate?, (inout SLAPreset, Double) -> Void)] = [
                ("card cap", card, { $0.cardPowerCap += $1 }),
                ("node cap", m.nodePowerCap, { p, d in p.nodePowerCap = p.nodePowerCap.map { $0 + d } }),
                ("thermal limit", m.thermalLimit, { $0.thermalLimit += $1 }),
            ]
            for (name, rate, change) in limits {
                guard let rate else { continue }
                if !rate.binding { #expect(rate.throughput == 0 && rate.carbon == 0, "\(name) does not bind") }
                var directions: [Double] = []
                if rate.validFor == .both || rate.validFor == .increase { directions.append(step) }
                if rate.validFor == .both || rate.validFor == .decrease { directions.append(-step) }
                for d in directions {
                    let (t, c, chosen, count) = try replan(req, planner) { change(&$0, d) }
                    // Only where the planner still picks the same vertex of an equally shaped frontier.
                    guard chosen == plan.chosenIndex, count == plan.frontier.count else { continue }
                    expectClose(rate.throughput, (t - plan.throughput) / d, "seed \(seed) \(name) \(d) throughput")
                    expectClose(rate.carbon, (c - plan.carbon) / d, "seed \(seed) \(name) \(d) carbon")
                    if rate.binding { checked += 1 }
                }
            }
        }
        #expect(checked >= 3, "binding limits compared: \(checked)")
    }

    @Test func slopesAreTheFrontierSegmentsAroundTheChosenPoint() throws {
        let req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 5, preset: .research, elastic: 3000)
        let planner = EpochPlanner(solver: .glpk)
        let plan = try planner.plan(req)
        let m = planner.marginals(of: plan, request: req)
        let f = plan.frontier, i = plan.chosenIndex
        #expect((m.slopeTowardsLowerCarbon == nil) == (i == 0))
        #expect((m.slopeTowardsHigherCarbon == nil) == (i == f.count - 1))
        if let below = m.slopeTowardsLowerCarbon {
            #expect(abs(below - (f[i].throughput - f[i - 1].throughput) / (f[i].carbon - f[i - 1].carbon)) <= 1e-9 * below)
        }
        #expect(m.horizonSeconds == 1800)
        let lambda = try #require(m.lambda)
        #expect(lambda > 0)
    }

    @Test func milpPlansSayWhyThereAreNoDuals() throws {
        let req = try PlanningFixtures.request(cards: 1, horizon: 1, seed: 3, preset: .research, elastic: 2000)
        let planner = EpochPlanner(solver: .glpk, options: .init(oneProfilePerCardBudgets: 3))
        let plan = try planner.plan(req)
        let m = planner.marginals(of: plan, request: req)
        #expect(m.unavailable?.contains("MILP") == true)
        #expect(m.cardPowerCap == nil)
    }
}
