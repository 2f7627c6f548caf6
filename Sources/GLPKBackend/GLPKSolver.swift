import CGLPK
import GLPKGuard
import LinearModel

/// The GLPK 5 backend: LP by primal or dual simplex or interior point, MILP by branch-and-bound.
///
/// **Thread confinement.** GLPK keeps its environment (memory, terminal output, error hook)
/// in thread-local storage, and a `glp_prob` belongs to the environment of the thread that
/// created it. An instance is therefore confined to the thread that created it: ``solve(_:parameters:)``
/// and ``sensitivity()`` called from any other thread throw ``SolverError/notAllowedNow(_:)``
/// without touching GLPK. The class is deliberately not `Sendable`. Several instances may run
/// at the same time on different threads; instances on one thread share that thread's
/// environment, which is freed when the last of them is deinitialized.
///
/// **Lifetime.** `deinit` deletes the `glp_prob` when it runs on the creating thread. If the
/// last reference is dropped on another thread, GLPK must not be touched there, so the problem
/// object (and the creating thread's environment reference) is leaked rather than freed on the
/// wrong thread.
///
/// **Settings.** Settings GLPK cannot honour are rejected with
/// ``SolverError/unsupported(setting:backend:reason:)`` (see ``capabilities``): any node limit;
/// a MIP gap on a pure LP; an iteration limit on a MILP; interior point on a MILP or together
/// with a time limit, iteration limit or presolve. The time limit covers the whole call
/// (loading included); for a MILP, the LP relaxation and branch-and-bound share it.
///
/// **MILP.** Without presolve (the default) the LP relaxation is solved first with simplex, so
/// an infeasible relaxation is reported as `.infeasible` and an unbounded one as
/// `.infeasibleOrUnbounded`; then `glp_intopt` runs from that basis. A MILP stopped by the
/// relative gap (`GLP_EMIPGAP`) is reported `.optimal`: optimal within the requested gap.
/// ``Solution/bestBound`` comes from the best active node seen by a branch-and-bound callback.
///
/// **Errors inside GLPK** are caught by a C guard (setjmp/`glp_error_hook`, never crossing
/// Swift frames); the thread's GLPK environment is then reset, this instance reloads on its
/// next solve, and the call throws ``SolverError/backendFailure(backend:message:)``.
public final class GLPKSolver: Solver {
    /// Always "glpk".
    public let name = "glpk"

    /// LP and MILP; primal, dual and interior point; ranging; a presolve switch; no node limit.
    public var capabilities: SolverCapabilities {
        SolverCapabilities(linearPrograms: true, integerVariables: true,
                           algorithms: [.primalSimplex, .dualSimplex, .interiorPoint],
                           sensitivityRanging: true, nodeLimit: false, presolveSwitch: true)
    }

    /// Whether sensitivity ranging is possible, and if not, why.
    enum RangingState {
        case available
        case unavailable(String)
    }

    private let creatorToken: UInt64
    /// glp_init_env's result on the creating thread (0 or 1 means ready).
    private let environmentCode: Int32
    private var problem: OpaquePointer?
    /// Environment generation when `problem` was created; a later reset frees it.
    private var problemGeneration: UInt64 = 0
    /// The model currently loaded in `problem`.
    private var lastModel: Model?
    /// Whether `problem` holds a basis from an earlier simplex run on the loaded data.
    private var hasBasis = false
    /// The factor the loaded objective carries (``ObjectiveScaling``); results are divided by it.
    private var objectiveScale = 1.0
    private var ranging = RangingState.unavailable("no model has been solved yet")

    /// Creates a solver bound to the calling thread. Initializes this thread's GLPK
    /// environment if needed; a failure there is reported by the first ``solve(_:parameters:)``.
    public init() {
        creatorToken = epof_glpk_thread_token()
        environmentCode = epof_glpk_retain_env()
    }

    deinit {
        guard epof_glpk_thread_token() == creatorToken else { return }  // leak: see class docs
        if let problem, problemGeneration == epof_glpk_generation() { glp_delete_prob(problem) }
        if environmentCode == 0 || environmentCode == 1 { epof_glpk_release_env() }
    }

    /// Whether a native problem object currently exists (for tests: invalid input never
    /// creates one).
    var hasNativeProblem: Bool { problem != nil }

    private func checkThread() throws(SolverError) {
        guard epof_glpk_thread_token() == creatorToken else {
            throw .notAllowedNow("a GLPKSolver must be used on the thread that created it")
        }
        guard environmentCode == 0 || environmentCode == 1 else {
            throw .backendFailure(backend: name, message: "glp_init_env failed with code \(environmentCode)")
        }
    }

    /// The native problem, recreated when an error reset the environment.
    private func nativeProblem() throws(SolverError) -> OpaquePointer {
        if problem != nil && problemGeneration != epof_glpk_generation() { forgetProblem(deleting: false) }
        if let problem { return problem }
        guard let p = glp_create_prob() else {
            throw .backendFailure(backend: name, message: "glp_create_prob failed")
        }
        problem = p
        problemGeneration = epof_glpk_generation()
        return p
    }

    private func forgetProblem(deleting: Bool) {
        if deleting, let problem, problemGeneration == epof_glpk_generation() { glp_delete_prob(problem) }
        problem = nil
        lastModel = nil
        hasBasis = false
    }

    /// A GLPK call raised an error: the environment (and our problem) is gone.
    private func guardTripped(_ what: String) -> SolverError {
        forgetProblem(deleting: false)
        ranging = .unavailable("GLPK failed during the last solve")
        return .backendFailure(backend: name, message: "GLPK raised an internal error in \(what); its state was reset")
    }

    /// Validates `model` and `parameters`, loads the model (only the changes when it extends
    /// the previously solved one) and solves it. See the class documentation for settings,
    /// MILP behaviour and warm starts.
    public func solve(_ model: Model, parameters: SolverParameters) throws(SolverError) -> Solution {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        try checkThread()
        try parameters.validate()
        do { try model.validate() } catch { throw .invalidModel(error) }
        try GLPKParameters.checkSupported(model, parameters)
        ranging = .unavailable("the last solve did not finish")
        // Per-thread switch; set before loading because scaling reports too.
        glp_term_out(parameters.verbosity == .silent ? GLP_OFF : GLP_ON)

        let P = try nativeProblem()
        var changes: ModelChanges?
        if let last = lastModel { changes = ModelChanges.between(last, model) }
        let scale = ObjectiveScaling.factor(for: model.objective)
        do {
            if let changes {
                try GLPKLoading.apply(changes, to: P, model, objectiveScale: scale, previousScale: objectiveScale)
            } else {
                try GLPKLoading.loadAll(P, model, objectiveScale: scale)
                hasBasis = false
            }
        } catch {
            if problemGeneration != epof_glpk_generation() { throw guardTripped("loading") }
            forgetProblem(deleting: true)
            throw .backendFailure(backend: name, message: error.message)
        }
        lastModel = model
        objectiveScale = scale
        let loadSeconds = elapsed()
        // Matrix scaling is part of solving (it is what glpsol does before simplex): once per
        // full load; rows and columns added later keep factor 1.
        if changes == nil { glp_scale_prob(P, GLP_SF_AUTO) }

        var remaining: Double? { parameters.timeLimit.map { $0 - elapsed() } }
        var solution: Solution
        if parameters.algorithm == .interiorPoint {
            solution = try solveInterior(P, model, parameters)
        } else if model.isMixedInteger {
            solution = try solveMILP(P, model, parameters, changes, remaining: { remaining })
        } else {
            solution = try solveLP(P, model, parameters, changes, remaining: remaining)
        }
        solution.loadSeconds = loadSeconds
        solution.seconds = elapsed()
        return solution
    }

    /// Ranging for the last solve, which must have been an optimal simplex solve of an LP.
    /// See ``GLPKSensitivity`` for the meaning of each range.
    public func sensitivity() throws(SolverError) -> SensitivityReport {
        try checkThread()
        guard case .available = ranging, let P = problem, let model = lastModel else {
            if case let .unavailable(why) = ranging { throw .notAllowedNow(why) }
            throw .notAllowedNow("no optimal LP basis is available")
        }
        do {
            return try GLPKSensitivity.report(P, model, objectiveScale: objectiveScale)
        } catch {
            if problemGeneration != epof_glpk_generation() { throw guardTripped("sensitivity analysis") }
            throw .backendFailure(backend: name, message: error.message)
        }
    }

    // MARK: Simplex

    /// The simplex method for a solve: the caller's choice, else primal after an
    /// objective-only change and dual after bound/right-hand-side changes when warm starting,
    /// else primal (GLPK's default).
    private func method(_ parameters: SolverParameters, _ changes: ModelChanges?, warm: Bool) -> LPAlgorithm {
        if let a = parameters.algorithm { return a }
        guard warm, let changes, !changes.isEmpty else { return .primalSimplex }
        if changes.onlyObjective { return .primalSimplex }
        if changes.keepsDualFeasibility { return .dualSimplex }
        return .primalSimplex
    }

    /// Runs glp_simplex from the kept basis when allowed, else from the standard basis; a
    /// kept basis that GLPK rejects (invalid or singular) is replaced by the standard one once.
    private func runSimplex(_ P: OpaquePointer, _ parameters: SolverParameters, _ changes: ModelChanges?,
                            presolve: Bool, timeLimit: Double?) throws(SolverError)
        -> (rc: Int32, warm: Bool, iterations: Int) {
        var warm = parameters.warmStart && !presolve && hasBasis && lastModel != nil
        if !warm { glp_std_basis(P) }
        let meth = method(parameters, changes, warm: warm)
        glp_set_it_cnt(P, 0)
        var parm = GLPKParameters.simplex(parameters, method: meth, presolve: presolve, timeLimit: timeLimit)
        var rc: Int32 = 0
        if epof_glpk_simplex(P, &parm, &rc) != 0 { throw guardTripped("glp_simplex") }
        if warm && (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
            glp_std_basis(P)
            warm = false
            if epof_glpk_simplex(P, &parm, &rc) != 0 { throw guardTripped("glp_simplex") }
        }
        hasBasis = rc != GLP_EBADB
        return (rc, warm, Int(glp_get_it_cnt(P)))
    }

    private func solveLP(_ P: OpaquePointer, _ model: Model, _ parameters: SolverParameters,
                         _ changes: ModelChanges?, remaining: Double?) throws(SolverError) -> Solution {
        let presolve = parameters.presolve ?? false
        if let r = remaining, r <= 0 {
            return Solution(termination: Termination(reason: .timeLimit, primal: .none, detail: "time limit reached while loading"),
                            solverName: name)
        }
        let run = try runSimplex(P, parameters, changes, presolve: presolve, timeLimit: remaining)
        let termination = GLPKStatus.simplex(returnCode: run.rc, primal: glp_get_prim_stat(P), dual: glp_get_dual_stat(P))
        var s = readBasic(P, model, termination)
        s.iterations = run.iterations
        s.warmStarted = run.warm
        if termination.reason == .optimal {
            s.bestBound = s.objectiveValue
            ranging = .available
        } else {
            ranging = .unavailable("the last LP solve ended \(termination.reason.rawValue), not optimal")
        }
        return s
    }

    /// The basic solution in `P`, with points only where GLPK says they exist.
    private func readBasic(_ P: OpaquePointer, _ model: Model, _ termination: Termination) -> Solution {
        var s = Solution(termination: termination, solverName: name)
        let m = model.rowCount, n = model.columnCount
        if termination.primal != .none {
            s.values = (0..<n).map { glp_get_col_prim(P, Int32($0 + 1)) }
            s.rowActivities = (0..<m).map { glp_get_row_prim(P, Int32($0 + 1)) }
            s.objectiveValue = glp_get_obj_val(P) / objectiveScale
        }
        if termination.dual != .none {
            // GLPK's duals are derivatives of the objective as stated (not of its minimization
            // form), which is this package's convention for both senses.
            s.duals = (0..<m).map { glp_get_row_dual(P, Int32($0 + 1)) / objectiveScale }
            s.reducedCosts = (0..<n).map { glp_get_col_dual(P, Int32($0 + 1)) / objectiveScale }
        }
        if glp_get_status(P) != GLP_UNDEF {
            s.basis = Basis(columns: (0..<n).map { Self.basisStatus(glp_get_col_stat(P, Int32($0 + 1))) },
                            rows: (0..<m).map { Self.basisStatus(glp_get_row_stat(P, Int32($0 + 1))) })
        }
        return s
    }

    static func basisStatus(_ stat: Int32) -> BasisStatus {
        switch stat {
        case GLP_BS: return .basic
        case GLP_NL: return .atLower
        case GLP_NU: return .atUpper
        case GLP_NS: return .fixed
        default: return .free
        }
    }

    // MARK: MILP

    private func solveMILP(_ P: OpaquePointer, _ model: Model, _ parameters: SolverParameters,
                           _ changes: ModelChanges?, remaining: () -> Double?) throws(SolverError) -> Solution {
        let presolve = parameters.presolve ?? false
        ranging = .unavailable("sensitivity ranging is not defined for a MILP")
        var iterations = 0
        var warm = false
        func stoppedBeforeStart() -> Solution {
            Solution(termination: Termination(reason: .timeLimit, primal: .none, detail: "time limit reached before branch-and-bound"),
                     iterations: iterations, solverName: name, warmStarted: warm)
        }
        if !presolve {
            // glp_intopt without presolve needs an optimal relaxation basis; solving it here
            // also tells an infeasible relaxation from an unbounded one.
            if let r = remaining(), r <= 0 { return stoppedBeforeStart() }
            let run = try runSimplex(P, parameters, changes, presolve: false, timeLimit: remaining())
            iterations = run.iterations
            warm = run.warm
            let relaxed = GLPKStatus.simplex(returnCode: run.rc, primal: glp_get_prim_stat(P), dual: glp_get_dual_stat(P))
            if relaxed.reason != .optimal {
                let reason: TerminationReason
                switch relaxed.reason {
                case .infeasible: reason = .infeasible
                case .unbounded, .infeasibleOrUnbounded: reason = .infeasibleOrUnbounded
                default: reason = relaxed.reason
                }
                return Solution(termination: Termination(reason: reason, primal: .none,
                                                         detail: "LP relaxation: \(relaxed.detail)"),
                                iterations: iterations, solverName: name, warmStarted: warm)
            }
        }
        if let r = remaining(), r <= 0 { return stoppedBeforeStart() }
        var parm = GLPKParameters.intopt(parameters, presolve: presolve, timeLimit: remaining())
        var progress = epof_mip_progress(best_node_bound: 0, has_bound: 0, nodes: 0)
        var rc: Int32 = 0
        let before = Int(glp_get_it_cnt(P))
        if epof_glpk_intopt(P, &parm, &rc, &progress) != 0 { throw guardTripped("glp_intopt") }
        iterations += max(0, Int(glp_get_it_cnt(P)) - before)
        let termination = GLPKStatus.intopt(returnCode: rc, mipStatus: glp_mip_status(P))
        var s = Solution(termination: termination, iterations: iterations, nodes: Int(progress.nodes),
                         solverName: name, warmStarted: warm)
        if termination.primal == .feasible {
            s.values = (0..<model.columnCount).map { glp_mip_col_val(P, Int32($0 + 1)) }
            s.rowActivities = (0..<model.rowCount).map { glp_mip_row_val(P, Int32($0 + 1)) }
            s.objectiveValue = glp_mip_obj_val(P) / objectiveScale
        }
        progress.best_node_bound /= objectiveScale
        s.bestBound = Self.bestBound(termination: termination, returnCode: rc, objective: s.objectiveValue,
                                     progress: progress, minimize: model.sense == .minimize)
        return s
    }

    /// The best proven bound: the objective when search finished, else the best active node's
    /// bound (capped by the incumbent), else nil.
    static func bestBound(termination: Termination, returnCode rc: Int32, objective: Double?,
                          progress: epof_mip_progress, minimize: Bool) -> Double? {
        if rc == 0 && termination.reason == .optimal { return objective }
        guard termination.reason == .optimal || termination.reason.isLimit || termination.reason == .interrupted else { return nil }
        var bound: Double? = progress.has_bound != 0 && progress.best_node_bound.isFinite
            && abs(progress.best_node_bound) < Double.greatestFiniteMagnitude ? progress.best_node_bound : nil
        if let b = bound, let o = objective { bound = minimize ? min(b, o) : max(b, o) }
        return bound
    }

    // MARK: Interior point

    private func solveInterior(_ P: OpaquePointer, _ model: Model, _ parameters: SolverParameters) throws(SolverError) -> Solution {
        ranging = .unavailable("sensitivity ranging needs a simplex basis; the last solve used the interior-point method")
        var parm = GLPKParameters.interior(parameters)
        var rc: Int32 = 0
        glp_set_it_cnt(P, 0)
        if epof_glpk_interior(P, &parm, &rc) != 0 { throw guardTripped("glp_interior") }
        let status = glp_ipt_status(P)
        let termination = GLPKStatus.interior(returnCode: rc, status: status)
        var s = Solution(termination: termination, iterations: Int(glp_get_it_cnt(P)), solverName: name)
        let m = model.rowCount, n = model.columnCount
        if termination.primal != .none {
            s.values = (0..<n).map { glp_ipt_col_prim(P, Int32($0 + 1)) }
            s.rowActivities = (0..<m).map { glp_ipt_row_prim(P, Int32($0 + 1)) }
            s.objectiveValue = glp_ipt_obj_val(P) / objectiveScale
        }
        if termination.dual != .none {
            s.duals = (0..<m).map { glp_ipt_row_dual(P, Int32($0 + 1)) / objectiveScale }
            s.reducedCosts = (0..<n).map { glp_ipt_col_dual(P, Int32($0 + 1)) / objectiveScale }
        }
        if termination.reason == .optimal { s.bestBound = s.objectiveValue }
        return s
    }
}
