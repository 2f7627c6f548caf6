import CClp
import LinearModel

/// COIN-OR CLP (simplex and barrier LP solver) behind the ``Solver`` protocol.
///
/// **Thread confinement.** An instance owns a native `Clp_Simplex` and is confined to the
/// thread that created it; it is deliberately not `Sendable`. Several instances may solve at
/// the same time on different threads, each with its own model (CLP keeps no global state for
/// a solve). The native object is freed in `deinit`.
///
/// **What it supports.** Continuous LPs only: a model with integer or binary columns is
/// rejected (use ``CBCSolver``). Primal simplex, dual simplex and barrier (with crossover, so
/// a basis and duals are reported), a presolve switch, time and iteration limits. No MIP gap
/// or node limit (rejected), no sensitivity ranging (the C interface has none).
///
/// **Incremental solves and warm start.** The solver keeps the `Clp_Simplex` and a copy of the
/// last model. When ``ModelChanges/between(_:_:)`` finds the new model to be an extension of
/// the last one and ``SolverParameters/warmStart`` is on, presolve is not forced on and the
/// algorithm is not barrier, only the changes are applied (`Clp_chg*`,
/// `Clp_setOptimizationDirection`, `Clp_addColumns`, `Clp_addRows`) and CLP re-solves from its
/// status arrays: with the requested simplex, or (algorithm nil) primal simplex after an
/// objective-only change (the basis stays primal feasible) and dual simplex when
/// ``ModelChanges/keepsDualFeasibility`` (bounds, right-hand sides, new rows). Otherwise the
/// model is loaded into a fresh `Clp_Simplex` and solved cold with `Clp_initialSolveWithOptions`
/// (algorithm nil: primal simplex when the LP has at least four times as many columns as
/// rows, else CLP's automatic choice; presolve nil: CLP's default, on).
///
/// **Objective scaling.** The objective is handed to CLP multiplied by
/// ``ObjectiveScaling/factor(for:)`` and results are divided by it, so tiny normalised costs
/// are not lost in CLP's absolute optimality tolerance.
///
/// **Signs.** Unscaled, CLP reports duals and reduced costs in the model's own sense
/// (dual = ∂objective/∂rhs, reduced cost = ∂objective/∂column bound), for minimization and
/// maximization alike; they are passed through unchanged (verified by the
/// `dualSignsMinimize` / `dualSignsMaximize` tests and, against the definition, by
/// `dualsMatchFiniteDifferences`, which shifts each bound by δ and re-solves).
///
/// **Time limit.** The C interface only offers `Clp_setMaximumSeconds`, which CLP measures in
/// process CPU time from the moment it is set (set just before the solve).
public final class CLPSolver: Solver {
    /// "clp".
    public let name = "clp"

    /// LP only; primal, dual and barrier; presolve switch; no ranging, no node limit.
    public var capabilities: SolverCapabilities { Self.supported }

    static let supported = SolverCapabilities(
        linearPrograms: true, integerVariables: false,
        algorithms: [.primalSimplex, .dualSimplex, .interiorPoint],
        sensitivityRanging: false, nodeLimit: false, presolveSwitch: true)

    /// The native simplex object holding `loaded`; nil before the first solve.
    private var simplex: UnsafeMutableRawPointer?
    /// The model `simplex` currently holds.
    private var loaded: Model?
    /// Whether `simplex` has status arrays from a finished run that a re-solve may start from.
    private var hasBasis = false
    /// The factor the loaded objective carries (``ObjectiveScaling``); results are divided by it.
    private var objectiveScale = 1.0
    /// The name reported in solutions (CBC reuses this class for continuous models).
    let reportedName: String
    /// Whether a native simplex object exists (tests check rejected solves never create one).
    var hasNativeModel: Bool { simplex != nil }

    /// A CLP solver. Creates no native state until the first solve.
    public init() { reportedName = "clp" }

    init(reportedName: String) { self.reportedName = reportedName }

    deinit {
        if let simplex { Clp_deleteModel(simplex) }
    }

    /// CLP's C interface exposes no ranging, so this always throws
    /// ``SolverError/unsupported(setting:backend:reason:)``.
    public func sensitivity() throws(SolverError) -> SensitivityReport {
        throw .unsupported(setting: "sensitivity ranging", backend: name,
                           reason: "the COIN-OR CLP C interface exposes no ranging")
    }

    /// Validates, loads or updates the model, solves, and reads the result back. See the type's
    /// documentation for warm starts and ``CoinStatus/clp(_:)`` for the status mapping.
    public func solve(_ model: Model, parameters: SolverParameters) throws(SolverError) -> Solution {
        let start = ContinuousClock.now
        try parameters.validate()
        try Self.checkParameters(parameters, backend: reportedName)
        try validateModel(model)
        if model.isMixedInteger {
            throw .unsupported(setting: "integer variables", backend: reportedName,
                               reason: "CLP solves LPs; use cbc or glpk")
        }

        // Load, or apply the changes since the last solve.
        let canWarm = parameters.warmStart && parameters.presolve != true
            && parameters.algorithm != .interiorPoint
        var changes: ModelChanges?
        let scale = ObjectiveScaling.factor(for: model.objective)
        if canWarm, hasBasis, let simplex, let old = loaded, let c = ModelChanges.between(old, model) {
            clpApply(c, old: old, new: model, to: simplex, objectiveScale: scale, previousScale: objectiveScale)
            changes = c
        } else {
            if let simplex { Clp_deleteModel(simplex) }
            let fresh: UnsafeMutableRawPointer = Clp_newModel()
            simplex = fresh
            hasBasis = false
            Clp_setLogLevel(fresh, 0)  // silence the load itself
            clpLoad(fresh, model, objectiveScale: scale)
        }
        loaded = model
        objectiveScale = scale
        guard let simplex else {
            throw .backendFailure(backend: reportedName, message: "Clp_newModel returned NULL")
        }
        let loadSeconds = seconds(since: start)

        // Settings: set every time, since the object outlives one solve.
        Clp_setLogLevel(simplex, coinLogLevel(parameters.verbosity))
        Clp_setMaximumIterations(simplex, Int32(clamping: parameters.iterationLimit ?? Int(Int32.max)))
        Clp_setMaximumSeconds(simplex, parameters.timeLimit ?? -1)

        if let changes {
            let primal: Bool
            switch parameters.algorithm {
            case .primalSimplex: primal = true
            case .dualSimplex: primal = false
            default: primal = !changes.keepsDualFeasibility || changes.isEmpty
            }
            // ifValuesPass 0: start from the status arrays CLP kept.
            _ = primal ? Clp_primal(simplex, 0) : Clp_dual(simplex, 0)
        } else {
            let options: UnsafeMutableRawPointer = ClpSolve_new()
            defer { ClpSolve_delete(options) }
            // ClpSolve::SolveType: 0 dual, 1 primal, 3 barrier (with crossover), 5 automatic.
            switch parameters.algorithm {
            case .dualSimplex: ClpSolve_setSolveType(options, 0, -1)
            case .primalSimplex: ClpSolve_setSolveType(options, 1, -1)
            case .interiorPoint: ClpSolve_setSolveType(options, 3, -1)
            case nil:
                // CLP's automatic choice is dual simplex, which on column-rich LPs (the epoch LP
                // has ~57 columns per row) needs 15× the iterations of primal simplex (measured:
                // 93k vs 6.3k, 5.1 s vs 0.7 s on the 8×96 benchmark). Primal's iteration count
                // grows with the rows, so it is the better cold start when columns dominate.
                if model.columnCount >= 4 * model.rowCount { ClpSolve_setSolveType(options, 1, -1) }
            }
            // ClpSolve::PresolveType: 0 on, 1 off.
            if let p = parameters.presolve { ClpSolve_setPresolveType(options, p ? 0 : 1, -1) }
            _ = Clp_initialSolveWithOptions(simplex, options)
        }
        hasBasis = Clp_statusExists(simplex) != 0

        var solution = readSolution(simplex, model, parameters)
        solution.warmStarted = changes != nil
        solution.loadSeconds = loadSeconds
        solution.seconds = seconds(since: start)
        return solution
    }

    /// Settings CLP cannot honour.
    static func checkParameters(_ p: SolverParameters, backend: String) throws(SolverError) {
        if p.relativeMIPGap != nil {
            throw .unsupported(setting: "relativeMIPGap", backend: backend,
                               reason: "CLP solves LPs; a MIP gap has no meaning")
        }
        if p.nodeLimit != nil {
            throw .unsupported(setting: "nodeLimit", backend: backend,
                               reason: "CLP solves LPs; there is no branch-and-bound tree")
        }
    }

    private func readSolution(_ simplex: UnsafeMutableRawPointer, _ model: Model,
                              _ parameters: SolverParameters) -> Solution {
        let n = model.columnCount, m = model.rowCount
        let status = Clp_status(simplex)
        let values = copyDoubles(Clp_getColSolution(simplex), n)
        let activities = copyDoubles(Clp_getRowActivity(simplex), m)
        // CLP works on the scaled objective: its duals and reduced costs carry the factor.
        let duals = copyDoubles(Clp_getRowPrice(simplex), m).map { $0 / objectiveScale }
        let reducedCosts = copyDoubles(Clp_getReducedCost(simplex), n).map { $0 / objectiveScale }
        let basis = Clp_statusExists(simplex) != 0 ? readBasis(simplex, model) : nil
        let primalOK = isPrimalFeasible(model, values: values, activities: activities)
        let dualOK = basis.map { isDualFeasible(model, basis: $0, reducedCosts: reducedCosts, duals: duals) } ?? false
        let termination = CoinStatus.clp(.init(
            status: status, secondary: Clp_secondaryStatus(simplex),
            pointIsPrimalFeasible: primalOK, pointIsDualFeasible: dualOK,
            iterationLimitSet: parameters.iterationLimit != nil, timeLimitSet: parameters.timeLimit != nil))

        var s = Solution(termination: termination, solverName: reportedName)
        s.iterations = Int(Clp_numberIterations(simplex))
        guard termination.primal != .none else { return s }
        s.values = values
        s.rowActivities = activities
        s.basis = basis
        if termination.reason == .optimal {
            // Clp_objectiveValue is in the model's sense; the constant is ours (not COIN's offset).
            let objective = Clp_objectiveValue(simplex) / objectiveScale + model.objectiveConstant
            s.objectiveValue = objective
            s.bestBound = objective
        } else {
            s.objectiveValue = model.objectiveValue(values)
        }
        if termination.dual != .none {
            s.duals = duals
            s.reducedCosts = reducedCosts
        }
        return s
    }

    private func readBasis(_ simplex: UnsafeMutableRawPointer, _ model: Model) -> Basis {
        var columns = [BasisStatus]()
        columns.reserveCapacity(model.columnCount)
        for j in 0..<model.columnCount {
            columns.append(CoinStatus.basisStatus(Clp_getColumnStatus(simplex, Int32(j)),
                                                  lower: model.columnLower[j], upper: model.columnUpper[j]))
        }
        var rows = [BasisStatus]()
        rows.reserveCapacity(model.rowCount)
        for i in 0..<model.rowCount {
            rows.append(CoinStatus.basisStatus(Clp_getRowStatus(simplex, Int32(i)),
                                               lower: model.rowLower[i], upper: model.rowUpper[i]))
        }
        return Basis(columns: columns, rows: rows)
    }
}
