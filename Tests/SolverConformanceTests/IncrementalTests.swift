import Foundation
import LinearModel
import Solvers
import Testing

/// A random LP that is feasible (x = 0) and bounded (box): max cᵀx, Ax ≤ b, 0 ≤ x ≤ u, A ≥ 0.
func randomPackingLP(columns n: Int, rows m: Int, seed: UInt64) -> Model {
    var rng = SplitMix64(seed: seed)
    var model = Model(name: "packing-\(seed)")
    let x = model.addVariables(count: n, upper: 10, name: { "x\($0)" })
    for j in 0..<n { model.setObjectiveCoefficient(x[j], rng.uniform(1, 10)) }
    model.sense = .maximize
    for i in 0..<m {
        var idx: [Int] = [], coef: [Double] = []
        for j in 0..<n where rng.unit() < 0.1 {
            idx.append(j); coef.append(rng.uniform(0.5, 5))
        }
        model.addRow(indices: idx, coefficients: coef, lower: -.infinity, upper: rng.uniform(20, 60), name: "r\(i)")
    }
    return model
}

/// LP backends that keep a basis between solves.
let warmStartBackends: [SolverChoice] = [.glpk, .clp]

@Suite("Conformance: modification between solves and warm starts")
struct IncrementalTests {
    @Test(arguments: warmStartBackends)
    func objectiveChangeReSolvesWarmWithFewerIterations(_ backend: SolverChoice) throws {
        var model = randomPackingLP(columns: 400, rows: 200, seed: 11)
        let solver = SolverFactory.make(backend)
        let first = try solver.solve(model)
        #expect(first.isOptimal)
        var rng = SplitMix64(seed: 99)
        for j in stride(from: 0, to: model.columnCount, by: 7) {
            model.setObjectiveCoefficient(Variable(index: j), rng.uniform(1, 10))
        }
        let warm = try solver.solve(model)
        let cold = try SolverFactory.make(backend).solve(model)
        #expect(warm.isOptimal && cold.isOptimal)
        #expect(warm.warmStarted)
        #expect(!cold.warmStarted)
        #expect(try #require(warm.objectiveValue).isClose(to: try #require(cold.objectiveValue), relative: 1e-9))
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
    }

    @Test(arguments: warmStartBackends)
    func boundChangeReSolvesWarmWithFewerIterations(_ backend: SolverChoice) throws {
        var model = randomPackingLP(columns: 400, rows: 200, seed: 12)
        let solver = SolverFactory.make(backend)
        #expect(try solver.solve(model).isOptimal)
        var rng = SplitMix64(seed: 5)
        for i in stride(from: 0, to: model.rowCount, by: 5) {
            model.setBounds(Constraint(index: i), lower: -.infinity, upper: model.rowUpper[i] * rng.uniform(0.7, 0.95))
        }
        for j in stride(from: 0, to: model.columnCount, by: 11) {
            model.setBounds(Variable(index: j), lower: 0, upper: 3)
        }
        let warm = try solver.solve(model)
        let cold = try SolverFactory.make(backend).solve(model)
        #expect(warm.isOptimal && cold.isOptimal && warm.warmStarted)
        #expect(try #require(warm.objectiveValue).isClose(to: try #require(cold.objectiveValue), relative: 1e-9))
        #expect(warm.iterations < cold.iterations, "warm \(warm.iterations) vs cold \(cold.iterations)")
    }

    /// Added rows and columns between solves give what a fresh solve of the grown model gives.
    @Test(arguments: backends(forMILP: false))
    func addedRowsAndColumnsMatchAFreshSolve(_ backend: SolverChoice) throws {
        var model = randomPackingLP(columns: 120, rows: 60, seed: 21)
        let solver = SolverFactory.make(backend)
        #expect(try solver.solve(model).isOptimal)
        // A new column that uses existing rows, then new rows that use old and new columns.
        let extra = model.addVariable("extra", upper: 5, objective: 8,
                                      entries: [(Constraint(index: 0), 1.5), (Constraint(index: 3), 2)])
        model.addConstraint(Variable(index: 0) + Variable(index: 1) + extra <= 4, name: "new1")
        model.addConstraint(extra - Variable(index: 2) >= -1, name: "new2")
        model.setObjectiveCoefficient(Variable(index: 5), 0.5)
        let incremental = try solver.solve(model)
        let fresh = try SolverFactory.make(backend).solve(model)
        #expect(incremental.isOptimal && fresh.isOptimal)
        #expect(try #require(incremental.objectiveValue).isClose(to: try #require(fresh.objectiveValue), relative: 1e-9))
        #expect(kktViolations(model, incremental).isEmpty, "\(kktViolations(model, incremental).prefix(3))")
        // A model that is not an extension (fewer rows) reloads and is still right.
        let small = randomPackingLP(columns: 50, rows: 20, seed: 3)
        let again = try solver.solve(small)
        let freshSmall = try SolverFactory.make(backend).solve(small)
        #expect(try #require(again.objectiveValue).isClose(to: try #require(freshSmall.objectiveValue), relative: 1e-9))
    }

    /// Random LPs: every backend agrees with every other and satisfies the optimality conditions.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func randomLPsAgreeAcrossBackends(_ seed: UInt64) throws {
        var model = randomPackingLP(columns: 60, rows: 40, seed: seed)
        // Mix in ranged rows so more than one row type is exercised, keeping the LP feasible:
        // x̂ = t·1 satisfies every ≤ row for t = minᵢ bᵢ / Σⱼ aᵢⱼ, and each new lower bound
        // is half of x̂'s activity.
        let rowSums = model.rowActivities([Double](repeating: 1, count: model.columnCount))
        let t = min(10, zip(model.rowUpper, rowSums).map { $1 > 0 ? $0 / $1 : .infinity }.min() ?? 1)
        let activityAtXHat = model.rowActivities([Double](repeating: t, count: model.columnCount))
        for i in stride(from: 0, to: model.rowCount, by: 4) {
            model.setBounds(Constraint(index: i), lower: 0.5 * activityAtXHat[i], upper: model.rowUpper[i])
        }
        var objectives: [Double] = []
        for backend in backends(forMILP: false) {
            let s = try SolverFactory.make(backend).solve(model)
            #expect(s.isOptimal, "\(backend): \(s.termination)")
            objectives.append(try #require(s.objectiveValue))
            if s.duals != nil { #expect(kktViolations(model, s).isEmpty, "\(backend): \(kktViolations(model, s).prefix(3))") }
        }
        for o in objectives { #expect(o.isClose(to: objectives[0], relative: 1e-9)) }
    }
}

@Suite("Conformance: threads and limits")
struct ConcurrencyAndLimitTests {
    /// Several solves on several threads at once, each with its own solver and model.
    @Test(arguments: SolverFactory.backends)
    func concurrentSolvesOnSeveralThreads(_ backend: SolverChoice) throws {
        let lanes = 4
        let models = (0..<lanes).map { randomPackingLP(columns: 150, rows: 80, seed: UInt64(100 + $0)) }
        // Reference answers, solved one after another.
        var expected: [Double] = []
        for m in models { expected.append(try #require(try SolverFactory.make(backend).solve(m).objectiveValue)) }
        let results = ResultBox(count: lanes)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            // Each thread creates and uses its own solver: the confinement contract.
            var values: [Double] = []
            for _ in 0..<3 {
                if let s = try? SolverFactory.make(backend).solve(models[lane]), let o = s.objectiveValue { values.append(o) }
            }
            results.set(lane, values)
        }
        for lane in 0..<lanes {
            let values = results.get(lane)
            #expect(values.count == 3)
            for v in values { #expect(v.isClose(to: expected[lane], relative: 1e-9)) }
        }
    }

    /// A MILP stopped by its time limit says so; it is never reported optimal.
    @Test(arguments: backends(forMILP: true))
    func timeLimitIsReportedAsALimit(_ backend: SolverChoice) throws {
        // Market split (Cornuéjols–Dawande): equality knapsacks with 0/1 variables that
        // branch-and-bound cannot settle quickly.
        var rng = SplitMix64(seed: 2024)
        var model = Model(name: "market-split")
        let x = model.addVariables(count: 40, kind: .binary)
        for i in 0..<4 {
            let a = (0..<40).map { _ in Double(rng.next() % 100) }
            let rhs = (a.reduce(0, +) / 2).rounded(.down)
            let s = model.addVariable("s\(i)", lower: -.infinity, upper: .infinity)
            let t = model.addVariable("t\(i)", lower: 0)
            // a·x + s = rhs with |s| ≤ t, minimizing Σ t.
            var e = LinearExpression()
            for j in 0..<40 { e.add(x[j], a[j]) }
            model.addConstraint(e + s == rhs)
            model.addConstraint(t - s >= 0)
            model.addConstraint(t + s >= 0)
            model.setObjectiveCoefficient(t, 1)
        }
        let s = try SolverFactory.make(backend).solve(model, parameters: SolverParameters(timeLimit: 0.2, relativeMIPGap: 0))
        // Market split with 4 rows and 40 columns is far beyond 0.2 s of branch-and-bound:
        // the LP bound is 0 and integer points almost surely leave a positive residual.
        #expect(s.termination.reason == .timeLimit, "\(s.termination)")
        #expect(s.termination.hasFeasiblePoint == !s.values.isEmpty)
        if s.termination.hasFeasiblePoint {
            #expect(s.objectiveValue != nil)
            #expect(s.isOptimal == false)
        }
        #expect(s.seconds < 30)
    }
}

/// Thread-safe slots for results collected from concurrent lanes.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[Double]]
    init(count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [Double]) { lock.lock(); slots[i] = v; lock.unlock() }
    func get(_ i: Int) -> [Double] { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
