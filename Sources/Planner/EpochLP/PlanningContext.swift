import Foundation
import Hardware
import Workloads

/// A validated request with everything derived from it: power model, card groups, candidate
/// points, the LP's structure.
struct PlanningContext {
    let request: PlanningRequest
    let power: PowerModel
    let groups: [CardGroup]
    let structure: EpochLPStructure
    /// Assumed leakage temperature per group and epoch, °C.
    let initialLeakage: [[Double]]
    let offeredPoints: Int
    let idleLoad: Double
    let cardResistance: Double
    let thermalDecay: Double

    init(request: PlanningRequest, options: EpochPlanner.Options,
         thermal: (resistance: Double, capacitance: Double)) throws(PlanningError) {
        try request.validate()
        if let b = options.oneProfilePerCardBudgets, b < 2 {
            throw .invalidRequest(field: "options.oneProfilePerCardBudgets", rule: "must be ≥ 2 budgets (got \(b))")
        }
        guard options.leakageTolerance.isFinite, options.leakageTolerance >= 0 else {
            throw .invalidRequest(field: "options.leakageTolerance", rule: "must be finite kelvin ≥ 0")
        }
        self.request = request
        let device = request.catalog.node.device
        do {
            power = try PowerModel(device: device)
        } catch {
            throw .invalidRequest(field: "catalog.node.device.\(error.field)", rule: error.rule)
        }
        idleLoad = CandidateSelection.idleLoadPower(power)
        let H = request.horizon
        let leakRows: [[Double]] = request.leakageTemperatures
            ?? request.temperatures.map { [Double](repeating: $0, count: H) }
        // Groups: identical (current temperature, leakage temperatures) — MILP mode keeps cards apart.
        var groups: [CardGroup] = []
        let aggregate = options.aggregateIdenticalCards && options.oneProfilePerCardBudgets == nil
        for c in 0..<request.cards {
            if aggregate, let g = groups.firstIndex(where: { grp in
                let r = grp.cards[0]
                return request.temperatures[r] == request.temperatures[c] && leakRows[r] == leakRows[c]
            }) {
                groups[g].cards.append(c)
            } else {
                groups.append(CardGroup(cards: [c]))
            }
        }
        self.groups = groups
        initialLeakage = groups.map { leakRows[$0.cards[0]] }
        let milp = options.oneProfilePerCardBudgets != nil
        var cands: [[[Candidate]]] = []
        var offered = 0
        var bySize: [Int: CandidateSets] = [:]
        for g in groups {
            let sets: CandidateSets
            if let hit = bySize[g.size] { sets = hit } else {
                sets = CandidateSelection.select(catalog: request.catalog, power: power, preset: request.preset,
                                                 groupSize: g.size, prune: options.pruneDominatedPoints, perProfile: milp)
                bySize[g.size] = sets
            }
            cands.append(sets.byClass)
            offered = max(offered, sets.offered)
        }
        offeredPoints = offered
        let dies = Double(max(device.dies, 1))
        cardResistance = thermal.resistance / dies
        let tau = thermal.resistance * thermal.capacitance
        var a = exp(-request.epochLength / tau)
        if a < 1e-12 { a = 0 }  // the previous epoch's influence is below 1e-12 K per K: dropped
        thermalDecay = a
        structure = EpochLPStructure(horizon: H, epochLength: request.epochLength, groupSizes: groups.map(\.size),
                                     candidates: cands, mixedInteger: milp, thermalDecay: a,
                                     cardResistance: cardResistance, relaxed: false)
    }

    /// Idle load plus leakage at θ, W.
    func baseline(_ theta: Double) -> Double { idleLoad + power.leakage(temperature: theta) }

    func data(leakage: [[Double]]) -> EpochLPData {
        let r = request
        let arrivals = WorkClass.allCases.map { j in (0..<r.horizon).map { r.arrival(j, epoch: $0) } }
        return EpochLPData(arrivals: arrivals, backlog: r.deferrableBacklog, deadline: r.deferrableDeadline,
                           deadlinePeriod: r.deferrableDeadlinePeriod,
                           intensity: r.carbonForecast, epochLength: r.epochLength,
                           baselinePower: leakage.map { $0.map(baseline) },
                           initialTemperature: groups.map { r.temperatures[$0.cards[0]] },
                           ambient: r.catalog.node.device.thermal.ambient, cardCap: r.preset.cardPowerCap,
                           nodeCap: r.preset.effectiveNodePowerCap(cards: r.cards),
                           nodeCapFollowsCards: r.preset.nodePowerCap == nil, cards: r.cards,
                           thermalLimit: r.preset.thermalLimit)
    }

    /// θ[g][t] of a solution, °C.
    func predictedTemperatures(_ x: [Double], layout: EpochLPLayout) -> [[Double]] {
        layout.theta.map { $0.map { x[$0] } }
    }
}
