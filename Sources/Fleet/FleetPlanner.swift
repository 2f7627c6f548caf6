import Foundation
import LinearModel
import Solvers

/// Plans a fleet by Dantzig–Wolfe column generation (docs/ARCHITECTURE.md, "Fleet").
///
/// Round 0 (normalisation) solves every node twice, max T and min C, giving T̂_n, Ĉ_n and two
/// columns per node. Each round then solves the restricted master (``RestrictedMaster``), reads
/// its duals — σ_n (convexity), π (site caps), μ (carbon), ρ (pools) — and prices every node:
/// z_n = max f_n − Σ_t π_t·P_n[t] − μ·C_n − ρ·R_n over the node's LP. The Lagrangian bound
/// UB = Σ_n z_n + π·cap + μ·B + ρ·amount (+ Σ 2β_n) ≥ optimum ≥ the master's value LB, and
/// UB − LB = Σ_n (z_n − σ_n), the nodes' reduced costs. Columns with a positive reduced cost
/// enter; the loop stops when (UB − LB)/max(1, |LB|) ≤ ``Options/gapTolerance``. The final
/// master duals are the prices of the shared rows (optimal duals of the monolithic LP, which
/// the master is a restriction of).
///
/// Thread contract: `plan` runs the master on the calling thread (its solver is created and
/// freed there) and hands pricing to the transport; a planner may be used by one thread at a time.
public struct FleetPlanner: Sendable {
    /// Settings.
    public struct Options: Sendable {
        /// Backend for the master and the subproblems (glpk or clp).
        public var solver: SolverChoice
        /// Stop when (UB − LB)/max(1, |LB|) is at most this (default 1e-8). The backends'
        /// optimality tolerances (≈1e-7 on scaled reduced costs) limit what a gap can certify:
        /// when no node has a new improving column the loop stops and reports the gap it reached.
        public var gapTolerance: Double
        /// Safety net on rounds (default 500).
        public var maximumRounds: Int
        /// Wentges smoothing weight α ∈ [0, 1) of the best-bound duals (default 0.5; 0: plain
        /// column generation). It damps the dual oscillation that makes plain column generation
        /// tail off; exactness does not depend on it.
        public var smoothing: Double

        public init(solver: SolverChoice = .clp, gapTolerance: Double = 1e-8, maximumRounds: Int = 500, smoothing: Double = 0.5) {
            self.solver = solver
            self.gapTolerance = gapTolerance
            self.maximumRounds = maximumRounds
            self.smoothing = min(max(smoothing, 0), 0.99)
        }
    }

    public var options: Options
    public var transport: any SubproblemTransport

    public init(options: Options = Options(), transport: any SubproblemTransport = InProcessTransport(threads: 1)) {
        self.options = options
        self.transport = transport
    }

    /// T̂_n and Ĉ_n of every node (the normalisation round), with the two columns each.
    struct Normalisation {
        var maximumThroughput: [Double]
        var minimumCarbon: [Double]
        var columns: [[SubproblemResponse]]
    }

    private func solveBatch(_ requests: [SubproblemRequest]) throws(FleetError) -> [SubproblemResponse] {
        var out: [SubproblemResponse] = []
        out.reserveCapacity(requests.count)
        for r in transport.solve(requests) {
            switch r {
            case .success(let v): out.append(v)
            case .failure(let e): throw .subproblem(e)
            }
        }
        return out
    }

    func normalise(_ p: FleetProblem) throws(FleetError) -> Normalisation {
        var reqs: [SubproblemRequest] = []
        for (n, node) in p.nodes.enumerated() {
            reqs.append(SubproblemRequest(node: n, lp: node.lp, prices: SubproblemPrices(throughputWeight: 1, carbonWeight: 0, power: [], movable: 0), solver: options.solver))
            reqs.append(SubproblemRequest(node: n, lp: node.lp, prices: SubproblemPrices(throughputWeight: 0, carbonWeight: 1, power: [], movable: 0), solver: options.solver))
        }
        let res = try solveBatch(reqs)
        var norm = Normalisation(maximumThroughput: [], minimumCarbon: [], columns: [])
        for (n, node) in p.nodes.enumerated() {
            let tMax = res[2 * n].throughput, cMin = res[2 * n + 1].carbon
            guard tMax > 0 else { throw .degenerateNode(name: node.name, reason: "its maximum throughput is \(tMax): nothing can be served") }
            guard cMin > 0 else { throw .degenerateNode(name: node.name, reason: "its minimum carbon is \(cMin) gCO₂: β·C/Ĉ is undefined") }
            norm.maximumThroughput.append(tMax)
            norm.minimumCarbon.append(cMin)
            norm.columns.append([res[2 * n], res[2 * n + 1]])
        }
        return norm
    }

    /// Plans `problem`. Errors: invalid shapes, a node that fails, infeasible shared limits.
    public func plan(_ problem: FleetProblem) throws(FleetError) -> FleetPlan {
        try problem.validate()
        let clock = ContinuousClock(), started = clock.now
        var pricingTime = Duration.zero, masterTime = Duration.zero
        var t0 = clock.now
        let norm = try normalise(problem)
        pricingTime += clock.now - t0
        var solves = 2 * problem.nodes.count
        let wT = problem.nodes.indices.map { problem.nodes[$0].alpha / norm.maximumThroughput[$0] }
        let wC = problem.nodes.indices.map { problem.nodes[$0].beta / norm.minimumCarbon[$0] }
        func f(_ n: Int, _ r: SubproblemResponse) -> Double { wT[n] * r.throughput - wC[n] * r.carbon }

        var master = RestrictedMaster(problem)
        var phaseOne = true
        for n in problem.nodes.indices { for r in norm.columns[n] { master.add(node: n, r, objective: f(n, r), phaseOne: true) } }
        let solver = SolverFactory.make(options.solver == .auto ? .clp : options.solver)
        let rhsScale = 1 + master.couplingRows.reduce(0.0) { acc, r in
            let u = master.model.rowUpper[r.row]; return acc + (u.isFinite ? abs(u) : 0)
        }
        var rounds = 0
        var lb = -Double.infinity, ub = Double.infinity
        var duals: [Double] = []
        var values: [Double] = []
        // Wentges smoothing (phase 2): nodes are priced at α·centre + (1 − α)·(master duals),
        // the centre being the duals with the best (lowest) bound so far. Any prices give a valid
        // bound; columns enter by their reduced cost at the master's own duals. A round that adds
        // nothing at α > 0 is a mis-price: the next round prices at the master's duals (α = 0).
        var lastAnswer = [(prices: SubproblemPrices, response: SubproblemResponse)?](repeating: nil, count: problem.nodes.count)
        var centre: [Double]?
        var centreBound = Double.infinity
        var alpha = options.smoothing
        let coupling = master.couplingRows.map(\.row)
        func priced(_ n: Int, _ r: SubproblemResponse, _ y: [Double], phaseOne: Bool) -> Double {
            let node = problem.nodes[n]
            var v = phaseOne ? 0 : f(n, r)
            if let s = node.site { for t in 0..<problem.horizon { v -= y[master.siteRow[s][t]] * r.power[t] } }
            if let c = master.carbonRow { v -= y[c] * r.carbon }
            if let k = node.pool { v -= y[master.poolRow[k]] * r.received }
            return v
        }
        while true {
            t0 = clock.now
            let sol: Solution
            do { sol = try solver.solve(master.model, parameters: SolverParameters()) } catch {
                throw .master("\(error)")
            }
            masterTime += clock.now - t0
            rounds += 1
            guard sol.termination.reason == .optimal, let y = sol.duals, let obj = sol.objectiveValue else {
                throw .master("the restricted master stopped without an optimum: \(sol.termination)")
            }
            values = sol.values
            if phaseOne && obj >= -1e-9 * rhsScale {
                phaseOne = false
                master.enterPhaseTwo()
                continue
            }
            lb = obj
            // The prices of this round.
            var p = y
            if !phaseOne, let c = centre, alpha > 0 {
                for r in coupling { p[r] = alpha * c[r] + (1 - alpha) * y[r] }
            }
            var reqs: [SubproblemRequest] = []
            reqs.reserveCapacity(problem.nodes.count)
            let mu = master.carbonRow.map { p[$0] } ?? 0
            var res = [SubproblemResponse?](repeating: nil, count: problem.nodes.count)
            for (n, node) in problem.nodes.enumerated() {
                let pi = node.site.map { s in master.siteRow[s].map { p[$0] } } ?? []
                let rho = node.pool.map { p[master.poolRow[$0]] } ?? 0
                let prices = SubproblemPrices(throughputWeight: phaseOne ? 0 : wT[n], carbonWeight: (phaseOne ? 0 : wC[n]) + mu,
                                              power: pi, movable: rho)
                // The same node at the same prices has the same answer: reuse it (exact).
                if let last = lastAnswer[n], last.prices == prices { res[n] = last.response; continue }
                reqs.append(SubproblemRequest(node: n, lp: node.lp, prices: prices, solver: options.solver))
            }
            t0 = clock.now
            for (q, r) in zip(reqs, try solveBatch(reqs)) {
                res[q.node] = r
                lastAnswer[q.node] = (q.prices, r)
            }
            pricingTime += clock.now - t0
            solves += reqs.count
            var bound = master.couplingRows.reduce(0.0) { acc, r in
                let lower = master.model.rowLower[r.row], upper = master.model.rowUpper[r.row]
                let rhs = (p[r.row] >= 0 || !lower.isFinite) ? upper : lower
                return acc + (p[r.row] == 0 ? 0 : p[r.row] * rhs)
            }
            bound += master.model.objectiveConstant
            var added = 0
            for (n, answer) in res.enumerated() {
                let r = answer!
                bound += r.pricedObjective
                let value = priced(n, r, y, phaseOne: phaseOne)
                let reducedCost = value - y[master.convexityRow[n]]
                // Below 1e-9 the master's own optimality tolerance decides; a column the node has
                // already given cannot improve the master (the backends' ≈1e-7 tolerances would
                // otherwise let it be re-sent forever).
                if reducedCost > 1e-9 * max(1, abs(value)), !master.hasColumn(node: n, r) {
                    master.add(node: n, r, objective: f(n, r), phaseOne: phaseOne)
                    added += 1
                }
            }
            if phaseOne {
                // Phase 1's Lagrangian bound below 0 proves the shared limits infeasible.
                if bound < -1e-9 * rhsScale || added == 0 || rounds >= options.maximumRounds {
                    let violated = master.couplingRows.compactMap { r -> String? in
                        let act = zip(master.model.entryRow, master.model.entryColumn).enumerated().reduce(0.0) { acc, e in
                            Int(e.element.0) == r.row && !master.artificials.contains(Int(e.element.1))
                                ? acc + master.model.entryValue[e.offset] * values[Int(e.element.1)] : acc
                        }
                        let u = master.model.rowUpper[r.row], l = master.model.rowLower[r.row]
                        if act > u + 1e-9 * max(1, abs(u)) { return "\(r.name): needs at least \(Self.short(act)), limit \(Self.short(u))" }
                        if act < l - 1e-9 * max(1, abs(l)) { return "\(r.name): reaches at most \(Self.short(act)), needs \(Self.short(l))" }
                        return nil
                    }
                    if bound < -1e-9 * rhsScale || added == 0 { throw .infeasible(violated.isEmpty ? ["(numerically)"] : violated) }
                    throw .master("phase 1 did not finish in \(rounds) rounds")
                }
                duals = y
                continue
            }
            if bound < centreBound {
                centreBound = bound
                centre = p
            }
            ub = centreBound
            duals = centre ?? y
            let closed = (ub - lb) <= options.gapTolerance * max(1, abs(lb))
            if closed || rounds >= options.maximumRounds { break }
            if added == 0 {
                // Nothing improves the master at its own duals: the master is optimal.
                if alpha == 0 || centre == nil {
                    ub = min(ub, bound)
                    duals = y
                    break
                }
                alpha = 0
            } else {
                alpha = options.smoothing
            }
        }
        return recover(problem, master: master, values: values, duals: duals, norm: norm, objective: lb, upperBound: ub,
                       rounds: rounds, solves: solves, seconds: (clock.now - started), pricing: pricingTime, masterTime: masterTime)
    }

    /// Six significant digits, for messages.
    static func short(_ x: Double) -> String { String(format: "%.6g", x) }

    private func recover(_ p: FleetProblem, master: RestrictedMaster, values: [Double], duals y: [Double], norm: Normalisation,
                         objective: Double, upperBound: Double, rounds: Int, solves: Int, seconds: Duration,
                         pricing: Duration, masterTime: Duration) -> FleetPlan {
        let H = p.horizon
        var nodes: [FleetPlan.NodeResult] = []
        for (n, node) in p.nodes.enumerated() {
            var t = 0.0, c = 0.0, rec = 0.0, fv = 0.0, active = 0
            var power = [Double](repeating: 0, count: H)
            var served: [[Double]] = []
            for col in master.columns[n] {
                // Columns added in the last round (after the final master solve) carry no weight.
                let w = col.column < values.count ? max(0, values[col.column]) : 0
                guard w > 0 else { continue }
                active += 1
                t += w * col.response.throughput; c += w * col.response.carbon; rec += w * col.response.received
                fv += w * col.objective
                for k in 0..<H { power[k] += w * col.response.power[k] }
                if served.isEmpty { served = col.response.served.map { $0.map { _ in 0 } } }
                for j in served.indices { for k in served[j].indices { served[j][k] += w * col.response.served[j][k] } }
            }
            nodes.append(FleetPlan.NodeResult(name: node.name, site: node.site.map { p.sites[$0].name }, throughput: t, carbon: c,
                                              power: power, received: rec, served: served, objective: fv + 2 * node.beta,
                                              maximumThroughput: norm.maximumThroughput[n], minimumCarbon: norm.minimumCarbon[n],
                                              columns: master.columns[n].count, activeColumns: active))
        }
        func price(_ row: Int, _ name: String, _ activity: Double) -> FleetPlan.Price {
            FleetPlan.Price(row: name, value: y[row] == 0 ? 0 : y[row], activity: activity, limit: master.model.rowUpper[row])
        }
        let sitePrices = p.sites.indices.map { s in
            (0..<H).map { t in
                price(master.siteRow[s][t], "site \(p.sites[s].name) epoch \(t)",
                      nodes.indices.filter { p.nodes[$0].site == s }.reduce(0) { $0 + nodes[$1].power[t] })
            }
        }
        let carbon = master.carbonRow.map { price($0, "carbon budget", nodes.reduce(0) { $0 + $1.carbon }) }
        let pools = p.movable.indices.map { k in
            price(master.poolRow[k], "movable pool \(p.movable[k].name)",
                  nodes.indices.filter { p.nodes[$0].pool == k }.reduce(0) { $0 + nodes[$1].received })
        }
        return FleetPlan(objective: objective, upperBound: upperBound, gap: (upperBound - objective) / max(1, abs(objective)),
                         rounds: rounds, subproblemSolves: solves, nodes: nodes, sitePrices: sitePrices, carbonPrice: carbon,
                         movablePrices: pools, horizon: H, epochLength: p.epochLength, solver: options.solver.rawValue,
                         transport: transport.description, seconds: seconds.fleetSeconds, pricingSeconds: pricing.fleetSeconds,
                         masterSeconds: masterTime.fleetSeconds)
    }
}

extension Duration {
    /// The duration in seconds.
    var fleetSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
