import Foundation
import LinearModel

/// The canonical epoch-planning LP of shared/bench/epoch_lp.py, built through ``LinearModel``.
///
/// Same columns, rows, bounds and objective as `build_highspy` there (the reference
/// formulation), but as a maximization of α·throughput/tref − β·carbon/cref, so the
/// objective value is directly comparable with the peers' printed objective.
///
/// Columns, in the reference order: for each epoch t, for each card c, for each point k an
/// interactive share `xi[c,k,t]` (only when the point meets the latency SLO) then a deferrable
/// share `xd[c,k,t]`, both in [0, 1]; then the card power `pw[c,t]` in [0, card_cap] and the
/// card temperature `th[c,t]` in (−∞, theta_max]; after all cards, the backlog `bl[t]` ≥ 0
/// (fixed to 0 at the last epoch).
///
/// Rows, in the reference order: for each epoch, for each card, the time-share row
/// (Σ x ≤ 1), the power row (pw − Σ x·(P_k − idle) = idle) and the RC thermal row; then the
/// interactive-demand row, the node-power row and the backlog-balance row of the epoch.
/// Terms within a row are listed in increasing column order (the reference lists them in
/// another order; a row's order does not change the LP), which is LinearModel's O(n) path.
struct EpochLP {
    /// The built model.
    private(set) var model: Model
    /// Where each family of variables lives, for reading results or re-weighting.
    let layout: Layout
    /// The data the model was built from (shared storage, not a copy).
    let data: EpochData

    /// Column positions. Every (epoch, card) pair owns one contiguous block with the same
    /// internal layout, so any column is found by arithmetic, without lookup tables per epoch.
    struct Layout: Sendable {
        /// Number of cards, epochs and operating points.
        let cards: Int, horizon: Int, points: Int
        /// Offset of `xi[·,k,·]` inside a block, or −1 when point k misses the SLO.
        let interactiveOffset: [Int]
        /// Offset of `xd[·,k,·]` inside a block.
        let deferrableOffset: [Int]
        /// Offsets of `pw` and `th` inside a block.
        let powerOffset: Int, thermalOffset: Int
        /// Columns per (epoch, card) block and per epoch (N blocks + the backlog column).
        let blockSize: Int, epochSize: Int

        init(data: EpochData) {
            cards = data.cards
            horizon = data.horizon
            points = data.pointCount
            var xi = [Int](repeating: -1, count: points), xd = [Int](repeating: 0, count: points)
            var next = 0
            for k in 0..<points {
                if data.pointLatency[k] <= data.slo { xi[k] = next; next += 1 }
                xd[k] = next; next += 1
            }
            interactiveOffset = xi
            deferrableOffset = xd
            powerOffset = next
            thermalOffset = next + 1
            blockSize = next + 2
            epochSize = cards * blockSize + 1
        }

        /// First column of the (card, epoch) block.
        @inline(__always) func block(card: Int, epoch: Int) -> Int { epoch * epochSize + card * blockSize }
        /// `xi[card, point, epoch]`, or nil when the point misses the SLO.
        func interactive(card: Int, point: Int, epoch: Int) -> Int? {
            interactiveOffset[point] < 0 ? nil : block(card: card, epoch: epoch) + interactiveOffset[point]
        }
        /// `xd[card, point, epoch]`.
        func deferrable(card: Int, point: Int, epoch: Int) -> Int { block(card: card, epoch: epoch) + deferrableOffset[point] }
        /// `pw[card, epoch]`.
        func power(card: Int, epoch: Int) -> Int { block(card: card, epoch: epoch) + powerOffset }
        /// `th[card, epoch]`.
        func temperature(card: Int, epoch: Int) -> Int { block(card: card, epoch: epoch) + thermalOffset }
        /// `bl[epoch]`.
        func backlog(epoch: Int) -> Int { epoch * epochSize + cards * blockSize }
        /// Total number of columns.
        var columnCount: Int { horizon * epochSize }
        /// Total number of rows: three per (card, epoch), three per epoch.
        var rowCount: Int { horizon * (3 * cards + 3) }
        /// Points meeting the SLO.
        var interactivePoints: Int { interactiveOffset.lazy.filter { $0 >= 0 }.count }
        /// Matrix nonzeros, for reserving storage up front.
        var nonzeroCount: Int {
            let x = interactivePoints + points
            return horizon * (cards * (2 * x + 4) + cards * interactivePoints + cards + cards * points + 2)
        }
    }

    /// Normalisation references of the objective, as `refs()` in epoch_lp.py: the best
    /// possible throughput and the worst possible carbon over the horizon.
    static func references(_ d: EpochData) -> (throughput: Double, carbon: Double) {
        let n = Double(d.cards), h = Double(d.horizon)
        let tref = (d.pointThroughput.max() ?? 0) * n * d.dt * h
        let cref = (d.carbon.max() ?? 0) * d.cardCap * n * d.dt * h / 3.6e6
        return (tref, cref)
    }

    /// Exact discretisation of C·dθ/dt = P − (θ − amb)/R over one epoch for `card`:
    /// θ_t = a·θ_{t−1} + g·P_t + (1 − a)·amb, as `thermal_coeffs()` in epoch_lp.py.
    static func thermalCoefficients(_ d: EpochData, card: Int) -> (a: Double, g: Double) {
        let r = d.thermalResistance[card]
        let a = exp(-d.dt / (r * d.thermalCapacitance))
        return (a, (1 - a) * r)
    }

    /// Builds the LP with the data's own weights α and β.
    init(data d: EpochData) {
        data = d
        let L = Layout(data: d)
        layout = L
        let (tref, cref) = Self.references(d)
        let N = d.cards, H = d.horizon, K = d.pointCount

        var m = Model(name: "epoch")
        m.sense = .maximize
        m.reserveColumns(L.columnCount)
        m.reserve(rows: L.rowCount, nonzeros: L.nonzeroCount)

        // Columns, in block order; objective coefficients set here (one pass).
        let xCost = d.pointThroughput.map { d.alpha * $0 * d.dt / tref }
        for t in 0..<H {
            let powerCost = -d.beta * (d.carbon[t] * d.dt / 3.6e6) / cref
            for _ in 0..<N {
                for k in 0..<K {
                    if L.interactiveOffset[k] >= 0 { m.addVariable(lower: 0, upper: 1, objective: xCost[k]) }
                    m.addVariable(lower: 0, upper: 1, objective: xCost[k])
                }
                m.addVariable(lower: 0, upper: d.cardCap, objective: powerCost)
                m.addVariable(lower: -.infinity, upper: d.thetaMax)
            }
            m.addVariable(lower: 0, upper: t == H - 1 ? 0 : .infinity)
        }

        // Per-point coefficients shared by every card and epoch.
        let powerCoef = d.pointPower.map { -($0 - d.idleW) }
        let workCoef = d.pointThroughput.map { $0 * d.dt }
        let thermal = (0..<N).map { Self.thermalCoefficients(d, card: $0) }

        // One pair of scratch buffers, reused for every row (addRow copies what it keeps).
        var idx: [Int] = [], val: [Double] = []
        idx.reserveCapacity(N * 2 * K + 2)
        val.reserveCapacity(N * 2 * K + 2)
        func row(_ lower: Double, _ upper: Double) {
            m.addRow(indices: idx, coefficients: val, lower: lower, upper: upper)
            idx.removeAll(keepingCapacity: true)
            val.removeAll(keepingCapacity: true)
        }

        for t in 0..<H {
            for c in 0..<N {
                let b = L.block(card: c, epoch: t)
                // Time share: Σ_k xi + xd ≤ 1.
                for k in 0..<K {
                    if L.interactiveOffset[k] >= 0 { idx.append(b + L.interactiveOffset[k]); val.append(1) }
                    idx.append(b + L.deferrableOffset[k]); val.append(1)
                }
                row(-.infinity, 1)
                // Power: pw − Σ x·(P_k − idle) = idle.
                for k in 0..<K {
                    if L.interactiveOffset[k] >= 0 { idx.append(b + L.interactiveOffset[k]); val.append(powerCoef[k]) }
                    idx.append(b + L.deferrableOffset[k]); val.append(powerCoef[k])
                }
                idx.append(b + L.powerOffset); val.append(1)
                row(d.idleW, d.idleW)
                // Thermal: th_t − a·th_{t−1} − g·pw_t = (1 − a)·amb (+ a·θ0 at t = 0).
                let (a, g) = thermal[c]
                let rhs = (1 - a) * d.ambient + (t == 0 ? a * d.theta0 : 0)
                if t > 0 { idx.append(L.temperature(card: c, epoch: t - 1)); val.append(-a) }
                idx.append(b + L.powerOffset); val.append(-g)
                idx.append(b + L.thermalOffset); val.append(1)
                row(rhs, rhs)
            }
            // Interactive demand: Σ xi·thr·dt ≥ interactive_t.
            for c in 0..<N {
                let b = L.block(card: c, epoch: t)
                for k in 0..<K where L.interactiveOffset[k] >= 0 {
                    idx.append(b + L.interactiveOffset[k]); val.append(workCoef[k])
                }
            }
            row(d.interactive[t], .infinity)
            // Node power: Σ_c pw ≤ node_cap.
            for c in 0..<N { idx.append(L.power(card: c, epoch: t)); val.append(1) }
            row(-.infinity, d.nodeCap)
            // Backlog: bl_t − bl_{t−1} + Σ xd·thr·dt = deferrable_t.
            if t > 0 { idx.append(L.backlog(epoch: t - 1)); val.append(-1) }
            for c in 0..<N {
                let b = L.block(card: c, epoch: t)
                for k in 0..<K { idx.append(b + L.deferrableOffset[k]); val.append(workCoef[k]) }
            }
            idx.append(L.backlog(epoch: t)); val.append(1)
            row(d.deferrable[t], d.deferrable[t])
        }
        model = m
    }

    /// Replaces the objective weights (one step of the weighted-sum Pareto sweep) without
    /// touching bounds or the matrix, so a backend can warm-start from its previous basis.
    /// O(columns).
    mutating func setWeights(alpha: Double, beta: Double) {
        let (tref, cref) = Self.references(data)
        let L = layout
        for t in 0..<L.horizon {
            let powerCost = -beta * (data.carbon[t] * data.dt / 3.6e6) / cref
            for c in 0..<L.cards {
                let b = L.block(card: c, epoch: t)
                for k in 0..<L.points {
                    let cost = alpha * data.pointThroughput[k] * data.dt / tref
                    if L.interactiveOffset[k] >= 0 {
                        model.setObjectiveCoefficient(Variable(index: b + L.interactiveOffset[k]), cost)
                    }
                    model.setObjectiveCoefficient(Variable(index: b + L.deferrableOffset[k]), cost)
                }
                model.setObjectiveCoefficient(Variable(index: b + L.powerOffset), powerCost)
            }
        }
    }
}
