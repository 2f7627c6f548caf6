import LinearModel

/// Settings of a frontier computation.
///
/// **Tolerances** (all relative, dimensionless):
/// - ``lexicographicTolerance`` δ_rel: the second step of a lexicographic end point keeps the
///   first objective within `δ = δ_rel · max(1, |f*|)` of its optimum `f*` (a row bound
///   `T ≥ T* − δ` or `C ≤ C* + δ`). The default is 0: the bound is the optimum itself, which the
///   previous basis satisfies (the solver's own feasibility tolerance, about 1e-7 absolute in
///   GLPK and CLP, absorbs rounding), so the end point is exact. Should the second LP
///   nevertheless be reported infeasible, it is retried with δ_rel = 1e-9, 1e-7, then 1e-6 (the
///   end point's first objective is then exact to that δ), and if every retry is refused the
///   first step's optimum is the end point. A positive δ_rel trades exactness of
///   the end points (their first objective may be off by up to δ, and the other objective
///   correspondingly better) for robustness.
/// - ``improvementTolerance`` τ: a weighted-sum optimum is a new frontier point only when it
///   lies beyond the segment between its two neighbours by more than τ in the normalised plane
///   (T / T_scale, C / C_scale), with T_scale and C_scale the largest |T| and |C| of the end
///   points (1 when zero); points closer than τ to a known point, and points within τ of the
///   chord of their neighbours, are dropped. Extreme points closer than τ to the hull of the
///   others are therefore not reported.
public struct FrontierOptions: Sendable, Equatable {
    /// Relative slack δ_rel of the lexicographic bound (default 0: exact; see above).
    public var lexicographicTolerance: Double
    /// Relative improvement τ needed for a new frontier point (default 1e-9).
    public var improvementTolerance: Double
    /// Settings of every solve (warm start on by default; turn it off to measure cold solves).
    public var parameters: SolverParameters
    /// Safety net: the most solves one computation may make (default 10 000).
    public var solveLimit: Int

    /// Options with the documented defaults.
    public init(lexicographicTolerance: Double = 0, improvementTolerance: Double = 1e-9,
                parameters: SolverParameters = SolverParameters(), solveLimit: Int = 10_000) {
        self.lexicographicTolerance = lexicographicTolerance
        self.improvementTolerance = improvementTolerance
        self.parameters = parameters
        self.solveLimit = solveLimit
    }

    func validate() throws(FrontierError) {
        for (name, v) in [("lexicographicTolerance", lexicographicTolerance), ("improvementTolerance", improvementTolerance)]
        where !(v >= 0 && v < 1) {
            throw .invalidArgument(name: name, value: "\(v)", allowed: "a relative tolerance in [0, 1)")
        }
        guard solveLimit >= 4 else {
            throw .invalidArgument(name: "solveLimit", value: "\(solveLimit)", allowed: "at least 4 solves")
        }
    }
}

/// One solver and one working model, extended once with a throughput row and a carbon row, so
/// every later solve changes only the objective or those rows' bounds and warm-starts.
final class FrontierSession {
    let problem: BiObjectiveProblem
    let solver: any Solver
    let options: FrontierOptions
    var model: Model
    let throughputRow: Constraint
    let carbonRow: Constraint
    var log: [FrontierSolveRecord] = []

    init(problem: BiObjectiveProblem, solver: any Solver, options: FrontierOptions) throws(FrontierError) {
        try options.validate()
        try problem.validateObjectives()
        self.problem = problem
        self.solver = solver
        self.options = options
        var m = problem.model
        // Free rows holding the objectives' linear parts (constants live in the bounds we set).
        let t = problem.throughput.merged(), c = problem.carbon.merged()
        throughputRow = m.addRow(indices: t.indices, coefficients: t.coefficients, lower: -.infinity, upper: .infinity,
                                 name: "__frontier_throughput")
        carbonRow = m.addRow(indices: c.indices, coefficients: c.coefficients, lower: -.infinity, upper: .infinity,
                             name: "__frontier_carbon")
        model = m
    }

    func throughput(_ x: [Double]) -> Double { problem.throughput.evaluate(x) }
    func carbon(_ x: [Double]) -> Double { problem.carbon.evaluate(x) }

    /// Bounds the throughput row so that T ≥ `minimum` (nil: free).
    func setThroughputFloor(_ minimum: Double?) {
        model.setBounds(throughputRow, lower: minimum.map { $0 - problem.throughput.constant } ?? -.infinity, upper: .infinity)
    }

    /// Bounds the carbon row so that C ≤ `maximum` (nil: free).
    func setCarbonCap(_ maximum: Double?) {
        model.setBounds(carbonRow, lower: -.infinity, upper: maximum.map { $0 - problem.carbon.constant } ?? .infinity)
    }

    /// The lexicographic slack for an optimum `f`.
    func slack(_ f: Double) -> Double { options.lexicographicTolerance * max(1, abs(f)) }


    /// Runs a lexicographic second step with the first objective bounded by `bound(slack)`,
    /// retrying with wider slacks (1e-9, 1e-7, 1e-6 relative) when the solver calls the bound
    /// infeasible; when every retry is refused, the first step's optimum `first` (feasible, and
    /// optimal in the first objective) is the end point. Degenerate epoch LPs (copies of the same
    /// point for several classes) can put the first optimum on the solver's feasibility
    /// tolerance, where re-imposing it as a bound fails (seen on Llama-2-70B, 8 cards).
    func secondStep(_ f: Double, bound: (Double) -> Void, _ objective: LinearExpression, _ sense: ObjectiveSense,
                    step: FrontierStep, mipGap: Bool, first: [Double]) throws(FrontierError) -> [Double] {
        bound(slack(f))
        do {
            return try solve(objective, sense, step: step, mipGap: mipGap)
        } catch .infeasible {
            for rel in Self.retryTolerances {
                bound(max(options.lexicographicTolerance, rel) * max(1, abs(f)))
                do { return try solve(objective, sense, step: step, mipGap: mipGap) } catch .infeasible { continue }
            }
            return first
        }
    }

    /// δ_rel of the retries after a lexicographic second step reported infeasible.
    static let retryTolerances = [1e-9, 1e-7, 1e-6]

    /// Solves the working model with `objective`, logs it, and maps non-optimal outcomes to
    /// errors. Returns the optimal column values.
    func solve(_ objective: LinearExpression, _ sense: ObjectiveSense, step: FrontierStep,
               mipGap: Bool = false) throws(FrontierError) -> [Double] {
        guard log.count < options.solveLimit else { throw .solveLimitReached(log.count) }
        model.setObjective(objective, sense: sense)
        var parameters = options.parameters
        if mipGap && model.isMixedInteger && parameters.relativeMIPGap == nil { parameters.relativeMIPGap = 0 }
        let s: Solution
        do {
            s = try solver.solve(model, parameters: parameters)
        } catch {
            throw .solver(error, step: step)
        }
        log.append(FrontierSolveRecord(step: step, termination: s.termination.reason, iterations: s.iterations,
                                       nodes: s.nodes, warmStarted: s.warmStarted))
        switch s.termination.reason {
        case .optimal where s.values.count >= problem.model.columnCount:
            return Array(s.values.prefix(problem.model.columnCount))
        case .infeasible:
            throw .infeasible
        case .unbounded:
            // Only the first step of each end can be unbounded (later steps are bounded by the
            // end points); the step says which objective is.
            throw isThroughputStep(step) ? .unboundedThroughput : .unboundedCarbon
        default:
            throw .solveFailed(step: step, termination: s.termination)
        }
    }

    private func isThroughputStep(_ step: FrontierStep) -> Bool {
        switch step {
        case .maximizeThroughput, .maximizeThroughputAtMinimumCarbon, .maximizeThroughputWithinBudget: return true
        default: return false
        }
    }

    /// The lexicographic minimum-carbon end: min C, then max T with C ≤ C* + δ.
    func minimumCarbonEnd(mipGap: Bool = false) throws(FrontierError) -> FrontierPoint {
        setThroughputFloor(nil)
        setCarbonCap(nil)
        let x1 = try solve(problem.carbon, .minimize, step: .minimizeCarbon, mipGap: mipGap)
        let cStar = carbon(x1)
        let x2 = try secondStep(cStar, bound: { setCarbonCap(cStar + $0) }, problem.throughput, .maximize,
                                step: .maximizeThroughputAtMinimumCarbon, mipGap: mipGap, first: x1)
        setCarbonCap(nil)
        return FrontierPoint(throughput: throughput(x2), carbon: carbon(x2), values: x2,
                             foundBy: .maximizeThroughputAtMinimumCarbon)
    }

    /// The lexicographic maximum-throughput end: max T, then min C with T ≥ T* − δ.
    func maximumThroughputEnd(mipGap: Bool = false) throws(FrontierError) -> FrontierPoint {
        setThroughputFloor(nil)
        setCarbonCap(nil)
        let x1 = try solve(problem.throughput, .maximize, step: .maximizeThroughput, mipGap: mipGap)
        let tStar = throughput(x1)
        let x2 = try secondStep(tStar, bound: { setThroughputFloor(tStar - $0) }, problem.carbon, .minimize,
                                step: .minimizeCarbonAtMaximumThroughput, mipGap: mipGap, first: x1)
        setThroughputFloor(nil)
        return FrontierPoint(throughput: throughput(x2), carbon: carbon(x2), values: x2,
                             foundBy: .minimizeCarbonAtMaximumThroughput)
    }
}
