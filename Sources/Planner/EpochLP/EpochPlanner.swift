import Foundation
import Hardware
import LinearModel
import Solvers
import Workloads

/// Plans H epochs of one node with the epoch LP (DESIGN §3) and commits the first.
///
/// **Formulation** (see ``docs/ARCHITECTURE.md``, "Planner"): x[c,k,j,t] ∈ [0, 1] is the
/// fraction of epoch t that card c runs operating point k for class j; Σ_{k,j} x ≤ 1 (the rest
/// idle at the idle card's power); interactive work is served in its epoch, only on points with
/// latency ≤ SLO, exactly as much as arrives; deferrable work is a backlog that must be served by
/// the deadline; elastic work up to what is available. Card power is epoch-average
/// P = P_idle,load + leak(θ̂) + Σ ΔP_k·x (≤ card cap; Σ_c P ≤ node cap); die temperature follows
/// the linear RC step θ[t] = a·θ[t−1] + (1−a)(θ_amb + R·P[t]) ≤ limit, with R, C from
/// `DieThermalModel.lumped` (R per die, divided by the card's dies). Throughput T is the work
/// served over the whole horizon; carbon C = Σ_t I[t]·Δt·Σ_c P[c,t]/3.6e6 gCO₂.
///
/// **Linearisation of leakage.** Leakage depends on temperature, temperature on power. Leakage
/// is evaluated at an assumed temperature θ̂[c,t] (a constant in the LP): the request's
/// ``PlanningRequest/leakageTemperatures`` (the receding-horizon planner passes the previous
/// plan's predictions), else the current temperature. After the frontier is solved, when the
/// chosen plan's predicted temperatures differ from θ̂ by more than
/// ``Options/leakageTolerance``, θ̂ is replaced by them and the frontier re-solved (up to
/// ``Options/leakageRefinements`` times). Leakage is additive and independent of the time
/// fractions, so θ̂ only moves right-hand sides.
///
/// **Exact objective.** The frontier's extreme points are enumerated with
/// ``DichotomicSearch`` and the preset's objective (``ObjectiveKind``: α·T/T_max + β·C_min/C,
/// T/C or α·T/T_max + β·CER/CER_max) evaluated at each (exact for the LP). In MILP
/// mode (``Options/oneProfilePerCardBudgets``) the frontier comes from an
/// ``EpsilonConstraintScan``.
///
/// **Reductions** (exact for the LP, on by default): dominated operating points are dropped per
/// class (only the upper concave hull of (extra power, throughput) remains), and cards with
/// identical state are solved as one group (by symmetry: averaging any plan over permutations
/// of identical cards is feasible with the same T and C).
///
/// **Warm starts.** The planner keeps one model. When the next request has the same structure
/// (horizon, epoch length, card groups, candidate points, mode), only bounds, right-hand sides
/// and the objective change; the carbon coefficients (which carry the intensity forecast) live
/// in the frontier's carbon row, so each frontier pass appends its two rows to the model the
/// solver already holds (appending rows keeps the basis). After 32 passes the model is rebuilt.
///
/// Not `Sendable`: it owns a solver and the LP it reuses from one call to the next, so it must
/// stay on the thread that created it. Create one per task.
public final class EpochPlanner {
    /// Settings of the planner.
    public struct Options: Sendable, Hashable {
        /// Drop operating points that a time-sharing mix of others dominates (more work at no
        /// more power for the same time); exact for the LP (default true).
        public var pruneDominatedPoints: Bool
        /// Solve cards with identical state as one group (exact for the LP by symmetry;
        /// default true; ignored in MILP mode).
        public var aggregateIdenticalCards: Bool
        /// Extra frontier passes that re-evaluate leakage at the chosen plan's predicted
        /// temperatures when they differ from the assumed ones by more than
        /// ``leakageTolerance`` (default 1).
        public var leakageRefinements: Int
        /// Temperature difference that triggers a leakage refinement, K (default 0.5).
        public var leakageTolerance: Double
        /// MILP mode: at most one precision profile loaded per card and epoch (binary), frontier
        /// by an ε-constraint scan with this many carbon budgets (needs GLPK or CBC). Nil: LP.
        public var oneProfilePerCardBudgets: Int?

        /// The documented defaults.
        public init(pruneDominatedPoints: Bool = true, aggregateIdenticalCards: Bool = true, leakageRefinements: Int = 1,
                    leakageTolerance: Double = 0.5, oneProfilePerCardBudgets: Int? = nil) {
            self.pruneDominatedPoints = pruneDominatedPoints
            self.aggregateIdenticalCards = aggregateIdenticalCards
            self.leakageRefinements = leakageRefinements
            self.leakageTolerance = leakageTolerance
            self.oneProfilePerCardBudgets = oneProfilePerCardBudgets
        }
    }

    /// The backend.
    public let solverChoice: SolverChoice
    /// The settings.
    public let options: Options

    private var solver: (any Solver)?
    /// The model the solver holds minus nothing: base rows plus every frontier pass's two rows.
    private var carriedModel: Model?
    private var carriedLayout: EpochLPLayout?
    private var carriedPasses = 0
    private var thermalCache: [String: (resistance: Double, capacitance: Double)] = [:]

    /// Frontier passes after which the model is rebuilt (its appended rows dropped).
    static let maximumCarriedPasses = 32

    /// A planner solving with `solver`. GLPK by default: a frontier is hundreds of tiny warm
    /// re-solves (≈3 pivots each), and GLPK keeps its basis factorisation between them while
    /// CLP refactorises every time — measured 54 ms vs 120 ms per epoch on the replan
    /// benchmark (bench/README.md).
    public init(solver: SolverChoice = .glpk) {
        self.solverChoice = solver
        self.options = Options()
    }

    /// A planner with explicit settings.
    public init(solver: SolverChoice, options: Options) {
        self.solverChoice = solver
        self.options = options
    }

    /// Plans `request.horizon` epochs: builds (or updates) the H-epoch LP, enumerates its
    /// throughput–carbon frontier, picks the point maximising the preset's objective
    /// (α·T/T_max + β·C_min/C by default, ``ObjectiveKind``; for T/C the Charnes–Cooper LP
    /// checks the choice, ``PlanObjective/charnesCooperRatio``), and
    /// returns the plan (its first epoch is the one to commit; the rest is the predicted
    /// schedule). Infeasible requests throw ``PlanningError/infeasible(_:)`` with a diagnosis.
    public func plan(_ request: PlanningRequest) throws(PlanningError) -> Plan {
        try plan(request, normalization: nil)
    }

    /// As ``plan(_:)``, with explicit normalisation constants (T_max, C_min) so objective
    /// values are comparable across requests; nil takes them from the frontier's ends.
    public func plan(_ request: PlanningRequest, normalization: ObjectiveNormalization?) throws(PlanningError) -> Plan {
        let clock = ContinuousClock()
        let started = clock.now
        let ctx = try PlanningContext(request: request, options: options, thermal: thermalParameters(request))
        let objective = try request.preset.plannerObjective()
        var leakage = ctx.initialLeakage
        var passes = 0
        var reused = false
        var log: [FrontierSolveRecord] = []
        var result: (optimum: FrontierOptimum, layout: EpochLPLayout, data: EpochLPData, problem: BiObjectiveProblem)
        var refinementsLeft = max(0, options.leakageRefinements)
        while true {
            let data = ctx.data(leakage: leakage)
            let (model, layout, wasReused) = prepareModel(ctx.structure, data: data)
            if passes == 0 { reused = wasReused }
            let problem = BiObjectiveProblem(model: model, throughput: layout.throughput(), carbon: layout.carbon(data))
            let s = currentSolver(for: model)
            do {
                let optimum: FrontierOptimum
                if let budgets = options.oneProfilePerCardBudgets {
                    let f = try EpsilonConstraintScan.frontier(of: problem, budgetCount: max(2, budgets), using: s)
                    log += f.solves
                    optimum = try f.optimum(of: objective, normalization: normalization)
                } else {
                    let f = try DichotomicSearch.frontier(of: problem, using: s)
                    log += f.solves
                    optimum = try f.optimum(of: objective, normalization: normalization)
                }
                remember(problem, layout: layout)
                result = (optimum, layout, data, problem)
            } catch .infeasible {
                forget()
                throw .infeasible(Diagnostics.diagnose(ctx, data: data, solverChoice: solverChoice))
            } catch {
                forget()
                throw .solver("\(error)")
            }
            passes += 1
            let predicted = ctx.predictedTemperatures(result.optimum.point.values, layout: result.layout)
            var gap = 0.0
            for g in predicted.indices { for t in predicted[g].indices { gap = max(gap, abs(predicted[g][t] - leakage[g][t])) } }
            if gap <= options.leakageTolerance || refinementsLeft == 0 { break }
            refinementsLeft -= 1
            leakage = predicted
        }
        // T/C in one LP (Charnes–Cooper), as an independent check of the frontier's best ratio.
        var check: FractionalSolution?
        if objective.kind == .carbonEfficiency, !result.problem.model.isMixedInteger {
            let program = LinearFractionalProgram(model: result.problem.model, numerator: result.problem.throughput,
                                                  denominator: result.problem.carbon)
            check = try? program.solve(using: SolverFactory.make(solverChoice, for: result.problem.model))
        }
        let seconds = (clock.now - started).seconds
        let stats = PlanStatistics(solver: solverChoice.rawValue, lpSolves: log.count, iterations: log.reduce(0) { $0 + $1.iterations },
                                   warmStarts: log.filter(\.warmStarted).count, seconds: seconds,
                                   columns: result.layout.columnCount, rows: result.layout.rowCount,
                                   candidatePoints: ctx.structure.candidates.first.map { $0.reduce(0) { $0 + $1.count } } ?? 0,
                                   offeredPoints: ctx.offeredPoints, cardGroups: ctx.groups.count, frontierPasses: passes,
                                   reusedStructure: reused)
        var plan = PlanAssembly.plan(ctx, optimum: result.optimum, layout: result.layout, data: result.data, leakage: leakage,
                                     statistics: stats, charnesCooper: check, method: options.oneProfilePerCardBudgets == nil
                                         ? "exact (dichotomic search over the LP's extreme points)"
                                         : "ε-constraint scan (MILP, approximate at the budget grid's resolution)")
        let warnings = Diagnostics.queueingFindings(ctx, data: result.data)
        plan.capacityWarnings = warnings.isEmpty ? nil : warnings
        return plan
    }

    /// The bi-objective LP (or MILP) the planner would solve for `request` (leakage at the
    /// assumed temperatures, before any refinement), for what-if tools and tests.
    public func biObjectiveProblem(for request: PlanningRequest) throws(PlanningError) -> BiObjectiveProblem {
        let ctx = try PlanningContext(request: request, options: options, thermal: thermalParameters(request))
        let data = ctx.data(leakage: ctx.initialLeakage)
        let (model, layout) = EpochLPLayout.build(ctx.structure, data: data)
        return BiObjectiveProblem(model: model, throughput: layout.throughput(), carbon: layout.carbon(data))
    }

    // MARK: Model reuse

    private func prepareModel(_ structure: EpochLPStructure, data: EpochLPData) -> (Model, EpochLPLayout, Bool) {
        if var m = carriedModel, let layout = carriedLayout, layout.structure == structure,
           carriedPasses < Self.maximumCarriedPasses {
            layout.apply(data, to: &m)
            return (m, layout, true)
        }
        let (m, layout) = EpochLPLayout.build(structure, data: data)
        carriedModel = nil
        carriedLayout = nil
        carriedPasses = 0
        return (m, layout, false)
    }

    /// Records the model the solver now holds: the problem's model plus the frontier's two rows
    /// (left free, exactly as the frontier session added them).
    private func remember(_ problem: BiObjectiveProblem, layout: EpochLPLayout) {
        var m = problem.model
        let t = problem.throughput.merged(), c = problem.carbon.merged()
        m.addRow(indices: t.indices, coefficients: t.coefficients, lower: -.infinity, upper: .infinity, name: "__frontier_throughput")
        m.addRow(indices: c.indices, coefficients: c.coefficients, lower: -.infinity, upper: .infinity, name: "__frontier_carbon")
        carriedModel = m
        carriedLayout = layout
        carriedPasses += 1
    }

    private func forget() {
        carriedModel = nil
        carriedLayout = nil
        carriedPasses = 0
        solver = nil
    }

    private func currentSolver(for model: Model) -> any Solver {
        if let s = solver { return s }
        let s = SolverFactory.make(solverChoice, for: model)
        solver = s
        return s
    }

    func thermalParameters(_ request: PlanningRequest) throws(PlanningError) -> (resistance: Double, capacitance: Double) {
        let device = request.catalog.node.device
        if let hit = thermalCache[device.id + "\(device.hashValue)"] { return hit }
        var tick = 1e-3
        var last: DeviceSpecError?
        for _ in 0..<4 {
            do {
                let m = try DieThermalModel(device: device, tick: tick)
                thermalCache[device.id + "\(device.hashValue)"] = m.lumped
                return m.lumped
            } catch {
                last = error
                tick /= 100
            }
        }
        throw .invalidRequest(field: "catalog.node.device.thermal", rule: last.map { "\($0)" } ?? "thermal model unavailable")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
