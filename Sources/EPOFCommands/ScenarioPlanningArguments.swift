import ArgumentParser
import Foundation
import Planner
import Solvers

/// The arguments `epof plan` and `epof pareto` share: which scenario, which preset, which
/// backend, which output format.
struct ScenarioPlanningArguments: ParsableArguments {
    @Argument(help: "The scenario file (.yaml).")
    var scenario: String

    @Option(help: "Use this preset (built-in or from --presets / the scenario's presets file) instead of the scenario's.")
    var preset: String?

    @Option(help: "A presets file (YAML) with user presets.")
    var presets: String?

    @Option(help: "Backend: glpk, clp or cbc (default: the scenario's).")
    var solver: SolverChoice?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if solver == .auto { throw ValidationError("--solver must be glpk, clp or cbc") }
    }
}

/// The exit code and stderr message for a planning error, the same for every command that
/// plans: infeasible → 3 with the diagnosis, an invalid request → 2, a solver failure → 1.
func planningFailure(_ error: PlanningError, file: String, solver: SolverChoice) -> ExitCode {
    switch error {
    case .infeasible(let d):
        return fail(.infeasible, "\(file): infeasible: no plan meets the constraints\n\(PlanReport.diagnosisText(d))")
    case .invalidRequest(let field, let rule):
        return fail(.inputError, "\(file): the planning request is invalid: \(field): \(rule)")
    case .solver(let m):
        return fail(.solverFailure, "\(file): solver failure (\(solver.rawValue)): \(m)")
    }
}
