import Foundation
import Testing
import Hardware
import LinearModel
import Planner
import Solvers
import Workloads

@Suite struct EpochPlannerSmokeTests {
    @Test func plansTheBenchmarkShape() throws {
        let cat = PlanningFixtures.llamaCatalog
        print("catalog points", cat.points.count, "omitted", cat.omitted.count)
        let req = PlanningFixtures.request(catalog: cat, cards: 8, horizon: 24, seed: 3)
        let planner = EpochPlanner()
        let plan = try planner.plan(req)
        print(plan.statistics)
        print(plan.reason)
        print(plan.frontier.count, plan.throughput, plan.carbon)
        for c in plan.committed.cards.prefix(1) { print(c) }
        let plan2 = try planner.plan(req)
        print(plan2.statistics)
    }
}
