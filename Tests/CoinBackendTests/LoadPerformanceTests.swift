import Testing
import LinearModel
import CoinBackend

/// The benchmark's shape: ~150k columns, ~2.6k rows, ~600k nonzeros.
func benchmarkShapedLP() -> Model {
    let n = 150_000, m = 2_600, perColumn = 4
    var rng = SplitMix64(seed: 150_000)
    var rowColumns = [[Int]](repeating: [], count: m)
    var rowValues = [[Double]](repeating: [], count: m)
    var model = Model(name: "bench")
    model.reserveColumns(n)
    model.reserve(rows: m, nonzeros: n * perColumn)
    for j in 0..<n {
        model.addVariable(lower: 0, upper: 1, objective: rng.unit())
        let first = Int(rng.next() % UInt64(m))
        for k in 0..<perColumn {  // distinct rows: first + k·653 mod 2600 (653 is prime to 2600)
            let i = (first + k * 653) % m
            rowColumns[i].append(j)
            rowValues[i].append(0.5 + rng.unit())
        }
    }
    for i in 0..<m {
        model.addRow(indices: rowColumns[i], coefficients: rowValues[i], lower: -.infinity, upper: 50)
    }
    model.sense = .maximize
    return model
}

@Suite("Load performance")
struct LoadPerformanceTests {
    /// Loads the benchmark-shaped LP into CLP (iteration limit 0, so the solve itself is
    /// nothing) and reports the load time. The bound is generous: this also runs in debug
    /// builds on shared cores; the release figure is in the backend's report.
    @Test func benchmarkShapedLoad() throws {
        let model = benchmarkShapedLP()
        #expect(model.columnCount == 150_000 && model.rowCount == 2_600 && model.nonzeroCount == 600_000)
        let s = try CLPSolver().solve(model, parameters: SolverParameters(iterationLimit: 0, presolve: false,
                                                                          algorithm: .dualSimplex))
        print("CLP load of 150k×2.6k, 600k nnz: \(s.loadSeconds) s (whole call \(s.seconds) s)")
        #expect(s.termination.reason == .iterationLimit || s.termination.reason == .optimal)
        #expect(s.iterations == 0)
        #expect(s.loadSeconds > 0 && s.loadSeconds < 15)
    }

    /// CLP's time limit (CPU seconds, see CLPSolver) on an LP that needs far longer.
    @Test func clpTimeLimit() throws {
        let model = benchmarkShapedLP()
        let s = try CLPSolver().solve(model, parameters: SolverParameters(timeLimit: 0.05, presolve: false,
                                                                          algorithm: .primalSimplex))
        #expect(s.termination.reason == .timeLimit)
        #expect(s.termination.detail.contains("secondary 9"))
        #expect(s.values.isEmpty == (s.termination.primal == .none))
    }
}
