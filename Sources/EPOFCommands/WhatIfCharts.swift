import Foundation
import Reports

/// A chart of the sweep with a file-name-safe name.
struct SweepChartFile {
    /// e.g. `throughput-vs-preset.cardPowerCap`.
    var slug: String
    var title: String
    var svg: String
}

extension WhatIfReport {
    /// The metrics drawn against every numeric parameter: (column, axis title, unit).
    var chartMetrics: [(String, String, String)] {
        switch mode {
        case .closedLoop:
            return [("throughput", "Throughput", "requests/s"), ("carbon", "Carbon", "gCO₂"),
                    ("objective.value", "Objective (\(objectiveKinds))", "")]
        case .planOnly:
            return [("plan.throughputRate", "Planned throughput", "work units/s"), ("plan.carbon", "Planned carbon over the horizon", "gCO₂"),
                    ("objective.value", "Objective (\(objectiveKinds))", "")]
        }
    }

    /// Sweep curves (each metric against each numeric `--vary`, one curve per combination of the
    /// other varied values), then throughput against carbon for every case.
    func charts() -> [SweepChartFile] {
        var out: [SweepChartFile] = []
        let columns = Dictionary(metricColumns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func number(_ column: String, _ r: SweepCaseResult) -> Double? {
            if let c = columns[column], case .number(let x) = c.value(r) { return x }
            return nil
        }
        for (d, dim) in dimensions.enumerated() where dim.isNumeric {
            for (metric, title, unit) in chartMetrics {
                var names: [String] = []
                var points: [String: [ChartPoint]] = [:]
                for r in results {
                    let c = cases[r.index]
                    let name = dimensions.enumerated().filter { $0.offset != d }
                        .map { e, other in "\(other.path)=\(other.values[c.valueIndices[e]].display)" }.joined(separator: ", ")
                    guard let x = dim.values[c.valueIndices[d]].number else { continue }
                    if points[name] == nil { names.append(name) }
                    points[name, default: []].append(ChartPoint(x: x, y: number(metric, r) ?? .nan))
                }
                let series = names.map { ChartSeries(name: $0.isEmpty ? title : $0, points: points[$0] ?? []) }
                let chartTitle = "\(title) vs \(dim.path): \(scenarioName)"
                let chart = SweepChart(title: chartTitle, parameter: AxisLabel(dim.path, unit: dim.unit),
                                       metric: AxisLabel(title, unit: unit), series: series)
                out.append(SweepChartFile(slug: Self.slug("\(metric)-vs-\(dim.path)"), title: chartTitle, svg: chart.svg()))
            }
        }
        let (tMetric, tTitle, tUnit) = chartMetrics[0], (cMetric, cTitle, cUnit) = chartMetrics[1]
        let labelled = results.count <= 16
        let scatter = results.compactMap { r -> ChartPoint? in
            guard let t = number(tMetric, r), let c = number(cMetric, r) else { return nil }
            return ChartPoint(x: c, y: t, label: labelled ? "case \(r.index + 1)" : nil)
        }
        let title = "\(tTitle) vs \(cTitle.lowercased()) per case: \(scenarioName)"
        let chart = LineChart(title: title, xAxis: AxisLabel(cTitle, unit: cUnit), yAxis: AxisLabel(tTitle, unit: tUnit),
                              series: [ChartSeries(name: "cases", points: scatter, style: .scatter)])
        out.append(SweepChartFile(slug: "throughput-vs-carbon", title: title, svg: chart.svg()))
        return out
    }

    static func slug(_ text: String) -> String {
        String(text.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "." || s == "-" || s == "_") ? Character(s) : "-"
        })
    }

    /// A Jupyter notebook: the scenario, the sweep as data (every column, units), the finite
    /// differences, the charts, and Python cells that re-plot the sweep with pandas and matplotlib.
    func notebook(scenarioText: String?) throws -> Notebook {
        var nb = Notebook(title: "What-if sweep: \(scenarioName)")
        var intro = "Scenario `\(scenarioName)` (`\(file)`); \(modeText).\n\n"
        intro += "Varied (cases are the cartesian product, the first `--vary` outermost):\n\n"
        for d in dimensions {
            intro += "- `\(d.path)`\(d.unit.isEmpty ? "" : " (\(d.unit))"): \(d.values.map(\.display).joined(separator: ", ")) — `--vary \(d.argument)`\n"
        }
        intro += "\n`cases` holds one row per case with every metric; units are in `units`. `marginal.*` columns are rates of "
        intro += "the first-epoch LP plan from its simplex basis (per unit increase of the limit, totals over the plan's horizon; "
        intro += "`validFor` says for which changes they hold). `differences` holds finite differences between adjacent cases "
        intro += "(not duals)."
        nb.addMarkdown(intro)
        if let scenarioText {
            nb.addMarkdown("The scenario file:\n\n```yaml\n\(scenarioText.trimmingCharacters(in: .newlines))\n```")
        }
        try nb.addTable(table(), variable: "cases")
        try nb.addTable(DataTable(columns: ["column", "unit"], rows: units.map { [.text($0.0), .text($0.1)] }), variable: "units")
        let hasDifferences = !finiteDifferences().isEmpty
        if hasDifferences { try nb.addTable(differencesTable(), variable: "differences") }
        for c in charts() { nb.addSVG(c.svg, name: c.slug, caption: c.title) }

        func py(_ items: [String]) -> String {
            "[" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                .joined(separator: ", ") + "]"
        }
        let metrics = chartMetrics.map { "(\"\($0.0)\", \"\($0.1)\(($0.2).isEmpty ? "" : " (\($0.2))")\")" }.joined(separator: ", ")
        nb.addCode("""
            import matplotlib.pyplot as plt

            varied = \(py(dimensions.map(\.path)))
            numeric = \(py(dimensions.filter(\.isNumeric).map(\.path)))
            metrics = [\(metrics)]
            ok = cases[cases["status"] == "ok"]

            for param in numeric:
                others = [c for c in varied if c != param]
                fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4), squeeze=False)
                for ax, (metric, label) in zip(axes[0], metrics):
                    groups = ok.groupby(others, sort=False) if others else [((), ok)]
                    for key, group in groups:
                        key = key if isinstance(key, tuple) else (key,)
                        name = ", ".join(f"{o}={k}" for o, k in zip(others, key)) or metric
                        group = group.sort_values(param)
                        ax.plot(group[param], group[metric], marker="o", label=name)
                    ax.set_xlabel(param)
                    ax.set_ylabel(label)
                    if others:
                        ax.legend(fontsize="small")
                fig.suptitle(f"sweep of {param}")
                fig.tight_layout()
                plt.show()
            """)
        nb.addCode("""
            fig, ax = plt.subplots(figsize=(7, 5))
            throughput, carbon = metrics[0][0], metrics[1][0]
            ax.scatter(ok[carbon], ok[throughput])
            for _, row in ok.iterrows():
                ax.annotate(f"case {int(row['case'])}", (row[carbon], row[throughput]), textcoords="offset points", xytext=(5, 5))
            ax.set_xlabel(metrics[1][1])
            ax.set_ylabel(metrics[0][1])
            ax.set_title("throughput vs carbon per case")
            plt.show()
            """)
        if hasDifferences {
            nb.addCode("""
                # Finite differences (Δmetric / Δparameter between adjacent cases), by parameter.
                for param, group in differences.groupby("parameter", sort=False):
                    print(param)
                    print(group.drop(columns=["parameter"]).to_string(index=False))
                """)
        }
        return nb
    }
}
