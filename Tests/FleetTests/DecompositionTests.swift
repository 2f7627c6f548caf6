import Fleet
import Foundation
import LinearModel
import Solvers
import Testing

/// The decomposition's optimum and prices against the monolithic LP, on both LP backends.
@Suite("Dantzig–Wolfe decomposition is exact")
struct DecompositionTests {
    @Test(arguments: [SolverChoice.glpk, .clp])
    func optimumEqualsTheMonolithicLP(_ solver: SolverChoice) throws {
        let p = try FleetFixtures.small()
        let plan = try FleetPlanner(options: .init(solver: solver)).plan(p)
        #expect(plan.gap <= 1e-9)
        // Every kind of shared row binds in this fixture (otherwise the test would prove less).
        #expect(plan.carbonPrice.map { $0.value > 1e-9 } == true)
        #expect(plan.sitePrices[0].contains { $0.value > 1e-9 })
        for backend in [SolverChoice.glpk, .clp] {
            let (_, s) = try FleetFixtures.monolithic(p, plan, solver: backend)
            #expect(s.termination.reason == .optimal)
            let mono = try #require(s.objectiveValue)
            #expect(FleetFixtures.relative(plan.objective, mono) <= 1e-6, "\(solver) decomposition vs \(backend) monolithic: \(plan.objective) vs \(mono)")
            #expect(FleetFixtures.relative(plan.upperBound, mono) <= 1e-6)
        }
    }

    /// The recovered plan meets the shared limits and sums to the objective.
    @Test func recoveredPlanIsFeasibleAndConsistent() throws {
        let p = try FleetFixtures.small()
        let plan = try FleetPlanner().plan(p)
        for t in 0..<p.horizon {
            let load = plan.nodes.indices.filter { p.nodes[$0].site == 0 }.reduce(0) { $0 + plan.nodes[$1].power[t] }
            #expect(load <= p.sites[0].cap[t] * (1 + 1e-9))
        }
        #expect(plan.totalCarbon <= p.carbonBudget! * (1 + 1e-9))
        #expect(plan.nodes.reduce(0) { $0 + $1.received } <= p.movable[0].amount * (1 + 1e-9))
        #expect(FleetFixtures.relative(plan.nodes.reduce(0) { $0 + $1.objective }, plan.objective) <= 1e-9)
        // Away from the origin, received work only after the transfer latency (2 epochs): before
        // it the node serves at most its own elastic arrivals (0.05/s × 1 h = 180 images).
        let h100 = try #require(plan.nodes.first { $0.name == "h100" })
        for t in 0..<2 { #expect(h100.served[2][t] <= 180 * (1 + 1e-9), "epoch \(t)") }
    }

    /// Prices equal the monolithic LP's duals where that dual is unique: the carbon budget's
    /// one-sided derivatives (finite differences of the monolithic optimum) agree, and the
    /// decomposition's price matches them and the monolithic dual.
    @Test(arguments: [SolverChoice.glpk, .clp])
    func carbonPriceIsTheMonolithicDual(_ solver: SolverChoice) throws {
        let p = try FleetFixtures.small()
        let plan = try FleetPlanner(options: .init(solver: solver)).plan(p)
        let (lp, s) = try FleetFixtures.monolithic(p, plan, solver: solver)
        let mu = try #require(plan.carbonPrice?.value)
        let dual = try #require(s.duals?[lp.carbonRow!])
        func optimum(budget: Double) throws -> Double {
            var q = p
            q.carbonBudget = budget
            var m = MonolithicFleetLP(q, maximumThroughput: plan.nodes.map(\.maximumThroughput), minimumCarbon: plan.nodes.map(\.minimumCarbon)).model
            m.name = "perturbed"
            return try #require(SolverFactory.make(solver).solve(m).objectiveValue)
        }
        let b = p.carbonBudget!, d = b * 1e-4
        let base = try #require(s.objectiveValue)
        let right = (try optimum(budget: b + d) - base) / d, left = (base - (try optimum(budget: b - d))) / d
        #expect(abs(right - left) <= 1e-3 * abs(left), "the carbon dual is not unique here: \(left) vs \(right)")
        #expect(abs(mu - dual) <= 1e-6 * max(abs(dual), 1e-9), "decomposition \(mu) vs monolithic \(dual)")
        #expect(abs(mu - left) <= 1e-3 * abs(left))
    }

    /// The prices certify the optimum: the Lagrangian bound at the site, carbon and pool prices
    /// equals the monolithic optimum (the prices are an optimal dual of the monolithic LP, even
    /// where that dual is not unique).
    @Test func pricesAreAnOptimalDualOfTheMonolithicLP() throws {
        let p = try FleetFixtures.small()
        let plan = try FleetPlanner(options: .init(solver: .clp)).plan(p)
        let (_, s) = try FleetFixtures.monolithic(p, plan, solver: .clp)
        let mono = try #require(s.objectiveValue)
        #expect(FleetFixtures.relative(plan.upperBound, mono) <= 1e-6)
        for row in plan.sitePrices.flatMap({ $0 }) + [plan.carbonPrice!] + plan.movablePrices {
            #expect(row.value >= -1e-12, "\(row.row)")
            // Complementary slackness: a priced row is tight.
            if row.value > 1e-9 { #expect(abs(row.activity - row.limit) <= 1e-6 * max(1, row.limit), "\(row.row)") }
        }
    }

    @Test func infeasibleSharedLimitsNameTheRow() throws {
        let p = try FleetFixtures.small(siteCap: "60 W")
        #expect {
            try FleetPlanner().plan(p)
        } throws: { e in
            guard case .infeasible(let rows) = e as? FleetError else { return false }
            return rows.contains { $0.hasPrefix("site a epoch") }
        }
    }
}
