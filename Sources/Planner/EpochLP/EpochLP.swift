import Foundation
import Hardware
import LinearModel
import Workloads

/// Cards with identical state, planned as one (symmetry aggregation).
struct CardGroup: Hashable {
    /// Card indices, increasing.
    var cards: [Int]
    var size: Int { cards.count }
}

/// What fixes the LP's matrix. Two requests with equal structures give models that differ only
/// in bounds, right-hand sides and objective, so the solver warm-starts from one to the next.
struct EpochLPStructure: Hashable {
    var horizon: Int
    var epochLength: Double
    var groupSizes: [Int]
    /// [group][class] candidates.
    var candidates: [[[Candidate]]]
    var mixedInteger: Bool
    /// Per-epoch RC factor a = exp(−Δt/(R·C)) and the card's R (K/W of card power).
    var thermalDecay: Double
    var cardResistance: Double
    /// Elastic relaxation (diagnosis) columns present.
    var relaxed: Bool
    /// Power-smoothing ramp rows present (``SLAPreset/powerSmoothing``).
    var smoothing: Bool = false
}

/// The request-dependent numbers: everything that goes into bounds, right-hand sides and the
/// carbon objective.
struct EpochLPData {
    var arrivals: [[Double]]             // [class][t]
    var backlog: Double
    var deadline: Int
    var deadlinePeriod: Int?
    var intensity: [Double]              // gCO₂/kWh [t]
    var epochLength: Double
    var baselinePower: [[Double]]        // [group][t]: idle load + leakage at the assumed temperature, W
    var initialTemperature: [Double]     // [group], °C
    var ambient: Double
    var cardCap: Double
    var nodeCap: Double
    var nodeCapFollowsCards: Bool
    var cards: Int
    var thermalLimit: Double
    /// Instantaneous power cap per card, W (nil: caps are epoch averages only): with a cap
    /// window shorter than the executor's slices, points drawing more at full load (baseline
    /// included) are not offered (``SLAPreset/powerCapWindow``).
    var instantaneousCap: Double?
    /// Interactive latency SLO, s, and the share of requests that must meet it (0: no check).
    var latencySLO: Double
    var latencyPercentile: Double
    /// Largest change of a card's epoch-mean power between consecutive epochs, W, and whether
    /// cards then run without idle time (nil: no smoothing).
    var powerRamp: Double? = nil
}

/// Column and row positions of the epoch LP.
///
/// Columns: x[g][j][t][k] ∈ [0, 1] (fraction of epoch t a card of group g runs candidate k for
/// class j), served s[j][t] (work units, node), card power P[g][t] (W, epoch average, ≤ card
/// cap), die temperature θ[g][t] (°C at the end of epoch t, ≤ limit); MILP mode adds binary
/// y[g][t][p] (profile p loaded); relaxed mode adds the slacks shed[t], shortfall, cardRaise,
/// nodeRaise, thermalRaise (≥ 0).
///
/// Rows (per group g, epoch t unless noted):
/// - time:     Σ_{j,k} x[g][j][t][k] ≤ 1
/// - serve[j][t]: Σ_g m_g·Δt·Σ_k T_k·x[g][j][t][k] − s[j][t] = 0
/// - power:    P[g][t] − Σ_{j,k} ΔP_k·x = P_idle,load + leak(θ̂[g][t])
/// - node[t]:  Σ_g m_g·P[g][t] ≤ node cap
/// - thermal:  θ[g][t] − a·θ[g][t−1] − (1−a)·R·P[g][t] = (1−a)·θ_amb (+ a·θ₀ at t = 0)
/// - cum[t]:   Σ_{s≤t} s[def][s] ≤ backlog + Σ_{s≤t} A_def[s]; at t = D−1 also ≥ backlog + Σ_{s<D} A_def[s]
/// - MILP:     x[g][j][t][k] ≤ y[g][t][profile(k)], Σ_p y[g][t][p] ≤ 1
struct EpochLPLayout {
    var structure: EpochLPStructure
    /// First column of x[g][j][t] (candidates contiguous).
    var x: [[[Int]]]
    var served: [[Int]]        // [j][t]
    var power: [[Int]]         // [g][t]
    var theta: [[Int]]         // [g][t]
    var profile: [[[Int]]]     // [g][t][p] (MILP)
    var timeRow: [[Int]]
    var powerRow: [[Int]]
    var nodeRow: [Int]
    var thermalRow: [[Int]]
    var cumRow: [Int]
    var interactiveRow: [Int]  // relaxed mode: s[int][t] + shed[t] = A[t]
    var capRow: [[Int]]        // relaxed mode: P − cardRaise ≤ cap
    var limitRow: [[Int]]      // relaxed mode: θ − thermalRaise ≤ limit
    var rampRow: [[Int]] = []  // smoothing: P[g][t] − P[g][t−1] ∈ [−Δ, Δ] (t ≥ 1; index t − 1)
    var shed: [Int]
    var shortfall: Int
    var cardRaise: Int
    var nodeRaise: Int
    var thermalRaise: Int
    /// Columns and rows of the base model (before any frontier rows).
    var columnCount: Int
    var rowCount: Int

    var horizon: Int { structure.horizon }
    var groups: Int { structure.groupSizes.count }

    /// Builds the model's structure; bounds and right-hand sides come from `data` (``apply``).
    static func build(_ s: EpochLPStructure, data: EpochLPData) -> (Model, EpochLPLayout) {
        var m = Model(name: "epof-epoch-lp")
        let H = s.horizon, G = s.groupSizes.count, J = WorkClass.count
        let nProfiles = PrecisionProfile.allCases.count
        var x = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: H), count: J), count: G)
        var nCols = 0
        for g in 0..<G { for j in 0..<J { nCols += s.candidates[g][j].count * H } }
        m.reserveColumns(nCols + J * H + 2 * G * H + (s.mixedInteger ? G * H * nProfiles : 0) + H + 4)
        for g in 0..<G {
            for j in 0..<J {
                for t in 0..<H {
                    x[g][j][t] = m.columnCount
                    _ = m.addVariables(count: s.candidates[g][j].count, lower: 0, upper: 1)
                }
            }
        }
        let served = (0..<J).map { _ in (0..<H).map { _ in m.addVariable(lower: 0, upper: .infinity).index } }
        let power = (0..<G).map { _ in (0..<H).map { _ in m.addVariable(lower: -.infinity, upper: .infinity).index } }
        let theta = (0..<G).map { _ in (0..<H).map { _ in m.addVariable(lower: -.infinity, upper: .infinity).index } }
        var profile: [[[Int]]] = []
        if s.mixedInteger {
            profile = (0..<G).map { _ in (0..<H).map { _ in (0..<nProfiles).map { _ in m.addVariable(kind: .binary).index } } }
        }
        var shed: [Int] = [], shortfall = -1, cardRaise = -1, nodeRaise = -1, thermalRaise = -1
        if s.relaxed {
            shed = (0..<H).map { _ in m.addVariable(lower: 0, upper: .infinity).index }
            shortfall = m.addVariable(lower: 0, upper: .infinity).index
            cardRaise = m.addVariable(lower: 0, upper: .infinity).index
            nodeRaise = m.addVariable(lower: 0, upper: .infinity).index
            thermalRaise = m.addVariable(lower: 0, upper: .infinity).index
        }

        // Rows.
        var timeRow = [[Int]](repeating: [], count: G), powerRow = timeRow, thermalRow = timeRow
        var capRow = timeRow, limitRow = timeRow
        var idx: [Int] = [], coef: [Double] = []
        for g in 0..<G {
            for t in 0..<H {
                idx.removeAll(keepingCapacity: true); coef.removeAll(keepingCapacity: true)
                for j in 0..<J { for k in s.candidates[g][j].indices { idx.append(x[g][j][t] + k); coef.append(1) } }
                timeRow[g].append(m.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: 1).index)
            }
        }
        for j in 0..<J {
            for t in 0..<H {
                idx.removeAll(keepingCapacity: true); coef.removeAll(keepingCapacity: true)
                for g in 0..<G {
                    let scale = Double(s.groupSizes[g]) * s.epochLength
                    for (k, c) in s.candidates[g][j].enumerated() { idx.append(x[g][j][t] + k); coef.append(scale * c.throughput) }
                }
                idx.append(served[j][t]); coef.append(-1)
                _ = m.addRow(indices: idx, coefficients: coef, lower: 0, upper: 0)
            }
        }
        for g in 0..<G {
            for t in 0..<H {
                idx.removeAll(keepingCapacity: true); coef.removeAll(keepingCapacity: true)
                for j in 0..<J { for (k, c) in s.candidates[g][j].enumerated() where c.extraPower != 0 {
                    idx.append(x[g][j][t] + k); coef.append(-c.extraPower)
                } }
                idx.append(power[g][t]); coef.append(1)
                powerRow[g].append(m.addRow(indices: idx, coefficients: coef, lower: 0, upper: 0).index)
            }
        }
        var nodeRow: [Int] = []
        for t in 0..<H {
            idx = (0..<G).map { power[$0][t] }
            coef = s.groupSizes.map(Double.init)
            if s.relaxed {
                idx.append(nodeRaise); coef.append(-1)
                if data.nodeCapFollowsCards { idx.append(cardRaise); coef.append(-Double(data.cards)) }
            }
            nodeRow.append(m.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: 0).index)
        }
        let a = s.thermalDecay
        for g in 0..<G {
            for t in 0..<H {
                idx = [theta[g][t], power[g][t]]
                coef = [1, -(1 - a) * s.cardResistance]
                if t > 0 && a > 0 { idx.append(theta[g][t - 1]); coef.append(-a) }
                thermalRow[g].append(m.addRow(indices: idx, coefficients: coef, lower: 0, upper: 0).index)
            }
        }
        var cumRow: [Int] = []
        for t in 0..<H {
            idx = (0...t).map { served[WorkClass.deferrable.rawValue][$0] }
            coef = [Double](repeating: 1, count: t + 1)
            if s.relaxed { idx.append(shortfall); coef.append(1) }
            cumRow.append(m.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: .infinity).index)
        }
        var interactiveRow: [Int] = []
        if s.relaxed {
            for t in 0..<H {
                interactiveRow.append(m.addRow(indices: [served[WorkClass.interactive.rawValue][t], shed[t]], coefficients: [1, 1],
                                               lower: 0, upper: 0).index)
            }
            for g in 0..<G {
                for t in 0..<H {
                    capRow[g].append(m.addRow(indices: [power[g][t], cardRaise], coefficients: [1, -1], lower: -.infinity, upper: 0).index)
                    limitRow[g].append(m.addRow(indices: [theta[g][t], thermalRaise], coefficients: [1, -1], lower: -.infinity, upper: 0).index)
                }
            }
        }
        if s.mixedInteger {
            for g in 0..<G {
                for t in 0..<H {
                    for j in 0..<J {
                        for (k, c) in s.candidates[g][j].enumerated() {
                            _ = m.addRow(indices: [x[g][j][t] + k, profile[g][t][c.profileIndex]], coefficients: [1, -1],
                                         lower: -.infinity, upper: 0)
                        }
                    }
                    _ = m.addRow(indices: profile[g][t], coefficients: [Double](repeating: 1, count: nProfiles),
                                 lower: -.infinity, upper: 1)
                }
            }
        }
        var rampRow = [[Int]](repeating: [], count: G)
        if s.smoothing {
            for g in 0..<G {
                for t in 1..<max(H, 1) {
                    rampRow[g].append(m.addRow(indices: [power[g][t], power[g][t - 1]], coefficients: [1, -1],
                                               lower: -.infinity, upper: .infinity).index)
                }
            }
        }
        var layout = EpochLPLayout(structure: s, x: x, served: served, power: power, theta: theta, profile: profile,
                                   timeRow: timeRow, powerRow: powerRow, nodeRow: nodeRow, thermalRow: thermalRow,
                                   cumRow: cumRow, interactiveRow: interactiveRow, capRow: capRow, limitRow: limitRow,
                                   shed: shed, shortfall: shortfall, cardRaise: cardRaise, nodeRaise: nodeRaise,
                                   thermalRaise: thermalRaise, columnCount: m.columnCount, rowCount: m.rowCount)
        layout.rampRow = rampRow
        layout.apply(data, to: &m)
        return (m, layout)
    }

    /// Sets every request-dependent bound and right-hand side (the matrix is untouched).
    func apply(_ d: EpochLPData, to m: inout Model) {
        let H = horizon, G = groups
        let int = WorkClass.interactive.rawValue, def = WorkClass.deferrable.rawValue, el = WorkClass.elastic.rawValue
        for t in 0..<H {
            let a = d.arrivals[int][t]
            if structure.relaxed {
                m.setBounds(Variable(index: served[int][t]), lower: 0, upper: .infinity)
                m.setBounds(Constraint(index: interactiveRow[t]), lower: a, upper: a)
            } else {
                m.setBounds(Variable(index: served[int][t]), lower: a, upper: a)
            }
            m.setBounds(Variable(index: served[def][t]), lower: 0, upper: .infinity)
            m.setBounds(Variable(index: served[el][t]), lower: 0, upper: d.arrivals[el][t])
            m.setBounds(Constraint(index: nodeRow[t]), lower: -.infinity, upper: d.nodeCap)
        }
        for g in 0..<G {
            for t in 0..<H {
                let b = d.baselinePower[g][t]
                m.setBounds(Constraint(index: powerRow[g][t]), lower: b, upper: b)
                let a = structure.thermalDecay
                let rhs = (1 - a) * d.ambient + (t == 0 ? a * d.initialTemperature[g] : 0)
                m.setBounds(Constraint(index: thermalRow[g][t]), lower: rhs, upper: rhs)
                if structure.relaxed {
                    m.setBounds(Variable(index: power[g][t]), lower: -.infinity, upper: .infinity)
                    m.setBounds(Variable(index: theta[g][t]), lower: -.infinity, upper: .infinity)
                    m.setBounds(Constraint(index: capRow[g][t]), lower: -.infinity, upper: d.cardCap)
                    m.setBounds(Constraint(index: limitRow[g][t]), lower: -.infinity, upper: d.thermalLimit)
                } else {
                    m.setBounds(Variable(index: power[g][t]), lower: -.infinity, upper: d.cardCap)
                    m.setBounds(Variable(index: theta[g][t]), lower: -.infinity, upper: d.thermalLimit)
                }
            }
        }
        applyPointFilters(d, to: &m)
        if structure.smoothing {
            // Smoothing: bounded epoch-to-epoch swings, and no idle time where elastic work can
            // fill it (a card time-sharing busy and idle pieces swings between its load and idle
            // power inside the epoch; running a slower point all epoch does not).
            let ramp = d.powerRamp ?? .infinity
            for g in 0..<G {
                for r in rampRow[g] { m.setBounds(Constraint(index: r), lower: -ramp, upper: ramp) }
                for t in 0..<H {
                    let fill = d.powerRamp != nil && d.arrivals[el][t] > 0 && !structure.relaxed
                    m.setBounds(Constraint(index: timeRow[g][t]), lower: fill ? 1 : -.infinity, upper: 1)
                }
            }
        }
        var cum = d.backlog
        for t in 0..<H {
            cum += d.arrivals[def][t]
            // Deadlines: the first at epoch deadline − 1, then every period after it.
            let k = t - (d.deadline - 1)
            let isDeadline = k == 0 || (k > 0 && d.deadlinePeriod.map { k % $0 == 0 } == true)
            m.setBounds(Constraint(index: cumRow[t]), lower: isDeadline ? cum : -.infinity, upper: cum)
        }
    }

    /// Per epoch and group, the candidates a request rules out, as upper bounds of 0 (so the
    /// matrix, and the solver's warm start, stay):
    /// - a point whose full-load power exceeds the instantaneous cap (baseline at the epoch's
    ///   assumed leakage temperature plus its extra power): a hard limit;
    /// - an interactive point too slow for the epoch's arrivals at the latency percentile
    ///   (``InteractiveQueueing``, the node's cards pooled). When no point within the cap meets
    ///   the percentile the epoch keeps the points with the smallest wait tail (within 1 %),
    ///   the best the node can do: the plan serves the demand and reports the shortfall
    ///   (``Plan/capacityWarnings``) rather than refusing to plan.
    /// The relaxed (diagnosis) model keeps every point: its slacks measure how far limits move.
    private func applyPointFilters(_ d: EpochLPData, to m: inout Model) {
        let int = WorkClass.interactive.rawValue
        for g in 0..<groups {
            for j in 0..<WorkClass.count {
                let cands = structure.candidates[g][j]
                for t in 0..<horizon {
                    var allowed = [Bool](repeating: true, count: cands.count)
                    if !structure.relaxed {
                        if let cap = d.instantaneousCap {
                            for (k, c) in cands.enumerated() where d.baselinePower[g][t] + c.extraPower > cap * (1 + 1e-9) { allowed[k] = false }
                        }
                        if j == int { Self.queueingFilter(cands, lambda: d.arrivals[int][t] / d.epochLength, data: d, allowed: &allowed) }
                    }
                    for k in cands.indices { m.setBounds(Variable(index: x[g][j][t] + k), lower: 0, upper: allowed[k] ? 1 : 0) }
                }
            }
        }
    }

    /// Clears `allowed[k]` for interactive candidates that miss the latency percentile at rate
    /// `lambda`; when every allowed one misses, keeps those whose wait tail is within 1 % of
    /// the smallest. Returns whether some allowed candidate meets the percentile.
    @discardableResult
    static func queueingFilter(_ cands: [Candidate], lambda: Double, data d: EpochLPData, allowed: inout [Bool]) -> Bool {
        guard lambda > 0, d.latencyPercentile > 0 else { return true }
        var tails = [Double](repeating: .infinity, count: cands.count)
        var anyMeets = false
        for (k, c) in cands.enumerated() where allowed[k] {
            tails[k] = InteractiveQueueing.waitTail(arrivalRate: lambda, serviceRate: Double(d.cards) * c.serviceRate,
                                                    wait: d.latencySLO - c.latency)
            if tails[k] <= 1 - d.latencyPercentile + 1e-12 { anyMeets = true }
        }
        if anyMeets {
            for k in cands.indices where tails[k] > 1 - d.latencyPercentile + 1e-12 { allowed[k] = false }
        } else if let best = tails.min(), best.isFinite {
            for k in cands.indices where tails[k] > best * 1.01 + 1e-12 { allowed[k] = false }
        }
        return anyMeets
    }

    /// Carbon C = Σ_t I[t]·Δt·Σ_g m_g·P[g][t] / 3.6e6, gCO₂.
    func carbon(_ d: EpochLPData) -> LinearExpression {
        var e = LinearExpression()
        for t in 0..<horizon {
            let k = d.intensity[t] * d.epochLength / 3.6e6
            for g in 0..<groups { e.add(Variable(index: power[g][t]), k * Double(structure.groupSizes[g])) }
        }
        return e
    }

    /// Throughput T = work served over the horizon, all classes, work units.
    func throughput() -> LinearExpression {
        var e = LinearExpression()
        for j in 0..<WorkClass.count { for t in 0..<horizon { e.add(Variable(index: served[j][t]), 1) } }
        return e
    }
}
