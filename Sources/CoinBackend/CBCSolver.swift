import CCbc
import Foundation
import LinearModel

/// Serializes CBC's `CbcMain0`/`CbcMain1` (run by `Cbc_newModel`/`Cbc_solve`): in CBC 2.10 they
/// keep process-global state and are not safe to run on two threads at once
/// (coin-or/Cbc#332). Without this lock the concurrency test gets wrong statuses from CBC in
/// most runs here. CLP solves are not affected.
private let cbcMainLock = NSLock()

/// COIN-OR CBC (branch-and-cut MILP solver) behind the ``Solver`` protocol.
///
/// **Thread confinement.** An instance is confined to the thread that created it; it is
/// deliberately not `Sendable`. Several instances may be used on several threads at once, each
/// with its own model. Because CBC 2.10's driver (`CbcMain1`, which `Cbc_solve` runs) keeps
/// process-global state, branch-and-bound solves of different instances are serialized by a
/// process-wide lock: concurrent use is safe but MILP solves do not overlap. Native objects
/// are created per solve and freed before `solve` returns; the LP helper is freed in `deinit`.
///
/// **Models.** With integer or binary columns, the model is loaded into a fresh `Cbc_Model`
/// on every solve (CBC's C interface does not allow modifying a model after `Cbc_solve`, so
/// there is no incremental path and ``Solution/warmStarted`` is false). Without integer
/// columns, CBC's C interface would only call CLP's `initialSolve` on its internal
/// `OsiClpSolverInterface` and exposes no row duals; this class instead hands the LP to an
/// internal ``CLPSolver`` (the same LP engine), so an LP solved "by cbc" reports duals,
/// reduced costs, a basis, honours time and iteration limits and warm starts. MIP-only
/// settings (``SolverParameters/relativeMIPGap``, ``SolverParameters/nodeLimit``) are trivially
/// satisfied by an LP and accepted.
///
/// **Settings.** Time limit (`Cbc_setMaximumSeconds`, wall clock via `-timeMode elapsed`),
/// relative MIP gap (`-ratioGap`), node limit (`Cbc_setMaximumNodes`), presolve switch
/// (`false` → `-presolve off -preprocess off`). Rejected with
/// ``SolverError/unsupported(setting:backend:reason:)``: barrier (always), primal simplex and
/// iteration limits on a MILP (CBC's branch-and-bound re-solves node LPs with dual simplex and
/// its C interface offers no switch for either), sensitivity ranging.
public final class CBCSolver: Solver {
    /// "cbc".
    public let name = "cbc"

    /// MILP and LP; primal and dual simplex (primal for LPs only); node limit; presolve
    /// switch; no barrier, no ranging.
    public var capabilities: SolverCapabilities { Self.supported }

    static let supported = SolverCapabilities(
        linearPrograms: true, integerVariables: true,
        algorithms: [.primalSimplex, .dualSimplex],
        sensitivityRanging: false, nodeLimit: true, presolveSwitch: true)

    /// Solves continuous models; created on first use.
    private var lpSolver: CLPSolver?
    /// Native CBC models created so far (tests check rejected solves never create one).
    private(set) var nativeModelsCreated = 0
    /// Whether any native object was created (CBC model or the LP helper's CLP model).
    var hasNativeModel: Bool { nativeModelsCreated > 0 || lpSolver?.hasNativeModel == true }

    /// A CBC solver. Creates no native state until the first solve.
    public init() {}

    /// CBC's C interface exposes no ranging, so this always throws
    /// ``SolverError/unsupported(setting:backend:reason:)``.
    public func sensitivity() throws(SolverError) -> SensitivityReport {
        throw .unsupported(setting: "sensitivity ranging", backend: name,
                           reason: "the COIN-OR CBC C interface exposes no ranging")
    }

    /// Validates, then solves a MILP with CBC's branch-and-cut or an LP with CLP (see the
    /// type's documentation). The status mapping is in ``CoinStatus/cbc(_:)``.
    public func solve(_ model: Model, parameters: SolverParameters) throws(SolverError) -> Solution {
        let start = ContinuousClock.now
        try parameters.validate()
        if parameters.algorithm == .interiorPoint {
            throw .unsupported(setting: "algorithm barrier", backend: name,
                               reason: "CBC has no interior-point method; use clp")
        }
        guard model.isMixedInteger else {
            // CLPSolver validates the parameters and the model before touching CLP.
            var lpParameters = parameters
            lpParameters.relativeMIPGap = nil  // no branching: both are satisfied by construction
            lpParameters.nodeLimit = nil
            let lp = lpSolver ?? CLPSolver(reportedName: name)
            lpSolver = lp
            var s = try lp.solve(model, parameters: lpParameters)
            s.seconds = seconds(since: start)
            return s
        }

        try validateModel(model)
        if parameters.algorithm == .primalSimplex {
            throw .unsupported(setting: "algorithm primal", backend: name,
                               reason: "CBC's branch-and-bound re-solves node LPs with dual simplex; its C interface has no switch")
        }
        if parameters.iterationLimit != nil {
            throw .unsupported(setting: "iterationLimit", backend: name,
                               reason: "CBC's C interface has no simplex iteration limit for branch-and-bound")
        }

        cbcMainLock.lock()
        defer { cbcMainLock.unlock() }
        let cbc: UnsafeMutableRawPointer = Cbc_newModel()
        nativeModelsCreated += 1
        defer { Cbc_deleteModel(cbc) }
        cbcLoad(cbc, model)
        let loadSeconds = seconds(since: start)

        let level = coinLogLevel(parameters.verbosity)
        Cbc_setLogLevel(cbc, level)
        Cbc_setParameter(cbc, "log", "\(level)")
        Cbc_setParameter(cbc, "slog", "\(level)")
        if let t = parameters.timeLimit {
            Cbc_setParameter(cbc, "timeMode", "elapsed")
            Cbc_setMaximumSeconds(cbc, t)
        }
        if let g = parameters.relativeMIPGap {
            Cbc_setParameter(cbc, "ratioGap", "\(g)")
        }
        if let nodes = parameters.nodeLimit {
            Cbc_setMaximumNodes(cbc, Int32(clamping: nodes))
        }
        if parameters.presolve == false {
            Cbc_setParameter(cbc, "presolve", "off")
            Cbc_setParameter(cbc, "preprocess", "off")
        }
        _ = Cbc_solve(cbc)

        let best = Cbc_bestSolution(cbc)
        let termination = CoinStatus.cbc(.init(
            status: Cbc_status(cbc), secondary: Cbc_secondaryStatus(cbc),
            provenOptimal: Cbc_isProvenOptimal(cbc) != 0, provenInfeasible: Cbc_isProvenInfeasible(cbc) != 0,
            continuousUnbounded: Cbc_isContinuousUnbounded(cbc) != 0,
            nodeLimitReached: Cbc_isNodeLimitReached(cbc) != 0,
            secondsLimitReached: Cbc_isSecondsLimitReached(cbc) != 0,
            solutionLimitReached: Cbc_isSolutionLimitReached(cbc) != 0,
            abandoned: Cbc_isAbandoned(cbc) != 0, hasIncumbent: best != nil))

        var s = Solution(termination: termination, solverName: name)
        s.iterations = Int(Cbc_getIterationCount(cbc))
        s.nodes = Int(Cbc_getNodeCount(cbc))
        let bound = Cbc_getBestPossibleObjValue(cbc)
        // CBC reports "no bound" as ±1e50 or ±COIN_DBL_MAX.
        if bound.isFinite && abs(bound) < 1e49 && termination.reason != .infeasible {
            s.bestBound = bound + model.objectiveConstant
        }
        if termination.primal == .feasible, let best {
            let values = Array(UnsafeBufferPointer(start: UnsafePointer(best), count: model.columnCount))
            s.values = values
            s.rowActivities = model.rowActivities(values)
            s.objectiveValue = Cbc_getObjValue(cbc) + model.objectiveConstant
        }
        s.loadSeconds = loadSeconds
        s.seconds = seconds(since: start)
        return s
    }
}
