import Foundation
import Hardware
import Planner
import Simulator
import Testing
import Workloads
@testable import Executor

/// The planner's interactive sizing (``InteractiveQueueing``, issue 10 item 4) against the
/// simulator's measured SLO attainment: one 910B card serving SDXL interactive requests with
/// preemptive priority over unlimited elastic work, as the executor runs the LP's plans.
@Suite struct QueueingModelTests {
    @Test func decayRateSolvesTheDeterministicServiceEquation() {
        for (lambda, mu) in [(0.1, 0.3), (0.5, 0.6), (2.0, 10.0), (0.01, 5.0)] {
            let theta = InteractiveQueueing.decayRate(arrivalRate: lambda, serviceRate: mu)
            #expect(theta > 0)
            // e^{θ/μ} = 1 + θ/λ
            let lhs: Double = exp(theta / mu), rhs: Double = 1 + theta / lambda
            #expect(abs(lhs - rhs) <= 1e-9 * rhs)
            // Deterministic service decays faster than exponential service (M/M/1: θ = μ − λ).
            #expect(theta > mu - lambda)
        }
        #expect(InteractiveQueueing.waitTail(arrivalRate: 1, serviceRate: 0.5, wait: 10) == 1)  // unstable
        #expect(InteractiveQueueing.waitTail(arrivalRate: 0, serviceRate: 0.5, wait: 0) == 0)   // no arrivals
        let mu = InteractiveQueueing.requiredServiceRate(arrivalRate: 0.2, latency: 2, slo: 6, percentile: 0.99)
        #expect(InteractiveQueueing.meets(arrivalRate: 0.2, serviceRate: mu, latency: 2, slo: 6, percentile: 0.99))
        #expect(!InteractiveQueueing.meets(arrivalRate: 0.2, serviceRate: mu * 0.999, latency: 2, slo: 6, percentile: 0.99))
        #expect(InteractiveQueueing.requiredServiceRate(arrivalRate: 0.2, latency: 7, slo: 6, percentile: 0.99) == .infinity)
    }

    /// Across arrival rates and batch sizes, the attainment the model predicts (1 − tail) is a
    /// lower bound on the simulator's (within 1 point of sampling noise over 4 simulated hours),
    /// and it is not vacuous: where the model promises ≥ 99 % the simulator delivers ≥ 99 %.
    @Test func predictedAttainmentBoundsTheSimulatorsMeasurement() throws {
        let catalog = try sdxlCatalog()
        let single = catalog.points.filter { $0.key.placement == .card && $0.key.profile == .ultraHigh }
        let top = single.map(\.key.frequencyLevel).max() ?? 0
        let slo = 6.0
        var checked = 0
        for batch in [1, 2, 4] {
            guard let p = single.first(where: { $0.key.batchSize == batch && $0.key.frequencyLevel == top }),
                  p.latency < slo else { continue }
            var bulkKey = p.key
            bulkKey.batchSize = 16
            let bulk = catalog.point(for: bulkKey) ?? p
            for load in [0.2, 0.5, 0.8] {
                let rate = load * p.throughput
                let predicted = 1 - InteractiveQueueing.waitTail(arrivalRate: rate, serviceRate: p.throughput, wait: slo - p.latency)
                let config = SimulationConfiguration(
                    device: DevicePresets.ascend910B, cards: 1, tick: 0.1, epochLength: 900, seed: 7,
                    interactive: WorkClassConfiguration(arrivals: .poisson(DiurnalRate(base: rate)), latencyObjective: slo),
                    elastic: WorkClassConfiguration(arrivals: .poisson(DiurnalRate(base: 3 * bulk.throughput))),
                    initialTemperature: 45)
                var ex = try PlanExecutor(simulator: try NodeSimulator(configuration: config, catalog: catalog), catalog: catalog,
                                          control: .disabled)
                // The plan's interactive time at utilisation 1, the rest elastic at a bigger batch.
                let f = min(1, rate / p.throughput)
                let mix = [CardMix(card: 0, entries: [MixEntry(point: p.key, workClass: .interactive, fraction: f),
                                                      MixEntry(point: bulk.key, workClass: .elastic, fraction: 1 - f)])]
                for _ in 0..<16 { _ = try ex.execute(mix) }
                let i = ex.simulator.telemetry().summary.classes[WorkClass.interactive.rawValue]
                let measured = Double(i.withinLatencyObjective) / Double(max(i.arrived, 1))
                print("batch \(batch) (L \(p.latency) s, X \(p.throughput)/s) load \(load): predicted \(predicted), measured \(measured)")
                #expect(measured >= predicted - 0.01, "batch \(batch), load \(load): predicted \(predicted), measured \(measured)")
                if predicted >= 0.99 { #expect(measured >= 0.99) }
                checked += 1
            }
        }
        #expect(checked >= 6)
    }
}
