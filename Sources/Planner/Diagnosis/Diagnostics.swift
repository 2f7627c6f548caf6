import Foundation
import LinearModel
import Solvers
import Workloads

/// Builds a ``Diagnosis`` for an infeasible request (see ``Diagnosis`` for the method).
enum Diagnostics {
    /// Slack amounts below this (relative to the limit) are ignored.
    static let tolerance = 1e-7

    static func diagnose(_ ctx: PlanningContext, data: EpochLPData, solverChoice: SolverChoice) -> Diagnosis {
        let r = ctx.request
        let preset = r.preset
        let device = r.catalog.node.device.id, model = r.catalog.workload.modelID, unit = r.catalog.workUnit
        // 1. Operating points: accuracy ceiling, then latency SLO.
        let fitting = r.catalog.points.filter { $0.memoryBytes - $0.spilledBytes <= r.catalog.node.device.memory.capacity * (1 + 1e-12) }
        let accurate = fitting.filter { $0.accuracyLoss <= preset.accuracyLossCeiling }
        if accurate.isEmpty, let best = fitting.map(\.accuracyLoss).min() {
            return Diagnosis(findings: [DiagnosisFinding(
                constraint: .accuracyCeiling, current: preset.accuracyLossCeiling, required: best, unit: "pp",
                message: "accuracy-loss ceiling \(fmt(preset.accuracyLossCeiling)) pp admits no operating point for \(model) on \(device); the most accurate point loses \(fmt(best)) pp")])
        }
        let interactiveDemand = (0..<r.horizon).reduce(0.0) { $0 + r.arrival(.interactive, epoch: $1) }
        if interactiveDemand > 0, !accurate.contains(where: { $0.latency <= preset.latencySLO }),
           let fastest = accurate.map(\.latency).min() {
            return Diagnosis(findings: [DiagnosisFinding(
                constraint: .latencySLO, current: preset.latencySLO, required: fastest, unit: "s",
                message: "latency SLO \(fmt(preset.latencySLO)) s cannot be met for \(model) on \(device); the fastest feasible operating point takes \(fmt(fastest)) s")])
        }
        // 1b. The cap window: when it leaves interactive work no point, say how many watts are missing.
        let window = capWindowFindings(ctx, data: data)
        if !window.isEmpty { return Diagnosis(findings: window) }
        // 2. Elastic relaxations.
        var s = ctx.structure
        s.relaxed = true
        s.mixedInteger = false
        var (m, layout) = EpochLPLayout.build(s, data: data)
        let backend: SolverChoice = solverChoice == .cbc || solverChoice == .auto ? .clp : solverChoice
        let H = r.horizon
        let families: [ConstraintFamily] = [.interactiveDemand, .deferrableDeadline, .cardPowerCap, .nodePowerCap, .thermalLimit]
        func columns(_ f: ConstraintFamily) -> [Int] {
            switch f {
            case .interactiveDemand: layout.shed
            case .deferrableDeadline: [layout.shortfall]
            case .cardPowerCap: [layout.cardRaise]
            case .nodePowerCap: [layout.nodeRaise]
            case .thermalLimit: [layout.thermalRaise]
            default: []
            }
        }
        let due = data.backlog + (0..<r.deferrableDeadline).reduce(0.0) { $0 + data.arrivals[WorkClass.deferrable.rawValue][$1] }
        // Weights per unit of slack: relative to the limit, so combined relaxations compare fairly.
        func weight(_ f: ConstraintFamily, _ t: Int) -> Double {
            switch f {
            case .interactiveDemand: 1 / max(data.arrivals[WorkClass.interactive.rawValue][t], 1)
            case .deferrableDeadline: 1 / max(due, 1)
            case .cardPowerCap: 1 / data.cardCap
            case .nodePowerCap: 1 / data.nodeCap
            case .thermalLimit: 1 / max(data.thermalLimit - data.ambient, 1)
            default: 0
            }
        }
        func solve(relaxing allowed: [ConstraintFamily]) -> [Double]? {
            var obj = LinearExpression()
            for f in families {
                for (t, c) in columns(f).enumerated() {
                    m.setBounds(Variable(index: c), lower: 0, upper: allowed.contains(f) ? .infinity : 0)
                    obj.add(Variable(index: c), weight(f, t))
                }
            }
            m.setObjective(obj, sense: .minimize)
            // A fresh solver per relaxation: each starts cold, so no relaxation inherits the
            // basis of an infeasible one.
            guard let sol = try? SolverFactory.make(backend).solve(m), sol.isOptimal else { return nil }
            return sol.values
        }
        func findings(_ x: [Double], families fs: [ConstraintFamily]) -> [DiagnosisFinding] {
            var out: [DiagnosisFinding] = []
            for f in fs {
                switch f {
                case .interactiveDemand:
                    for t in 0..<H {
                        let shed = x[layout.shed[t]]
                        let a = data.arrivals[WorkClass.interactive.rawValue][t]
                        guard shed > tolerance * max(a, 1) else { continue }
                        out.append(DiagnosisFinding(
                            constraint: .interactiveDemand, epoch: t, current: a, required: a - shed, unit: unit,
                            message: "interactive demand of \(fmt(a)) \(unit)s in epoch \(t) exceeds capacity \(fmt(a - shed)) at the \(fmt(data.cardCap)) W cap, \(fmt(preset.latencySLO)) s SLO and \(fmt(data.thermalLimit)) °C limit; shed \(fmt(shed)) \(unit)s"))
                    }
                case .deferrableDeadline:
                    let v = x[layout.shortfall]
                    if v > tolerance * max(due, 1) {
                        out.append(DiagnosisFinding(
                            constraint: .deferrableDeadline, epoch: r.deferrableDeadline - 1, current: due, required: due - v, unit: unit,
                            message: "the deferrable work due within \(r.deferrableDeadline) epoch(s) (\(fmt(due)) \(unit)s) exceeds what can be served by then by \(fmt(v)); move the deadline later or shed \(fmt(v)) \(unit)s"))
                    }
                case .cardPowerCap:
                    let w = x[layout.cardRaise]
                    if w > tolerance * data.cardCap {
                        out.append(DiagnosisFinding(
                            constraint: .cardPowerCap, current: data.cardCap, required: data.cardCap + w, unit: "W",
                            message: "raise the card power cap from \(fmt(data.cardCap)) W to \(fmt(data.cardCap + w)) W"))
                    }
                case .nodePowerCap:
                    let w = x[layout.nodeRaise]
                    if w > tolerance * data.nodeCap {
                        out.append(DiagnosisFinding(
                            constraint: .nodePowerCap, current: data.nodeCap, required: data.nodeCap + w, unit: "W",
                            message: "raise the node power cap from \(fmt(data.nodeCap)) W to \(fmt(data.nodeCap + w)) W"))
                    }
                case .thermalLimit:
                    let z = x[layout.thermalRaise]
                    if z > tolerance * max(data.thermalLimit - data.ambient, 1) {
                        out.append(DiagnosisFinding(
                            constraint: .thermalLimit, current: data.thermalLimit, required: data.thermalLimit + z, unit: "°C",
                            message: "raise the thermal limit from \(fmt(data.thermalLimit)) °C to \(fmt(data.thermalLimit + z)) °C"))
                    }
                default: break
                }
            }
            return out
        }
        // Each family alone: every one that suffices is an alternative.
        var alternatives: [DiagnosisFinding] = []
        for f in families {
            if let x = solve(relaxing: [f]) { alternatives += findings(x, families: [f]) }
        }
        if !alternatives.isEmpty { return Diagnosis(findings: alternatives) }
        if let x = solve(relaxing: families) {
            let all = findings(x, families: families)
            if !all.isEmpty { return Diagnosis(findings: all, combined: true) }
        }
        return Diagnosis(findings: [])
    }

    /// Findings when the instantaneous cap (``SLAPreset/powerCapWindow``) leaves an epoch with
    /// interactive demand no SLO-feasible point: the watts missing.
    static func capWindowFindings(_ ctx: PlanningContext, data: EpochLPData) -> [DiagnosisFinding] {
        let r = ctx.request, p = r.preset
        guard let cap = data.instantaneousCap else { return [] }
        let int = WorkClass.interactive.rawValue
        for (g, cands) in ctx.structure.candidates.enumerated() {
            for t in 0..<r.horizon where data.arrivals[int][t] > 0 {
                let base = data.baselinePower[g][t]
                guard !cands[int].contains(where: { base + $0.extraPower <= cap * (1 + 1e-9) }),
                      let least = cands[int].map({ base + $0.extraPower }).min() else { continue }
                return [DiagnosisFinding(
                    constraint: .cardPowerCap, epoch: t, current: cap, required: least, unit: "W",
                    message: "with the \(fmt(p.powerCapWindow)) s cap window every instant must stay under \(fmt(cap)) W per card, but the least-power point meeting the \(fmt(p.latencySLO)) s SLO draws \(fmt(least)) W at full load: \(fmt(least - cap)) W missing (raise the cap, or set preset.powerCapWindow 0 to average over the epoch)")]
            }
        }
        return []
    }

    /// The epochs whose interactive arrivals no point within the cap serves at the latency
    /// percentile (``InteractiveQueueing``, the node's cards pooled), with the cards missing:
    /// the least over points of ⌈required service rate / the point's per-card rate⌉ − cards.
    /// The plan still serves them at the best points (``Plan/capacityWarnings``).
    static func queueingFindings(_ ctx: PlanningContext, data: EpochLPData) -> [DiagnosisFinding] {
        let r = ctx.request, p = r.preset
        guard p.latencyPercentile > 0 else { return [] }
        let int = WorkClass.interactive.rawValue
        var out: [DiagnosisFinding] = []
        guard let cands = ctx.structure.candidates.first?[int] else { return [] }
        for t in 0..<r.horizon {
            let a = data.arrivals[int][t]
            guard a > 0 else { continue }
            let base = data.baselinePower[0][t]
            let fitting = cands.filter { c in data.instantaneousCap.map { base + c.extraPower <= $0 * (1 + 1e-9) } ?? true }
            var allowed = [Bool](repeating: true, count: fitting.count)
            let lambda = a / data.epochLength
            guard !fitting.isEmpty, !EpochLPLayout.queueingFilter(fitting, lambda: lambda, data: data, allowed: &allowed) else { continue }
            var need = Int.max
            for c in fitting {
                let mu = InteractiveQueueing.requiredServiceRate(arrivalRate: lambda, latency: c.latency, slo: p.latencySLO,
                                                                percentile: p.latencyPercentile)
                guard mu.isFinite, c.serviceRate > 0 else { continue }
                need = min(need, Int((mu / c.serviceRate * (1 - 1e-12)).rounded(.up)))
            }
            let pct = fmt(p.latencyPercentile * 100), rate = fmt(lambda), unit = r.catalog.workUnit
            out.append(need == Int.max
                ? DiagnosisFinding(constraint: .interactiveCapacity, epoch: t, current: Double(r.cards), required: .infinity, unit: "cards",
                                   message: "epoch \(t): no point serves \(rate) interactive \(unit)s/s with \(pct) % within the \(fmt(p.latencySLO)) s SLO")
                : DiagnosisFinding(constraint: .interactiveCapacity, epoch: t, current: Double(r.cards), required: Double(need), unit: "cards",
                                   message: "epoch \(t): \(rate) interactive \(unit)s/s with \(pct) % within the \(fmt(p.latencySLO)) s SLO need \(need) card(s); the node has \(r.cards): \(need - r.cards) missing (planned at the fastest points)"))
        }
        return out
    }

    /// A short decimal for messages: whole numbers from 1000 up, otherwise three decimals with
    /// trailing zeros removed (0.5, 92.8, 1.614).
    static func fmt(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        if abs(v) >= 1000 { return String(format: "%.0f", v) }
        var s = String(format: "%.3f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
