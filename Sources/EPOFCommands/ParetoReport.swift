import Foundation
import Planner
import Reports
import Scenario
import Solvers

/// What `epof pareto` reports: the scenario's frontier and where each preset lands on it.
struct ParetoReport {
    /// One extreme point of the scenario's frontier.
    struct Point: Encodable {
        var index: Int
        var throughput: Double
        var carbon: Double
        /// The objective under the scenario's preset.
        var objective: Double
        /// Whether the scenario's preset chooses it.
        var chosen: Bool
        var foundBy: String
        /// The presets whose weights choose this point.
        var presets: [String]
    }

    /// A constraint on which a preset differs from the scenario's.
    struct Difference: Encodable {
        var field: String
        var preset: Double
        var scenario: Double
        var unit: String
    }

    /// A preset re-planned under its own constraints.
    struct OwnPlan: Encodable {
        var throughput: Double
        var carbon: Double
        /// Under that frontier's own T_max and C_min.
        var objective: Double
        var throughputTerm: Double
        var carbonTerm: Double
        var frontierPoints: Int
    }

    /// Where one preset lands.
    struct Landing: Encodable {
        var name: String
        var origin: String
        /// The preset's objective (``ObjectiveKind`` raw value) and its formula.
        var objectiveKind: String
        var objectiveFormula: String
        var alpha: Double
        var beta: Double
        /// Index of the chosen extreme point of the scenario's frontier.
        var chosenIndex: Int
        var throughput: Double
        var carbon: Double
        var throughputTerm: Double
        var carbonTerm: Double
        var objective: Double
        /// Whether the preset's own constraints equal the scenario's.
        var sameConstraints: Bool
        var differences: [Difference]
        /// The re-plan under the preset's own constraints (only when they differ and it succeeded).
        var ownConstraints: OwnPlan?
        /// Why the re-plan under the preset's own constraints failed (e.g. infeasible).
        var ownConstraintsError: String?
    }

    struct Summary: Encodable {
        var name: String
        var file: String?
        var device: String
        var cards: Int
        var model: String
        var workUnit: String
        var preset: SLAPreset
        var epochLength: Double
        var horizon: Int
        var startISO: String
        var carbonSource: String
        var solver: String
        var frontierMethod: String
        var chosenIndex: Int
        var maximumThroughput: Double
        var minimumCarbon: Double
        var notices: [String]
    }

    struct Output: Encodable {
        var scenario: Summary
        var frontier: [Point]
        var presets: [Landing]
    }

    let scenario: Scenario
    let summary: Summary
    let frontier: [Point]
    let landings: [Landing]

    var unit: String { summary.workUnit }

    // MARK: Building

    /// Places every preset of `presets` on `plan`'s frontier (and re-plans those whose
    /// constraints differ from the scenario's with `planner`).
    static func build(scenario s: Scenario, input: ScenarioPlanningInput, plan: Plan, solver: SolverChoice,
                      library: PresetLibrary, presets: PresetLibrary, planner: EpochPlanner) throws -> ParetoReport {
        let o = plan.objective
        // CER_max comes from the frontier itself (the same for every preset).
        let normalization = try ObjectiveNormalization(maximumThroughput: o.maximumThroughput, minimumCarbon: o.minimumCarbon,
                                                       maximumCarbonEfficiency: plan.frontier.map { $0.throughput / $0.carbon }.max())
        let frontier = ParetoFrontier(points: plan.frontier.map {
            FrontierPoint(throughput: $0.throughput, carbon: $0.carbon, values: [], foundBy: .maximizeThroughput)
        }, solves: [], solverName: plan.statistics.solver)
        var landings: [Landing] = []
        for (p, origin) in zip(presets.presets, presets.origins) {
            let objective = try ThroughputCarbonObjective(alpha: p.alpha, beta: p.beta, kind: p.objective)
            let best = try frontier.optimum(of: objective, normalization: normalization)
            var landing = Landing(name: p.name, origin: origin.description, objectiveKind: p.objective.rawValue,
                                  objectiveFormula: p.objective.formula, alpha: objective.alpha, beta: objective.beta,
                                  chosenIndex: best.index,
                                  throughput: best.point.throughput, carbon: best.point.carbon,
                                  throughputTerm: best.throughputTerm, carbonTerm: best.carbonTerm, objective: best.value,
                                  sameConstraints: true, differences: [], ownConstraints: nil, ownConstraintsError: nil)
            // Its constraints as `epof plan --preset NAME` would use them (the scenario's overrides applied).
            do {
                let resolved = try s.resolvePreset(library: library, override: p.name)
                landing.differences = differences(resolved, input.preset, cards: s.node.cards)
                if !landing.differences.isEmpty {
                    landing.sameConstraints = false
                    var own = resolved
                    own.name = p.name
                    own.alpha = p.alpha
                    own.beta = p.beta
                    own.objective = p.objective
                    var request = input.request
                    request.preset = own
                    do {
                        let replanned = try planner.plan(request)
                        let ro = replanned.objective
                        landing.ownConstraints = OwnPlan(throughput: replanned.throughput, carbon: replanned.carbon, objective: ro.value,
                                                         throughputTerm: ro.throughputTerm, carbonTerm: ro.carbonTerm,
                                                         frontierPoints: replanned.frontier.count)
                    } catch {
                        switch error {
                        case .infeasible: landing.ownConstraintsError = "infeasible under its own constraints"
                        default: landing.ownConstraintsError = "\(error)"
                        }
                    }
                }
            } catch {
                landing.sameConstraints = false
                landing.ownConstraintsError = "its constraints are invalid with the scenario's overrides: \(error)"
            }
            landings.append(landing)
        }
        let points = plan.frontier.enumerated().map { i, f in
            Point(index: i, throughput: f.throughput, carbon: f.carbon, objective: f.objective, chosen: f.chosen,
                  foundBy: f.foundBy, presets: landings.filter { $0.chosenIndex == i }.map(\.name))
        }
        let r = input.request
        let summary = Summary(name: s.name, file: s.file, device: s.node.device.id, cards: s.node.cards, model: s.workload.modelID,
                              workUnit: s.workload.workUnit, preset: input.preset, epochLength: r.epochLength, horizon: r.horizon,
                              startISO: Timestamps.iso(r.epochStart, utcOffset: s.utcOffset), carbonSource: s.carbon.summary,
                              solver: solver.rawValue, frontierMethod: plan.frontierMethod, chosenIndex: plan.chosenIndex,
                              maximumThroughput: o.maximumThroughput, minimumCarbon: o.minimumCarbon, notices: s.notices)
        return ParetoReport(scenario: s, summary: summary, frontier: points, landings: landings)
    }

    /// The constraints on which `a` differs from `b`.
    static func differences(_ a: SLAPreset, _ b: SLAPreset, cards: Int) -> [Difference] {
        let fields: [(String, Double, Double, String)] = [
            ("latencySLO", a.latencySLO, b.latencySLO, "s"),
            ("cardPowerCap", a.cardPowerCap, b.cardPowerCap, "W"),
            ("nodePowerCap", a.effectiveNodePowerCap(cards: cards), b.effectiveNodePowerCap(cards: cards), "W"),
            ("accuracyLossCeiling", a.accuracyLossCeiling, b.accuracyLossCeiling, "pp"),
            ("thermalLimit", a.thermalLimit, b.thermalLimit, "°C"),
            ("interactiveUtilization", a.interactiveUtilization, b.interactiveUtilization, ""),
        ]
        return fields.filter { $0.1 != $0.2 }.map { Difference(field: $0.0, preset: $0.1, scenario: $0.2, unit: $0.3) }
    }

    // MARK: Text

    func text() -> String {
        let s = summary, p = s.preset
        var out = "Scenario  \(s.name)\(s.file.map { " (\($0))" } ?? "")\n"
        out += "  node       \(s.cards)× \(s.device), \(s.model)\n"
        out += "  objective  \(p.objective.rawValue): \(p.objective.formula)\n"
        out += "  preset     \(p.name): α \(num(p.alpha)), β \(num(p.beta)), latency SLO \(num(p.latencySLO)) s, card cap \(num(p.cardPowerCap)) W, node cap \(num(p.effectiveNodePowerCap(cards: s.cards))) W, accuracy ≤ \(num(p.accuracyLossCeiling)) pp, die ≤ \(num(p.thermalLimit)) °C\n"
        out += "  horizon    \(s.horizon) × \(DurationText.format(s.epochLength)) from \(s.startISO); carbon \(s.carbonSource); solver \(s.solver)\n"

        out += "\nFrontier (\(s.frontierMethod), \(frontier.count) extreme point\(frontier.count == 1 ? "" : "s"), by increasing carbon; "
        out += "T_max \(num(s.maximumThroughput)) \(unit)s, C_min \(num(s.minimumCarbon)) gCO₂)\n"
        var rows: [[String]] = [["", "#", "\(unit)s", "gCO₂", "objective (\(p.name))", "presets"]]
        for f in frontier {
            rows.append([f.chosen ? "*" : "", "\(f.index)", num(f.throughput), num(f.carbon), num(f.objective), f.presets.joined(separator: ", ")])
        }
        out += TextTable.render(rows, rightAligned: [1, 2, 3, 4], indent: "  ")
        out += "  (* the scenario's preset's choice)\n"

        out += "\nPresets on this frontier (each preset's objective and α, β; the scenario's constraints and T_max, C_min, CER_max)\n"
        var prows: [[String]] = [["preset", "origin", "objective", "α", "β", "point", "\(unit)s", "gCO₂", "α·T/T_max",
                                  "β·C_min/C | β·CER/CER_max", "value", "constraints"]]
        for l in landings {
            prows.append([l.name, l.origin, l.objectiveKind, num(l.alpha), num(l.beta), "\(l.chosenIndex)", num(l.throughput), num(l.carbon),
                          num(l.throughputTerm), num(l.carbonTerm), num(l.objective), l.sameConstraints ? "same" : "differ"])
        }
        out += TextTable.render(prows, rightAligned: [3, 4, 5, 6, 7, 8, 9, 10], indent: "  ")
        for l in landings where !l.sameConstraints {
            let diffs = l.differences.map { d in
                "\(d.field) \(num(d.preset))\(d.unit.isEmpty ? "" : " \(d.unit)") (scenario \(num(d.scenario)))"
            }.joined(separator: ", ")
            out += "  \(l.name): its own constraints differ (\(diffs.isEmpty ? "see below" : diffs)); "
            if let own = l.ownConstraints {
                out += "re-planned under them: \(num(own.throughput)) \(unit)s, \(num(own.carbon)) gCO₂, objective \(num(own.objective)) "
                out += "on its own frontier (\(own.frontierPoints) point\(own.frontierPoints == 1 ? "" : "s"), its own T_max and C_min)\n"
            } else {
                out += "\(l.ownConstraintsError ?? "not re-planned")\n"
            }
        }
        for n in s.notices { out += "Note       \(n)\n" }
        return out
    }

    // MARK: JSON

    func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(Output(scenario: summary, frontier: frontier, presets: landings)), as: UTF8.self)
    }

    // MARK: Chart and notebook

    /// The frontier chart: carbon across, throughput up, every preset's chosen point labelled
    /// (presets landing on the same point share one label).
    func chart() -> LineChart {
        let line = ChartSeries(name: "frontier (\(summary.preset.name) constraints)",
                               points: frontier.map { ChartPoint(x: $0.carbon, y: $0.throughput) })
        var series = [line]
        let own = landings.compactMap { l in l.ownConstraints.map { ChartPoint(x: $0.carbon, y: $0.throughput, label: "\(l.name), own constraints") } }
        if !own.isEmpty { series.append(ChartSeries(name: "presets under their own constraints", points: own, style: .scatter)) }
        let highlights = frontier.filter { !$0.presets.isEmpty }.map { f in
            ChartHighlight(x: f.carbon, y: f.throughput, label: f.presets.joined(separator: ", "))
        }
        return LineChart(title: "Throughput–carbon frontier: \(summary.name)",
                         xAxis: AxisLabel("Carbon over the horizon", unit: "gCO₂"),
                         yAxis: AxisLabel("Throughput over the horizon", unit: "\(unit)s"),
                         series: series, highlights: highlights)
    }

    /// The frontier's extreme points as data.
    func frontierTable() throws -> DataTable {
        try DataTable(columns: ["point", "throughput", "carbon_g", "objective", "chosen", "presets"], rows: frontier.map { f in
            [.number(Double(f.index)), .number(f.throughput), .number(f.carbon), .number(f.objective), .text(f.chosen ? "yes" : "no"),
             .text(f.presets.joined(separator: ";"))]
        })
    }

    /// Where each preset lands, as data.
    func presetsTable() throws -> DataTable {
        try DataTable(columns: ["preset", "origin", "objective_kind", "alpha", "beta", "point", "throughput", "carbon_g", "throughput_term",
                                "carbon_term", "objective", "same_constraints", "own_throughput", "own_carbon_g"],
                      rows: landings.map { l in
            [.text(l.name), .text(l.origin), .text(l.objectiveKind), .number(l.alpha), .number(l.beta), .number(Double(l.chosenIndex)),
             .number(l.throughput), .number(l.carbon), .number(l.throughputTerm), .number(l.carbonTerm), .number(l.objective),
             .text(l.sameConstraints ? "yes" : "no"),
             l.ownConstraints.map { .number($0.throughput) } ?? .missing, l.ownConstraints.map { .number($0.carbon) } ?? .missing]
        })
    }

    func notebook() throws -> Notebook {
        let s = summary, p = s.preset
        var nb = Notebook(title: "Throughput–carbon frontier: \(s.name)")
        ScenarioDescription.addSection(to: &nb, scenario: scenario, preset: p)
        nb.addMarkdown("""
            ## Frontier

            The first epoch's plan (\(s.horizon) × \(DurationText.format(s.epochLength)) from \(s.startISO), solver \
            \(s.solver)) under preset **\(p.name)**. The frontier has \(frontier.count) extreme point\(frontier.count == 1 ? "" : "s") (\(s.frontierMethod)); \
            the objective (\(p.objective.rawValue): \(p.objective.formula)) uses T_max = \(num(s.maximumThroughput)) \(unit)s and \
            C_min = \(num(s.minimumCarbon)) gCO₂. Every preset's objective and α, β are evaluated on this frontier \
            (the scenario's constraints); `own_throughput`/`own_carbon_g` give the re-plan under a \
            preset's own constraints when they differ.
            """)
        try nb.addTable(frontierTable(), variable: "frontier")
        try nb.addTable(presetsTable(), variable: "presets")
        nb.addSVG(chart().svg(), name: "frontier_chart", caption: "The frontier with each preset's chosen point")
        nb.addCode("""
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(8, 5))
            ax.plot(frontier["carbon_g"], frontier["throughput"], marker="o", label="frontier")
            for point, group in presets.groupby("point"):
                row = frontier.loc[frontier["point"] == point].iloc[0]
                ax.scatter([row["carbon_g"]], [row["throughput"]], s=160, facecolors="none", edgecolors="red")
                ax.annotate(", ".join(group["preset"]), (row["carbon_g"], row["throughput"]),
                            textcoords="offset points", xytext=(8, -12))
            own = presets.dropna(subset=["own_throughput"])
            if len(own):
                ax.scatter(own["own_carbon_g"], own["own_throughput"], marker="x", label="own constraints")
            ax.set_xlabel("Carbon over the horizon (gCO₂)")
            ax.set_ylabel("Throughput over the horizon (\(unit)s)")
            ax.set_title("Throughput–carbon frontier: \(s.name)")
            ax.legend()
            plt.show()
            """)
        return nb
    }
}
