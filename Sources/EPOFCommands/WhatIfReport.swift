import Executor
import Foundation
import Planner
import Reports
import Scenario

/// A column of the sweep's table: a dotted name (the JSON path of the value), its unit, the
/// text-output group it is printed in, and how to read it from a case's result.
struct SweepColumn {
    let name: String
    let unit: String
    let group: String
    let value: (SweepCaseResult) -> DataValue
}

/// Δmetric/Δparameter between two adjacent cases of a numeric `--vary` that differ in that
/// field only: a finite difference, not a dual.
struct FiniteDifference: Encodable {
    var path: String
    var unit: String
    var from: Double
    var to: Double
    /// Cases (1-based) at `from` and `to`.
    var fromCase: Int
    var toCase: Int
    /// The other varied fields' values, held fixed.
    var fixed: [String: SweepValue]
    /// Per metric (column name): Δmetric / Δparameter; nil when either case lacks the metric.
    var rates: [String: Double?]
}

/// What `epof whatif` prints: one row per case (the varied values and every metric), the marginal
/// values of the first-epoch plans, and finite differences along numeric sweeps.
struct WhatIfReport {
    let scenarioName: String
    let file: String
    let dimensions: [SweepDimension]
    let cases: [SweepCase]
    let mode: SweepMode
    let seed: UInt64
    let results: [SweepCaseResult]

    /// Limits that are not bounds or right-hand sides of the epoch LP, so have no dual.
    static let noDual: [String: String] = [
        "preset.latencySLO": "selects which operating points may serve interactive work (not a right-hand side)",
        "preset.accuracyLossCeiling": "selects which operating points are offered (not a right-hand side)",
        "preset.interactiveUtilization": "scales the interactive coefficients (not a right-hand side)",
        "preset.latencyPercentile": "chooses which points serve interactive work per epoch (not a right-hand side)",
        "preset.powerCapWindow": "chooses which points are offered under the caps (not a right-hand side)",
    ]

    // MARK: Columns

    /// Every metric column of the mode (without case, varied values and status).
    var metricColumns: [SweepColumn] {
        var cols: [SweepColumn] = []
        func add(_ name: String, _ unit: String, _ group: String, _ f: @escaping (SweepCaseResult) -> DataValue) {
            cols.append(SweepColumn(name: name, unit: unit, group: group, value: f))
        }
        func metric(_ name: String, _ unit: String, _ group: String, _ f: @escaping (RunMetrics) -> Double?) {
            add(name, unit, group) { r in r.metrics.flatMap(f).map(DataValue.number) ?? .missing }
        }
        func planned(_ name: String, _ unit: String, _ group: String, _ f: @escaping (PlanOutcome) -> Double) {
            add(name, unit, group) { r in r.plan.map { .number(f($0)) } ?? .missing }
        }
        switch mode {
        case .closedLoop:
            let w = "work and SLO"
            metric("served.interactive", "requests", w) { Double($0.served.interactive) }
            metric("served.deferrable", "requests", w) { Double($0.served.deferrable) }
            metric("served.elastic", "requests", w) { Double($0.served.elastic) }
            metric("served.total", "requests", w) { Double($0.served.total) }
            metric("throughput", "requests/s", w) { $0.throughput }
            metric("interactiveArrived", "requests", w) { Double($0.interactiveArrived) }
            metric("interactiveWithinSLO", "requests", w) { Double($0.interactiveWithinSLO) }
            metric("sloAttainment", "fraction", w) { $0.sloAttainment }
            metric("latencySLO", "s", w) { $0.latencySLO }
            metric("deadlineMisses", "requests", w) { Double($0.deadlineMisses) }
            metric("deferrableBacklogEnd", "requests", w) { Double($0.deferrableBacklogEnd) }
            let e = "energy, carbon and node power"
            metric("energy", "J", e) { $0.energy }
            metric("switchingEnergy", "J", e) { $0.switchingEnergy }
            metric("carbon", "gCO2", e) { $0.carbon }
            metric("cer", "requests/gCO2", e) { $0.cer }
            metric("nodePower.mean", "W", e) { $0.nodePower.mean }
            metric("nodePower.peak", "W", e) { $0.nodePower.peak }
            metric("nodePower.p5", "W", e) { $0.nodePower.p5 }
            metric("nodePower.p95", "W", e) { $0.nodePower.p95 }
            metric("nodePower.spread", "W", e) { $0.nodePower.spread }
            let cards = results.compactMap { $0.metrics?.cards }.max() ?? 0
            for c in 0..<cards {
                let g = "card power"
                func card(_ f: @escaping (PowerSpread) -> Double) -> (RunMetrics) -> Double? {
                    { m in c < m.cardPower.count ? f(m.cardPower[c]) : nil }
                }
                metric("cardPower.\(c).mean", "W", g, card(\.mean))
                metric("cardPower.\(c).peak", "W", g, card(\.peak))
                metric("cardPower.\(c).p5", "W", g, card(\.p5))
                metric("cardPower.\(c).p95", "W", g, card(\.p95))
                metric("cardPower.\(c).spread", "W", g, card(\.spread))
            }
            let t = "thermal, control and quality"
            metric("maxTemperature", "°C", t) { $0.maxTemperature }
            metric("timeAboveHotThreshold", "s", t) { $0.timeAboveHotThreshold }
            metric("hotThreshold", "°C", t) { $0.hotThreshold }
            metric("throttleEvents", "events", t) { Double($0.throttleEvents) }
            metric("controlActions", "actions", t) { Double($0.controlActions) }
            metric("levelChanges", "changes", t) { Double($0.levelChanges) }
            metric("accuracyLoss", "pp", t) { $0.accuracyLoss }
            metric("planningFailures", "epochs", t) { Double($0.planningFailures) }
            metric("epochs", "epochs", t) { Double($0.epochs) }
            metric("duration", "s", t) { $0.duration }
            metric("cards", "cards", t) { Double($0.cards) }
            let o = "objective (policy-independent bounds)"
            add("objective.kind", "", o) { r in r.metrics.map { .text($0.objective.kind) } ?? .missing }
            metric("objective.value", "", o) { $0.objective.value }
            metric("objective.throughputTerm", "", o) { $0.objective.throughputTerm }
            metric("objective.carbonTerm", "", o) { $0.objective.carbonTerm }
            metric("objective.maximumWork", "requests", o) { $0.objective.maximumWork }
            metric("objective.minimumCarbon", "gCO2", o) { $0.objective.minimumCarbon }
            metric("objective.maximumCarbonEfficiency", "requests/gCO2", o) { $0.objective.maximumCarbonEfficiency }
            metric("objective.alpha", "", o) { $0.objective.alpha }
            metric("objective.beta", "", o) { $0.objective.beta }
        case .planOnly:
            let p = "first-epoch plan (horizon totals)"
            planned("plan.throughput", "work units", p) { $0.throughput }
            planned("plan.throughputRate", "work units/s", p) { $0.throughputRate }
            planned("plan.carbon", "gCO2", p) { $0.carbon }
            planned("plan.served.interactive", "work units", p) { $0.served.interactive }
            planned("plan.served.deferrable", "work units", p) { $0.served.deferrable }
            planned("plan.served.elastic", "work units", p) { $0.served.elastic }
            planned("plan.meanPower", "W", p) { $0.meanPower }
            planned("plan.peakPower", "W", p) { $0.peakPower }
            planned("plan.committedPower", "W", p) { $0.committedPower }
            planned("plan.maxTemperature", "°C", p) { $0.maxTemperature }
            planned("plan.horizon", "epochs", p) { Double($0.horizon) }
            planned("plan.epochLength", "s", p) { $0.epochLength }
            let o = "objective and frontier point"
            add("objective.kind", "", o) { r in r.plan.map { .text($0.objective.kind) } ?? .missing }
            planned("objective.value", "", o) { $0.objective.value }
            planned("objective.throughputTerm", "", o) { $0.objective.throughputTerm }
            planned("objective.carbonTerm", "", o) { $0.objective.carbonTerm }
            planned("objective.maximumThroughput", "work units", o) { $0.objective.maximumThroughput }
            planned("objective.minimumCarbon", "gCO2", o) { $0.objective.minimumCarbon }
            planned("objective.carbonEfficiency", "work units/gCO2", o) { $0.objective.carbonEfficiency }
            planned("objective.alpha", "", o) { $0.objective.alpha }
            planned("objective.beta", "", o) { $0.objective.beta }
            planned("plan.chosenPoint", "index", o) { Double($0.chosenPoint) }
            planned("plan.frontierPoints", "points", o) { Double($0.frontierPoints) }
            add("plan.preset", "", o) { r in r.plan.map { .text($0.preset) } ?? .missing }
            add("plan.workUnit", "", o) { r in r.plan.map { .text($0.workUnit) } ?? .missing }
        }
        cols += marginalColumns
        return cols
    }

    /// The marginal-value columns (empty when no case has them).
    var marginalColumns: [SweepColumn] {
        guard results.contains(where: { $0.marginals != nil }) else { return [] }
        var cols: [SweepColumn] = []
        let g = "marginal values"
        let limits: [(String, String, (PlanMarginals) -> PlanMarginals.Rate?)] = [
            ("cardPowerCap", "W", { $0.cardPowerCap }), ("nodePowerCap", "W", { $0.nodePowerCap }),
            ("thermalLimit", "°C", { $0.thermalLimit }),
        ]
        for (name, unit, rate) in limits {
            cols.append(SweepColumn(name: "marginal.\(name).throughput", unit: "work units/\(unit)", group: g) { r in
                r.marginals.flatMap(rate).map { .number($0.throughput) } ?? .missing
            })
            cols.append(SweepColumn(name: "marginal.\(name).carbon", unit: "gCO2/\(unit)", group: g) { r in
                r.marginals.flatMap(rate).map { .number($0.carbon) } ?? .missing
            })
            cols.append(SweepColumn(name: "marginal.\(name).validFor", unit: "", group: g) { r in
                r.marginals.flatMap(rate).map { .text($0.binding ? $0.validFor.rawValue : "not binding") } ?? .missing
            })
        }
        cols.append(SweepColumn(name: "marginal.slopeTowardsLowerCarbon", unit: "work units/gCO2", group: g) { r in
            r.marginals?.slopeTowardsLowerCarbon.map(DataValue.number) ?? .missing
        })
        cols.append(SweepColumn(name: "marginal.slopeTowardsHigherCarbon", unit: "work units/gCO2", group: g) { r in
            r.marginals?.slopeTowardsHigherCarbon.map(DataValue.number) ?? .missing
        })
        cols.append(SweepColumn(name: "marginal.horizon", unit: "s", group: g) { r in
            r.marginals.map { .number($0.horizonSeconds) } ?? .missing
        })
        cols.append(SweepColumn(name: "marginal.unavailable", unit: "", group: g) { r in
            r.marginals?.unavailable.map(DataValue.text) ?? .missing
        })
        return cols
    }

    /// The leading columns: case number, the varied values, status and message.
    var keyColumns: [SweepColumn] {
        var cols = [SweepColumn(name: "case", unit: "", group: "") { .text(String($0.index + 1)) }]
        for (d, dim) in dimensions.enumerated() {
            cols.append(SweepColumn(name: dim.path, unit: dim.unit, group: "") { r in
                switch dim.values[cases[r.index].valueIndices[d]] {
                case .number(let x): return .number(x)
                case .text(let s): return .text(s)
                }
            })
        }
        cols.append(SweepColumn(name: "status", unit: "", group: "") { .text($0.status.rawValue) })
        return cols
    }

    /// Every column: key columns, metrics, marginals, the message.
    var allColumns: [SweepColumn] {
        keyColumns + metricColumns + [SweepColumn(name: "message", unit: "", group: "") { r in r.message.map(DataValue.text) ?? .missing }]
    }

    /// The whole table (one row per case, in case order).
    func table() throws(ReportError) -> DataTable {
        let cols = allColumns
        return try DataTable(columns: cols.map(\.name), rows: results.map { r in cols.map { $0.value(r) } })
    }

    /// Column name → unit, for the notebook and JSON.
    var units: [(String, String)] { allColumns.map { ($0.name, $0.unit) } }

    // MARK: Finite differences

    /// The metrics finite differences are taken of.
    var differenceMetrics: [String] {
        mode == .planOnly ? ["plan.throughput", "plan.carbon", "plan.meanPower", "objective.value"]
            : ["throughput", "carbon", "energy", "sloAttainment", "nodePower.mean", "objective.value"]
    }

    func finiteDifferences() -> [FiniteDifference] {
        let counts = dimensions.map(\.values.count)
        var strides = [Int](repeating: 1, count: counts.count)
        for d in stride(from: counts.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * counts[d + 1] }
        let columns = metricColumns.filter { differenceMetrics.contains($0.name) }
        var out: [FiniteDifference] = []
        for (d, dim) in dimensions.enumerated() where dim.isNumeric && dim.values.count > 1 {
            for c in cases where c.valueIndices[d] + 1 < counts[d] {
                let a = results[c.index], b = results[c.index + strides[d]]
                guard a.status == .ok, b.status == .ok, let x0 = dim.values[c.valueIndices[d]].number,
                      let x1 = dim.values[c.valueIndices[d] + 1].number, x1 != x0 else { continue }
                var rates: [String: Double?] = [:]
                for col in columns {
                    if case .number(let y0) = col.value(a), case .number(let y1) = col.value(b) {
                        rates[col.name] = (y1 - y0) / (x1 - x0)
                    } else {
                        rates[col.name] = .some(nil)
                    }
                }
                var fixed: [String: SweepValue] = [:]
                for (e, other) in dimensions.enumerated() where e != d { fixed[other.path] = other.values[c.valueIndices[e]] }
                out.append(FiniteDifference(path: dim.path, unit: dim.unit, from: x0, to: x1, fromCase: c.index + 1,
                                            toCase: c.index + strides[d] + 1, fixed: fixed, rates: rates))
            }
        }
        return out
    }

    /// The finite differences as a table (for CSV-minded readers and the notebook).
    func differencesTable() throws(ReportError) -> DataTable {
        let metrics = differenceMetrics
        return try DataTable(columns: ["parameter", "unit", "from", "to", "from_case", "to_case", "fixed"] + metrics.map { "d_\($0)" },
                             rows: finiteDifferences().map { f in
            [.text(f.path), .text(f.unit), .number(f.from), .number(f.to), .text(String(f.fromCase)), .text(String(f.toCase)),
             .text(f.fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.display)" }.joined(separator: "; "))]
                + metrics.map { m in (f.rates[m] ?? nil).map(DataValue.number) ?? .missing }
        })
    }

    // MARK: Text

    var modeText: String {
        switch mode {
        case .planOnly: return "first-epoch plan only (--plan-only), as epof plan"
        case .closedLoop(let policy, let hours):
            let epochs = Set(cases.map(\.epochs)).sorted().map(String.init).joined(separator: "/")
            return "closed loop: policy \(policy.rawValue), \(num(hours)) h (\(epochs) epoch(s) per case), seed \(seed) for every case"
        }
    }

    /// The objectives of the cases with results, e.g. "throughput-carbon: α·T/T_max + β·C_min/C".
    var objectiveKinds: String {
        var kinds: [String] = []
        for r in results {
            if let k = r.plan?.objective.kind ?? r.metrics?.objective.kind, !kinds.contains(k) { kinds.append(k) }
        }
        return kinds.map { k in ObjectiveKind(rawValue: k).map { "\(k): \($0.formula)" } ?? k }.joined(separator: "; ")
    }

    func text() -> String {
        var out = "What-if sweep of \(scenarioName) (\(file))\n"
        out += "  mode    \(modeText)\n"
        if !objectiveKinds.isEmpty { out += "  objective  \(objectiveKinds)\n" }
        for (i, d) in dimensions.enumerated() {
            let values = d.values.map(\.display).joined(separator: ", ")
            out += "  \(i == 0 ? "varied" : "      ")  \(d.path)\(d.unit.isEmpty ? "" : " (\(d.unit))"): \(values)   [--vary \(d.argument)]\n"
        }
        out += "  cases   \(cases.count) (the first --vary outermost); every metric: --format csv or json\n"
        let keys = keyColumns
        var groups: [String] = []
        for c in metricColumns where !groups.contains(c.group) { groups.append(c.group) }
        for g in groups {
            let cols = keys + metricColumns.filter { $0.group == g }
            out += "\n\(g.prefix(1).uppercased() + g.dropFirst())\n"
            // Headers without the prefixes the section title already says.
            let names = cols.map { c in
                ["marginal.", "plan."].first { c.name.hasPrefix($0) }.map { String(c.name.dropFirst($0.count)) } ?? c.name
            }
            var rows = [names, cols.map(\.unit)]
            for r in results { rows.append(cols.map { Self.cell($0.value(r)) }) }
            let numeric = cols.indices.filter { i in results.contains { if case .number = cols[i].value($0) { true } else { false } } }
            out += TextTable.render(rows, rightAligned: Set(numeric), indent: "  ")
            if g == "marginal values" { out += marginalNotes() }
        }
        let failures = results.filter { $0.status != .ok }
        if !failures.isEmpty {
            out += "\nCases without results\n"
            for r in failures { out += "  case \(r.index + 1): \(r.message ?? r.status.rawValue)\n" }
        }
        let diffs = finiteDifferences()
        if !diffs.isEmpty {
            out += "\nFinite differences between adjacent cases (Δmetric / Δparameter along one --vary, the others fixed; not duals)\n"
            let metrics = differenceMetrics
            let unitOf = Dictionary(metricColumns.map { ($0.name, $0.unit) }, uniquingKeysWith: { a, _ in a })
            var rows = [["parameter", "from", "to", "fixed"] + metrics.map { "d \($0)" },
                        ["", "", "", ""] + metrics.map { m in "\(unitOf[m].map { $0.isEmpty ? "1" : $0 } ?? "")/param unit" }]
            for f in diffs {
                rows.append([f.path + (f.unit.isEmpty ? "" : " (\(f.unit))"), num(f.from, digits: 6), num(f.to, digits: 6),
                             f.fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.display)" }.joined(separator: ", ")]
                            + metrics.map { m in (f.rates[m] ?? nil).map { num($0, digits: 5) } ?? "–" })
            }
            out += TextTable.render(rows, rightAligned: Set([1, 2] + metrics.indices.map { $0 + 4 }), indent: "  ")
        }
        return out
    }

    func marginalNotes() -> String {
        let horizons = Set(results.compactMap { $0.marginals?.horizonSeconds }).sorted().map { DurationText.format($0) }
        var out = "  Rates of the first-epoch LP plan at its chosen frontier point, from the simplex basis (B⁻¹): change of the plan's\n"
        out += "  throughput (work units) and carbon (gCO2) over its horizon (\(horizons.joined(separator: ", "))) per unit increase of the limit;\n"
        out += "  a limit that does not bind has rate 0; validFor says whether the rate holds for raising, lowering or both\n"
        out += "  (a degenerate vertex pivots one way). Slopes: dT/dC of the frontier on each side of the chosen point.\n"
        out += "  No dual (not a bound or right-hand side of the LP): "
        out += Self.noDual.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
        out += " — vary them for finite differences.\n"
        return out
    }

    static func cell(_ v: DataValue) -> String {
        switch v {
        case .number(let x): return num(x, digits: 5)
        case .text(let s): return s
        case .missing: return "–"
        }
    }

    // MARK: JSON

    struct Dimension: Encodable {
        var argument: String
        var path: String
        var unit: String
        var values: [SweepValue]
    }

    struct Case: Encodable {
        var `case`: Int
        var values: [String: SweepValue]
        var status: SweepCaseResult.Status
        var message: String?
        var epochs: Int?
        var metrics: RunMetrics?
        var plan: PlanOutcome?
        var marginals: PlanMarginals?
    }

    struct Document: Encodable {
        var scenario: String
        var file: String
        var mode: String
        var policy: String?
        var hours: Double?
        var seed: UInt64
        var vary: [Dimension]
        var cases: [Case]
        var units: [String: String]
        var finiteDifferences: [FiniteDifference]
        var noDual: [String: String]
    }

    func json() throws -> String {
        var policy: String?, hours: Double?
        if case .closedLoop(let p, let h) = mode { policy = p.rawValue; hours = h }
        let doc = Document(
            scenario: scenarioName, file: file, mode: mode == .planOnly ? "plan-only" : "closed-loop", policy: policy, hours: hours,
            seed: seed, vary: dimensions.map { Dimension(argument: $0.argument, path: $0.path, unit: $0.unit, values: $0.values) },
            cases: results.map { r in
                let c = cases[r.index]
                var values: [String: SweepValue] = [:]
                for (d, dim) in dimensions.enumerated() { values[dim.path] = dim.values[c.valueIndices[d]] }
                return Case(case: r.index + 1, values: values, status: r.status, message: r.message,
                            epochs: mode == .planOnly ? nil : c.epochs, metrics: r.metrics, plan: r.plan, marginals: r.marginals)
            },
            units: Dictionary(units.filter { !$0.1.isEmpty }, uniquingKeysWith: { a, _ in a }),
            finiteDifferences: finiteDifferences(), noDual: Self.noDual)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(doc), as: UTF8.self)
    }
}
