import Foundation
import LinearModel
import Solvers
import Workloads

/// How a plan's throughput and carbon move when a limit that is a bound or right-hand side of the
/// epoch LP moves: marginal values from the LP's simplex basis at the chosen extreme point.
///
/// **What is computed.** The chosen plan is an extreme point of the throughput–carbon frontier, so
/// it is the optimum of `max T − λ·C` for every λ strictly between the frontier's slopes on its
/// two sides. The planner's final LP (leakage at the plan's assumed temperatures) is solved with
/// such a λ; with its optimal basis B held fixed, a small change of a bound or right-hand side b
/// moves the vertex by B⁻¹·Δb, and T and C with it. The rates below are those derivatives: for a
/// row, yᵀ with Bᵀy = c_B (c = the coefficients of T, or of C); for a column bound, the reduced
/// cost c_j − yᵀA_j. They are the same numbers a solver reports as duals and reduced costs, taken
/// for the objectives T and C separately instead of for the weighted sum.
///
/// **Sign convention.** A rate is the change of the plan's quantity per unit *increase* of the
/// limit (raising a cap by 1 W): `throughput` in work units over the plan's horizon, `carbon` in
/// gCO₂ over the horizon. A limit that does not bind has rate 0 (``Rate/binding`` false).
///
/// **Validity.** The rates hold while the basis stays optimal and the planner keeps choosing the
/// same vertex — for small changes. When the vertex is degenerate (a basic variable sits at a
/// bound), rates for an increase and a decrease may differ: ``Rate/validFor`` says for which
/// direction these are exact (checked by moving the basis: B·Δz = −N·Δx_N). Leakage is held at the plan's assumed temperatures. Limits that are not bounds or
/// right-hand sides — the latency SLO and the accuracy-loss ceiling choose which operating
/// points are offered, the interactive utilisation scales coefficients — have no dual; vary them
/// in a sweep for a finite difference.
public struct PlanMarginals: Codable, Sendable, Hashable {
    /// Throughput and carbon change per unit increase of one limit.
    public struct Rate: Codable, Sendable, Hashable {
        /// Work units over the horizon per unit of the limit.
        public var throughput: Double
        /// gCO₂ over the horizon per unit of the limit.
        public var carbon: Double
        /// Whether the limit binds in some epoch (a non-binding limit has rates 0).
        public var binding: Bool
        /// For which changes of the limit the rates hold exactly (see ``Validity``).
        public var validFor: Validity
    }

    /// Which small changes of a limit keep the chosen vertex's basis feasible, so that its rates
    /// are the exact one-sided derivatives. At a degenerate vertex (a basic variable at a bound)
    /// moving the limit one way can push that variable out of bounds: the planner then pivots
    /// and the rate for that direction differs.
    public enum Validity: String, Codable, Sendable, Hashable {
        /// Raising and lowering the limit.
        case both
        /// Raising it only.
        case increase
        /// Lowering it only.
        case decrease
        /// Neither: the vertex is degenerate both ways; the rates are this basis's, not the plan's.
        case neither
    }

    /// Why no rates could be computed (MILP mode, a failed re-solve, a singular basis); nil when
    /// they were.
    public var unavailable: String?
    /// Per W of the card power cap (every card, every epoch).
    public var cardPowerCap: Rate?
    /// Per W of the node power cap; nil when the preset sets none (it is then cards × the card
    /// cap, implied by the card caps, and raising the card cap raises it too).
    public var nodePowerCap: Rate?
    /// Per °C of the die-temperature ceiling.
    public var thermalLimit: Rate?
    /// λ of the weighted LP solved (gCO₂ priced at λ work units).
    public var lambda: Double?
    /// The frontier's slope dT/dC towards lower carbon (work units per gCO₂), nil at the
    /// minimum-carbon end: what each gram saved costs in throughput.
    public var slopeTowardsLowerCarbon: Double?
    /// The frontier's slope dT/dC towards higher carbon, nil at the maximum-throughput end: what
    /// each extra gram buys.
    public var slopeTowardsHigherCarbon: Double?
    /// Length of the plan's horizon, s (the rates are totals over it).
    public var horizonSeconds: Double
    /// Set when the caps are enforced over a window shorter than the epoch
    /// (``SLAPreset/powerCapWindow``): the caps then also decide which points are offered, which
    /// no dual prices — the rates cover the epoch-mean rows only, and a sweep's finite
    /// differences show what raising the cap adds.
    public var capWindowNote: String?

    static func unavailable(_ why: String, horizon: Double, slopes: (Double?, Double?) = (nil, nil)) -> PlanMarginals {
        PlanMarginals(unavailable: why, cardPowerCap: nil, nodePowerCap: nil, thermalLimit: nil, lambda: nil,
                      slopeTowardsLowerCarbon: slopes.0, slopeTowardsHigherCarbon: slopes.1, horizonSeconds: horizon)
    }
}

extension EpochPlanner {
    /// The marginal values of `plan`'s caps and thermal limit (see ``PlanMarginals``); `request`
    /// is the request it was planned from. Uses a fresh solver of this planner's backend, on
    /// the calling thread; never throws — what could not be computed says why.
    public func marginals(of plan: Plan, request: PlanningRequest) -> PlanMarginals {
        let horizon = Double(request.horizon) * request.epochLength
        let slopes = Self.frontierSlopes(plan)
        func unavailable(_ why: String) -> PlanMarginals { .unavailable(why, horizon: horizon, slopes: slopes) }
        guard options.oneProfilePerCardBudgets == nil else { return unavailable("MILP mode: a mixed-integer plan has no duals") }
        guard plan.frontier.indices.contains(plan.chosenIndex) else { return unavailable("the plan has no chosen frontier point") }

        // The final pass's LP: leakage at the plan's assumed temperatures.
        var req = request
        var leakage: [[Double]] = []
        for c in 0..<request.cards {
            var row: [Double] = []
            for e in plan.epochs {
                guard let card = e.cards.first(where: { $0.card == c }) else { return unavailable("the plan has no card \(c)") }
                row.append(card.leakageTemperature)
            }
            leakage.append(row)
        }
        req.leakageTemperatures = leakage
        let ctx: PlanningContext
        do { ctx = try PlanningContext(request: req, options: options, thermal: thermalParameters(req)) } catch {
            return unavailable("\(error)")
        }
        var data = ctx.data(leakage: ctx.initialLeakage)
        // Without a node cap of its own the node row is cards × the card cap, implied by the card
        // caps; lifting it keeps the card cap's rate from being split between two equivalent bounds.
        if data.nodeCapFollowsCards { data.nodeCap = .infinity }
        var (model, layout) = EpochLPLayout.build(ctx.structure, data: data)
        let throughput = layout.throughput(), carbon = layout.carbon(data)

        let lambda = Self.supportingLambda(plan)
        var objective = throughput
        objective.add(carbon, scale: -lambda)
        model.setObjective(objective, sense: .maximize)
        let solution: Solution
        do { solution = try SolverFactory.make(solverChoice, for: model).solve(model) } catch {
            return unavailable("the re-solve failed: \(error)")
        }
        guard solution.termination.reason == .optimal, let basis = solution.basis else {
            return unavailable("the re-solve ended \(solution.termination) without an optimal basis")
        }
        let x = solution.values
        let t = throughput.evaluate(x), cgrams = carbon.evaluate(x)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(a), abs(b)) }
        guard close(t, plan.throughput), close(cgrams, plan.carbon) else {
            return unavailable("the re-solve reached T = \(t), C = \(cgrams) instead of the plan's T = \(plan.throughput), C = \(plan.carbon)")
        }

        // Bᵀ·y = c_B for c = T and c = C: row k of Bᵀ is basic variable k's column of [A | −I].
        let m = model.rowCount
        let csc = model.columnMajor()
        var basicColumns: [Int] = [], basicRows: [Int] = []
        for (j, s) in basis.columns.enumerated() where s == .basic { basicColumns.append(j) }
        for (i, s) in basis.rows.enumerated() where s == .basic { basicRows.append(i) }
        guard basicColumns.count + basicRows.count == m else {
            return unavailable("the basis has \(basicColumns.count + basicRows.count) basic variables for \(m) rows")
        }
        var bt = [Double](repeating: 0, count: m * m)
        var k = 0
        for j in basicColumns {
            for e in Int(csc.starts[j])..<Int(csc.starts[j + 1]) { bt[k * m + Int(csc.rows[e])] += csc.values[e] }
            k += 1
        }
        for i in basicRows {
            bt[k * m + i] = -1
            k += 1
        }
        guard let system = DenseLinearSystem(rowMajor: bt, size: m) else { return unavailable("the optimal basis is singular") }
        var costT = [Double](repeating: 0, count: model.columnCount), costC = costT
        let tm = throughput.merged(), cm = carbon.merged()
        for (j, v) in zip(tm.indices, tm.coefficients) { costT[j] += v }
        for (j, v) in zip(cm.indices, cm.coefficients) { costC[j] += v }
        let yT = system.solve(basicColumns.map { costT[$0] } + basicRows.map { _ in 0 })
        let yC = system.solve(basicColumns.map { costC[$0] } + basicRows.map { _ in 0 })

        // B·dz = rhs gives how the basic variables move (for the validity of each rate).
        var b = [Double](repeating: 0, count: m * m)
        for r in 0..<m { for c in 0..<m { b[r * m + c] = bt[c * m + r] } }
        guard let forward = DenseLinearSystem(rowMajor: b, size: m) else { return unavailable("the optimal basis is singular") }
        let activities = model.rowActivities(x)
        // Basic variable k: its value and bounds (a column, or a row's activity).
        let basicValue = basicColumns.map { x[$0] } + basicRows.map { activities[$0] }
        let basicLower = basicColumns.map { model.columnLower[$0] } + basicRows.map { model.rowLower[$0] }
        let basicUpper = basicColumns.map { model.columnUpper[$0] } + basicRows.map { model.rowUpper[$0] }
        func at(_ v: Double, _ bound: Double) -> Bool { bound.isFinite && abs(v - bound) <= 1e-9 * max(1, abs(bound)) }

        func reduced(_ j: Int, _ cost: [Double], _ y: [Double]) -> Double {
            var d = cost[j]
            for e in Int(csc.starts[j])..<Int(csc.starts[j + 1]) { d -= y[Int(csc.rows[e])] * csc.values[e] }
            return d
        }
        func atUpper(_ s: BasisStatus) -> Bool { s == .atUpper || s == .fixed }
        /// The rates of a limit that is the upper bound of `columns` or of `rows` (all moving together).
        func rate(columns: [Int] = [], rows: [Int] = []) -> PlanMarginals.Rate {
            var r = PlanMarginals.Rate(throughput: 0, carbon: 0, binding: false, validFor: .both)
            var rhs = [Double](repeating: 0, count: m)
            for j in columns where atUpper(basis.columns[j]) {
                r.throughput += reduced(j, costT, yT)
                r.carbon += reduced(j, costC, yC)
                r.binding = true
                for e in Int(csc.starts[j])..<Int(csc.starts[j + 1]) { rhs[Int(csc.rows[e])] -= csc.values[e] }
            }
            for i in rows where atUpper(basis.rows[i]) {
                r.throughput += yT[i]
                r.carbon += yC[i]
                r.binding = true
                rhs[i] += 1
            }
            // Which basic variables would leave their bounds: the bound of a basic item of this
            // limit moves with it (+1 per unit), every other bound stays.
            let dz = forward.solve(rhs)
            let ownColumns = Set(columns), ownRows = Set(rows)
            let tolerance = 1e-9 * (1 + (dz.map(abs).max() ?? 0))
            var increase = true, decrease = true
            for k in 0..<m {
                let own = k < basicColumns.count ? ownColumns.contains(basicColumns[k]) : ownRows.contains(basicRows[k - basicColumns.count])
                let upperMoves: Double = own ? 1 : 0
                if at(basicValue[k], basicLower[k]) {
                    if dz[k] < -tolerance { increase = false }
                    if dz[k] > tolerance { decrease = false }
                }
                if at(basicValue[k], basicUpper[k]) {
                    if dz[k] > upperMoves + tolerance { increase = false }
                    if dz[k] < upperMoves - tolerance { decrease = false }
                }
            }
            r.validFor = increase ? (decrease ? .both : .increase) : (decrease ? .decrease : .neither)
            return r
        }
        let cardCap = rate(columns: layout.power.flatMap { $0 })
        let thermal = rate(columns: layout.theta.flatMap { $0 })
        let nodeCap = data.nodeCapFollowsCards ? nil : rate(rows: layout.nodeRow)
        return PlanMarginals(unavailable: nil, cardPowerCap: cardCap, nodePowerCap: nodeCap, thermalLimit: thermal,
                             lambda: lambda, slopeTowardsLowerCarbon: slopes.0, slopeTowardsHigherCarbon: slopes.1,
                             horizonSeconds: horizon,
                             capWindowNote: data.instantaneousCap.map { cap in
                                 "the caps hold over every power-cap window, so points above \(cap) W per card are not offered: "
                                     + "these rates price the epoch-mean rows only; raising the cap can add points (a sweep shows it)"
                             })
    }

    /// dT/dC of the frontier on each side of the chosen point (nil at an end).
    static func frontierSlopes(_ plan: Plan) -> (Double?, Double?) {
        let f = plan.frontier, i = plan.chosenIndex
        guard f.indices.contains(i) else { return (nil, nil) }
        func slope(_ a: Int, _ b: Int) -> Double? {
            let dc = f[b].carbon - f[a].carbon
            return dc > 0 ? (f[b].throughput - f[a].throughput) / dc : nil
        }
        return (i > 0 ? slope(i - 1, i) : nil, i + 1 < f.count ? slope(i, i + 1) : nil)
    }

    /// A λ strictly between the frontier's slopes around the chosen point (their geometric mean;
    /// half the slope below at the maximum-throughput end, twice the slope above at the
    /// minimum-carbon end), so that `max T − λ·C` has the chosen point as its unique optimum.
    static func supportingLambda(_ plan: Plan) -> Double {
        let (below, above) = frontierSlopes(plan)
        switch (below, above) {
        case let (b?, a?) where b > 0 && a > 0: return (b * a).squareRoot()
        case let (b?, _) where b > 0: return b / 2
        case let (_, a?) where a > 0: return a * 2
        default:
            let p = plan.frontier[plan.chosenIndex]
            return p.carbon > 0 ? max(p.throughput, 1) / p.carbon : 1
        }
    }
}
