import ArgumentParser
import Carbon
import Foundation
import Hardware
import Planner
import Solvers
import Workloads

/// `epof-bench replan`: the receding-horizon planner over a day of epochs; per-epoch wall time
/// of planning (model update, frontier enumeration, choice, plan assembly).
///
/// Workload: Llama-2-7B (512 prompt / 128 output tokens) on the chosen device preset, the
/// default catalog grid with one-card placement (3 profiles × DVFS levels × 8 batch sizes: 144
/// points on the 910B). Carbon: a deterministic diurnal trace (or a CSV via `--trace`), oracle
/// forecast. Arrivals: diurnal interactive demand, steady deferrable work due daily, unlimited
/// elastic work. Prints `replan median_ms=… p95_ms=… frontier_points=…` and extra fields.
struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Receding-horizon planning: per-epoch planning time including the frontier enumeration.")

    @Option(name: .long, help: "Cards in the node.") var cards = 8
    @Option(name: .long, help: "Planning horizon H, epochs.") var horizon = 24
    @Option(name: .long, help: "Epochs to plan (committed).") var epochs = 96
    @Option(name: .long, help: "Epoch length, s.") var epochLength = 900.0
    @Option(name: .long, help: "Device preset.") var device = "ascend-910b"
    @Option(name: .long, help: "Preset: ecommerce or research.") var preset = "research"
    @Option(name: .long, help: "Backend: clp or glpk.") var solver = "clp"
    @Option(name: .long, help: "Seed of the arrival noise and the initial temperatures.") var seed: UInt64 = 1
    @Flag(name: .long, help: "Give every card a different initial temperature (no symmetry aggregation at the start).") var heterogeneous = false
    @Flag(name: .long, help: "Turn off dominated-point pruning and card aggregation (the full LP).") var unreduced = false

    func run() throws {
        guard let dev = DevicePresets.named(device) else { throw BenchError("unknown device \(device)") }
        guard let sla = SLAPreset.named(preset) else { throw BenchError("unknown preset \(preset)") }
        guard let backend = SolverChoice(rawValue: solver) else { throw BenchError("unknown solver \(solver)") }
        let node = NodeSpec(device: dev, cards: cards, host: .typical)
        let workload = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 512, outputTokens: 128))
        let catalog = try OperatingPointCatalog(node: node, workload: workload, placements: [.card])
        let total = epochs + horizon
        let perDay = max(1, Int((86_400 / epochLength).rounded()))
        let values = (0..<total).map { e -> Double in
            let h = Double(e % perDay) / Double(perDay) * 2 * Double.pi
            return 380 + 160 * sin(h - 1.2) + 40 * sin(3 * h)
        }
        let trace = try CarbonTrace(start: 1_700_000_000, step: epochLength, values: values)
        // One SLO-feasible card at its slowest point serves `base` work units per epoch.
        let slow = catalog.points.filter { $0.latency <= sla.latencySLO && $0.accuracyLoss <= sla.accuracyLossCeiling }
            .map(\.throughput).min() ?? 1
        let base = slow * epochLength
        let n = Double(cards), pd = perDay, s = seed
        let arrivals: ArrivalForecast = { start, h in
            var inter: [Double] = [], def: [Double] = []
            for e in start..<(start + h) {
                let phase = Double(e % pd) / Double(pd) * 2 * Double.pi
                var z = UInt64(truncatingIfNeeded: e) &* 0x9E37_79B9_7F4A_7C15 ^ s
                z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
                let noise = Double(z >> 11) / Double(1 << 53)
                inter.append(n * base * (0.25 + 0.2 * sin(phase - 2) + 0.05 * noise))
                def.append(n * base * 0.1)
            }
            return [.interactive: inter, .deferrable: def, .elastic: [Double](repeating: .infinity, count: h)]
        }
        var rng = UInt64(seed)
        let temps = (0..<cards).map { _ -> Double in
            guard heterogeneous else { return 45 }
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return 40 + Double(rng >> 59)
        }
        var options = EpochPlanner.Options()
        if unreduced { options.pruneDominatedPoints = false; options.aggregateIdenticalCards = false }
        let loop = RecedingHorizonPlanner(
            configuration: .init(catalog: catalog, cards: cards, horizon: horizon, preset: sla, deadlinePeriod: perDay,
                                 solver: backend, options: options),
            trace: trace, forecaster: OracleForecaster(), arrivals: arrivals, temperatures: temps)
        var ms: [Double] = [], points: [Double] = [], solves: [Double] = [], iters: [Double] = []
        var warm = 0, lp = 0, reused = 0, refined = 0
        var last: Plan?
        for _ in 0..<epochs {
            let step = try loop.step()
            ms.append(step.seconds * 1000)
            points.append(Double(step.plan.frontier.count))
            solves.append(Double(step.plan.statistics.lpSolves))
            iters.append(Double(step.plan.statistics.iterations))
            warm += step.plan.statistics.warmStarts
            lp += step.plan.statistics.lpSolves
            reused += step.plan.statistics.reusedStructure ? 1 : 0
            refined += step.plan.statistics.frontierPasses > 1 ? 1 : 0
            last = step.plan
        }
        let sorted = ms.sorted()
        let p95 = sorted[min(sorted.count - 1, Int((0.95 * Double(sorted.count)).rounded(.up)) - 1)]
        let st = last?.statistics
        print(String(format: "replan median_ms=%.2f p95_ms=%.2f frontier_points=%.0f", median(ms), p95, median(points))
              + " first_ms=\(String(format: "%.2f", ms.first ?? 0)) max_ms=\(String(format: "%.2f", sorted.last ?? 0))"
              + " epochs=\(epochs) cards=\(cards) horizon=\(horizon) points_per_card=\(catalog.points.count)"
              + " candidates=\(st?.candidatePoints ?? 0) groups=\(st?.cardGroups ?? 0) columns=\(st?.columns ?? 0) rows=\(st?.rows ?? 0)"
              + " lp_solves_median=\(Int(median(solves))) iterations_median=\(Int(median(iters)))"
              + " warm_fraction=\(String(format: "%.3f", lp > 0 ? Double(warm) / Double(lp) : 0)) reused_structure=\(reused)/\(epochs)"
              + " leakage_refined=\(refined)/\(epochs) solver=\(solver) preset=\(preset)")
    }
}
