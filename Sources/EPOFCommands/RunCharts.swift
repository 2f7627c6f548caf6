import Foundation
import Hardware
import Planner
import Reports
import Scenario
import Workloads

/// The charts of closed-loop runs (`epof simulate` / `epof compare --svg-dir`, and their notebooks):
/// per policy a timeline (carbon intensity, node power, throughput, hottest core, then the
/// chosen precision profile and DVFS frequency as bands) and a heat map of the per-core
/// temperatures at the hottest epoch end; for several policies also one timeline with a series
/// per policy. Per-epoch values are drawn as steps (constant over their epoch).
struct RunCharts {
    let scenario: Scenario
    let preset: SLAPreset
    let runs: [PolicyRun]

    /// The shared time axis: hours since the run's start, which it names (titles stay short
    /// enough for 800 px).
    private var time: AxisLabel { AxisLabel("Time since \(startText)", unit: "h") }
    /// Colour of the limit lines (power cap, thermal limit): grey, apart from the policies' colours.
    static let limitColor = "#999999"

    private var unit: String { scenario.workload.workUnit }
    private var startText: String { Timestamps.iso(scenario.start, utcOffset: scenario.utcOffset) }
    private var epochText: String { DurationText.format(scenario.epochLength) }

    // MARK: Files

    /// The charts as (file name, SVG): `timeline-POLICY.svg` and `heatmap-POLICY.svg` for every
    /// run, and `compare.svg` when there are several runs.
    func files() throws(ReportError) -> [(name: String, svg: String)] {
        var out: [(name: String, svg: String)] = []
        if runs.count > 1 { out.append(("compare.svg", comparison().svg())) }
        for run in runs {
            out.append(("timeline-\(run.policy.rawValue).svg", timeline(run).svg()))
            if let map = try heatMap(run) { out.append(("heatmap-\(run.policy.rawValue).svg", map.svg())) }
        }
        return out
    }

    /// Writes ``files()`` into `directory` (created when missing).
    func write(to directory: String) throws(CommandFailure) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure(status: .inputError, message: "--svg-dir: cannot create \(directory): \(error.localizedDescription)")
        }
        let charts: [(name: String, svg: String)]
        do { charts = try files() } catch { throw CommandFailure(status: .solverFailure, message: "cannot draw the charts: \(error)") }
        for c in charts {
            let path = (directory as NSString).appendingPathComponent(c.name)
            do { try Data(c.svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw CommandFailure(status: .inputError, message: "--svg-dir: cannot write \(path): \(error.localizedDescription)")
            }
        }
    }

    // MARK: Charts

    /// One policy's timeline.
    func timeline(_ run: PolicyRun) -> TimelineChart {
        let e = run.epochs
        var intensity = [RunCharts.steps(e, name: "actual") { $0.actualIntensity }]
        if e.contains(where: { $0.forecastIntensity != nil }) {
            intensity.append(RunCharts.steps(e, name: "used by the policy") { $0.forecastIntensity })
        }
        var throughput = [RunCharts.steps(e, name: "all classes") { $0.throughput }]
        for c in WorkClass.allCases where (scenario.arrivals[c] ?? ArrivalPattern.none) != .none {
            throughput.append(RunCharts.steps(e, name: "\(c)") { $0.classThroughput[c] ?? 0 })
        }
        let rows: [TimelineRow] = [
            .values(TimelinePanel(title: "Carbon intensity", unit: "gCO₂/kWh", series: intensity)),
            .values(TimelinePanel(title: "Node power", unit: "W", series: [
                RunCharts.steps(e, name: "epoch mean") { $0.nodePowerMean },
                RunCharts.steps(e, name: "epoch peak") { $0.nodePowerPeak },
                RunCharts.limit(e, name: "node power cap", value: preset.effectiveNodePowerCap(cards: scenario.node.cards)),
            ])),
            .values(TimelinePanel(title: "Throughput", unit: "\(unit)s/s", series: throughput)),
            .values(TimelinePanel(title: "Hottest core", unit: "°C", series: [
                RunCharts.steps(e, name: "epoch maximum") { $0.maxTemperature },
                RunCharts.limit(e, name: "thermal limit", value: preset.thermalLimit),
            ])),
            .categories(CategoricalTrack(title: "Precision profile (planned, largest share)",
                                         segments: e.map { CategorySegment(start: $0.start / 3600, end: $0.end / 3600, category: $0.precision) },
                                         categoryOrder: PolicyRun.profiles.map(\.rawValue) + ["idle"])),
            .categories(CategoricalTrack(title: "DVFS frequency (planned, largest share)",
                                         segments: e.map { frequencySegment($0, $0.plannedFrequency) },
                                         categoryOrder: frequencyOrder)),
            .categories(CategoricalTrack(title: "DVFS frequency as run (after thermal control)",
                                         segments: e.map { frequencySegment($0, $0.runFrequency) },
                                         categoryOrder: frequencyOrder)),
        ]
        return TimelineChart(title: "\(run.policy.rawValue) on \(scenario.name) (\(e.count) × \(epochText))", time: time, rows: rows)
    }

    /// Every policy on one timeline: carbon intensity, then node power, throughput and hottest
    /// core with a series per policy (colours in the order of the runs).
    func comparison() -> TimelineChart {
        let first = runs.first?.epochs ?? []
        func perPolicy(_ value: @escaping (EpochSample) -> Double?) -> [ChartSeries] {
            runs.map { RunCharts.steps($0.epochs, name: $0.policy.rawValue, style: .line, value: value) }
        }
        let rows: [TimelineRow] = [
            .values(TimelinePanel(title: "Actual carbon intensity", unit: "gCO₂/kWh",
                                  series: [RunCharts.steps(first, name: "grid") { $0.actualIntensity }])),
            .values(TimelinePanel(title: "Node power, epoch mean", unit: "W", series: perPolicy { $0.nodePowerMean }
                + [RunCharts.limit(first, name: "node power cap", value: preset.effectiveNodePowerCap(cards: scenario.node.cards))])),
            .values(TimelinePanel(title: "Throughput, all classes", unit: "\(unit)s/s", series: perPolicy { $0.throughput })),
            .values(TimelinePanel(title: "Hottest core, epoch maximum", unit: "°C", series: perPolicy { $0.maxTemperature }
                + [RunCharts.limit(first, name: "thermal limit", value: preset.thermalLimit)])),
        ]
        return TimelineChart(title: "Policies on \(scenario.name) (\(first.count) × \(epochText))", time: time, rows: rows,
                             panelHeight: 140)
    }

    /// Per-core temperatures of every card and die at the hottest epoch end (nil when the run
    /// recorded no snapshot).
    func heatMap(_ run: PolicyRun) throws(ReportError) -> HeatMapChart? {
        guard let map = run.hottest else { return nil }
        var grids: [HeatMapGrid] = []
        for card in map.cards {
            for die in card.dies {
                let title = card.dies.count > 1 ? "Card \(card.index) · die \(die.index)" : "Card \(card.index)"
                grids.append(try HeatMapGrid(title: title, rows: die.rows, columns: die.columns, values: die.coreTemperatures))
            }
        }
        let at = ReportFormat.fixed(map.time / 3600, decimals: 2)
        return HeatMapChart(title: "\(run.policy.rawValue) on \(scenario.name): hottest epoch end, \(at) h",
                            value: AxisLabel("Core temperature", unit: "°C"), grids: grids, cellLabels: true)
    }

    // MARK: Building blocks

    /// The device's DVFS frequencies, lowest first, then "idle": fixed colours across charts.
    private var frequencyOrder: [String] {
        scenario.node.device.dvfs.map { RunCharts.frequencyText($0.frequency) } + ["idle"]
    }

    private func frequencySegment(_ e: EpochSample, _ frequency: Double?) -> CategorySegment {
        CategorySegment(start: e.start / 3600, end: e.end / 3600, category: frequency.map(RunCharts.frequencyText) ?? "idle")
    }

    /// "1800 MHz".
    static func frequencyText(_ hertz: Double) -> String { ReportFormat.fixed(hertz / 1e6, decimals: 0) + " MHz" }

    /// A per-epoch value as a step line over hours: (start, v), (end, v) per epoch; a nil value
    /// breaks the line.
    static func steps(_ epochs: [EpochSample], name: String, style: SeriesStyle = .line,
                      value: (EpochSample) -> Double?) -> ChartSeries {
        var points: [ChartPoint] = []
        for e in epochs {
            let v = value(e) ?? .nan
            points.append(ChartPoint(x: e.start / 3600, y: v))
            points.append(ChartPoint(x: e.end / 3600, y: v))
        }
        return ChartSeries(name: name, points: points, style: style)
    }

    /// A constant limit across the run, drawn grey.
    static func limit(_ epochs: [EpochSample], name: String, value: Double) -> ChartSeries {
        let from = (epochs.first?.start ?? 0) / 3600, to = (epochs.last?.end ?? 0) / 3600
        return ChartSeries(name: name, points: [ChartPoint(x: from, y: value), ChartPoint(x: to, y: value)], style: .line,
                           color: limitColor)
    }
}
