import ArgumentParser
import Executor
import Fleet
import Foundation
import Hardware
import Planner
import Scenario

/// `epof fleet simulate FLEET --hours H`: the fleet plan splits the shared limits into per-node
/// power caps, then every node runs its own closed loop (receding-horizon LP) under its cap.
struct FleetSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate every node of a fleet under its share of the fleet plan; per node and fleet totals.",
        discussion: """
        Plans the fleet once (as `epof fleet plan`), gives each node a node power cap equal to \
        its peak planned power over the horizon (preset.nodePowerCap, never above its own \
        preset's), then runs every node's closed loop (the LP policy: receding-horizon planning on \
        the simulated node's telemetry) for --hours, nodes in parallel (--threads). Prints per \
        node the served work, SLO attainment, energy and carbon, the fleet totals against the \
        carbon budget, and each site's simulated peak load against its cap per epoch. The caps \
        are static: each node keeps its own planner, and the site cap is checked, not enforced, \
        epoch by epoch (a time-varying per-node cap needs power-cap windows in the executor).

        --svg-dir DIR writes each node's charts into DIR/NODE/ (as `epof simulate`); --notebook \
        PATH writes one notebook per node, PATH with -NODE before the extension.
        """
    )

    @OptionGroup var arguments: FleetPlanningArguments

    @Option(help: "Simulated hours.")
    var hours: Double = 24

    @Option(help: "Random seed of the arrivals (every node uses it).")
    var seed: UInt64 = 0

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var reports: RunReportArguments

    /// One node's simulated outcome (the JSON output).
    struct NodeOutcome: Codable {
        var name: String
        var site: String?
        var nodePowerCap: Double
        var metrics: RunMetrics
        /// Mean node power per simulated epoch, W.
        var power: [Double]
    }

    /// A site's simulated load.
    struct SiteOutcome: Codable {
        var name: String
        /// Per epoch: the sum of the nodes' mean power, and the cap, W.
        var load: [Double]
        var cap: [Double]
        var epochsOverCap: Int
    }

    struct Outcome: Codable {
        var fleet: String
        var hours: Double
        var plan: FleetPlan
        var nodes: [NodeOutcome]
        var sites: [SiteOutcome]
        var throughput: Double
        var energy: Double
        var carbon: Double
        var carbonBudget: Double?
    }

    func run() throws {
        guard hours.isFinite, hours > 0 else { throw fail(.inputError, "--hours must be > 0 (got \(hours))") }
        let (file, problem) = try arguments.load()
        let plan: FleetPlan
        let planner = try arguments.planner(file)
        do { plan = try planner.plan(problem) } catch { throw fleetFailure(error, file: arguments.fleet) }
        let epochs = max(1, Int((hours * 3600 / file.epochLength * (1 - 1e-12)).rounded(.up)))
        // Each node's scenario with its cap; loaded here so errors surface before any thread starts.
        var scenarios: [Scenario] = []
        var caps: [Double] = []
        for (n, node) in file.nodes.enumerated() {
            let cap = (plan.nodes[n].power.max() ?? 0).rounded(.up)
            do {
                var s = try Scenario.load(contentsOf: node.scenarioPath, overrides: node.overrides)
                let own = try s.resolvePreset().nodePowerCap ?? .infinity
                let applied = min(cap, own)
                s = try Scenario.load(contentsOf: node.scenarioPath, overrides: node.overrides + [
                    ScenarioOverride(path: "preset.nodePowerCap", value: "\(applied) W", origin: "the fleet plan (\(node.name)'s peak power)")])
                s.name = node.name
                scenarios.append(s)
                caps.append(applied)
            } catch {
                throw fail(.inputError, "\(error)")
            }
        }
        let results = ResultSlots<Result<PolicyRun, CommandFailure>>(count: scenarios.count)
        let next = Counter()
        let group = DispatchGroup()
        for _ in 0..<min(arguments.threads, scenarios.count) {
            group.enter()
            // One closed loop (and its planner and solver) per node, created and run on this thread.
            Thread { [scenarios] in
                defer { group.leave() }
                while let k = next.take(below: scenarios.count) {
                    results.set(k, Self.simulate(scenarios[k], epochs: epochs, seed: seed))
                }
            }.start()
        }
        group.wait()
        var runs: [PolicyRun] = []
        for r in results.values {
            switch r {
            case .success(let run): runs.append(run)
            case .failure(let e): throw fail(e.status, e.message)
            }
        }
        let outcome = summarise(file, plan: plan, runs: runs, caps: caps)
        try writeReports(scenarios, runs: runs)
        switch format {
        case .text: print(text(outcome), terminator: "")
        case .json:
            let e = FleetJSON.encoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(outcome), as: UTF8.self))
        }
    }

    static func simulate(_ s: Scenario, epochs: Int, seed: UInt64) -> Result<PolicyRun, CommandFailure> {
        do {
            let loop = try ClosedLoop(scenario: s, configuration: ClosedLoop.Configuration(epochs: epochs, seed: seed, policy: .lp))
            var hottest: ThermalMap?
            while loop.epochsRun < epochs {
                try loop.step()
                let map = loop.executor.simulator.thermalMap()
                if hottest.map({ map.maxTemperature > $0.maxTemperature }) ?? true { hottest = map }
            }
            return .success(PolicyRun(loop: loop, hottest: hottest))
        } catch {
            return .failure(CommandFailure(status: .solverFailure, message: "\(s.name): simulation failed: \(error)"))
        }
    }

    func summarise(_ file: FleetFile, plan: FleetPlan, runs: [PolicyRun], caps: [Double]) -> Outcome {
        let nodes = zip(file.nodes, runs).enumerated().map { n, pair in
            NodeOutcome(name: pair.0.name, site: pair.0.site.map { file.sites[$0].name }, nodePowerCap: caps[n],
                        metrics: pair.1.metrics, power: pair.1.epochs.map(\.nodePowerMean))
        }
        let sites = file.sites.enumerated().map { s, site in
            let members = nodes.indices.filter { file.nodes[$0].site == s }
            let count = nodes.first?.power.count ?? 0
            let load = (0..<count).map { t in members.reduce(0.0) { $0 + (nodes[$1].power.indices.contains(t) ? nodes[$1].power[t] : 0) } }
            // The cap repeats with the horizon when the run is longer than it.
            let cap = (0..<count).map { site.cap[$0 % site.cap.count] }
            return SiteOutcome(name: site.name, load: load, cap: cap, epochsOverCap: zip(load, cap).filter { $0 > $1 * (1 + 1e-9) }.count)
        }
        return Outcome(fleet: file.name, hours: hours, plan: plan, nodes: nodes, sites: sites,
                       throughput: nodes.reduce(0) { $0 + Double($1.metrics.served.total) },
                       energy: nodes.reduce(0) { $0 + $1.metrics.energy }, carbon: nodes.reduce(0) { $0 + $1.metrics.carbon },
                       carbonBudget: file.carbonBudget)
    }

    func text(_ o: Outcome) -> String {
        func n(_ x: Double, _ d: Int = 1) -> String { String(format: "%.\(d)f", x) }
        var out = "fleet \(o.fleet): \(o.nodes.count) nodes simulated for \(n(o.hours)) h (LP policy, caps from the fleet plan; plan gap \(String(format: "%.1e", o.plan.gap)))\n\n"
        let w = max(4, o.nodes.map(\.name.count).max() ?? 4)
        func pad(_ s: String, _ k: Int) -> String { s.count >= k ? s : s + String(repeating: " ", count: k - s.count) }
        func lpad(_ s: String, _ k: Int) -> String { s.count >= k ? s : String(repeating: " ", count: k - s.count) + s }
        out += "\(pad("node", w))  \(lpad("cap W", 7))  \(lpad("served", 8))  \(lpad("SLO", 6))  \(lpad("kWh", 7))  \(lpad("kgCO₂", 7))  \(lpad("peak W", 7))\n"
        for x in o.nodes {
            let slo = x.metrics.sloAttainment.map { n($0 * 100) + "%" } ?? "-"
            out += "\(pad(x.name, w))  \(lpad(n(x.nodePowerCap, 0), 7))  \(lpad(String(x.metrics.served.total), 8))  \(lpad(slo, 6))  "
            out += "\(lpad(n(x.metrics.energy / 3.6e6, 2), 7))  \(lpad(n(x.metrics.carbon / 1000, 3), 7))  \(lpad(n(x.metrics.nodePower.peak, 0), 7))\n"
        }
        out += "\nfleet: \(Int(o.throughput)) requests served, \(n(o.energy / 3.6e6, 2)) kWh, \(n(o.carbon / 1000, 3)) kgCO₂"
        if let b = o.carbonBudget { out += " (budget \(n(b / 1000, 3)) kg over the \(o.plan.horizon)-epoch horizon)" }
        out += "\n"
        for s in o.sites {
            out += "site \(s.name): peak simulated load \(n(s.load.max() ?? 0, 0)) W, \(s.epochsOverCap) of \(s.load.count) epochs over the cap\n"
        }
        return out
    }

    func writeReports(_ scenarios: [Scenario], runs: [PolicyRun]) throws {
        for (s, run) in zip(scenarios, runs) {
            let preset: SLAPreset
            do { preset = try s.resolvePreset() } catch { throw fail(.inputError, "\(error)") }
            if let dir = reports.svgDirectory {
                do { try RunCharts(scenario: s, preset: preset, runs: [run]).write(to: (dir as NSString).appendingPathComponent(s.name)) } catch {
                    throw fail(error.status, error.message)
                }
            }
            if let path = reports.notebook {
                let ext = (path as NSString).pathExtension
                let base = (path as NSString).deletingPathExtension
                let target = "\(base)-\(s.name)" + (ext.isEmpty ? "" : ".\(ext)")
                let command = RunReportArguments.command(["fleet", "simulate", arguments.fleet], hours: hours, seed: seed, preset: nil, presets: nil)
                do { try RunNotebook(scenario: s, preset: preset, runs: [run], seed: seed, command: command).notebook().write(to: target) } catch {
                    throw fail(.inputError, "--notebook: \(error)")
                }
            }
        }
    }
}

/// Slots written by several threads, each once (guarded by a lock).
final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ v: T) { lock.lock(); slots[k] = v; lock.unlock() }
    var values: [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

/// A shared counter handing out indices 0, 1, … (guarded by a lock).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < n else { return nil }
        next += 1
        return next - 1
    }
}
