import Executor
import Foundation
import Planner
import Reports
import Scenario
import Workloads

/// The notebook of `epof simulate` / `epof compare --notebook`: the scenario (summary and YAML),
/// the runs' metrics, per-epoch telemetry and hottest-moment core temperatures as embedded CSV
/// (pandas DataFrames `metrics`, `epochs`, `hottest_cores`), the SVG charts of ``RunCharts``,
/// and Python cells that re-plot the data with matplotlib.
struct RunNotebook {
    let scenario: Scenario
    let preset: SLAPreset
    let runs: [PolicyRun]
    let seed: UInt64
    /// The command that regenerates the notebook, shown in it.
    let command: String

    private var unit: String { scenario.workload.workUnit }

    func notebook() throws(ReportError) -> Notebook {
        let s = scenario
        let epochs = runs.first?.epochs.count ?? 0
        let hours = Double(epochs) * s.epochLength / 3600
        var nb = Notebook(title: runs.count == 1 ? "Closed-loop run: \(runs[0].policy.rawValue) on \(s.name)"
                                                 : "Policies compared on \(s.name)")
        ScenarioDescription.addSection(to: &nb, scenario: s, preset: preset)
        nb.addMarkdown("""
            ## Runs

            \(epochs) epoch\(epochs == 1 ? "" : "s") of \(DurationText.format(s.epochLength)) (\(num(hours)) h) from \
            \(Timestamps.iso(s.start, utcOffset: s.utcOffset)), seed \(seed); polic\(runs.count == 1 ? "y" : "ies") \
            \(runs.map { "`\($0.policy.rawValue)`" }.joined(separator: ", ")). Every policy runs on the same simulated \
            node, executor (reactive thermal control, switching costs) and seed, under the preset above. The runs \
            again (add `--notebook PATH` for this notebook, `--svg-dir DIR` for the charts as files):

            ```sh
            \(command)
            ```

            The objective α·T/T_max + β·C_min/C uses bounds that do not depend on the policy \
            (T_max = \(num(runs.first?.metrics.objective.maximumWork ?? 0)) \(unit)s, \
            C_min = \(num(runs.first?.metrics.objective.minimumCarbon ?? 0)) gCO₂), so it compares the runs; \
            it is not the planner's per-plan objective.
            """)

        nb.addMarkdown("## Data\n\n`metrics`: one row per policy (units in the column names: `_j` joules, `_g` gCO₂, `_w` watts, `_c` °C, `_s` seconds, `_pp` percentage points; `throughput_per_s` in \(unit)s/s, `cer_per_g` in \(unit)s/gCO₂).")
        try nb.addTable(metricsTable(), variable: "metrics")
        nb.addMarkdown("""
            `epochs`: one row per policy and epoch. Times in hours since the run's start; intensity in gCO₂/kWh \
            (`intensity_used`: what the policy decided with — the scenario's forecaster for `lp`, the actual trace \
            for `oracle`); power and temperature are the epoch's mean/peak and hottest core; `precision` and \
            `frequency_planned_mhz` the largest share of planned card time; `frequency_run_mhz` the level the busy \
            cards ran most after thermal control and throttling (tick samples every second).
            """)
        try nb.addTable(epochsTable(), variable: "epochs")
        nb.addMarkdown("`hottest_cores`: per policy, every core's temperature (°C) at the end of the epoch whose hottest core was the hottest of the run (snapshots are taken at epoch ends).")
        try nb.addTable(hottestCoresTable(), variable: "hottest_cores")

        nb.addMarkdown("## Charts (SVG, as `epof \(runs.count == 1 ? "simulate" : "compare") --svg-dir` writes them)")
        let charts = RunCharts(scenario: s, preset: preset, runs: runs)
        if runs.count > 1 { nb.addSVG(charts.comparison().svg(), name: "compare", caption: "Every policy on one timeline") }
        for run in runs {
            let p = run.policy.rawValue
            nb.addSVG(charts.timeline(run).svg(), name: "timeline_\(p)", caption: "\(p): per-epoch timeline")
            if let map = try charts.heatMap(run) {
                nb.addSVG(map.svg(), name: "heatmap_\(p)", caption: "\(p): core temperatures at the hottest epoch end")
            }
        }

        nb.addMarkdown("## Re-plot with pandas and matplotlib")
        nb.addCode(barsCode)
        nb.addCode(timelineCode)
        nb.addCode("""
            # Share of epochs by planned precision profile, per policy.
            pd.crosstab(epochs["policy"], epochs["precision"], normalize="index").round(3)
            """)
        nb.addCode(heatMapCode)
        return nb
    }

    // MARK: Data

    /// A table of `items` from named column extractors (one row per item).
    private static func table<T>(_ items: [T], _ columns: [(String, (T) -> DataValue)]) throws(ReportError) -> DataTable {
        try DataTable(columns: columns.map(\.0), rows: items.map { item in columns.map { $0.1(item) } })
    }

    private static func count(_ n: Int) -> DataValue { .number(Double(n)) }
    private static func optional(_ x: Double?) -> DataValue { x.map { .number($0) } ?? .missing }

    func metricsTable() throws(ReportError) -> DataTable {
        let count = RunNotebook.count
        let columns: [(String, (RunMetrics) -> DataValue)] = [
            ("policy", { .text($0.policy) }), ("epochs", { count($0.epochs) }), ("duration_s", { .number($0.duration) }),
            ("served_total", { count($0.served.total) }), ("served_interactive", { count($0.served.interactive) }),
            ("served_deferrable", { count($0.served.deferrable) }), ("served_elastic", { count($0.served.elastic) }),
            ("throughput_per_s", { .number($0.throughput) }), ("slo_attainment", { RunNotebook.optional($0.sloAttainment) }),
            ("energy_j", { .number($0.energy) }), ("switching_energy_j", { .number($0.switchingEnergy) }),
            ("carbon_g", { .number($0.carbon) }), ("cer_per_g", { .number($0.cer) }),
            ("node_power_mean_w", { .number($0.nodePower.mean) }), ("node_power_peak_w", { .number($0.nodePower.peak) }),
            ("node_power_p5_w", { .number($0.nodePower.p5) }), ("node_power_p95_w", { .number($0.nodePower.p95) }),
            ("max_temperature_c", { .number($0.maxTemperature) }), ("time_above_hot_s", { .number($0.timeAboveHotThreshold) }),
            ("throttle_events", { count($0.throttleEvents) }), ("control_actions", { count($0.controlActions) }),
            ("accuracy_loss_pp", { .number($0.accuracyLoss) }), ("deadline_misses", { count($0.deadlineMisses) }),
            ("deferrable_backlog_end", { count($0.deferrableBacklogEnd) }), ("planning_failures", { count($0.planningFailures) }),
            ("objective", { .number($0.objective.value) }), ("objective_throughput_term", { .number($0.objective.throughputTerm) }),
            ("objective_carbon_term", { .number($0.objective.carbonTerm) }),
        ]
        return try RunNotebook.table(runs.map(\.metrics), columns)
    }

    func epochsTable() throws(ReportError) -> DataTable {
        let count = RunNotebook.count, optional = RunNotebook.optional
        var columns: [(String, ((String, EpochSample)) -> DataValue)] = [
            ("policy", { .text($0.0) }), ("epoch", { count($0.1.epoch) }), ("start_h", { .number($0.1.start / 3600) }),
            ("end_h", { .number($0.1.end / 3600) }), ("source", { .text($0.1.source) }),
            ("intensity_actual", { .number($0.1.actualIntensity) }), ("intensity_used", { optional($0.1.forecastIntensity) }),
            ("node_power_mean_w", { .number($0.1.nodePowerMean) }), ("node_power_peak_w", { .number($0.1.nodePowerPeak) }),
            ("throughput_per_s", { .number($0.1.throughput) }),
        ]
        for c in WorkClass.allCases {
            columns.append(("throughput_\(c)", { .number($0.1.classThroughput[c] ?? 0) }))
        }
        columns += [
            ("served", { count($0.1.served) }), ("interactive_arrived", { count($0.1.interactiveArrived) }),
            ("interactive_within_slo", { count($0.1.interactiveWithinSLO) }), ("max_temperature_c", { .number($0.1.maxTemperature) }),
            ("energy_j", { .number($0.1.energy) }), ("carbon_g", { .number($0.1.carbon) }),
            ("throttle_events", { count($0.1.throttleEvents) }), ("precision", { .text($0.1.precision) }),
            ("frequency_planned_mhz", { optional($0.1.plannedFrequency.map { $0 / 1e6 }) }),
            ("frequency_run_mhz", { optional($0.1.runFrequency.map { $0 / 1e6 }) }),
        ]
        let rows = runs.flatMap { r in r.epochs.map { (r.policy.rawValue, $0) } }
        return try RunNotebook.table(rows, columns)
    }

    func hottestCoresTable() throws(ReportError) -> DataTable {
        var rows: [[DataValue]] = []
        for r in runs {
            guard let map = r.hottest else { continue }
            for card in map.cards {
                for die in card.dies {
                    for (i, t) in die.coreTemperatures.enumerated() {
                        let columns = max(die.columns, 1)
                        rows.append([.text(r.policy.rawValue), .number(map.time / 3600), .number(Double(card.index)),
                                     .number(Double(die.index)), .number(Double(i / columns)), .number(Double(i % columns)),
                                     .number(t)])
                    }
                }
            }
        }
        return try DataTable(columns: ["policy", "time_h", "card", "die", "row", "column", "temperature_c"], rows: rows)
    }

    // MARK: Python

    private var barsCode: String {
        """
        import matplotlib.pyplot as plt

        # The headline metrics side by side.
        fig, axes = plt.subplots(2, 2, figsize=(10, 7))
        panels = [("served_total", "Served (\(unit)s)"), ("carbon_g", "Carbon (gCO₂)"),
                  ("cer_per_g", "CER (\(unit)s/gCO₂)"), ("objective", "α·T/T_max + β·C_min/C")]
        for ax, (column, label) in zip(axes.flat, panels):
            ax.bar(metrics["policy"], metrics[column], color="tab:blue")
            ax.set_title(label)
            ax.tick_params(axis="x", labelrotation=30)
        fig.tight_layout()
        plt.show()
        """
    }

    private var timelineCode: String {
        """
        # Per-epoch values as steps over each epoch, one line per policy.
        node_power_cap_w = \(ReportFormat.fixed(preset.effectiveNodePowerCap(cards: scenario.node.cards), decimals: 3))
        thermal_limit_c = \(ReportFormat.fixed(preset.thermalLimit, decimals: 3))


        def steps(ax, run, column, label):
            x = list(run["start_h"]) + [run["end_h"].iloc[-1]]
            y = list(run[column]) + [run[column].iloc[-1]]
            ax.step(x, y, where="post", label=label)


        fig, axes = plt.subplots(4, 1, figsize=(10, 11), sharex=True)
        first_policy = epochs["policy"].iloc[0]
        steps(axes[0], epochs[epochs["policy"] == first_policy], "intensity_actual", "actual")
        for policy, run in epochs.groupby("policy", sort=False):
            steps(axes[1], run, "node_power_mean_w", policy)
            steps(axes[2], run, "throughput_per_s", policy)
            steps(axes[3], run, "max_temperature_c", policy)
        axes[1].axhline(node_power_cap_w, color="grey", linestyle="--", label="node power cap")
        axes[3].axhline(thermal_limit_c, color="grey", linestyle="--", label="thermal limit")
        labels = ["Carbon intensity (gCO₂/kWh)", "Node power, epoch mean (W)", "Throughput (\(unit)s/s)",
                  "Hottest core (°C)"]
        for ax, label in zip(axes, labels):
            ax.set_ylabel(label)
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        axes[-1].set_xlabel("Time since \(Timestamps.iso(scenario.start, utcOffset: scenario.utcOffset)) (h)")
        fig.tight_layout()
        plt.show()
        """
    }

    private var heatMapCode: String {
        """
        # Core temperatures at each policy's hottest epoch end, one panel per card and die.
        for policy, snapshot in hottest_cores.groupby("policy", sort=False):
            panels = list(snapshot.groupby(["card", "die"]))
            columns = min(len(panels), 4)
            rows = (len(panels) + columns - 1) // columns
            fig, axes = plt.subplots(rows, columns, figsize=(2.8 * columns, 2.4 * rows), squeeze=False)
            low, high = snapshot["temperature_c"].min(), snapshot["temperature_c"].max()
            for ax, ((card, die), cells) in zip(axes.flat, panels):
                grid = cells.pivot(index="row", columns="column", values="temperature_c")
                image = ax.imshow(grid.values, vmin=low, vmax=high, cmap="viridis")
                ax.set_title(f"card {card:.0f} · die {die:.0f}")
                ax.set_xticks([])
                ax.set_yticks([])
            for ax in list(axes.flat)[len(panels):]:
                ax.axis("off")
            fig.colorbar(image, ax=axes, label="Core temperature (°C)")
            fig.suptitle(f"{policy}: core temperatures at {snapshot['time_h'].iloc[0]:.2f} h (hottest epoch end)")
            plt.show()
        """
    }
}
