import ArgumentParser
import Foundation
import Planner
import Scenario
import Solvers

/// `epof plan SCENARIO`: plans the first epoch of a scenario's horizon and prints the plan.
public struct PlanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the first epoch of a scenario (YAML) and print the plan.",
        discussion: """
        Builds the planner's input from the scenario — operating points of the workload on the \
        node, the carbon forecast from its source and forecaster, the expected arrivals per \
        epoch, the initial temperatures — solves the horizon's LP, and prints the committed \
        epoch: per card the operating-point mix with fractions and the predicted throughput, \
        power, temperature and carbon; the preset's objective (throughput-carbon \
        α·T/T_max + β·C_min/C, carbon-efficiency T/C — checked by a Charnes–Cooper LP — or \
        throughput-efficiency α·T/T_max + β·CER/CER_max; `objective:` in a preset) and its \
        terms; the throughput–carbon frontier's extreme points with the chosen one marked and why. Paths in the scenario are relative \
        to its folder; Problems/README.md describes the format and the examples.

        --preset replaces the scenario's base preset (its overrides still apply); --presets \
        adds a presets file (see `epof presets`); --epoch replaces the epoch length (e.g. 15m, \
        1h, 900); --solver replaces the scenario's solver.

        Notices (e.g. a generated carbon trace standing in for an absent one) go to stderr.

        Exit codes (the same numbering as `epof solve`):
          0  a plan was found
          1  solver failure
          2  input error: bad scenario, presets file or option (file:line: field: rule on stderr)
          3  infeasible: no plan meets the scenario's constraints (the diagnosis, naming what \
        must move and by how much, on stderr)
          64 command-line usage error
        """
    )

    @OptionGroup var arguments: ScenarioPlanningArguments

    @Option(help: "Epoch length: seconds or with a unit (15m, 1h).")
    var epoch: String?

    public init() {}

    public func run() throws {
        let session: PlanningSession
        let plan: Plan
        do throws(PlanningStepError) {
            let loaded: Scenario
            do { loaded = try Scenario.load(contentsOf: arguments.scenario) } catch { throw PlanningStepError.input(error) }
            session = try PlanningSession.prepare(loaded, file: arguments.scenario, presets: arguments.presets, preset: arguments.preset,
                                                  epoch: epoch, solver: arguments.solver)
            for n in session.scenario.notices { FileHandle.standardError.write(Data("epof: \(n)\n".utf8)) }
            plan = try session.plan()
        } catch {
            throw error.exitCode
        }
        let report = PlanReport(scenario: session.scenario, input: session.input, plan: plan, solver: session.solver)
        switch arguments.format {
        case .text: print(report.text(), terminator: "")
        case .json:
            do { print(try report.json()) } catch { throw fail(.solverFailure, "cannot encode the plan as JSON: \(error)") }
        }
    }
}
