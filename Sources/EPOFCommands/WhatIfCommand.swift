import ArgumentParser
import Executor
import Foundation
import Reports
import Scenario

/// Output formats of `epof whatif`.
enum SweepFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case csv
    case json
}

/// `epof whatif SCENARIO --vary PATH=SPEC …`: parameter sweeps over scenario fields, in parallel.
public struct WhatIfCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Sweep scenario fields (power cap, region, preset, …) and compare the runs or plans of every case.",
        discussion: """
        Each --vary PATH=SPEC names a scenario field by its dotted path as written in the \
        scenario file (preset.cardPowerCap, carbon.region, node.cards, workload.model, epoch, \
        arrivals.interactive.rate, …; `preset` is the base preset, keeping the scenario's preset \
        overrides) or by a short alias:
        \(SweepSpecification.aliasHelp)

        SPEC is a range start:stop:step for numeric fields — the stop is included when it lies \
        on the grid (within 1e-9 of a step); bounds may carry the field's unit (200W:320W:20W, \
        15m:1h:15m) or be plain numbers in its SI unit — or a list a,b,c (numbers may carry \
        units). The cases are the cartesian product of all --vary, the first outermost; more \
        than \(SweepSpecification.caseLimit) cases need --yes. Every case's scenario is loaded \
        with its values through the normal scenario loader and checked before any case runs: \
        a bad path, range, value or combination stops with exit code 2 naming the --vary.

        Each case runs the closed loop (as epof simulate: --policy, default lp; --hours, default \
        24; --seed, the same for every case) or, with --plan-only, only the scenario's \
        first-epoch plan (as epof plan). Cases run in parallel on --jobs threads (default: the \
        active processors); the output is the same for any --jobs. A progress bar with ETA goes \
        to stderr on terminals.

        Output (--format text, csv or json; --output FILE writes it to a file): one row per case \
        with the varied values and every metric — the run's metrics (epof simulate's), or for \
        --plan-only the plan's throughput, carbon, power, temperature, objective (objective.kind: \
        the preset's objective, variable as --vary preset.objective=carbon-efficiency,throughput-carbon) \
        with its terms and chosen frontier point. Marginal values (--plan-only, or --policy lp): for the \
        first-epoch LP plan at its chosen frontier point, the change of the plan's throughput \
        and carbon over its horizon per unit increase of the card power cap (W), the node power \
        cap (W, when the preset sets one) and the die-temperature limit (°C), from the simplex \
        basis (the same numbers as duals and reduced costs, for throughput and carbon \
        separately); 0 when the limit does not bind; validFor says whether they hold for \
        raising, lowering, both or (at a degenerate vertex) neither. The latency SLO, \
        accuracy-loss ceiling and interactive utilisation are not right-hand sides of the LP \
        and have no dual: vary them, and the report gives finite differences \
        Δmetric/Δparameter between adjacent cases (labelled as such) for every numeric --vary.

        --svg PATH writes the sweep charts (each metric against each numeric --vary, one curve \
        per combination of the other values; throughput against carbon per case): the first at \
        PATH, the others next to it (sweep.svg → sweep-<chart>.svg). --notebook PATH writes a \
        Jupyter notebook with the scenario, the sweep as data, the charts and pandas/matplotlib cells.

        On a fleet file (a `nodes:` list, see `epof fleet`), --vary sweeps the shared limits — \
        carbonBudget (g, kg, t), siteCap (every site, W or kW), siteCap.NAME (one site), \
        siteCapScale (a factor on every site's per-epoch caps) — and each case is a fleet plan; \
        the shared rows' prices are the marginal values (objective per extra kgCO₂ of budget, \
        per extra kW of a site's cap in every epoch); --jobs threads solve the node LPs.

        Examples:
          epof whatif Problems/fleets/two-regions.yaml --vary carbonBudget=6kg:9kg:1kg
          epof whatif Problems/sdxl-ecommerce-sichuan.yaml --vary power_cap=200:320:40 --plan-only
          epof whatif Problems/sdxl-ecommerce-sichuan.yaml --vary power_cap=200W:300W:50W \\
            --vary region=beijing,sichuan --vary preset=ecommerce,research --hours 1 --format csv

        Exit codes:
          0  every case ran (infeasible --plan-only cases are reported, not fatal)
          1  a case's simulation or solver failed (the table is still written)
          2  input error: bad scenario, --vary, option or output path; checked before any work
          64 command-line usage error
        """
    )

    @Argument(help: "The scenario file (.yaml).")
    var scenario: String

    @Option(name: .customLong("vary"), help: ArgumentHelp("A field and its values: PATH=start:stop:step or PATH=a,b,c (repeatable).",
                                                          valueName: "PATH=SPEC"))
    var vary: [String] = []

    @Flag(help: "Plan only the first epoch of each case (no simulation).")
    var planOnly = false

    @Option(help: "Closed-loop policy: lp (default), seed-heuristic, max-performance, energy-optimal or oracle.")
    var policy: PolicyKind?

    @Option(help: "Simulated hours per case (default 24; rounded up to whole epochs).")
    var hours: Double?

    @Option(help: "Seed of the simulator's random streams, the same for every case.")
    var seed: UInt64 = 0

    @Option(help: "Cases run at once (default: the active processor count).")
    var jobs: Int?

    @Option(help: "A presets file (YAML) with user presets.")
    var presets: String?

    @Option(help: "Output format: text, csv or json.")
    var format: SweepFormat = .text

    @Option(help: "Write the output to this file instead of standard output.")
    var output: String?

    @Option(help: "Write the sweep charts (SVG) to this path (more charts next to it).")
    var svg: String?

    @Option(help: "Write a Jupyter notebook (.ipynb) to this path.")
    var notebook: String?

    @Flag(help: "Run more than \(SweepSpecification.caseLimit) cases.")
    var yes = false

    public init() {}

    public func validate() throws {
        if vary.isEmpty { throw ValidationError("give at least one --vary PATH=SPEC (see epof whatif --help)") }
        if planOnly, policy != nil { throw ValidationError("--policy applies to the closed loop; --plan-only runs no policy") }
        if planOnly, hours != nil { throw ValidationError("--hours applies to the closed loop; --plan-only plans the first epoch") }
    }

    public func run() throws {
        if FleetFile.isFleetFile(scenario) {
            // A fleet file: sweep the shared limits (FleetWhatIf); no simulation, charts or notebook.
            if svg != nil || notebook != nil || policy != nil || hours != nil {
                throw fail(.inputError, "on a fleet file, whatif plans the fleet per case: --svg, --notebook, --policy and --hours do not apply")
            }
            do {
                try FleetWhatIf(path: scenario, vary: vary, jobs: jobs ?? 1, format: format, output: output).run()
            } catch { throw fail(error.status, error.message) }
            return
        }
        let started = ContinuousClock.now
        let dimensions: [SweepDimension]
        do {
            var dims: [SweepDimension] = []
            for v in vary { dims.append(try SweepSpecification.dimension(v)) }
            try SweepSpecification.check(dims, allowMany: yes)
            dimensions = dims
        } catch {
            throw fail(.inputError, error.message)
        }
        let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard workers >= 1 else { throw fail(.inputError, "--jobs must be at least 1 (got \(workers))") }
        let mode: SweepMode
        if planOnly {
            mode = .planOnly
        } else {
            let h = hours ?? 24
            guard h.isFinite, h > 0 else { throw fail(.inputError, "--hours must be > 0 (got \(h))") }
            mode = .closedLoop(policy: policy ?? .lp, hours: h)
        }
        var library = PresetLibrary()
        let base: Scenario
        do {
            if let presets { try library.add(contentsOf: presets) }
            base = try Scenario.load(contentsOf: scenario)
        } catch {
            throw fail(.inputError, "\(error)")
        }
        let runner: SweepRunner
        do {
            runner = try SweepRunner(path: scenario, dimensions: dimensions, mode: mode, seed: seed, library: library)
        } catch {
            throw fail(error.status, error.message)
        }
        var notices: [String] = []
        for c in runner.cases { for n in c.scenario.notices where !notices.contains(n) { notices.append(n) } }
        for n in notices { FileHandle.standardError.write(Data("epof: \(n)\n".utf8)) }

        let progress = SweepProgress(total: runner.totalSteps)
        let results = runner.run(jobs: workers, progress: progress)
        progress.finish()
        let report = WhatIfReport(scenarioName: base.name, file: base.file ?? scenario, dimensions: dimensions, cases: runner.cases,
                                  mode: mode, seed: seed, results: results)
        try write(report)
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        FileHandle.standardError.write(Data("epof: \(results.count) case(s) on \(min(workers, results.count)) thread(s) in \(num(seconds, digits: 3)) s\n".utf8))
        if results.contains(where: { $0.status == .failed }) {
            throw fail(.solverFailure, "\(results.filter { $0.status == .failed }.count) case(s) failed (see the table's status and message)")
        }
    }

    private func write(_ report: WhatIfReport) throws {
        let text: String
        do {
            switch format {
            case .text: text = report.text()
            case .csv: text = try report.table().csv()
            case .json: text = try report.json() + "\n"
            }
        } catch {
            throw fail(.solverFailure, "cannot render the sweep: \(error)")
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw fail(.inputError, "--output: cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
        if let svg {
            let charts = report.charts()
            for (i, chart) in charts.enumerated() {
                let path = i == 0 ? svg : Self.sibling(of: svg, suffix: chart.slug)
                do { try chart.svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw fail(.inputError, "--svg: cannot write \(path): \(error.localizedDescription)")
                }
                FileHandle.standardError.write(Data("epof: wrote \(path) (\(chart.title))\n".utf8))
            }
        }
        if let notebook {
            let text = FileManager.default.contents(atPath: scenario).map { String(decoding: $0, as: UTF8.self) }
            do { try report.notebook(scenarioText: text).write(to: notebook) } catch {
                throw fail(.inputError, "--notebook: \(error)")
            }
        }
    }

    /// `dir/name.svg` + `slug` → `dir/name-slug.svg`.
    static func sibling(of path: String, suffix: String) -> String {
        let ns = path as NSString
        let ext = ns.pathExtension.isEmpty ? "svg" : ns.pathExtension
        return ns.deletingPathExtension + "-" + suffix + "." + ext
    }
}
