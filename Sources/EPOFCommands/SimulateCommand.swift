import ArgumentParser
import Executor
import Foundation

/// The exit-code table of `epof simulate` and `epof compare` (the `epof solve` numbering).
let simulationExitCodes = """
Exit codes (the same numbering as `epof solve`):
  0  the run(s) completed (planning failures inside a run fall back to a plan with relaxed \
limits, the last good plan or the safe default and are counted in the metrics, not fatal)
  1  the simulation failed (simulator or executor error; the message on stderr)
  2  input error: bad scenario, presets file or option (file:line: field: rule on stderr)
  64 command-line usage error
"""

/// The shared description of the policies and metrics.
let policiesHelp = """
Policies (DESIGN §7): lp — the receding-horizon LP planner (horizon and forecaster from the \
scenario); seed-heuristic — batch cap 64 below 250 gCO2/kWh else 16, BALANCED precision, \
largest SLO-feasible batch at the top frequency, a card whose die exceeded 80 °C drops to the \
middle frequency and moves half its load to the coldest card; max-performance — top frequency, \
FP16 (ULTRA_HIGH), largest SLO-feasible batch, every card busy; energy-optimal — carbon-blind, \
least energy per request among SLO-feasible points, deferrable work served as it arrives; \
oracle — one LP over the rest of the run (in chunks of 96 epochs) with perfect carbon forecasts, \
re-planned every epoch from the observed state.

Every policy runs on the same simulated node, executor (reactive thermal control, switching \
costs) and seed. Metrics: work served per class, throughput, SLO attainment (interactive \
requests within the SLO / arrived), energy (J, ∫ node power), carbon (gCO2, actual \
intensity), CER (requests/gCO2), mean/peak power and p5–p95 per node and card, maximum \
temperature, time above 85 °C, throttling events, accuracy loss (work-weighted), deadline \
misses, interactive latency p50/p99, limit violations (epochs whose mean card or node power \
exceeded the preset's cap, share of work above its accuracy-loss ceiling), and the preset's \
objective (throughput-carbon α·T/T_max + β·C_min/C by default; carbon-efficiency \
CER/CER_max; throughput-efficiency α·T/T_max + β·CER/CER_max — the output names it) with one \
normalisation for every policy: the most work, the least carbon and the best work per gCO2 \
of any plan of the run within the preset's limits (the clairvoyant LP). A policy that \
breaks a limit can score above α + β: read the objective with the violations.
"""

/// `epof simulate SCENARIO --policy P`: runs one policy in the closed loop and prints its metrics.
public struct SimulateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run one policy on a scenario's simulated node and print the run's metrics.",
        discussion: """
        Runs the closed loop (plan or decide each epoch, execute on the simulated node, observe) \
        for --hours from the scenario's start and prints the metrics. A progress bar with ETA \
        goes to stderr when it is a terminal and the run takes more than two seconds.

        \(RunReportArguments.help)

        \(policiesHelp)

        \(simulationExitCodes)
        """
    )

    @Argument(help: "The scenario file (.yaml).")
    var scenario: String

    @Option(help: "lp, seed-heuristic, max-performance, energy-optimal or oracle.")
    var policy: PolicyKind = .lp

    @Option(help: "Simulated hours from the scenario's start (rounded up to whole epochs).")
    var hours: Double = 24

    @Option(help: "Seed of the simulator's random streams.")
    var seed: UInt64 = 0

    @Option(help: "Use this preset instead of the scenario's.")
    var preset: String?

    @Option(help: "A presets file (YAML) with user presets.")
    var presets: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var reports: RunReportArguments

    public init() {}

    public func run() throws {
        do {
            let runner = try SimulationRunner(path: scenario, hours: hours, seed: seed, preset: preset, presetsFile: presets)
            var progress = ProgressBar(total: runner.epochs)
            let run = try runner.run(policy, progress: &progress)
            progress.finish()
            let command = RunReportArguments.command(["simulate", scenario, "--policy", policy.rawValue], hours: hours, seed: seed,
                                                     preset: preset, presets: presets)
            try reports.write(runner: runner, runs: [run], command: command)
            switch format {
            case .text: print(MetricsReport.table([run.metrics], scenario: runner.scenario, epochs: runner.epochs, seed: seed), terminator: "")
            case .json: print(try MetricsReport.json(run.metrics))
            }
        } catch {
            throw fail(error.status, error.message)
        }
    }
}

/// `epof compare SCENARIO`: runs every policy (or --policies) and prints their metrics side by side.
public struct CompareCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several policies on a scenario's simulated node and compare their metrics.",
        discussion: """
        Runs each policy in the closed loop on the same scenario, hours and seed, and prints one \
        table (a column per policy, a row per metric) or, with --format json, an object with \
        `scenario`, `epochs`, `epochLength`, `seed` and `policies`: one metrics object per \
        policy, in the order given. A progress bar with ETA goes to stderr when it is a \
        terminal and the runs take more than two seconds.

        \(RunReportArguments.help) With several policies --svg-dir also writes compare.svg \
        (every policy on one timeline), and the notebook compares them.

        \(policiesHelp)

        \(simulationExitCodes)
        """
    )

    @Argument(help: "The scenario file (.yaml).")
    var scenario: String

    @Option(parsing: .upToNextOption, help: "Policies to run (default: all).")
    var policies: [PolicyKind] = PolicyKind.allCases

    @Option(help: "Simulated hours from the scenario's start (rounded up to whole epochs).")
    var hours: Double = 24

    @Option(help: "Seed of the simulator's random streams.")
    var seed: UInt64 = 0

    @Option(help: "Use this preset instead of the scenario's.")
    var preset: String?

    @Option(help: "A presets file (YAML) with user presets.")
    var presets: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var reports: RunReportArguments

    public init() {}

    /// The JSON document of `epof compare`.
    struct Document: Encodable {
        var scenario: String
        var epochs: Int
        var epochLength: Double
        var seed: UInt64
        var policies: [RunMetrics]
    }

    public func validate() throws {
        if policies.isEmpty { throw ValidationError("--policies needs at least one policy") }
    }

    public func run() throws {
        do {
            let runner = try SimulationRunner(path: scenario, hours: hours, seed: seed, preset: preset, presetsFile: presets)
            var progress = ProgressBar(total: runner.epochs * policies.count)
            var runs: [PolicyRun] = []
            for p in policies { runs.append(try runner.run(p, progress: &progress)) }
            progress.finish()
            var arguments = ["compare", scenario]
            if policies != PolicyKind.allCases { arguments += ["--policies"] + policies.map(\.rawValue) }
            let command = RunReportArguments.command(arguments, hours: hours, seed: seed, preset: preset, presets: presets)
            try reports.write(runner: runner, runs: runs, command: command)
            let metrics = runs.map(\.metrics)
            switch format {
            case .text: print(MetricsReport.table(metrics, scenario: runner.scenario, epochs: runner.epochs, seed: seed), terminator: "")
            case .json:
                print(try MetricsReport.json(Document(scenario: runner.scenario.name, epochs: runner.epochs,
                                                      epochLength: runner.scenario.epochLength, seed: seed, policies: metrics)))
            }
        } catch {
            throw fail(error.status, error.message)
        }
    }
}
