import LinearModel

/// SplitMix64: a tiny deterministic generator so random test models are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
}

enum Fixtures {
    /// min 2x + 3y + z + 5w + 10 with x ≥ 0, y free, z ∈ [−4, −1], w fixed at 1;
    /// r1: x + y + w ≥ 5, r2: y − w ≤ 0, r3: x + z = 2, r4: −5 ≤ y + z ≤ 10.
    /// By hand (substitute z = 2 − x, y = 4 − x on r1, r4 at its lower bound): x = 5.5,
    /// y = −1.5, z = −3.5, objective 18; perturbing rhs gives objective 18 + 2·Δr1 + 1·Δr4lower,
    /// so duals (2, 0, 0, 1); the reduced cost of w is 5 − 2 = 3, the others are basic (0).
    /// `maximize` negates the objective (same point, objective −18, all derivatives negated).
    static func mixedRows(maximize: Bool = false) -> Model {
        var m = Model(name: "mixed")
        let s = maximize ? -1.0 : 1.0
        let x = m.addVariable("x", lower: 0, upper: .infinity, objective: 2 * s)
        let y = m.addVariable("y", lower: -.infinity, upper: .infinity, objective: 3 * s)
        let z = m.addVariable("z", lower: -4, upper: -1, objective: 1 * s)
        let w = m.addVariable("w", lower: 1, upper: 1, objective: 5 * s)
        m.addConstraint(x + y + w >= 5, name: "r1")
        m.addConstraint(y - w <= 0, name: "r2")
        m.addConstraint(x + z == 2, name: "r3")
        m.addConstraint(y + z, lower: -5, upper: 10, name: "r4")
        m.sense = maximize ? .maximize : .minimize
        m.objectiveConstant = 10 * s
        return m
    }

    /// Hillier & Lieberman's Wyndor Glass: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18, x, y ≥ 0.
    /// Optimum x = 2, y = 6, objective 36; duals (0, 1.5, 1).
    static func wyndor(minimizeNegated: Bool = false) -> Model {
        var m = Model(name: "wyndor")
        let s = minimizeNegated ? -1.0 : 1.0
        let x = m.addVariable("x", objective: 3 * s)
        let y = m.addVariable("y", objective: 5 * s)
        m.addConstraint(x <= 4, name: "plant1")
        m.addConstraint(2 * y <= 12, name: "plant2")
        m.addConstraint(3 * x + 2 * y <= 18, name: "plant3")
        m.sense = minimizeNegated ? .minimize : .maximize
        return m
    }

    /// A feasible, bounded random LP: max c·x, A x ≤ b, 0 ≤ x ≤ u with positive data.
    static func randomLP(seed: UInt64, columns n: Int = 300, rows m: Int = 150, density: Double = 0.08) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "random-\(seed)")
        let xs = (0..<n).map { _ in model.addVariable(lower: 0, upper: rng.uniform(5, 20), objective: rng.uniform(1, 10)) }
        for _ in 0..<m {
            var idx: [Int] = [], coef: [Double] = []
            for j in 0..<n where rng.uniform(0, 1) < density {
                idx.append(xs[j].index); coef.append(rng.uniform(1, 10))
            }
            let rhs = Double(max(idx.count, 1)) * rng.uniform(5, 30)
            model.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: rhs)
        }
        model.sense = .maximize
        return model
    }

    /// max 5x + 4y + 7, 6x + 4y ≤ 24, x + 2y ≤ 6, x, y ∈ ℤ₊. The relaxation optimum is
    /// (3, 1.5) with 21 + 7; enumerating the few integer points gives (4, 0) with 20 + 7 = 27.
    static func smallMILP() -> Model {
        var m = Model(name: "small-milp")
        let x = m.addVariable("x", kind: .integer, objective: 5)
        let y = m.addVariable("y", kind: .integer, objective: 4)
        m.addConstraint(6 * x + 4 * y <= 24)
        m.addConstraint(x + 2 * y <= 6)
        m.sense = .maximize
        m.objectiveConstant = 7
        return m
    }

    /// Jeroslow's problem: Σ 2·xⱼ = n with n odd and binary x — infeasible, yet branch-and-bound
    /// without cuts needs exponentially many nodes to prove it. No integer point exists.
    static func jeroslow(n: Int = 51) -> Model {
        var m = Model(name: "jeroslow")
        let xs = m.addVariables(count: n, kind: .binary, objective: 1)
        m.addRow(indices: xs.map(\.index), coefficients: Array(repeating: 2, count: n),
                 lower: Double(n), upper: Double(n))
        return m
    }

    /// Random equality knapsacks over many binaries: hard for branch-and-bound (weak LP bound,
    /// huge tree); an incumbent may or may not be found quickly.
    static func equalityKnapsack(seed: UInt64, columns n: Int = 120, rows m: Int = 3) -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "eq-knapsack")
        let xs = (0..<n).map { _ in model.addVariable(kind: .binary, objective: Double(rng.int(1...100))) }
        for _ in 0..<m {
            let coef = (0..<n).map { _ in Double(rng.int(1000...9999)) }
            let rhs = (coef.reduce(0, +) / 2).rounded(.down)
            model.addRow(indices: xs.map(\.index), coefficients: coef, lower: rhs, upper: rhs)
        }
        model.sense = .maximize
        return model
    }
}

/// Whether two values agree to `tol` relative to max(1, |a|, |b|).
func close(_ a: Double?, _ b: Double?, _ tol: Double = 1e-7) -> Bool {
    guard let a, let b else { return false }
    return Tolerance.relativeDifference(a, b) <= tol
}

func close(_ a: [Double]?, _ b: [Double], _ tol: Double = 1e-7) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { close($0, $1, tol) }
}
