import ArgumentParser
import Fleet
import Foundation
import Scenario
import Solvers

/// `epof fleet`: plan or simulate a fleet of nodes with shared limits, or serve pricing problems.
public struct FleetCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Plan or simulate a fleet of nodes under shared limits (site power caps, a carbon budget, movable work).",
        discussion: """
        A fleet file (YAML, Problems/fleets/two-regions.yaml, format in Problems/README.md) lists \
        nodes — each a scenario file, with its region's carbon source and other fields \
        overridden — and the limits they share. `epof fleet plan` solves the fleet's LP by \
        Dantzig–Wolfe column generation (each node's epoch LP is a pricing problem; the shared \
        rows live in the master) and prints each node's plan, the shared rows' prices and the \
        duality gap. `epof fleet simulate` runs every node's closed loop under its share of the \
        fleet plan. `epof fleet worker` answers pricing problems over HTTP for `--workers`.
        """,
        subcommands: [FleetPlanCommand.self, FleetSimulateCommand.self, FleetWorkerCommand.self]
    )

    public init() {}
}

/// Options every fleet command that plans shares.
struct FleetPlanningArguments: ParsableArguments {
    @Argument(help: "The fleet file (.yaml).")
    var fleet: String

    @Option(help: "Backend for the master and the node LPs: glpk or clp (default: the fleet file's, else clp).")
    var solver: SolverChoice?

    @Option(help: "Threads that build and solve node LPs in this process (fleet simulate: nodes simulated at once).")
    var threads: Int = 1

    @Option(help: "Comma-separated URLs of `epof fleet worker` instances (e.g. http://127.0.0.1:8601) that solve the node LPs instead of local threads.")
    var workers: String?

    @Option(help: "Seconds to wait for a worker's answer before re-issuing the problem to another worker.")
    var workerTimeout: Double = 30

    @Option(help: "Stop when the relative duality gap is at most this.")
    var gap: Double = 1e-8

    func validate() throws {
        if let s = solver, s != .glpk && s != .clp { throw ValidationError("--solver must be glpk or clp") }
        if threads < 1 { throw ValidationError("--threads must be ≥ 1") }
        if !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be in [0, 1)") }
        if !(workerTimeout > 0) { throw ValidationError("--worker-timeout must be > 0 s") }
    }

    func load() throws -> (FleetFile, FleetProblem) {
        do {
            let file = try FleetFile.load(contentsOf: fleet)
            for n in Set(file.nodes.flatMap(\.scenario.notices)).sorted() { FileHandle.standardError.write(Data("epof: \(n)\n".utf8)) }
            return (file, try FleetBuilder.problem(file, threads: threads))
        } catch {
            throw fail(.inputError, "\(error)")
        }
    }

    func planner(_ file: FleetFile) throws -> FleetPlanner {
        let choice = solver ?? file.solver.flatMap(SolverChoice.init(rawValue:)) ?? .clp
        let transport: any SubproblemTransport
        if let w = workers {
            let urls = w.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var parsed: [URL] = []
            for u in urls {
                guard let url = URL(string: u), url.scheme == "http" || url.scheme == "https" else {
                    throw fail(.inputError, "--workers: '\(u)' is not an http(s) URL")
                }
                parsed.append(url)
            }
            guard !parsed.isEmpty else { throw fail(.inputError, "--workers: no URL given") }
            transport = HTTPTransport(workers: parsed, timeout: workerTimeout)
        } else {
            transport = InProcessTransport(threads: threads)
        }
        return FleetPlanner(options: FleetPlanner.Options(solver: choice, gapTolerance: gap), transport: transport)
    }
}

/// The exit code for a fleet planning error.
func fleetFailure(_ error: FleetError, file: String) -> ExitCode {
    switch error {
    case .infeasible: return fail(.infeasible, "\(file): \(error)")
    case .invalidProblem, .degenerateNode: return fail(.inputError, "\(file): \(error)")
    case .subproblem(.infeasible): return fail(.infeasible, "\(file): \(error)")
    case .subproblem, .master: return fail(.solverFailure, "\(file): \(error)")
    }
}

/// `epof fleet plan FLEET`.
struct FleetPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a fleet's horizon and print each node's plan, the shared rows' prices and the gap.",
        discussion: """
        Fleet objective: Σ_n α_n·T_n/T̂_n + β_n·(2 − C_n/Ĉ_n) — each node's α·T/T_max + β·C_min/C \
        linearised at its stand-alone maximum throughput T̂ and minimum carbon Ĉ — subject to every \
        node's own epoch LP and the shared rows. Prices are the shared rows' duals: the objective \
        gained per extra W of a site's cap in an epoch, per extra gCO₂ of budget, per extra unit \
        of movable work.

        Exit codes: 0 planned; 1 solver or worker failure; 2 input error (file:line: field: rule); \
        3 infeasible (the violated shared rows, or a node whose own limits cannot be met).
        """
    )

    @OptionGroup var arguments: FleetPlanningArguments

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let (file, problem) = try arguments.load()
        let planner = try arguments.planner(file)
        let plan: FleetPlan
        do { plan = try planner.plan(problem) } catch { throw fleetFailure(error, file: arguments.fleet) }
        switch format {
        case .text: print(FleetReport.text(plan, file: file), terminator: "")
        case .json: print(try FleetReport.json(plan))
        }
    }
}
