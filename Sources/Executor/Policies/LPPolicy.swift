import Carbon
import Planner
import Workloads

/// The LP policy: the receding-horizon planner of DESIGN §3 (``RecedingHorizonPlanner``),
/// horizon H = the scenario's, carbon from the scenario's forecaster over the actual trace,
/// arrivals from the scenario's expected rates, state (temperatures, deferrable backlog) from
/// the simulator's telemetry, warm-started from epoch to epoch. It commits the first epoch of
/// each plan. An infeasible request is planned once more with relaxed limits (interactive
/// utilisation 1 and no latency-percentile check, the deferrable backlog due by the end of the horizon; ``PlanSource/relaxedPlan``);
/// only when that fails too is it a planning failure. After either the planner restarts at the
/// next epoch from the observed state (its warm start is lost once).
public final class LPPolicy: Policy {
    /// ``PolicyKind/lp``.
    public var kind: PolicyKind { .lp }
    private let setup: PolicySetup
    private var planner: RecedingHorizonPlanner
    private var needsRestart = false

    /// An LP policy starting at the loop's first epoch with no backlog.
    public init(_ setup: PolicySetup) {
        self.setup = setup
        planner = Self.makePlanner(setup, startEpoch: setup.history, backlog: 0, temperatures: setup.initialTemperatures)
    }

    private static func makePlanner(_ s: PolicySetup, startEpoch: Int, backlog: Double, temperatures: [Double],
                                    relaxed: Bool = false) -> RecedingHorizonPlanner {
        var preset = s.preset
        var period = s.scenario.deferrableDeadlineEpochs
        if relaxed {
            // No queueing headroom, and the backlog due by the end of the horizon only.
            preset.interactiveUtilization = 1
            preset.latencyPercentile = 0
            period = max(period, 1_000_000)
        }
        let rh = RecedingHorizonPlanner.Configuration(
            catalog: s.catalog, cards: s.cards, horizon: s.scenario.horizon, preset: preset,
            deadlinePeriod: period, solver: s.scenario.solver, options: s.plannerOptions)
        return RecedingHorizonPlanner(configuration: rh, trace: s.carbonTrace, forecaster: s.forecaster, arrivals: s.arrivals,
                                      startEpoch: startEpoch, deferrableBacklog: backlog, temperatures: temperatures)
    }

    /// Observes, plans H epochs, commits the first.
    public func decide(_ context: PolicyContext) throws -> PolicyDecision {
        if needsRestart {
            planner = Self.makePlanner(setup, startEpoch: context.globalEpoch, backlog: context.deferrableBacklog,
                                       temperatures: context.cardTemperatures)
            needsRestart = false
        } else {
            planner.observe(temperatures: context.cardTemperatures, deferrableBacklog: context.deferrableBacklog)
        }
        do {
            let s = try planner.step()
            return PolicyDecision(mixes: CardMix.mixes(of: s.plan.committed), plannedEpoch: s.plan.committed, plan: s.plan,
                                  planFirstEpoch: context.epoch, intensityUsed: s.plan.committed.carbonIntensity)
        } catch {
            needsRestart = true
            guard case PlanningError.infeasible = error else { throw error }
            // Infeasible (e.g. the interactive headroom or a deadline asks for more than the
            // node has): plan once more from the observed state with relaxed limits — a plan
            // that serves what it can beats the last plan's stale prediction or the safe default.
            let relaxedPlanner = Self.makePlanner(setup, startEpoch: context.globalEpoch, backlog: context.deferrableBacklog,
                                                  temperatures: context.cardTemperatures, relaxed: true)
            guard let s = try? relaxedPlanner.step() else { throw error }
            return PolicyDecision(mixes: CardMix.mixes(of: s.plan.committed), plannedEpoch: s.plan.committed, plan: s.plan,
                                  planFirstEpoch: context.epoch, intensityUsed: s.plan.committed.carbonIntensity,
                                  relaxation: "\(error); planned with interactive utilisation 1, no latency-percentile check and the deferrable backlog due by the end of the horizon")
        }
    }
}

/// The oracle (DESIGN §3 "clairvoyant version", §7): one LP over the whole run with perfect
/// carbon forecasts — the planner with horizon = the run's epochs and the actual intensity
/// trace as its forecast (``OracleForecaster``), executed open-loop epoch by epoch.
///
/// **Arrivals.** The oracle knows the expected arrival rates (the same forecasts the LP
/// policy uses), not the sampled Poisson arrivals: it is clairvoyant in carbon, not in the
/// random request stream.
///
/// **Chunking.** A run longer than ``PolicySetup/oracleMaxHorizon`` epochs (default 96: one
/// day of 15-min epochs) is planned in consecutive chunks of that many epochs, each starting
/// from the observed state (temperatures, backlog) at its first epoch. Within a chunk it is
/// one LP with perfect foresight; across chunks it does not shift work.
///
/// **Closed loop.** Every ``PolicySetup/oracleReplanInterval`` epochs (default 1: every epoch) it plans the
/// rest of the chunk again from the observed state (temperatures, backlog), as the LP policy
/// does every epoch: an open-loop day plan executed blind would lose what the random arrivals
/// and the real temperatures change, and then score below a closed-loop policy with worse
/// forecasts — no longer an upper bound.
///
/// **Deadlines.** Deferrable work is due at the end of every deadline period inside the chunk
/// (as in the receding-horizon planner, which enforces each period boundary in its horizon).
public final class OraclePolicy: Policy {
    /// ``PolicyKind/oracle``.
    public var kind: PolicyKind { .oracle }
    private let setup: PolicySetup
    private let planner: EpochPlanner
    private var current: (plan: Plan, first: Int)?

    /// An oracle for a loop.
    public init(_ setup: PolicySetup) {
        self.setup = setup
        planner = EpochPlanner(solver: setup.scenario.solver, options: setup.plannerOptions)
    }

    /// The chunk's planned epoch (planning a new chunk at its first epoch).
    public func decide(_ context: PolicyContext) throws -> PolicyDecision {
        let e = context.epoch
        let replan = max(1, setup.oracleReplanInterval)
        if let c = current, e - c.first < c.plan.epochs.count, e - c.first < replan {
            let ep = c.plan.epochs[e - c.first]
            return PolicyDecision(mixes: CardMix.mixes(of: ep), plannedEpoch: ep, plan: c.plan, planFirstEpoch: c.first,
                                  intensityUsed: ep.carbonIntensity)
        }
        current = nil
        let chunk = max(1, setup.oracleMaxHorizon)
        // Plan to the end of the chunk containing e (a failed chunk start retries at the next epoch).
        let end = min(setup.epochs, (e / chunk + 1) * chunk)
        let h = max(1, end - e)
        let request = try Self.clairvoyantRequest(setup, epoch: e, globalEpoch: context.globalEpoch, start: context.start,
                                                  horizon: h, backlog: context.deferrableBacklog,
                                                  temperatures: context.cardTemperatures)
        let plan = try planner.plan(request)
        current = (plan, e)
        return PolicyDecision(mixes: CardMix.mixes(of: plan.committed), plannedEpoch: plan.committed, plan: plan,
                              planFirstEpoch: e, intensityUsed: plan.committed.carbonIntensity)
    }

    /// The clairvoyant planning request for `horizon` epochs from loop epoch `epoch`: the actual
    /// intensities as the forecast, the expected arrivals, deferrable deadlines at every
    /// deadline period (``PolicySetup/scenario``'s deadline; one epoch when it has none).
    static func clairvoyantRequest(_ setup: PolicySetup, epoch e: Int, globalEpoch g: Int, start: Double, horizon h: Int,
                                   backlog: Double, temperatures: [Double]) throws -> PlanningRequest {
        let trace = setup.carbonTrace
        guard g >= 0, g + h <= trace.count else {
            throw ExecutorError.invalidInput(field: "oracle", rule: "the carbon trace has \(trace.count) epochs; the oracle needs \(g + h)")
        }
        let forecast = Array(trace.values[g..<(g + h)])
        var arrivals: [WorkClass: [Double]] = [:]
        for j in WorkClass.allCases { arrivals[j] = [] }
        for i in 0..<h {
            let a = setup.arrivals(g + i, 1)
            for j in WorkClass.allCases { arrivals[j]?.append(a[j]?.first ?? 0) }
        }
        let period = setup.scenario.deferrableDeadline.map { max(1, Int(($0 / setup.epochLength * (1 + 1e-12)).rounded(.down))) } ?? 1
        let deadline = max(1, min(h, period - e % period))
        return PlanningRequest(
            catalog: setup.catalog, cards: setup.cards, epochStart: start, epochLength: setup.epochLength, horizon: h,
            carbonForecast: forecast, arrivals: arrivals, deferrableBacklog: backlog,
            deferrableDeadline: deadline, deferrableDeadlinePeriod: period, temperatures: temperatures,
            preset: setup.preset)
    }
}
