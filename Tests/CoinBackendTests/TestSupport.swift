import LinearModel

/// A tiny deterministic PRNG (SplitMix64) so test models are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// A feasible, bounded random LP: max c·x, A x ≤ b, 0 ≤ x ≤ u, with A ≥ 0 sparse and c > 0.
func randomPackingLP(columns n: Int, rows m: Int, density: Double = 0.1, seed: UInt64) -> Model {
    var rng = SplitMix64(seed: seed)
    var model = Model(name: "packing\(seed)")
    for _ in 0..<n {
        model.addVariable(lower: 0, upper: 1 + 4 * rng.unit(), objective: 1 + 9 * rng.unit())
    }
    for _ in 0..<m {
        var idx: [Int] = []
        var coef: [Double] = []
        for j in 0..<n where rng.unit() < density {
            idx.append(j)
            coef.append(0.5 + rng.unit())
        }
        model.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: 5 + 20 * rng.unit())
    }
    model.sense = .maximize
    return model
}

/// min 2a + b − c + d + 10 with a free, b fixed at 2, c ≤ 0, 0 ≤ d ≤ 4, z ≥ 0 (cost 5):
///   R0: a + c = 1 (equality)            dual 1
///   R1: 2 ≤ a + d + z ≤ 3 (ranged)      dual 1 (binding at its lower bound)
///   R2: a + b ≤ 10 (not binding)        dual 0
///   R3: d − a ≥ −5 (not binding)        dual 0
/// Optimum a = 1, b = 2, c = 0, d = 1, z = 0, objective 15. Reduced costs: a 0, b 1, c −2
/// (c sits at its upper bound 0), d 0, z 4.
/// `maximize` gives the same problem as max of the negated objective (optimum −15, duals and
/// reduced costs negated).
func mixedLP(maximize: Bool) -> (Model, [Variable], [Constraint]) {
    let s: Double = maximize ? -1 : 1
    var m = Model(name: "mixed")
    let a = m.addVariable("a", lower: -.infinity, upper: .infinity, objective: s * 2)
    let b = m.addVariable("b", lower: 2, upper: 2, objective: s * 1)
    let c = m.addVariable("c", lower: -.infinity, upper: 0, objective: s * -1)
    let d = m.addVariable("d", lower: 0, upper: 4, objective: s * 1)
    let z = m.addVariable("z", lower: 0, upper: .infinity, objective: s * 5)
    let r0 = m.addConstraint(a + c == 1, name: "R0")
    let r1 = m.addConstraint(a + d + z, lower: 2, upper: 3, name: "R1")
    let r2 = m.addConstraint(a + b <= 10, name: "R2")
    let r3 = m.addConstraint(d - a >= -5, name: "R3")
    m.sense = maximize ? .maximize : .minimize
    m.objectiveConstant = s * 10
    return (m, [a, b, c, d, z], [r0, r1, r2, r3])
}

/// A hard 0/1 equality knapsack (large random weights): proving optimality takes far longer
/// than any limit the tests set (CBC needs > 30 s for 30 items on this machine class).
func hardKnapsack(items n: Int, seed: UInt64) -> Model {
    var rng = SplitMix64(seed: seed)
    var m = Model(name: "knapsack\(seed)")
    var weights: [Double] = []
    for _ in 0..<n {
        let w = Double(100_000 + rng.next() % 900_000)
        weights.append(w)
        m.addVariable(kind: .binary, objective: w + Double(rng.next() % 20_000))
    }
    let total = weights.reduce(0, +)
    let rhs = (total / 2).rounded(.down) + 1
    m.addRow(indices: Array(0..<n), coefficients: weights, lower: rhs, upper: rhs)
    m.sense = .maximize
    return m
}

/// An easy 0/1 ≤ knapsack that CBC solves at once; its optimum is found by enumeration.
func smallKnapsack(items n: Int, seed: UInt64) -> (Model, Double) {
    var rng = SplitMix64(seed: seed)
    var m = Model()
    var w: [Double] = [], c: [Double] = []
    for _ in 0..<n {
        w.append(Double(1 + rng.next() % 20))
        c.append(Double(1 + rng.next() % 30))
        m.addVariable(kind: .binary, objective: c[c.count - 1])
    }
    let cap = (w.reduce(0, +) / 2).rounded(.down)
    m.addRow(indices: Array(0..<n), coefficients: w, lower: -.infinity, upper: cap)
    m.sense = .maximize
    var best = 0.0
    for mask in 0..<(1 << n) {
        var ww = 0.0, cc = 0.0
        for j in 0..<n where mask & (1 << j) != 0 { ww += w[j]; cc += c[j] }
        if ww <= cap { best = max(best, cc) }
    }
    return (m, best)
}

func close(_ a: Double?, _ b: Double, tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tol * max(1, abs(b))
}

func allClose(_ a: [Double]?, _ b: [Double], tol: Double = 1e-6) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
}

/// A market-split instance (Cornuéjols–Dawande) with slacks: min Σ (s⁺ᵢ + s⁻ᵢ) subject to
/// Σⱼ aᵢⱼ xⱼ + s⁺ᵢ − s⁻ᵢ = bᵢ, x binary, aᵢⱼ ∈ [0, 99], bᵢ = ⌊Σⱼ aᵢⱼ / 2⌋, 10·(rows − 1)
/// binaries. x = 0 with slack bᵢ is feasible, so CBC has an incumbent at once, but the LP bound
/// is 0 and closing the gap is notoriously hard for branch-and-bound.
func marketSplit(rows: Int, seed: UInt64) -> Model {
    var rng = SplitMix64(seed: seed)
    let n = 10 * (rows - 1)
    var m = Model(name: "marketsplit\(seed)")
    for _ in 0..<n { m.addVariable(kind: .binary) }
    for _ in 0..<rows {
        let a = (0..<n).map { _ in Double(rng.next() % 100) }
        let plus = m.addVariable(objective: 1), minus = m.addVariable(objective: 1)
        let b = (a.reduce(0, +) / 2).rounded(.down)
        m.addRow(indices: Array(0..<n) + [plus.index, minus.index], coefficients: a + [1, -1], lower: b, upper: b)
    }
    return m
}
