import Foundation
import Testing
import Hardware
import LinearModel
import Planner
import Solvers
import Workloads

/// max T s.t. C ≤ budget on `problem` (an independent ε-constraint solve), or nil.
func maximumThroughput(_ problem: BiObjectiveProblem, carbonAtMost budget: Double, solver: SolverChoice) -> Double? {
    var m = problem.model
    let c = problem.carbon.merged()
    m.addRow(indices: c.indices, coefficients: c.coefficients, lower: -.infinity, upper: budget - problem.carbon.constant)
    m.setObjective(problem.throughput, sense: .maximize)
    guard let s = try? SolverFactory.make(solver).solve(m), s.isOptimal else { return nil }
    return problem.throughput.evaluate(s.values)
}

/// The best α·T/T_max + β·C_min/C over weighted-sum optima for a log grid of carbon weights.
func weightGridBest(_ problem: BiObjectiveProblem, alpha: Double, beta: Double, tMax: Double, cMin: Double,
                    steps: Int) -> Double {
    let solver = SolverFactory.make(.glpk)
    var best = -Double.infinity
    for i in 0...steps {
        // w_C / w_T from 1e-6 to 1e6 (normalised units), log spaced.
        let r = pow(10, -6 + 12 * Double(i) / Double(steps))
        var obj = problem.throughput * (1 / tMax)
        obj -= problem.carbon * (r / cMin)
        var m = problem.model
        m.setObjective(obj, sense: .maximize)
        guard let s = try? solver.solve(m), s.isOptimal else { continue }
        let t = problem.throughput.evaluate(s.values), c = problem.carbon.evaluate(s.values)
        best = max(best, alpha * t / tMax + beta * cMin / c)
    }
    return best
}

func unreduced() -> EpochPlanner.Options {
    EpochPlanner.Options(pruneDominatedPoints: false, aggregateIdenticalCards: false, leakageRefinements: 0)
}

@Suite struct EpochPlannerExactnessTests {
    /// The reduced LP's frontier (pruned points, grouped cards, CLP) is the full LP's frontier
    /// (GLPK ε-constraint at every extreme point and every edge midpoint), and its optimum equals
    /// the best weighted-sum optimum over a fine weight grid to 1e-9.
    @Test(arguments: 0..<10) func optimumEqualsBruteForce(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(seed) &+ 101)
        let cards = 1 + Int(rng.next() % 2), horizon = 1 + Int(rng.next() % 3)
        var req = try PlanningFixtures.request(cards: cards, horizon: horizon, seed: UInt64(seed) &+ 7,
                                           elastic: rng.uniform(0.2, 2) * 3600)
        if seed % 2 == 0 { req.temperatures = [Double](repeating: 50, count: cards) }  // identical cards: grouping applies
        let reduced = EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0))
        let plan = try reduced.plan(req)
        let full = try EpochPlanner(solver: .glpk, options: unreduced()).biObjectiveProblem(for: req)
        let tScale = plan.objective.maximumThroughput, cScale = plan.frontier.last!.carbon
        for (i, p) in plan.frontier.enumerated() {
            let t = try #require(maximumThroughput(full, carbonAtMost: p.carbon, solver: .glpk))
            #expect(abs(t - p.throughput) <= 1e-9 * tScale, "point \(i): T \(p.throughput) vs ε-constraint \(t)")
            if i > 0 {
                let q = plan.frontier[i - 1]
                let mid = (p.carbon + q.carbon) / 2
                let tm = try #require(maximumThroughput(full, carbonAtMost: mid, solver: .glpk))
                #expect(abs(tm - (p.throughput + q.throughput) / 2) <= 1e-9 * tScale, "edge \(i - 1)–\(i) is not linear: a missed extreme point")
            }
        }
        _ = cScale
        let brute = weightGridBest(full, alpha: req.preset.alpha, beta: req.preset.beta,
                                   tMax: plan.objective.maximumThroughput, cMin: plan.objective.minimumCarbon, steps: 600)
        #expect(brute <= plan.objective.value + 1e-9)
        #expect(abs(brute - plan.objective.value) <= 1e-9, "planner \(plan.objective.value) vs brute force \(brute)")
    }

    @Test(arguments: 0..<8) func glpkAndCLPAgree(seed: Int) throws {
        let req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: UInt64(seed) &+ 300, elastic: 5000)
        // Without leakage refinement: a refinement re-evaluates leakage at the chosen plan's
        // temperatures, which differ between backends when the optimal plan is not unique.
        let a = try EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0)).plan(req)
        let b = try EpochPlanner(solver: .glpk, options: .init(leakageRefinements: 0)).plan(req)
        #expect(abs(a.objective.value - b.objective.value) <= 1e-9 * max(1, abs(a.objective.value)))
        #expect(abs(a.throughput - b.throughput) <= 1e-9 * a.objective.maximumThroughput)
        #expect(abs(a.carbon - b.carbon) <= 1e-9 * a.carbon)
        #expect(a.frontier.count == b.frontier.count)
    }

    @Test(arguments: 0..<8) func reductionsAreExact(seed: Int) throws {
        var req = try PlanningFixtures.request(catalog: (try PlanningFixtures.llamaCatalog()), cards: 3, horizon: 2,
                                           seed: UInt64(seed) &+ 500, elastic: 20_000)
        req.temperatures = [48, 48, 55]
        let a = try EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0)).plan(req)
        let b = try EpochPlanner(solver: .clp, options: unreduced()).plan(req)
        #expect(a.statistics.cardGroups == 2 && b.statistics.cardGroups == 3)
        #expect(a.statistics.candidatePoints < b.statistics.candidatePoints)
        #expect(abs(a.objective.value - b.objective.value) <= 1e-9)
        #expect(abs(a.objective.maximumThroughput - b.objective.maximumThroughput) <= 1e-9 * b.objective.maximumThroughput)
        #expect(abs(a.objective.minimumCarbon - b.objective.minimumCarbon) <= 1e-9 * b.objective.minimumCarbon)
    }
}

@Suite struct EpochPlannerMonotonicityTests {
    /// max over the recorded extreme points with a fixed normalisation (exact for the LP).
    func value(_ plan: Plan, alpha: Double, beta: Double, tMax: Double, cMin: Double) -> Double {
        plan.frontier.map { alpha * $0.throughput / tMax + beta * cMin / $0.carbon }.max() ?? -.infinity
    }

    @Test(arguments: 0..<10) func looserPowerCapNeverLowersTheOptimum(seed: Int) throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: UInt64(seed) &+ 900, elastic: 8000)
        var rng = SplitMix64(seed: UInt64(seed))
        req.preset.cardPowerCap = rng.uniform(200, 260)
        let planner = EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0))
        let tight = try planner.plan(req)
        req.preset.cardPowerCap += rng.uniform(1, 80)
        let loose = try planner.plan(req)
        let tm = tight.objective.maximumThroughput, cm = tight.objective.minimumCarbon
        let a = req.preset.alpha, b = req.preset.beta
        #expect(value(loose, alpha: a, beta: b, tMax: tm, cMin: cm) >= value(tight, alpha: a, beta: b, tMax: tm, cMin: cm) - 1e-9)
        #expect(loose.objective.maximumThroughput >= tm * (1 - 1e-9))
    }

    @Test(arguments: 0..<6) func largerBetaNeverRaisesCarbon(seed: Int) throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: UInt64(seed) &+ 1300, elastic: 6000)
        let planner = EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0))
        var last = Double.infinity
        for k in 0...10 {
            let beta = Double(k) / 10
            req.preset.beta = beta
            req.preset.alpha = 1 - beta
            let plan = try planner.plan(req)
            #expect(plan.carbon <= last * (1 + 1e-12), "β = \(beta): carbon \(plan.carbon) > \(last)")
            last = plan.carbon
        }
    }

    @Test(arguments: 0..<6) func tighterSLONeverRaisesThroughput(seed: Int) throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: UInt64(seed) &+ 1700, elastic: 6000,
                                           interactiveScale: 0.2)
        let planner = EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0))
        var last = Double.infinity
        for slo in [60.0, 10, 4, 2, 1.5, 1] {
            req.preset.latencySLO = slo
            let plan = try planner.plan(req)
            #expect(plan.objective.maximumThroughput <= last * (1 + 1e-9))
            last = plan.objective.maximumThroughput
        }
    }
}

@Suite struct EpochPlannerPlanTests {
    @Test func plansAreDeterministicAndJSON() throws {
        let req = try PlanningFixtures.request(catalog: (try PlanningFixtures.llamaCatalog()), cards: 4, horizon: 6, seed: 42)
        var a = try EpochPlanner().plan(req)
        var b = try EpochPlanner().plan(req)
        a.statistics.seconds = 0
        b.statistics.seconds = 0
        let ja = try a.jsonData(), jb = try b.jsonData()
        #expect(ja == jb)
        let back = try JSONDecoder().decode(Plan.self, from: ja)
        #expect(back.frontier.count == a.frontier.count)
        #expect(a.frontier.filter(\.chosen).count == 1 && a.frontier[a.chosenIndex].chosen)
        #expect(a.epochs.count == 6 && a.committed.cards.count == 4)
        for e in a.epochs {
            for c in e.cards {
                #expect(c.segments.allSatisfy { $0.fraction > 0 })
                #expect(c.segments.reduce(0) { $0 + $1.fraction } <= 1 + 1e-9)
                #expect(c.power <= req.preset.cardPowerCap + 1e-6)
                #expect(c.temperature <= req.preset.thermalLimit + 1e-6)
                #expect(c.segments.filter { $0.workClass == .interactive }.allSatisfy { $0.latency <= req.preset.latencySLO })
                #expect(c.segments.allSatisfy { $0.accuracyLoss <= req.preset.accuracyLossCeiling })
            }
            #expect(abs(e.served.interactive - req.arrival(.interactive, epoch: e.index)) <= 1e-6 * max(1, e.served.interactive))
        }
        // Deadline met: nothing due is left after the deadline epoch.
        let due = req.deferrableBacklog + (0..<req.deferrableDeadline).reduce(0.0) { $0 + req.arrival(.deferrable, epoch: $1) }
        let servedByDeadline = a.epochs.prefix(req.deferrableDeadline).reduce(0.0) { $0 + $1.served.deferrable }
        #expect(servedByDeadline >= due * (1 - 1e-7) - 1e-6)
        #expect(a.reason.contains("α·T/T_max"))
    }

    @Test func carbonIsIntensityTimesEnergy() throws {
        let req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: 9)
        let plan = try EpochPlanner().plan(req)
        let sum = plan.epochs.reduce(0.0) { $0 + $1.carbon }
        #expect(abs(sum - plan.carbon) <= 1e-9 * plan.carbon)
        for e in plan.epochs {
            #expect(abs(e.carbon - e.carbonIntensity * req.epochLength * e.power / 3.6e6) <= 1e-9 * e.carbon)
        }
    }

    @Test func secondCallReusesTheModelAndWarmStarts() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 4, seed: 11)
        let planner = EpochPlanner()
        _ = try planner.plan(req)
        req.carbonForecast = req.carbonForecast.map { $0 * 1.1 }
        req.deferrableBacklog += 100
        let second = try planner.plan(req)
        #expect(second.statistics.reusedStructure)
        #expect(second.statistics.warmStarts == second.statistics.lpSolves)
    }

    @Test func milpModeLoadsOneProfilePerCardAndAgreesAcrossBackends() throws {
        let req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 21, elastic: 6000)
        let options = EpochPlanner.Options(leakageRefinements: 0, oneProfilePerCardBudgets: 6)
        let g = try EpochPlanner(solver: .glpk, options: options).plan(req)
        let c = try EpochPlanner(solver: .cbc, options: options).plan(req)
        let lp = try EpochPlanner(solver: .clp, options: .init(leakageRefinements: 0)).plan(req)
        #expect(g.frontierMethod.contains("ε-constraint"))
        for e in g.epochs { for card in e.cards { #expect(Set(card.segments.map(\.point.profile)).count <= 1) } }
        #expect(abs(g.objective.maximumThroughput - c.objective.maximumThroughput) <= 1e-6 * g.objective.maximumThroughput)
        #expect(abs(g.objective.minimumCarbon - c.objective.minimumCarbon) <= 1e-6 * g.objective.minimumCarbon)
        #expect(g.objective.maximumThroughput <= lp.objective.maximumThroughput * (1 + 1e-9))
    }

    @Test func builtInPresets() throws {
        #expect(SLAPreset.builtIn.map(\.name) == ["ecommerce", "research", "carbon-efficiency"])
        #expect(SLAPreset.ecommerce.alpha == 0.9 && SLAPreset.research.beta == 0.7)
        #expect(SLAPreset.ecommerce.accuracyLossCeiling < SLAPreset.research.accuracyLossCeiling)
        for p in SLAPreset.builtIn { try p.validate() }
        let data = try JSONEncoder().encode(SLAPreset.ecommerce)
        #expect(try JSONDecoder().decode(SLAPreset.self, from: data) == .ecommerce)
        let req = try PlanningFixtures.request(catalog: (try PlanningFixtures.llamaCatalog()), cards: 2, horizon: 2, seed: 5, preset: .ecommerce)
        let plan = try EpochPlanner().plan(req)
        #expect(plan.preset == "ecommerce")
    }
}

/// Interactive arrivals are random: the plan reserves arrivals / utilisation worth of capacity
/// (queueing headroom) while counting only the arrivals as served work.
@Suite struct InteractiveHeadroomTests {
    /// Interactive capacity reserved by a plan's committed epoch: Σ fraction × the point's own
    /// throughput × epoch length, over every card's interactive segments.
    func reservedCapacity(_ plan: Plan, catalog: OperatingPointCatalog, epochLength: Double) -> Double {
        plan.committed.cards.flatMap(\.segments).filter { $0.workClass == .interactive }.reduce(0) { sum, s in
            sum + s.fraction * (catalog.point(for: s.point)?.throughput ?? 0) * epochLength
        }
    }

    @Test(arguments: [1.0, 0.8, 0.5])
    func capacityIsArrivalsOverUtilisation(_ utilization: Double) throws {
        var req = try PlanningFixtures.request(catalog: try PlanningFixtures.llamaCatalog(), cards: 2, horizon: 2, seed: 11)
        req.preset.interactiveUtilization = utilization
        let plan = try EpochPlanner(solver: .glpk, options: .init(leakageRefinements: 0)).plan(req)
        let arrivals = req.arrival(.interactive, epoch: 0)
        #expect(arrivals > 0)
        // Served interactive work is exactly the arrivals; the reserved capacity exceeds it by 1/ρ.
        #expect(plan.committed.served.interactive.isClose(to: arrivals, relative: 1e-6))
        let reserved = reservedCapacity(plan, catalog: req.catalog, epochLength: req.epochLength)
        #expect(reserved.isClose(to: arrivals / utilization, relative: 1e-6), "reserved \(reserved), arrivals \(arrivals)")
    }

    @Test func utilisationOutsideTheUnitIntervalIsRejected() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 12)
        for bad in [0.0, -0.5, 1.2, .nan] {
            req.preset.interactiveUtilization = bad
            #expect(throws: PlanningError.self) { try EpochPlanner().plan(req) }
        }
    }
}
