import LinearModel
import Foundation
import Workloads

/// Turns the chosen frontier point's column values into a ``Plan``.
enum PlanAssembly {
    /// Fractions at or below this are dropped from the plan (solver noise).
    static let fractionTolerance = 1e-9

    static func plan(_ ctx: PlanningContext, optimum: FrontierOptimum, layout: EpochLPLayout, data: EpochLPData,
                     leakage: [[Double]], statistics: PlanStatistics, charnesCooper: FractionalSolution? = nil,
                     method: String) -> Plan {
        let r = ctx.request
        let x = optimum.point.values
        let H = r.horizon
        var epochs: [EpochPlan] = []
        var cumServedDef = 0.0, cumArrDef = r.deferrableBacklog
        for t in 0..<H {
            var cards = [CardPlan?](repeating: nil, count: r.cards)
            for (g, group) in ctx.groups.enumerated() {
                var segments: [PlanSegment] = []
                var served = WorkByClass()
                var busy = 0.0
                let theta = leakage[g][t]
                for j in WorkClass.allCases {
                    let cands = layout.structure.candidates[g][j.rawValue]
                    for (k, c) in cands.enumerated() {
                        let f = min(1, x[layout.x[g][j.rawValue][t] + k])
                        guard f > fractionTolerance else { continue }
                        busy += f
                        served[j] += r.epochLength * c.throughput * f
                        segments.append(PlanSegment(point: c.key, workClass: j, fraction: f, throughput: c.throughput,
                                                    latency: c.latency, power: c.loadPower + ctx.power.leakage(temperature: theta),
                                                    accuracyLoss: c.accuracyLoss))
                    }
                }
                let p = x[layout.power[g][t]]
                let card = CardPlan(card: 0, segments: segments, idleFraction: max(0, 1 - busy), served: served, power: p,
                                    temperature: x[layout.theta[g][t]], leakageTemperature: theta,
                                    carbon: r.carbonForecast[t] * r.epochLength * p / 3.6e6)
                for c in group.cards {
                    var cp = card
                    cp.card = c
                    cards[c] = cp
                }
            }
            let cardPlans = cards.compactMap { $0 }
            var served = WorkByClass()
            for j in WorkClass.allCases { served[j] = x[layout.served[j.rawValue][t]] }
            let nodePower = cardPlans.reduce(0) { $0 + $1.power }
            cumServedDef += served.deferrable
            cumArrDef += r.arrival(.deferrable, epoch: t)
            epochs.append(EpochPlan(index: t, start: r.epochStart + Double(t) * r.epochLength,
                                    carbonIntensity: r.carbonForecast[t], cards: cardPlans, served: served, power: nodePower,
                                    carbon: r.carbonForecast[t] * r.epochLength * nodePower / 3.6e6,
                                    deferrableBacklogAfter: max(0, cumArrDef - cumServedDef)))
        }
        let frontier = optimum.frontier.enumerated().map { i, p in
            PlanFrontierPoint(throughput: p.throughput, carbon: p.carbon, objective: optimum.valuesAtPoints[i],
                              chosen: i == optimum.index, foundBy: p.foundBy.description)
        }
        var reason = "chose extreme point \(optimum.index + 1) of \(frontier.count) (by increasing carbon): " + optimum.reason
        if frontier.count > 1 {
            var second = -1
            for i in frontier.indices where i != optimum.index && (second < 0 || frontier[i].objective > frontier[second].objective) {
                second = i
            }
            reason += "; runner-up point \(second + 1) scores \(frontier[second].objective)"
        }
        if let cc = charnesCooper {
            reason += "; Charnes–Cooper LP: max T/C = \(cc.ratio) (chosen point \(optimum.carbonEfficiency))"
        }
        let n = optimum.normalization
        return Plan(preset: r.preset.name, device: r.catalog.node.device.id, model: r.catalog.workload.modelID,
                    workUnit: r.catalog.workUnit, epochLength: r.epochLength, epochs: epochs,
                    throughput: optimum.point.throughput, carbon: optimum.point.carbon,
                    objective: PlanObjective(alpha: optimum.objective.alpha, beta: optimum.objective.beta,
                                             maximumThroughput: n.maximumThroughput,
                                             minimumCarbon: n.minimumCarbon, throughputTerm: optimum.throughputTerm,
                                             carbonTerm: optimum.carbonTerm, value: optimum.value,
                                             kind: optimum.objective.kind.rawValue, formula: optimum.objective.kind.formula,
                                             carbonEfficiency: optimum.carbonEfficiency,
                                             maximumCarbonEfficiency: n.maximumCarbonEfficiency,
                                             charnesCooperRatio: charnesCooper?.ratio),
                    frontier: frontier, chosenIndex: optimum.index, reason: reason, frontierMethod: method,
                    statistics: statistics)
    }
}
