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
    /// Starting temperature per group, °C: its cards' (the hottest when unequal cards were merged).
    let groupTemperatures: [Double]
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
        let milp = options.oneProfilePerCardBudgets != nil
        var bySize: [Int: CandidateSets] = [:]
        let catalog = request.catalog, preset = request.preset, model = power, prune = options.pruneDominatedPoints
        func sets(_ size: Int) -> CandidateSets {
            if let hit = bySize[size] { return hit }
            let s = CandidateSelection.select(catalog: catalog, power: model, preset: preset,
                                              groupSize: size, prune: prune, perProfile: milp)
            bySize[size] = s
            return s
        }
        // A model that only fits tensor-parallel gangs wider than a group (Llama-2-70B on 910B
        // cards whose temperatures drifted apart in pairs) leaves that group no point at all:
        // then the cards are planned as one group at the hottest card's state (conservative for
        // leakage and the thermal limit) rather than declaring the node unable to serve.
        if aggregate, groups.count > 1,
           groups.contains(where: { g in sets(g.size).byClass.allSatisfy(\.isEmpty) }),
           !sets(request.cards).byClass.allSatisfy(\.isEmpty) {
            groups = [CardGroup(cards: Array(0..<request.cards))]
        }
        self.groups = groups
        initialLeakage = groups.map { g in
            (0..<H).map { t in g.cards.map { leakRows[$0][t] }.max() ?? leakRows[g.cards[0]][t] }
        }
        groupTemperatures = groups.map { g in g.cards.map { request.temperatures[$0] }.max() ?? request.temperatures[g.cards[0]] }
        var cands: [[[Candidate]]] = []
        var offered = 0
        for g in groups {
            let s = sets(g.size)
            cands.append(s.byClass)
            offered = max(offered, s.offered)
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
                                     cardResistance: cardResistance, relaxed: false,
                                     smoothing: request.preset.powerSmoothing != nil)
    }

    /// The per-card cap every instant must keep when the preset's cap window is shorter than an
    /// epoch: the card cap, or the node cap's even share when that is lower (cards run their
    /// slices concurrently, so only the even share bounds every window of the node); nil when
    /// the caps are epoch averages.
    var instantaneousCap: Double? {
        let p = request.preset
        guard p.powerCapWindow > 0, p.powerCapWindow < request.epochLength else { return nil }
        return min(p.cardPowerCap, p.effectiveNodePowerCap(cards: request.cards) / Double(request.cards))
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
                           initialTemperature: groupTemperatures,
                           ambient: r.catalog.node.device.thermal.ambient, cardCap: r.preset.cardPowerCap,
                           nodeCap: r.preset.effectiveNodePowerCap(cards: r.cards),
                           nodeCapFollowsCards: r.preset.nodePowerCap == nil, cards: r.cards,
                           thermalLimit: r.preset.thermalLimit,
                           instantaneousCap: instantaneousCap,
                           latencySLO: r.preset.latencySLO, latencyPercentile: r.preset.latencyPercentile,
                           powerRamp: r.preset.powerSmoothing)
    }

    /// θ[g][t] of a solution, °C.
    func predictedTemperatures(_ x: [Double], layout: EpochLPLayout) -> [[Double]] {
        layout.theta.map { $0.map { x[$0] } }
    }
}
