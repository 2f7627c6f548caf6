import ArgumentParser
import Dispatch
import Foundation
import Hardware
import Simulator
import Workloads

/// The node scenario both simulation benchmarks run: N cards of one device for H hours at
/// 100 ms ticks with per-core thermal networks, serving Llama-2-7B requests from the workload
/// catalog in three work classes (diurnal interactive traffic with a 1 s objective at 20 %
/// of the node's top-level capacity on average, deferrable work at 15 % with a 4 h deadline,
/// elastic work at 30 %), and a plan that changes every 15-minute epoch the way an executor
/// would drive the node.
struct SimulationScenario: Sendable {
    let device: DeviceSpec
    let cards: Int
    let hours: Double
    /// One point per DVFS level (index = level).
    let points: [OperatingPoint]
    /// The catalog the points come from (throttled cards look their points up in it).
    let catalog: OperatingPointCatalog

    init(deviceID: String, cards: Int, hours: Double) throws {
        guard let device = DevicePresets.named(deviceID) else {
            throw BenchError("--device: unknown device \"\(deviceID)\" (known: \(DevicePresets.ids.joined(separator: ", ")))")
        }
        guard cards >= 1 else { throw BenchError("--cards must be at least 1 (got \(cards))") }
        guard hours.isFinite, hours > 0 else { throw BenchError("--hours must be a positive number (got \(hours))") }
        self.device = device
        self.cards = cards
        self.hours = hours
        (points, catalog) = try Self.levelPoints(device, cards: cards)
    }

    /// The workload: Llama-2-7B, 256-token prompts, 32 generated tokens, whole model on one card.
    static let workload = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 256, outputTokens: 32))

    /// Points from the workload catalog (BALANCED profile, one card): per DVFS level, the
    /// batch size with the most throughput among those whose latency at the top level meets
    /// the 1 s objective (or the fastest batch if none does).
    static func levelPoints(_ device: DeviceSpec, cards: Int) throws -> (points: [OperatingPoint], catalog: OperatingPointCatalog) {
        let node = NodeSpec(device: device, cards: cards, host: .typical)
        let catalog = try OperatingPointCatalog(node: node, workload: workload, profiles: [.balanced], placements: [.card])
        let top = device.dvfs.count - 1
        let atTop = catalog.points.filter { $0.key.frequencyLevel == top }
        guard let fastest = atTop.min(by: { $0.latency < $1.latency }) else {
            throw BenchError("the catalog offers no point at the top level for \(device.id)")
        }
        let chosen = atTop.filter { $0.latency <= 1 }.max(by: { $0.throughput < $1.throughput }) ?? fastest
        return (try device.dvfs.indices.map { l in
            var key = chosen.key
            key.frequencyLevel = l
            guard let p = catalog.point(for: key) else {
                throw BenchError("the catalog has no point for batch \(key.batchSize) at level \(l) on \(device.id)")
            }
            return p
        }, catalog)
    }

    func configuration(seed: UInt64) -> SimulationConfiguration {
        let capacity = points[points.count - 1].throughput * Double(cards)
        return SimulationConfiguration(
            device: device, cards: cards, tick: 0.1, epochLength: 900, seed: seed,
            interactive: .init(arrivals: .poisson(DiurnalRate(base: 0.2 * capacity, amplitude: 0.6, phase: 6 * 3600)),
                               latencyObjective: 1),
            deferrable: .init(arrivals: .poisson(DiurnalRate(base: 0.15 * capacity, amplitude: 0.2)), deadline: 4 * 3600),
            elastic: .init(arrivals: .poisson(DiurnalRate(base: 0.3 * capacity))))
    }

    /// Applies epoch `e`'s plan: half the cards (at least one) at the top level for
    /// interactive work with some deferrable, a quarter at a mid level for deferrable work,
    /// the rest on elastic work at a level that cycles with the epoch; the last card rests
    /// every fourth epoch.
    func applyPlan(epoch e: Int, to sim: inout NodeSimulator) throws {
        let top = points.count - 1
        let interactiveCards = max(1, cards / 2)
        let deferrableCards = cards / 4
        for c in 0..<cards {
            if c == cards - 1 && cards > 1 && e % 4 == 3 {
                try sim.setIdle(card: c)
            } else if c < interactiveCards {
                try sim.setOperatingPoint(card: c, point: points[top], classShares: ClassShares(interactive: 0.8, deferrable: 0.2))
            } else if c < interactiveCards + deferrableCards {
                try sim.setOperatingPoint(card: c, point: points[top / 2], classShares: .only(.deferrable))
            } else {
                try sim.setOperatingPoint(card: c, point: points[e % points.count], classShares: .only(.elastic))
            }
        }
    }

    /// Runs the whole scenario; returns the telemetry.
    func run(seed: UInt64) throws -> SimulationTelemetry {
        try runSimulator(seed: seed).telemetry()
    }

    /// Runs the whole scenario; returns the simulator at the end (telemetry not yet taken).
    func runSimulator(seed: UInt64) throws -> NodeSimulator {
        var sim = try NodeSimulator(configuration: configuration(seed: seed), catalog: catalog)
        let epochs = Int((hours * 3600 / 900).rounded(.up))
        var remaining = Int((hours * 3600 / 0.1).rounded())
        for e in 0..<epochs where remaining > 0 {
            try applyPlan(epoch: e, to: &sim)
            let n = min(9000, remaining)
            sim.run(ticks: n)
            remaining -= n
        }
        return sim
    }
}

/// `epof-bench simulate`: one simulated day (by default) of an N-card node, timed.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate an N-card node for H hours at 100 ms ticks and report the real-time ratio.",
        discussion: """
        Prints `simulate wall_s=… simulated_s=… realtime_ratio=…` followed by extra fields.
        wall_s covers building the simulator, the plan changes every 15 minutes, every tick,
        and the final telemetry.
        """
    )

    @Option(name: .long, help: "Cards on the node.")
    var cards: Int = 8

    @Option(name: .long, help: "Simulated hours.")
    var hours: Double = 24

    @Option(name: .long, help: "Seed of the arrival streams.")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Device preset id.", valueName: "ID"))
    var device: String = "ascend-910b"

    func run() throws {
        let scenario = try SimulationScenario(deviceID: device, cards: cards, hours: hours)
        let clock = Stopwatch()
        let t: SimulationTelemetry
        let readoutShare: Double
        let candidates: String
        do {
            let sim = try scenario.runSimulator(seed: seed)
            t = sim.telemetry()
            // Share of die steps that read every core (the rest read only the candidates).
            let dies = (0..<cards).flatMap { c in (0..<scenario.device.dies).compactMap { try? sim.thermalModel(card: c, die: $0) } }
            let ticks = max(t.summary.duration / 0.1, 1)
            candidates = dies.map { String($0.candidateCount) }.joined(separator: ",")
            readoutShare = dies.map { Double($0.fullReadouts) }.reduce(0, +) / (ticks * Double(max(dies.count, 1)))
        } catch let e as SimulatorError {
            throw BenchError("simulation refused its input: \(e)")
        }
        let wall = clock.seconds
        let simulated = t.summary.duration
        let s = t.summary
        print("simulate wall_s=\(String(format: "%.3f", wall)) simulated_s=\(String(format: "%.1f", simulated)) "
              + "realtime_ratio=\(String(format: "%.0f", simulated / wall)) "
              + "device=\(scenario.device.id) cards=\(cards) ticks=\(Int((simulated / 0.1).rounded())) "
              + "energy_J=\(String(format: "%.6e", s.energy)) served=\(s.served) "
              + "throttle_events=\(s.throttleEvents) max_temp_C=\(String(format: "%.2f", s.maxTemperature)) "
              + "interactive_p99_s=\(s.classes[0].latencyP99.map { String(format: "%.3f", $0) } ?? "none") "
              + "deadline_misses=\(s.classes[1].deadlineMisses) seed=\(seed) "
              + "full_readout_share=\(String(format: "%.6f", readoutShare)) candidates=\(candidates)")
    }
}

/// `epof-bench simulate-sweep`: R independent runs of the `simulate` scenario (seeds
/// seed, seed+1, …) on J worker threads, each run with its own simulator.
struct SimulateSweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-sweep",
        abstract: "Run independent node simulations in parallel and report the wall time.",
        discussion: """
        Prints `sweep runs=… jobs=… wall_s=…` followed by extra fields. Runs are handed to the
        J workers from a shared counter (DispatchQueue.concurrentPerform); simulators are
        never shared between threads.
        """
    )

    @Option(name: .long, help: "Independent runs.")
    var runs: Int = 16

    @Option(name: .long, help: "Worker threads.")
    var jobs: Int = 1

    @Option(name: .long, help: "Cards on the node.")
    var cards: Int = 8

    @Option(name: .long, help: "Simulated hours per run.")
    var hours: Double = 24

    @Option(name: .long, help: "Seed of the first run (run i uses seed + i).")
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Device preset id.", valueName: "ID"))
    var device: String = "ascend-910b"

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1 (got \(runs))") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
    }

    func run() throws {
        let scenario = try SimulationScenario(deviceID: device, cards: cards, hours: hours)
        let results = SweepResults(count: runs)
        let runs = self.runs, seed = self.seed
        let cpuStart = processCPUSeconds()
        let clock = Stopwatch()
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while let i = results.claim() {
                // Each run builds, owns and drops its own simulator on this thread.
                let outcome = Result { try scenario.run(seed: seed &+ UInt64(i)) }
                results.store(i, outcome.map { ($0.summary.energy, $0.summary.served) }.mapError { "\($0)" })
            }
        }
        let wall = clock.seconds
        let cpu = processCPUSeconds() - cpuStart
        let all = results.all()
        var energy = 0.0, served = 0
        for (i, r) in all.enumerated() {
            switch r {
            case let .success(x): energy += x.0; served += x.1
            case let .failure(e): throw BenchError("run \(i): \(e.message)")
            case nil: throw BenchError("run \(i) did not run")
            }
        }
        let simulated = Double(runs) * hours * 3600
        print("sweep runs=\(runs) jobs=\(jobs) wall_s=\(String(format: "%.3f", wall)) "
              + "simulated_s=\(String(format: "%.1f", simulated)) realtime_ratio=\(String(format: "%.0f", simulated / wall)) "
              + "cpu_s=\(String(format: "%.3f", cpu)) cpu_per_wall=\(String(format: "%.2f", cpu / wall)) "
              + "device=\(scenario.device.id) cards=\(cards) total_energy_J=\(String(format: "%.6e", energy)) total_served=\(served)")
    }
}

/// User + system CPU time of the whole process so far, s (all threads).
func processCPUSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return .nan }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// A failure message that crosses threads.
struct SweepFailure: Error { let message: String }
extension Result where Failure == SweepFailure {
    init(_ body: () throws -> Success) {
        do { self = .success(try body()) } catch { self = .failure(SweepFailure(message: "\(error)")) }
    }
}
extension Result {
    func mapError(_ f: (Failure) -> String) -> Result<Success, SweepFailure> {
        mapError { SweepFailure(message: f($0)) }
    }
}

/// The sweep's work counter and result slots, shared by the workers under a lock.
final class SweepResults: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<(Double, Int), SweepFailure>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next run index to do, or nil when all are taken.
    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ i: Int, _ r: Result<(Double, Int), SweepFailure>) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
    }

    func all() -> [Result<(Double, Int), SweepFailure>?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
