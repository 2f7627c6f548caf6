import ArgumentParser
import Executor
import Foundation
import Hardware
import Planner
import Scenario

extension PolicyKind: ExpressibleByArgument {}

/// Runs closed loops for `epof simulate` and `epof compare`: loads the scenario, turns hours
/// into epochs, runs each policy on the same scenario and seed, and collects each run's
/// ``PolicyRun`` (metrics, per-epoch samples, the hottest thermal snapshot).
struct SimulationRunner {
    let scenario: Scenario
    let epochs: Int
    let seed: UInt64
    let presets: PresetLibrary
    let presetOverride: String?
    /// The preset every policy runs under (the scenario's, or --preset, with the scenario's overrides).
    let preset: SLAPreset

    /// Loads `path`; hours → ⌈hours · 3600 / epoch length⌉ epochs (at least 1).
    init(path: String, hours: Double, seed: UInt64, preset presetName: String?, presetsFile: String?) throws(CommandFailure) {
        guard hours.isFinite, hours > 0 else { throw CommandFailure(status: .inputError, message: "--hours must be > 0 (got \(hours))") }
        do {
            scenario = try Scenario.load(contentsOf: path)
            var library = PresetLibrary()
            if let presetsFile { try library.add(contentsOf: presetsFile) }
            presets = library
            preset = try scenario.resolvePreset(library: library, override: presetName)
        } catch {
            throw CommandFailure(status: .inputError, message: "\(error)")
        }
        let e = (hours * 3600 / scenario.epochLength * (1 - 1e-12)).rounded(.up)
        guard e <= 1_000_000 else { throw CommandFailure(status: .inputError, message: "--hours \(hours) is too long (\(e) epochs)") }
        epochs = max(1, Int(e))
        self.seed = seed
        presetOverride = presetName
        for n in scenario.notices { FileHandle.standardError.write(Data("epof: \(n)\n".utf8)) }
    }

    /// Runs `policy` to the end and keeps what reports need (metrics, per-epoch samples, the
    /// hottest epoch end's thermal snapshot); the progress bar (stderr, terminals only) is
    /// labelled with the policy.
    func run(_ policy: PolicyKind, progress: inout ProgressBar) throws(CommandFailure) -> PolicyRun {
        let loop: ClosedLoop
        do {
            loop = try ClosedLoop(scenario: scenario, configuration: ClosedLoop.Configuration(
                epochs: epochs, seed: seed, presets: presets, presetOverride: presetOverride, policy: policy))
        } catch {
            throw CommandFailure(status: .inputError, message: "\(scenario.file ?? scenario.name): \(error)")
        }
        var hottest: ThermalMap?
        do {
            while loop.epochsRun < epochs {
                try loop.step()
                let map = loop.executor.simulator.thermalMap()
                if hottest.map({ map.maxTemperature > $0.maxTemperature }) ?? true { hottest = map }
                progress.advance(label: policy.rawValue)
            }
        } catch {
            progress.finish()
            throw CommandFailure(status: .solverFailure, message: "\(policy.rawValue): simulation failed at epoch \(loop.epochsRun): \(error)")
        }
        return PolicyRun(loop: loop, hottest: hottest)
    }
}

/// A one-line progress bar with ETA on standard error, shown only when stderr is a terminal and
/// only once the run has taken more than two seconds; never touches standard output.
struct ProgressBar {
    let total: Int
    private(set) var done = 0
    private let enabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var shown = false

    init(total: Int, enabled: Bool = true) {
        self.total = max(total, 1)
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        start = clock.now
    }

    mutating func advance(label: String) {
        done += 1
        guard enabled else { return }
        let c = (clock.now - start).components
        let elapsed = Double(c.seconds) + Double(c.attoseconds) * 1e-18
        guard elapsed > 2 else { return }
        shown = true
        let f = Double(done) / Double(total)
        let width = 30
        let filled = Int((f * Double(width)).rounded(.down))
        let eta = f > 0 ? elapsed * (1 - f) / f : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r[\(bar)] \(Int((f * 100).rounded()))%  \(label)  ETA \(Self.duration(eta))   "
        FileHandle.standardError.write(Data(line.utf8))
        if done >= total { finish() }
    }

    mutating func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        shown = false
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? "\(t / 3600)h\(String(format: "%02d", t / 60 % 60))m" : "\(t / 60)m\(String(format: "%02d", t % 60))s"
    }
}

/// Text and JSON renderings of run metrics.
enum MetricsReport {
    /// Sorted-key, pretty JSON of any value (stable across runs).
    static func json<T: Encodable>(_ value: T) throws(CommandFailure) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        do { return String(decoding: try enc.encode(value), as: UTF8.self) } catch {
            throw CommandFailure(status: .solverFailure, message: "cannot encode the metrics as JSON: \(error)")
        }
    }

    /// One table, a column per run, a row per metric.
    static func table(_ runs: [RunMetrics], scenario: Scenario, epochs: Int, seed: UInt64) -> String {
        func f(_ x: Double, _ d: Int = 2) -> String { String(format: "%.\(d)f", x) }
        func g(_ x: Double) -> String { x == 0 ? "0" : (abs(x) >= 1e6 || abs(x) < 1e-2 ? String(format: "%.3e", x) : String(format: "%.2f", x)) }
        var rows: [(String, [String])] = []
        func row(_ name: String, _ v: (RunMetrics) -> String) { rows.append((name, runs.map(v))) }
        row("work served, requests") { "\($0.served.total)" }
        row("  interactive") { "\($0.served.interactive)" }
        row("  deferrable") { "\($0.served.deferrable)" }
        row("  elastic") { "\($0.served.elastic)" }
        row("throughput, requests/s") { g($0.throughput) }
        row("SLO attainment (interactive)") { $0.sloAttainment.map { f($0 * 100, 1) + " %" } ?? "–" }
        row("interactive latency p50/p99, s") { $0.interactiveLatency.map { "\(f($0.p50))/\(f($0.p99))" } ?? "–" }
        row("energy, J") { g($0.energy) }
        row("carbon, gCO2") { g($0.carbon) }
        row("CER, requests/gCO2") { g($0.cer) }
        row("node power mean, W") { f($0.nodePower.mean, 1) }
        row("node power peak, W") { f($0.nodePower.peak, 1) }
        row("node power p5-p95, W") { "\(f($0.nodePower.p5, 1))-\(f($0.nodePower.p95, 1))" }
        let cards = runs.map(\.cards).max() ?? 0
        for c in 0..<cards {
            row("card \(c) power mean/peak, W") { c < $0.cardPower.count ? "\(f($0.cardPower[c].mean, 1))/\(f($0.cardPower[c].peak, 1))" : "–" }
            row("card \(c) power p5-p95, W") { c < $0.cardPower.count ? "\(f($0.cardPower[c].p5, 1))-\(f($0.cardPower[c].p95, 1))" : "–" }
        }
        row("max temperature, °C") { f($0.maxTemperature, 1) }
        row("time above 85 °C, s") { f($0.timeAboveHotThreshold, 1) }
        row("throttling events") { "\($0.throttleEvents)" }
        row("control actions") { "\($0.controlActions)" }
        row("DVFS level changes") { "\($0.levelChanges)" }
        row("accuracy loss, pp") { f($0.accuracyLoss, 3) }
        row("deadline misses") { "\($0.deadlineMisses)" }
        row("planning failures") { "\($0.planningFailures)" }
        row("epochs above power cap") { "\($0.violations.epochsAbovePowerCap)" }
        row("  worst excess, W") { f($0.violations.worstPowerCapExcess, 1) }
        row("windows above power cap") { "\($0.violations.windowsAbovePowerCap) of \(f($0.violations.powerCapWindow, 1)) s" }
        row("  worst window excess, W") { f($0.violations.worstWindowExcess, 1) }
        row("work above accuracy ceiling") { f($0.violations.workAboveAccuracyCeiling * 100, 1) + " %" }
        let kind = runs.first.flatMap { ObjectiveKind(rawValue: $0.objective.kind) } ?? .throughputCarbon
        row("objective \(kind.asciiFormula)") { f($0.objective.value, 4) }
        row("  a*T/Tmax") { f($0.objective.throughputTerm, 4) }
        row(kind == .throughputCarbon ? "  b*Cmin/C" : "  b*CER/CERmax") { f($0.objective.carbonTerm, 4) }
        let header = ["metric"] + runs.map(\.policy)
        let nameWidth = max(header[0].count, rows.map { $0.0.count }.max() ?? 0)
        var widths = runs.indices.map { i in max(header[i + 1].count, rows.map { $0.1[i].count }.max() ?? 0) }
        if widths.isEmpty { widths = [] }
        func line(_ name: String, _ cells: [String]) -> String {
            name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + cells.enumerated().map { i, c in
                "  " + String(repeating: " ", count: max(0, widths[i] - c.count)) + c
            }.joined()
        }
        var out = "\(scenario.name): \(epochs) epoch(s) of \(Int(scenario.epochLength)) s, \(scenario.node.cards) card(s), seed \(seed)\n"
        if let r = runs.first {
            let how = r.objective.normalisation == .clairvoyantLP
                ? "the most work, least carbon and best work per gCO2 of any plan of the run: clairvoyant LP"
                : "analytic bounds: all cards at the fastest point; idle floor + must-serve work at the least marginal energy"
            out += "objective: \(r.objective.kind), maximise \(r.objective.formula)\n"
            out += "objective normalisation: T_max = \(g(r.objective.maximumWork)) requests, C_min = \(g(r.objective.minimumCarbon)) gCO2"
                + "\(r.objective.maximumCarbonEfficiency.map { ", CER_max = \(g($0)) requests/gCO2" } ?? "") (\(how)); α = \(r.objective.alpha), β = \(r.objective.beta)\n"
            out += "limits: card cap \(f(r.violations.cardPowerCap, 0)) W, node cap \(f(r.violations.nodePowerCap, 0)) W, accuracy loss ≤ \(r.violations.accuracyLossCeiling) pp, latency SLO \(r.latencySLO) s\n"
        }
        out += line(header[0], Array(header.dropFirst())) + "\n"
        for (name, cells) in rows { out += line(name, cells) + "\n" }
        for r in runs { if let why = r.firstPlanningFailure { out += "\(r.policy): first planning failure at \(why)\n" } }
        return out
    }
}
