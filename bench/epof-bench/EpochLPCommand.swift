import ArgumentParser
import Foundation
import LinearModel

/// `epof-bench epoch-lp`: builds the canonical epoch LP from its JSON data through
/// LinearModel, solves it, and prints the peer-format line.
///
/// Timing follows the peers: reading and decoding the JSON is `load_s` and is not part of
/// `build_s` (the peers do not time their data generation either); `build_s` is model
/// construction plus the hand-off to the solver (``Solution/loadSeconds``: validation and
/// loading into the backend); `solve_s` is the rest of the solve call.
struct EpochLPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epoch-lp",
        abstract: "Build and solve the canonical epoch LP (shared/bench/epoch_lp.py).",
        discussion: """
        FILE comes from `epoch_lp.py --cards N --horizon H --emit-json FILE`. Prints
        `epof build_s=… solve_s=… total_s=… objective=…` followed by extra fields.
        """
    )

    @Option(name: .long, help: ArgumentHelp("JSON data written by epoch_lp.py --emit-json.", valueName: "FILE"))
    var data: String

    @Option(name: .long, help: "LP backend.")
    var solver: BackendChoice = .clp

    @Option(name: .long, help: "LP algorithm of the cold solve (default: the backend's choice).")
    var algorithm: LPAlgorithm?

    @Option(name: .long, help: "Presolve (default: the backend's choice).")
    var presolve: Switch?

    @Option(name: .long, help: "Build and solve N times in this process; report the run with the median total.")
    var `repeat`: Int = 1

    @Flag(name: .long, help: "Also re-solve warm after one weighted-sum step (objective coefficients only) and print a second line.")
    var warmResolve = false

    @Option(name: .long, help: "The weighted-sum step for --warm-resolve: α += STEP, β −= STEP.")
    var weightStep: Double = 0.05

    @Flag(name: .long, help: "Build and validate only, no solver: prints build_s and validate_s.")
    var buildOnly = false

    /// An on/off option value.
    enum Switch: String, CaseIterable, ExpressibleByArgument {
        case on, off
    }

    /// The solve settings: the backend's defaults unless --algorithm or --presolve say otherwise.
    var parameters: SolverParameters {
        var p = SolverParameters()
        p.algorithm = algorithm
        p.presolve = presolve.map { $0 == .on }
        return p
    }

    func validate() throws {
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be at least 1 (got \(self.repeat))") }
        guard weightStep.isFinite else { throw ValidationError("--weight-step must be a finite number") }
    }

    /// The figures of one measured run.
    struct Run {
        var modelSeconds = 0.0, handoffSeconds = 0.0, solveSeconds = 0.0
        var objective = Double.nan, iterations = 0
        var warmSeconds = 0.0, warmIterations = 0, warmObjective = Double.nan, warmStarted = false
        var buildSeconds: Double { modelSeconds + handoffSeconds }
        var totalSeconds: Double { buildSeconds + solveSeconds }
    }

    func run() throws {
        let loadClock = Stopwatch()
        let input = try EpochData.load(path: data)
        let loadSeconds = loadClock.seconds

        var runs: [Run] = []
        var shape = (columns: 0, rows: 0, nonzeros: 0)
        for _ in 0..<self.repeat {
            var r = Run()
            let buildClock = Stopwatch()
            var lp = EpochLP(data: input)
            r.modelSeconds = buildClock.seconds
            shape = (lp.model.columnCount, lp.model.rowCount, lp.model.nonzeroCount)

            if buildOnly {
                let validateClock = Stopwatch()
                do { try lp.model.validate() } catch { throw BenchError("the built model is invalid: \(error)") }
                r.handoffSeconds = validateClock.seconds
                runs.append(r)
                continue
            }

            let backend = solver.makeSolver()
            let cold = try solve(lp.model, on: backend, parameters)
            r.handoffSeconds = cold.loadSeconds
            r.solveSeconds = cold.seconds - cold.loadSeconds
            r.objective = cold.objectiveValue ?? .nan
            r.iterations = cold.iterations

            if warmResolve {
                // Only objective coefficients change, so the backend keeps its basis.
                lp.setWeights(alpha: input.alpha + weightStep, beta: input.beta - weightStep)
                // The warm step keeps the backend's choice of algorithm (primal after an
                // objective change); --algorithm applies to the cold solve only.
                var warmParameters = parameters
                warmParameters.algorithm = nil
                let warm = try solve(lp.model, on: backend, warmParameters)
                r.warmSeconds = warm.seconds
                r.warmIterations = warm.iterations
                r.warmObjective = warm.objectiveValue ?? .nan
                r.warmStarted = warm.warmStarted
            }
            runs.append(r)
        }

        // The run whose total is the median (the lower middle one for an even count).
        let chosen = runs.sorted { $0.totalSeconds < $1.totalSeconds }[(runs.count - 1) / 2]
        let size = "columns=\(shape.columns) rows=\(shape.rows) nonzeros=\(shape.nonzeros)"
        if buildOnly {
            print("epof build_s=\(f3(chosen.buildSeconds)) model_s=\(f3(chosen.modelSeconds)) "
                  + "validate_s=\(f3(chosen.handoffSeconds)) load_s=\(f3(loadSeconds)) runs=\(runs.count) \(size)")
            return
        }
        print("epof build_s=\(f3(chosen.buildSeconds)) solve_s=\(f3(chosen.solveSeconds)) "
              + "total_s=\(f3(chosen.totalSeconds)) objective=\(String(format: "%.6f", chosen.objective)) "
              + "load_s=\(f3(loadSeconds)) model_s=\(f3(chosen.modelSeconds)) handoff_s=\(f3(chosen.handoffSeconds)) "
              + "solver=\(solver.rawValue) iterations=\(chosen.iterations) runs=\(runs.count) \(size) "
              + "objective_full=\(String(format: "%.15e", chosen.objective))")
        if warmResolve {
            print("epof-warm solve_s=\(f3(chosen.warmSeconds)) iterations=\(chosen.warmIterations) "
                  + "cold_iterations=\(chosen.iterations) warm_started=\(chosen.warmStarted) "
                  + "alpha=\(input.alpha + weightStep) beta=\(input.beta - weightStep) "
                  + "objective=\(String(format: "%.6f", chosen.warmObjective)) solver=\(solver.rawValue)")
        }
    }

    /// Solves and insists on an optimal LP: any other outcome is an error (non-zero exit).
    private func solve(_ model: Model, on backend: any Solver, _ parameters: SolverParameters) throws -> Solution {
        let s: Solution
        do { s = try backend.solve(model, parameters: parameters) } catch {
            throw BenchError("\(backend.name) could not solve the epoch LP: \(error)")
        }
        guard s.isOptimal, s.objectiveValue != nil else {
            throw BenchError("\(backend.name) did not solve the epoch LP to optimality: \(s.termination)")
        }
        return s
    }

    private func f3(_ x: Double) -> String { String(format: "%.3f", x) }
}
