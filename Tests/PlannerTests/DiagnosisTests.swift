import Carbon
import Foundation
import Testing
import Hardware
import Planner
import Workloads

/// The diagnosis of `request`, or nil when it plans.
func diagnosis(_ request: PlanningRequest) -> Diagnosis? {
    do {
        _ = try EpochPlanner().plan(request)
        return nil
    } catch {
        if case let .infeasible(d) = error { return d }
        Issue.record("expected infeasible, got \(error)")
        return nil
    }
}

@Suite struct DiagnosisTests {
    @Test func latencySLOBelowTheFastestPoint() throws {
        var req = try PlanningFixtures.request(catalog: (try PlanningFixtures.sdxlCatalog()), cards: 2, horizon: 2, seed: 3)
        req.preset.latencySLO = 0.5
        req.arrivals[.interactive] = [10, 10]
        let d = try #require(diagnosis(req))
        #expect(d.families == [.latencySLO])
        let fastest = (try PlanningFixtures.sdxlCatalog()).points.filter { $0.accuracyLoss <= req.preset.accuracyLossCeiling }.map(\.latency).min()!
        #expect(d.findings[0].required == fastest && fastest > 0.5)
        #expect(d.description.contains("latency SLO 0.5 s cannot be met for sdxl on ascend-910b"))
        print(d)
    }

    @Test func interactiveDemandAboveCapacity() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: 4)
        req.arrivals[.interactive]![2] *= 400
        req.arrivals[.deferrable] = [0, 0, 0]
        req.deferrableBacklog = 0
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.interactiveDemand))
        let f = try #require(d.findings.first { $0.constraint == .interactiveDemand })
        #expect(f.epoch == 2 && f.required < f.current)
        print(d)
    }

    @Test func interactiveDemandAtATightCapSuggestsRaisingTheCapOrShedding() throws {
        var req = try PlanningFixtures.request(catalog: (try PlanningFixtures.llamaCatalog()), cards: 2, horizon: 2, seed: 5)
        req.arrivals[.deferrable] = [0, 0]
        req.deferrableBacklog = 0
        // Demand a top point serves at ~300 W, with the cap at 150 W.
        let top = (try PlanningFixtures.llamaCatalog()).points.filter { $0.latency <= 1 && $0.accuracyLoss <= req.preset.accuracyLossCeiling }
            .max { $0.throughput < $1.throughput }!
        // Interactive capacity counts at the preset's target utilisation (queueing headroom).
        let usable = req.preset.interactiveUtilization * top.throughput
        req.arrivals[.interactive] = [0.2 * usable * 900 * 2, 0.9 * usable * 900 * 2]
        req.preset.cardPowerCap = 105
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.interactiveDemand) && d.families.contains(.cardPowerCap))
        let cap = try #require(d.findings.first { $0.constraint == .cardPowerCap })
        #expect(cap.required > 105)
        // Raising the cap as suggested makes it feasible.
        req.preset.cardPowerCap = cap.required * (1 + 1e-6) + 1e-6
        #expect(throws: Never.self) { try EpochPlanner().plan(req) }
        print(d)
    }

    @Test func cardCapBelowIdlePower() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 6)
        req.preset.cardPowerCap = 50
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.cardPowerCap))
        #expect(!d.families.contains(.thermalLimit))
        print(d)
    }

    @Test func nodeCapTooLow() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 7)
        req.preset.nodePowerCap = 150
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.nodePowerCap))
        let f = try #require(d.findings.first { $0.constraint == .nodePowerCap })
        #expect(f.required > 150)
    }

    @Test func thermalLimitBelowIdleTemperature() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 8)
        req.preset.thermalLimit = 31
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.thermalLimit))
        let f = try #require(d.findings.first { $0.constraint == .thermalLimit })
        #expect(f.required > 31)
        print(d)
    }

    @Test func deadlineTooEarlyForTheBacklog() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: 9)
        req.deferrableBacklog = 1e7
        req.deferrableDeadline = 1
        let d = try #require(diagnosis(req))
        #expect(d.families.contains(.deferrableDeadline))
        let f = try #require(d.findings.first { $0.constraint == .deferrableDeadline })
        #expect(f.epoch == 0 && f.required < f.current)
        print(d)
    }

    @Test func accuracyCeilingBelowEveryPoint() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 2, seed: 10)
        let cat = try OperatingPointCatalog(node: PlanningFixtures.node(cards: 2), workload: PlanningFixtures.llama7B,
                                            batchSizes: [1, 8], profiles: [.eco], placements: [.card])
        req.catalog = cat
        req.preset.accuracyLossCeiling = 0.01
        let d = try #require(diagnosis(req))
        #expect(d.families == [.accuracyCeiling])
    }
}

@Suite struct InvalidRequestTests {
    func field(_ mutate: (inout PlanningRequest) -> Void) -> String? {
        var req: PlanningRequest
        do { req = try PlanningFixtures.request(cards: 2, horizon: 3, seed: 1) } catch { return "fixture failed: \(error)" }
        mutate(&req)
        do {
            _ = try EpochPlanner().plan(req)
            return nil
        } catch {
            if case let .invalidRequest(f, _) = error { return f }
            return "other: \(error)"
        }
    }

    @Test func namesTheField() {
        #expect(field { $0.epochLength = -900 } == "epochLength")
        #expect(field { $0.epochLength = .nan } == "epochLength")
        #expect(field { $0.carbonForecast = [300, 300] } == "carbonForecast")
        #expect(field { $0.carbonForecast[1] = .nan } == "carbonForecast[1]")
        #expect(field { $0.arrivals[.interactive] = [1, 2] } == "arrivals.interactive")
        #expect(field { $0.arrivals[.deferrable]![0] = .nan } == "arrivals.deferrable[0]")
        #expect(field { $0.arrivals[.interactive]![2] = .infinity } == "arrivals.interactive[2]")
        #expect(field { $0.arrivals[.elastic]![2] = .infinity } == nil)
        #expect(field { $0.deferrableDeadline = 4 } == "deferrableDeadline")
        #expect(field { $0.deferrableDeadline = 0 } == "deferrableDeadline")
        #expect(field { $0.deferrableBacklog = -1 } == "deferrableBacklog")
        #expect(field { $0.temperatures = [50] } == "temperatures")
        #expect(field { $0.temperatures[1] = .nan } == "temperatures[1]")
        #expect(field { $0.horizon = 0 } == "horizon")
        #expect(field { $0.cards = 0 } == "cards")
        #expect(field { $0.preset.alpha = .nan } == "preset.alpha")
        #expect(field { $0.preset.alpha = 0; $0.preset.beta = 0 } == "preset.alpha")
        #expect(field { $0.preset.latencySLO = 0 } == "preset.latencySLO")
        #expect(field { $0.preset.nodePowerCap = -5 } == "preset.nodePowerCap")
        #expect(field { $0.leakageTemperatures = [[50, 50, 50]] } == "leakageTemperatures")
    }
}

@Suite struct RecedingHorizonTests {
    @Test func committedEpochsAdvanceTheStateAndWarmStart() throws {
        let cat = (try PlanningFixtures.llamaCatalog())
        let values = (0..<40).map { 300 + 150 * sin(Double($0) / 4) }
        let trace = try CarbonTrace(start: 1_700_000_000, step: 900, values: values)
        let slow = cat.points.filter { $0.latency <= 1 && $0.accuracyLoss <= 2 }.map(\.throughput).min()!
        let loop = RecedingHorizonPlanner(
            configuration: .init(catalog: cat, cards: 4, horizon: 6, preset: .research, deadlinePeriod: 8),
            trace: trace, forecaster: OracleForecaster(),
            arrivals: { _, h in
                [.interactive: [Double](repeating: slow * 900, count: h), .deferrable: [Double](repeating: slow * 300, count: h),
                 .elastic: [Double](repeating: .infinity, count: h)]
            },
            deferrableBacklog: 1000, temperatures: [45, 45, 45, 45])
        let steps = try loop.run(epochs: 10)
        #expect(steps.map(\.epoch) == Array(0..<10))
        #expect(steps.dropFirst().allSatisfy { $0.plan.statistics.reusedStructure })
        #expect(steps.dropFirst().allSatisfy { $0.plan.statistics.warmStarts == $0.plan.statistics.lpSolves })
        #expect(loop.epoch == 10)
        #expect(loop.temperatures == steps.last!.plan.committed.cards.map(\.temperature))
        #expect(abs(loop.deferrableBacklog - steps.last!.plan.committed.deferrableBacklogAfter) < 1e-9)
        // The deadline (every 8 epochs) is met: at epoch 7 nothing that arrived is left.
        #expect(steps[7].plan.committed.deferrableBacklogAfter <= 1e-6 * slow * 900)
        loop.observe(temperatures: [60, 60, 60, 60], deferrableBacklog: 0)
        let next = try loop.step()
        #expect(next.plan.committed.cards.allSatisfy { $0.leakageTemperature.isFinite })
    }
}

@Suite("Deferrable deadlines repeat every period")
struct DeadlinePeriodTests {
    /// Regression: with only the first deadline enforced, a horizon longer than one period
    /// (the oracle's whole-day LP) left every later arrival unserved on a carbon-first preset.
    @Test func everyPeriodBoundaryInsideTheHorizonIsADeadline() throws {
        var req = try PlanningFixtures.request(cards: 2, horizon: 6, seed: 11)
        req.deferrableDeadline = 2
        req.deferrableDeadlinePeriod = 2
        req.preset = .research
        let plan = try EpochPlanner().plan(req)
        var cumulativeArrived = req.deferrableBacklog, cumulativeServed = 0.0
        for t in 0..<6 {
            cumulativeArrived += req.arrival(.deferrable, epoch: t)
            cumulativeServed += plan.epochs[t].served.deferrable
            // Deadlines at the ends of epochs 1, 3 and 5: everything that arrived by then is served.
            if t % 2 == 1 { #expect(cumulativeServed >= cumulativeArrived * (1 - 1e-6) - 1e-6, "epoch \(t)") }
        }
        // Without the period only the first deadline binds, and the carbon-first preset leaves
        // the later arrivals for after the horizon.
        req.deferrableDeadlinePeriod = nil
        let once = try EpochPlanner().plan(req)
        let servedOnce = once.epochs.reduce(0) { $0 + $1.served.deferrable }
        let servedPeriodic = plan.epochs.reduce(0) { $0 + $1.served.deferrable }
        #expect(servedPeriodic >= servedOnce - 1e-6)
        req.deferrableDeadlinePeriod = 0
        #expect(throws: PlanningError.self) { try EpochPlanner().plan(req) }
    }
}
