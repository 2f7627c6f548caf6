import ArgumentParser
import Foundation
import Planner
import Scenario
import Solvers

/// `epof pareto SCENARIO`: the throughput–carbon frontier of a scenario's first-epoch plan and
/// where every SLA preset lands on it, as text or JSON, with an optional SVG chart and notebook.
public struct ParetoCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pareto",
        abstract: "Show a scenario's throughput–carbon frontier and where each preset lands on it.",
        discussion: """
        Plans the scenario's first epoch as `epof plan` does and prints the extreme points of \
        the throughput–carbon Pareto frontier (throughput in the workload's unit over the \
        horizon, carbon in gCO₂, and the scenario's preset's objective — throughput-carbon \
        α·T/T_max + β·C_min/C, carbon-efficiency T/C (shown as CER/CER_max) or \
        throughput-efficiency α·T/T_max + β·CER/CER_max), then, for every preset (the \
        built-ins, --presets and the scenario's presets file), its objective and the extreme \
        point its objective and weights choose, with the objective's two terms.

        Every preset is evaluated on the scenario's frontier, i.e. under the scenario's \
        constraints (its preset with its overrides): only the objective and α, β change the \
        choice, and T_max, C_min and CER_max (the best T/C) are the scenario frontier's, so \
        the values are comparable. A \
        preset whose own constraints (latency SLO, power caps, accuracy-loss ceiling, die \
        limit, interactive utilisation — with the scenario's overrides applied, as \
        `epof plan --preset P` would use them) differ from the scenario's is flagged, the \
        differences are listed, and it is also re-planned under its own constraints; that \
        point lies on a different frontier and its objective uses that frontier's own T_max \
        and C_min. A preset's weights are its own α and β (the scenario's α/β overrides do \
        not apply).

        --svg writes the frontier chart (carbon across, throughput up; each preset's chosen \
        point ringed and labelled). --notebook writes a Jupyter notebook (nbformat 4) with the \
        scenario summary, the frontier and presets as data, the chart, and Python cells that \
        re-plot it with pandas and matplotlib.

        Exit codes (as `epof plan`):
          0  the frontier was found
          1  solver failure
          2  input error: bad scenario, presets file, option or output path
          3  infeasible: no plan meets the scenario's constraints (the diagnosis on stderr)
          64 command-line usage error
        """
    )

    @OptionGroup var arguments: ScenarioPlanningArguments

    @Option(help: "Write the frontier chart (SVG) to this path.")
    var svg: String?

    @Option(help: "Write a Jupyter notebook (.ipynb) to this path.")
    var notebook: String?

    public init() {}

    public func run() throws {
        let report: ParetoReport
        do throws(PlanningStepError) {
            let loaded: Scenario
            do { loaded = try Scenario.load(contentsOf: arguments.scenario) } catch { throw PlanningStepError.input(error) }
            let session = try PlanningSession.prepare(loaded, file: arguments.scenario, presets: arguments.presets,
                                                      preset: arguments.preset, solver: arguments.solver)
            for n in session.scenario.notices { FileHandle.standardError.write(Data("epof: \(n)\n".utf8)) }
            report = try session.paretoReport()
        } catch {
            throw error.exitCode
        }

        if let svg {
            do {
                try report.chart().svg().write(toFile: svg, atomically: true, encoding: .utf8)
            } catch {
                throw fail(.inputError, "--svg: cannot write \(svg): \(error.localizedDescription)")
            }
        }
        if let notebook {
            do { try report.notebook().write(to: notebook) } catch {
                throw fail(.inputError, "--notebook: \(error)")
            }
        }
        switch arguments.format {
        case .text: print(report.text(), terminator: "")
        case .json:
            do { print(try report.json()) } catch { throw fail(.solverFailure, "cannot encode the frontier as JSON: \(error)") }
        }
    }
}
