import Foundation
import LinearModel
import Solvers
import Testing

/// Backends that accept a model of this kind.
func backends(forMILP milp: Bool) -> [SolverChoice] {
    SolverFactory.backends.filter { choice in
        let caps = SolverFactory.make(choice).capabilities
        return milp ? caps.integerVariables : caps.linearPrograms
    }
}

/// Deterministic SplitMix64 for generated test instances.
struct SplitMix64 {
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
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
}

/// Checks the optimality conditions of an LP solution in the documented sign convention
/// (dual = ∂objective/∂rhs, reduced cost = ∂objective/∂column bound, model's own sense):
/// primal feasibility, d = c − Aᵀy, sign conditions with complementary slackness, and the
/// objective value. Returns a list of violations (empty when all hold).
func kktViolations(_ model: Model, _ s: Solution, tolerance tol: Double = 1e-6) -> [String] {
    var problems: [String] = []
    let x = s.values
    guard x.count == model.columnCount else { return ["no primal values"] }
    guard let y = s.duals, let d = s.reducedCosts else { return ["no duals or reduced costs"] }
    let act = model.rowActivities(x)
    func scaled(_ v: Double) -> Double { tol * max(1, abs(v)) }
    // Primal feasibility.
    for j in 0..<model.columnCount {
        if x[j] < model.columnLower[j] - scaled(model.columnLower[j]) || x[j] > model.columnUpper[j] + scaled(model.columnUpper[j]) {
            problems.append("column \(model.displayName(Variable(index: j))) = \(x[j]) outside bounds")
        }
    }
    for i in 0..<model.rowCount {
        if act[i] < model.rowLower[i] - scaled(model.rowLower[i]) || act[i] > model.rowUpper[i] + scaled(model.rowUpper[i]) {
            problems.append("row \(model.displayName(Constraint(index: i))) activity \(act[i]) outside bounds")
        }
    }
    // d = c − Aᵀy.
    var aty = [Double](repeating: 0, count: model.columnCount)
    for k in 0..<model.nonzeroCount {
        aty[Int(model.entryColumn[k])] += model.entryValue[k] * y[Int(model.entryRow[k])]
    }
    for j in 0..<model.columnCount where abs(model.objective[j] - aty[j] - d[j]) > scaled(model.objective[j]) {
        problems.append("reduced cost of \(model.displayName(Variable(index: j))) is \(d[j]), expected c − Aᵀy = \(model.objective[j] - aty[j])")
    }
    // Sign conditions: for a minimization, moving an active lower bound up cannot decrease the
    // objective (∂ ≥ 0) and an active upper bound down cannot either (∂ ≤ 0). Flipped for max.
    let sign: Double = model.sense == .minimize ? 1 : -1
    func checkSign(_ name: String, value: Double, lower: Double, upper: Double, derivative: Double) {
        let atLower = lower.isFinite && abs(value - lower) <= scaled(lower)
        let atUpper = upper.isFinite && abs(value - upper) <= scaled(upper)
        let g = sign * derivative
        if atLower && atUpper { return }  // fixed: any sign
        if atLower && g < -tol { problems.append("\(name) at lower bound has derivative \(derivative) of the wrong sign") }
        if atUpper && g > tol { problems.append("\(name) at upper bound has derivative \(derivative) of the wrong sign") }
        if !atLower && !atUpper && abs(g) > tol { problems.append("\(name) strictly inside its bounds has derivative \(derivative) ≠ 0") }
    }
    for j in 0..<model.columnCount {
        checkSign("column \(model.displayName(Variable(index: j)))", value: x[j], lower: model.columnLower[j], upper: model.columnUpper[j], derivative: d[j])
    }
    for i in 0..<model.rowCount {
        checkSign("row \(model.displayName(Constraint(index: i)))", value: act[i], lower: model.rowLower[i], upper: model.rowUpper[i], derivative: y[i])
    }
    if let obj = s.objectiveValue, abs(obj - model.objectiveValue(x)) > scaled(obj) {
        problems.append("objective \(obj) ≠ cᵀx + constant = \(model.objectiveValue(x))")
    }
    return problems
}

/// The COIN-OR sample instances shipped with coinor-libcoinutils-dev.
let sampleDirectory = "/usr/share/coin/Data/Sample"

func sample(_ name: String) throws -> Model {
    try ModelFile.read(contentsOf: "\(sampleDirectory)/\(name).mps")
}
