import ArgumentParser
import Foundation
import LinearModel
import Solvers

extension SolverChoice: ExpressibleByArgument {}
extension LPAlgorithm: ExpressibleByArgument {}

/// Output formats of the reporting commands.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text
    case json
}

/// An on/off switch option.
public enum Switch: String, ExpressibleByArgument, CaseIterable, Sendable {
    case on
    case off
}

/// `epof solve FILE`: read an MPS or LP file, solve it, report the result.
public struct SolveCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve an LP or MILP read from an MPS (fixed or free) or CPLEX LP file.",
        discussion: """
        The file format follows the extension (.mps, .lp; a further .gz is read compressed). The objective constant of an MPS file \
        is minus the right-hand side of the objective row (the CLP/HiGHS convention); reported \
        objective values include it. Duals are ∂objective/∂rhs in the model's own sense.

        --solver auto uses CLP for LPs and CBC for MILPs. A setting the chosen backend cannot \
        honour (e.g. --node-limit with glpk, --mip-gap with an LP) is rejected, never ignored.

        \(ExitStatus.helpText)
        """
    )

    @Argument(help: "The model file (.mps or .lp, optionally gzip-compressed: .mps.gz, .lp.gz).")
    var file: String

    @Option(help: "Backend: glpk, clp, cbc or auto.")
    var solver: SolverChoice = .auto

    @Option(name: .customLong("time-limit"), help: "Time limit in seconds (wall clock; CLP counts CPU time).")
    var timeLimit: Double?

    @Option(name: .customLong("mip-gap"), help: "Relative MIP gap at which to stop, in [0, 1] (MILP only).")
    var mipGap: Double?

    @Option(name: .customLong("iteration-limit"), help: "Simplex iteration limit.")
    var iterationLimit: Int?

    @Option(name: .customLong("node-limit"), help: "Branch-and-bound node limit (cbc only).")
    var nodeLimit: Int?

    @Option(help: "Presolve: on or off (default: the backend's).")
    var presolve: Switch?

    @Option(help: "LP algorithm: primal, dual or barrier (default: the backend's).")
    var algorithm: LPAlgorithm?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .customLong("write-solution"),
            help: "Also write the full solution (every column and row) to this file: JSON if it ends in .json, text otherwise.")
    var writeSolution: String?

    @Option(help: "Rows of each table shown in text output (0 for none).")
    var show: Int = 20

    @Flag(help: "Report objective-coefficient and right-hand-side ranging (LPs; glpk).")
    var sensitivity = false

    @Flag(name: .shortAndLong, help: "Let the backend print its log.")
    var verbose = false

    public init() {}

    public func validate() throws {
        guard show >= 0 else { throw ValidationError("--show must be 0 or more, got \(show)") }
    }

    public func run() throws {
        let model: Model
        do {
            model = try ModelFile.read(contentsOf: file)
        } catch {
            throw fail(.inputError, "\(error)")
        }
        let parameters = SolverParameters(
            timeLimit: timeLimit, relativeMIPGap: mipGap, iterationLimit: iterationLimit,
            nodeLimit: nodeLimit, presolve: presolve.map { $0 == .on }, algorithm: algorithm,
            verbosity: verbose ? .summary : .silent)
        let backend = SolverFactory.make(solver, for: model)
        if sensitivity {
            // Refuse before solving: ranging is never available from this backend or model.
            if !backend.capabilities.sensitivityRanging {
                throw fail(.inputError, "\(backend.name) does not support sensitivity ranging; use --solver glpk")
            }
            if model.isMixedInteger {
                throw fail(.inputError, "sensitivity ranging is defined for LPs; \(file) has integer columns")
            }
        }
        let solution: Solution
        var ranging: SensitivityReport?
        do {
            solution = try backend.solve(model, parameters: parameters)
            if sensitivity && solution.isOptimal { ranging = try backend.sensitivity() }
        } catch {
            throw fail(.inputError, "\(file): \(error)")
        }
        let report = SolveReport(file: file, model: model, solution: solution, sensitivity: ranging)
        switch format {
        case .text: print(report.text(rowLimit: show), terminator: "")
        case .json: print(try report.json())
        }
        if let path = writeSolution {
            do {
                let body = path.lowercased().hasSuffix(".json") ? try report.json() + "\n" : report.text(rowLimit: .max)
                try body.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw fail(.inputError, "cannot write solution to \(path): \(error)")
            }
        }
        let status = ExitStatus(solution.termination.reason)
        if status != .optimal { throw status.exitCode }
    }
}

/// Writes `message` to standard error and returns the exit code to throw.
func fail(_ status: ExitStatus, _ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("epof: error: \(message)\n".utf8))
    return status.exitCode
}
