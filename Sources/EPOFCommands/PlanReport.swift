import Foundation
import Hardware
import Planner
import Scenario
import Solvers
import Workloads

/// What `epof plan` prints: the scenario summary and the plan, as text or JSON.
struct PlanReport {
    let scenario: Scenario
    let input: ScenarioPlanningInput
    let plan: Plan
    let solver: SolverChoice

    var unit: String { plan.workUnit }

    // MARK: Text

    func text() -> String {
        var out = ""
        let s = scenario, p = input.preset, r = input.request
        out += "Scenario  \(s.name)\(s.file.map { " (\($0))" } ?? "")\n"
        out += "  node       \(s.node.cards)× \(s.node.device.id) (\(s.nodeSource))\n"
        out += "  workload   \(ScenarioDescription.workload(s.workload))\n"
        out += "  objective  \(p.objective.rawValue): \(p.objective.formula)\n"
        out += "  preset     \(p.name): α \(num(p.alpha)), β \(num(p.beta)), latency SLO \(num(p.latencySLO)) s, card cap \(num(p.cardPowerCap)) W, node cap \(num(p.effectiveNodePowerCap(cards: s.node.cards))) W, accuracy ≤ \(num(p.accuracyLossCeiling)) pp, die ≤ \(num(p.thermalLimit)) °C, interactive utilisation ≤ \(num(p.interactiveUtilization)), \(num(p.latencyPercentile * 100)) % within the SLO, cap window \(p.powerCapWindow > 0 ? "\(num(p.powerCapWindow)) s" : "the epoch")\n"
        out += "  horizon    \(r.horizon) × \(DurationText.format(r.epochLength)) from \(Timestamps.iso(r.epochStart, utcOffset: s.utcOffset))\n"
        out += "  carbon     \(s.carbon.summary); forecaster \(s.forecaster.rawValue)\n"
        out += "  arrivals   " + WorkClass.allCases.map { c in
            let a = r.arrivals[c] ?? []
            let first = a.first ?? 0
            return "\(c) \(first.isFinite ? num(first) : "unlimited")"
        }.joined(separator: ", ") + " \(unit)s in epoch 0\n"
        let temps = Set(r.temperatures).count == 1 ? "\(num(r.temperatures[0], digits: 3)) °C\(r.cards > 1 ? " on every card" : "")"
            : r.temperatures.map { num($0, digits: 3) }.joined(separator: ", ") + " °C"
        out += "  start      die \(temps) (\(input.temperatureSource)); solver \(solver.rawValue)\n"

        let e = plan.committed
        out += "\nEpoch 0 (committed): \(Timestamps.iso(e.start, utcOffset: s.utcOffset)), forecast \(num(e.carbonIntensity)) gCO₂/kWh\n"
        // Consecutive cards with the same plan are shown once.
        var i = 0
        while i < e.cards.count {
            let card = e.cards[i]
            var j = i + 1
            while j < e.cards.count, sameExceptIndex(e.cards[j], card) { j += 1 }
            let label = j - i == 1 ? "card \(card.card)" : "cards \(card.card)–\(e.cards[j - 1].card) (each)"
            out += "  \(label): power \(num(card.power)) W, die \(num(card.temperature, digits: 3)) °C at the end, carbon \(num(card.carbon)) gCO₂, served \(servedText(card.served))\n"
            var rows: [[String]] = [["share", "class", "operating point", "\(unit)s/s", "latency", "power", "accuracy loss"]]
            for seg in card.segments {
                rows.append([percent(seg.fraction), "\(seg.workClass)", pointText(seg.point), num(seg.throughput), "\(num(seg.latency)) s",
                             "\(num(seg.power)) W", "\(num(seg.accuracyLoss)) pp"])
            }
            rows.append([percent(card.idleFraction), "idle", "", "", "", "", ""])
            out += TextTable.render(rows, rightAligned: [0, 3, 4, 5, 6], indent: "    ")
            i = j
        }
        out += "  node: served \(servedText(e.served)); power \(num(e.power)) W; carbon \(num(e.carbon)) gCO₂; deferrable backlog after \(num(e.deferrableBacklogAfter))\n"

        let o = plan.objective
        out += "\nHorizon (\(plan.epochs.count) epochs): \(num(plan.throughput)) \(unit)s, \(num(plan.carbon)) gCO₂\n"
        switch ObjectiveKind(rawValue: o.kind) ?? .throughputCarbon {
        case .throughputCarbon:
            out += "Objective  throughput-carbon: α·T/T_max + β·C_min/C = \(num(o.alpha))·\(num(plan.throughput))/\(num(o.maximumThroughput)) + \(num(o.beta))·\(num(o.minimumCarbon))/\(num(plan.carbon))\n"
        case .carbonEfficiency:
            out += "Objective  carbon-efficiency: max T/C = \(num(plan.throughput))/\(num(plan.carbon)) = \(num(o.carbonEfficiency)) \(unit)s/gCO₂"
                + " (CER_max on the frontier \(num(o.maximumCarbonEfficiency ?? 0))\(o.charnesCooperRatio.map { ", Charnes–Cooper LP \(num($0))" } ?? ""))\n"
        case .throughputEfficiency:
            out += "Objective  throughput-efficiency: α·T/T_max + β·CER/CER_max = \(num(o.alpha))·\(num(plan.throughput))/\(num(o.maximumThroughput)) + \(num(o.beta))·\(num(o.carbonEfficiency))/\(num(o.maximumCarbonEfficiency ?? 0))\n"
        }
        out += "           = \(num(o.throughputTerm)) (throughput) + \(num(o.carbonTerm)) (carbon) = \(num(o.value))\n"

        out += "\nFrontier (\(plan.frontierMethod), \(plan.frontier.count) extreme point\(plan.frontier.count == 1 ? "" : "s"), by increasing carbon)\n"
        var rows: [[String]] = [["", "\(unit)s", "gCO₂", "objective", "found by"]]
        for (i, f) in plan.frontier.enumerated() where shows(i) {
            rows.append([f.chosen ? "*" : "", num(f.throughput), num(f.carbon), num(f.objective), shortenNumbers(f.foundBy)])
        }
        out += TextTable.render(rows, rightAligned: [1, 2, 3], indent: "  ")
        if plan.frontier.count > rows.count - 1 { out += "  (\(plan.frontier.count - rows.count + 1) more points in --format json)\n" }
        out += "Chosen     \(shortenNumbers(plan.reason))\n"
        if let w = plan.capacityWarnings, !w.isEmpty {
            out += "\nCapacity   \(w.count) epoch(s) cannot meet the latency percentile (planned at the fastest points):\n"
            for f in w.prefix(8) { out += "  - \(f.message)\n" }
            if w.count > 8 { out += "  (\(w.count - 8) more in --format json: capacityWarnings)\n" }
        }
        let st = plan.statistics
        out += "Solver     \(st.solver): \(st.lpSolves) LP solves, \(st.iterations) iterations, \(st.warmStarts) warm starts, \(st.columns) columns × \(st.rows) rows, \(num(st.seconds, digits: 3)) s\n"
        for n in s.notices { out += "Note       \(n)\n" }
        return out
    }

    /// `text` with every long decimal number cut to 4 significant digits (for the planner's
    /// free-text reasons and weights).
    func shortenNumbers(_ text: String) -> String {
        var out = "", token = ""
        func flush() {
            if token.count > 6, let x = Double(token) { out += num(x) } else { out += token }
            token = ""
        }
        for ch in text {
            if ch.isNumber || ch == "." || ((ch == "e" || ch == "-") && !token.isEmpty && token.last != "." && (ch == "e" ? !token.contains("e") : token.last == "e")) {
                token.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }

    /// Frontier rows shown in text: all up to 15, else the ends and the chosen point's neighbours.
    func shows(_ i: Int) -> Bool {
        let n = plan.frontier.count
        return n <= 15 || i < 3 || i >= n - 3 || abs(i - plan.chosenIndex) <= 2
    }

    /// Whether two card plans differ only in their index.
    func sameExceptIndex(_ a: CardPlan, _ b: CardPlan) -> Bool {
        var x = a
        x.card = b.card
        return x == b
    }

    func percent(_ f: Double) -> String { "\(num(100 * f, digits: 3)) %" }

    func servedText(_ w: WorkByClass) -> String {
        let parts = WorkClass.allCases.filter { w[$0] > 1e-6 }.map { "\($0) \(num(w[$0]))" }
        return (parts.isEmpty ? "nothing" : parts.joined(separator: ", ")) + " \(unit)s"
    }

    func pointText(_ k: OperatingPointKey) -> String {
        let dvfs = scenario.node.device.dvfs
        let f = k.frequencyLevel < dvfs.count ? " \(num(dvfs[k.frequencyLevel].frequency / 1e9, digits: 3)) GHz" : ""
        let place: String
        switch k.placement {
        case .card: place = "1 card"
        case .tensorParallel(let n): place = "TP×\(n)"
        }
        return "\(k.profile.rawValue) L\(k.frequencyLevel)\(f) batch \(k.batchSize) \(place)"
    }

    /// The diagnosis, one finding per line.
    static func diagnosisText(_ d: Diagnosis) -> String {
        guard !d.findings.isEmpty else { return "  \(d)" }
        let lead = d.combined ? "all of these must move together:" : "any one of these would make it feasible:"
        return "  \(lead)\n" + d.findings.map { f in
            "  - \(f.constraint.rawValue)\(f.epoch.map { " (epoch \($0))" } ?? ""): \(f.message) [now \(num(f.current)) \(f.unit), needs \(num(f.required)) \(f.unit)]"
        }.joined(separator: "\n")
    }

    // MARK: JSON

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
        var start: Double
        var startISO: String
        var utcOffset: Double
        var carbonSource: String
        var forecaster: String
        var solver: String
        var carbonForecast: [Double]
        var actualCarbon: [Double]
        var arrivals: [String: [Double]]
        var deferrableDeadlineEpochs: Int
        var temperatures: [Double]
        var temperatureSource: String
        var notices: [String]
    }

    struct Output: Encodable {
        var scenario: Summary
        var plan: Plan
    }

    func json() throws -> String {
        let s = scenario, r = input.request
        var arrivals: [String: [Double]] = [:]
        for c in WorkClass.allCases { arrivals[c.description] = r.arrivals[c] ?? [] }
        let summary = Summary(name: s.name, file: s.file, device: s.node.device.id, cards: s.node.cards, model: s.workload.modelID,
                              workUnit: s.workload.workUnit, preset: input.preset, epochLength: r.epochLength, horizon: r.horizon,
                              start: r.epochStart, startISO: Timestamps.iso(r.epochStart, utcOffset: s.utcOffset), utcOffset: s.utcOffset,
                              carbonSource: s.carbon.summary, forecaster: s.forecaster.rawValue, solver: solver.rawValue,
                              carbonForecast: r.carbonForecast, actualCarbon: input.actualCarbon, arrivals: arrivals,
                              deferrableDeadlineEpochs: r.deferrableDeadline, temperatures: r.temperatures,
                              temperatureSource: input.temperatureSource, notices: s.notices)
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(Output(scenario: summary, plan: plan)), as: UTF8.self)
    }
}
