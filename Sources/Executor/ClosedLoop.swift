import Carbon
import Foundation
import Hardware
import Planner
import Scenario
import Simulator
import Workloads

/// Where the plan an epoch executed came from.
public enum PlanSource: String, Codable, Sendable, Hashable {
    /// The policy's decision for this epoch (for the LP: the receding-horizon planner's
    /// committed epoch, planned at this epoch; for the oracle: its plan's epoch).
    case planned
    /// Planning failed; the last good plan's prediction for this epoch.
    case lastGoodPlan
    /// Planning failed and no good plan covered this epoch: every card at the lowest-power
    /// SLO-feasible point serving interactive work.
    case safeDefault
    /// The request was infeasible; the policy planned it again with relaxed limits (LP policy:
    /// interactive capacity without queueing headroom, the deferrable backlog due by the end of
    /// the horizon) and that plan ran. ``ClosedLoopEpoch/planningError`` says why.
    case relaxedPlan
}

/// One epoch of a closed loop: what was observed, planned and executed, and what happened.
public struct ClosedLoopEpoch: Codable, Sendable, Equatable {
    /// Loop epoch (0-based).
    public var epoch: Int
    /// Start, Unix s.
    public var start: Double
    /// Hottest-core temperature per card at the start (telemetry handed to the planner), °C.
    public var observedTemperatures: [Double]
    /// Deferrable requests queued at the start (the planner's backlog), requests.
    public var observedBacklog: Double
    /// Where the executed plan came from.
    public var source: PlanSource
    /// Epochs between the plan's making and this epoch (0 when planned now or decided by a
    /// heuristic; nil for the safe default).
    public var planAge: Int?
    /// Why planning failed, when it did.
    public var planningError: String?
    /// Wall-clock seconds of planning (the only non-deterministic field).
    public var planningSeconds: Double
    /// The planned epoch executed (nil for the safe default).
    public var plannedEpoch: EpochPlan?
    /// The mixes handed to the executor, one per card.
    public var mixes: [CardMix]
    /// Forecast intensity the plan (or heuristic) used, gCO₂/kWh (nil for the safe default).
    public var forecastIntensity: Double?
    /// Actual intensity of the epoch, gCO₂/kWh.
    public var actualIntensity: Double
    /// What execution did (schedules, switching, events, the simulator's telemetry).
    public var execution: EpochExecutionReport
    /// Carbon emitted: actual intensity × (simulated energy + switching energy) / 3.6e6, gCO₂.
    public var carbon: Double

    /// The record with ``planningSeconds`` zeroed (for comparing runs).
    public var withoutTiming: ClosedLoopEpoch {
        var r = self
        r.planningSeconds = 0
        return r
    }
}

/// The closed loop of DESIGN §2/§3: for each epoch, observe the simulator (temperatures,
/// deferrable backlog), let the ``Policy`` decide the epoch's per-card mixes — by default the
/// LP policy: plan H epochs with the receding-horizon planner (warm-started; carbon from the
/// scenario's forecaster over the actual trace, so forecast errors are real; arrivals from the
/// scenario's expected rates) and commit the first; or a baseline
/// (``Configuration/policy``, ``PolicyKind``) — execute them on the simulator with the
/// ``PlanExecutor`` and record telemetry per epoch. Every policy runs on the same simulator,
/// executor settings and seed, so their runs are comparable (``RunMetrics``).
///
/// **The node never runs without a plan.** When the request is infeasible the policy may plan it
/// again with relaxed limits (``PlanSource/relaxedPlan``; the LP policy does). When planning
/// fails (infeasible, solver failure or time limit, invalid request), the epoch runs the last
/// good plan's prediction for it (the plan covers H epochs), or, beyond that plan's horizon, the safe default (every card at the
/// lowest-power point meeting the latency SLO and accuracy ceiling, serving interactive work).
/// Both are logged (``ControlEvent/Kind/lastGoodPlan``, ``ControlEvent/Kind/safeDefault``). After
/// a failure the planner restarts at the next epoch from the observed state (its warm start is
/// lost once).
///
/// **Time.** The simulation starts at the scenario's `start` (simulated t = 0). Unlimited elastic
/// work arrives as Poisson requests at ``Configuration/elasticSupply`` × the node's fastest
/// per-card throughput (any placement) × cards, so the queue never runs dry.
///
/// **Determinism.** Everything is a function of the scenario and the configuration (including
/// its seed); two loops give equal records apart from ``ClosedLoopEpoch/planningSeconds``.
///
/// Not `Sendable` (owns a planner with solver state): use it from one thread.
public final class ClosedLoop {
    /// Settings of a loop.
    public struct Configuration: Sendable {
        /// Epochs to run (≥ 1).
        public var epochs: Int
        /// Seed of the simulator's random streams.
        public var seed: UInt64
        /// Simulator tick, s.
        public var tick: Double
        /// Segment ordering inside an epoch.
        public var order: SegmentOrder
        /// Switching costs.
        public var switching: SwitchingCosts
        /// Reactive thermal control.
        public var control: ThermalControlSettings
        /// Interactive priority and preemption (``InteractivePreemption``).
        public var preemption: InteractivePreemption
        /// Unlimited elastic work arrives at this multiple of the node's fastest throughput (> 0).
        public var elasticSupply: Double
        /// Presets the scenario's preset is resolved against.
        public var presets: PresetLibrary
        /// A preset name replacing the scenario's base preset.
        public var presetOverride: String?
        /// Planner settings.
        public var plannerOptions: EpochPlanner.Options
        /// Replaces the arrival forecast: called with the loop epoch (0-based) and the horizon; nil
        /// uses the scenario's expected arrivals. For what-if runs and to force planning failures.
        public var arrivalForecastOverride: ArrivalForecast?
        /// Core temperature above which the simulator counts hot time, °C.
        public var hotThreshold: Double
        /// The policy that decides each epoch.
        public var policy: PolicyKind
        /// Largest horizon of one oracle LP, epochs (≥ 1; longer runs are planned in chunks).
        public var oracleMaxHorizon: Int
        /// The simulator samples every this many ticks for per-card power percentiles (0: none).
        public var tickRecordInterval: Int

        /// Settings; the defaults are the executor's and the simulator's.
        public init(epochs: Int, seed: UInt64 = 0, tick: Double = 0.1, order: SegmentOrder = .standard,
                    switching: SwitchingCosts = SwitchingCosts(), control: ThermalControlSettings = ThermalControlSettings(),
                    elasticSupply: Double = 1.5, presets: PresetLibrary = PresetLibrary(), presetOverride: String? = nil,
                    plannerOptions: EpochPlanner.Options = EpochPlanner.Options(),
                    arrivalForecastOverride: ArrivalForecast? = nil, hotThreshold: Double = 85, policy: PolicyKind = .lp,
                    oracleMaxHorizon: Int = 96, tickRecordInterval: Int = 10,
                    preemption: InteractivePreemption = InteractivePreemption()) {
            self.preemption = preemption
            self.epochs = epochs
            self.seed = seed
            self.tick = tick
            self.order = order
            self.switching = switching
            self.control = control
            self.elasticSupply = elasticSupply
            self.presets = presets
            self.presetOverride = presetOverride
            self.plannerOptions = plannerOptions
            self.arrivalForecastOverride = arrivalForecastOverride
            self.hotThreshold = hotThreshold
            self.policy = policy
            self.oracleMaxHorizon = oracleMaxHorizon
            self.tickRecordInterval = tickRecordInterval
        }
    }

    /// The scenario.
    public let scenario: Scenario
    /// The settings.
    public let configuration: Configuration
    /// The resolved preset.
    public let preset: SLAPreset
    /// One card's operating points.
    public let catalog: OperatingPointCatalog
    /// The actual carbon trace (epoch grid, starting ``history`` epochs before the scenario's start).
    public let carbonTrace: CarbonTrace
    /// Epochs of carbon history before the start (what the forecaster needs).
    public let history: Int
    /// The executor and its simulator.
    public private(set) var executor: PlanExecutor
    /// Records of the epochs run so far.
    public private(set) var records: [ClosedLoopEpoch] = []

    /// The policy deciding each epoch.
    public let policy: any Policy
    /// Expected arrivals per loop epoch and class, requests (elastic may be `.infinity`): the
    /// forecasts every policy sees (policy-independent; also the ``RunMetrics`` normalisation's input).
    public let expectedArrivals: [[WorkClass: Double]]

    /// The policy's fixed inputs (also the clairvoyant normalisation LP's).
    let policySetup: PolicySetup
    /// The normalisation of the last ``metrics()`` call, by epochs run.
    var boundsCache: (epochs: Int, bounds: ObjectiveBounds)?
    private let forecaster: any CarbonForecaster
    private let arrivalForecast: ArrivalForecast
    private var lastGood: (plan: Plan, epoch: Int)?

    /// Prepares a loop: resolves the preset, builds the catalog, the carbon trace and forecaster,
    /// the arrival forecasts, the simulator (at the scenario's initial temperature) and the planner.
    public init(scenario: Scenario, configuration: Configuration) throws(ExecutorError) {
        guard configuration.epochs >= 1 else {
            throw .invalidInput(field: "epochs", rule: "must be ≥ 1 (got \(configuration.epochs))")
        }
        guard configuration.elasticSupply.isFinite, configuration.elasticSupply > 0 else {
            throw .invalidInput(field: "elasticSupply", rule: "must be > 0 (got \(configuration.elasticSupply))")
        }
        guard configuration.oracleMaxHorizon >= 1 else {
            throw .invalidInput(field: "oracleMaxHorizon", rule: "must be ≥ 1 (got \(configuration.oracleMaxHorizon))")
        }
        guard configuration.tickRecordInterval >= 0 else {
            throw .invalidInput(field: "tickRecordInterval", rule: "must be ≥ 0 (got \(configuration.tickRecordInterval))")
        }
        self.scenario = scenario
        self.configuration = configuration
        do {
            try scenario.validate()
            preset = try scenario.resolvePreset(library: configuration.presets, override: configuration.presetOverride)
        } catch {
            throw .scenario("\(error)")
        }
        do { catalog = try OperatingPointCatalog.cached(node: scenario.node, workload: scenario.workload,
                                                                   parameters: scenario.costParameters) } catch {
            throw .scenario("cannot build the operating points: \(error)")
        }
        guard !catalog.points.isEmpty else { throw .scenario("the workload has no operating points on this node") }
        let carbon = try scenario.loopCarbon(epochs: configuration.epochs + scenario.horizon)
        carbonTrace = carbon.trace
        history = carbon.history
        forecaster = carbon.forecaster
        let h = carbon.history
        if let override = configuration.arrivalForecastOverride {
            arrivalForecast = { g, horizon in override(g - h, horizon) }
        } else {
            let table = try scenario.loopArrivalForecasts(epochs: configuration.epochs)
            arrivalForecast = { g, horizon in
                let e = g - h
                if e >= 0, e < table.count { return table[e] }
                return Dictionary(uniqueKeysWithValues: WorkClass.allCases.map { ($0, Array(repeating: 0.0, count: horizon)) })
            }
        }
        let temperatures: [Double]
        do { temperatures = try scenario.initialTemperatures().0 } catch { throw .scenario("\(error)") }
        var arrivals: [WorkClass: SimulatedArrivals] = [:]
        for c in WorkClass.allCases { arrivals[c] = try scenario.simulatedArrivals(c) }
        let fastest = catalog.points.map(\.throughput).max() ?? 0  // per card, any placement
        let simulator = try makeLoopSimulator(
            device: scenario.node.device, cards: scenario.node.cards, tick: configuration.tick,
            epochLength: scenario.epochLength, seed: configuration.seed, arrivals: arrivals,
            unlimitedRate: configuration.elasticSupply * fastest * Double(scenario.node.cards),
            latencySLO: preset.latencySLO, deferrableDeadline: scenario.deferrableDeadline,
            hotThreshold: configuration.hotThreshold, initialTemperature: temperatures.max() ?? 30, catalog: catalog,
            tickRecordInterval: configuration.tickRecordInterval,
            powerWindow: preset.powerCapWindow > 0 ? preset.powerCapWindow : SLAPreset.defaultPowerCapWindow,
            cardPowerCap: preset.cardPowerCap, nodePowerCap: preset.effectiveNodePowerCap(cards: scenario.node.cards))
        executor = try PlanExecutor(simulator: simulator, catalog: catalog, order: configuration.order,
                                    switching: configuration.switching, control: configuration.control,
                                    preemption: configuration.preemption)
        let forecastFn = arrivalForecast
        expectedArrivals = (0..<configuration.epochs).map { e in
            let a = forecastFn(h + e, 1)
            return Dictionary(uniqueKeysWithValues: WorkClass.allCases.map { ($0, a[$0]?.first ?? 0) })
        }
        // The planners plan to 1 K below the temperature at which the executor's reactive rule
        // drops a level (the die settling above 84 °C by default): a plan the LP holds at the
        // preset's 85 °C ceiling would otherwise be undone by the rule within the epoch (measured
        // on a generated 2-card SDXL scenario: 997 images served against 1,092 with the margin,
        // and the max-performance baseline above the oracle).
        var planning = preset
        if configuration.control.enabled {
            let trigger = configuration.control.demoteSettleAbove ?? configuration.control.demoteAbove
            planning.thermalLimit = min(preset.thermalLimit, trigger - 1)
        }
        let setup = PolicySetup(scenario: scenario, preset: planning, catalog: catalog, carbonTrace: carbon.trace,
                                forecaster: carbon.forecaster, history: h, arrivals: arrivalForecast, epochs: configuration.epochs,
                                plannerOptions: configuration.plannerOptions, initialTemperatures: temperatures,
                                oracleMaxHorizon: configuration.oracleMaxHorizon)
        policy = configuration.policy.makePolicy(setup)
        policySetup = setup
    }

    /// Epochs run so far.
    public var epochsRun: Int { records.count }

    /// The safe default: every card at the lowest-power point (of the smallest placement that
    /// holds the model) whose latency meets the SLO and whose accuracy loss is within the
    /// ceiling (the lowest-power point when none does), serving interactive work for the whole
    /// epoch.
    public func safeDefaultMixes() -> [CardMix] {
        let single = HeuristicMix.smallestPlacement(catalog.points)
        let feasible = single.filter { $0.latency <= preset.latencySLO && $0.accuracyLoss <= preset.accuracyLossCeiling }
        let pool = feasible.isEmpty ? single : feasible
        guard let p = pool.min(by: { $0.loadPower < $1.loadPower }) else { return [] }
        return (0..<scenario.node.cards).map { CardMix(card: $0, entries: [MixEntry(point: p.key, workClass: .interactive, fraction: 1)]) }
    }

    /// Runs the next epoch: observe, plan (or fall back), execute, record.
    @discardableResult
    public func step() throws(ExecutorError) -> ClosedLoopEpoch {
        let e = records.count
        guard e < configuration.epochs else {
            throw .invalidInput(field: "epochs", rule: "the loop has already run its \(configuration.epochs) epochs")
        }
        let sim = executor.simulator
        var temperatures: [Double] = []
        for c in 0..<sim.cards {
            do { temperatures.append(try sim.maxCoreTemperature(card: c)) } catch { throw .simulator(error) }
        }
        let backlog = Double(sim.queueLength(.deferrable))
        let global = history + e
        var dieTemperatures: [Double] = []
        for c in 0..<sim.cards {
            for d in 0..<sim.dies {
                do { dieTemperatures.append(try sim.maxCoreTemperature(card: c, die: d)) } catch { throw .simulator(error) }
            }
        }
        let known = (try? forecaster.forecast(carbonTrace, at: global, horizon: 1).first) ?? nil
        let context = PolicyContext(
            epoch: e, globalEpoch: global, start: scenario.start + Double(e) * scenario.epochLength,
            cardTemperatures: temperatures, dieTemperatures: dieTemperatures, dies: sim.dies, deferrableBacklog: backlog,
            expectedArrivals: expectedArrivals[e],
            currentIntensity: known ?? (global < carbonTrace.count ? carbonTrace.values[global] : carbonTrace.values.last ?? 0),
            lastEpoch: records.last?.execution.telemetry)

        var source = PlanSource.planned
        var planAge: Int? = 0
        var planningError: String?
        var epochPlan: EpochPlan?
        var decided: [CardMix]?
        var intensityUsed: Double?
        let clock = ContinuousClock()
        let t0 = clock.now
        do {
            let d = try policy.decide(context)
            if let why = d.relaxation {
                source = .relaxedPlan
                planningError = why
                executor.log(ControlEvent(time: sim.time, card: -1, kind: .relaxedPlan, reason: why))
            }
            if let p = d.plan { lastGood = (p, d.planFirstEpoch) }
            planAge = d.plan == nil ? 0 : e - d.planFirstEpoch
            epochPlan = d.plannedEpoch
            decided = d.mixes
            intensityUsed = d.intensityUsed
        } catch {
            planningError = "\(error)"
            if let g = lastGood, e - g.epoch >= 0, e - g.epoch < g.plan.epochs.count {
                source = .lastGoodPlan
                planAge = e - g.epoch
                epochPlan = g.plan.epochs[e - g.epoch]
                intensityUsed = epochPlan?.carbonIntensity
                executor.log(ControlEvent(time: sim.time, card: -1, kind: .lastGoodPlan,
                                          reason: "planning failed (\(error)); running the plan made \(e - g.epoch) epoch(s) ago"))
            } else {
                source = .safeDefault
                planAge = nil
                executor.log(ControlEvent(time: sim.time, card: -1, kind: .safeDefault,
                                          reason: "planning failed (\(error)) and no good plan covers this epoch; safe default"))
            }
        }
        let seconds = (clock.now - t0).seconds
        let mixes = decided ?? epochPlan.map { CardMix.mixes(of: $0) } ?? safeDefaultMixes()
        let report = try executor.execute(mixes)
        let actual = global < carbonTrace.count ? carbonTrace.values[global] : carbonTrace.values.last ?? 0
        let record = ClosedLoopEpoch(
            epoch: e, start: scenario.start + Double(e) * scenario.epochLength, observedTemperatures: temperatures,
            observedBacklog: backlog, source: source, planAge: planAge, planningError: planningError,
            planningSeconds: seconds, plannedEpoch: epochPlan, mixes: mixes, forecastIntensity: intensityUsed,
            actualIntensity: actual, execution: report,
            carbon: actual * (report.telemetry.energy + report.switchingEnergy) / 3.6e6)
        records.append(record)
        return record
    }

    /// Runs the remaining epochs and returns every record.
    @discardableResult
    public func run() throws(ExecutorError) -> [ClosedLoopEpoch] {
        while records.count < configuration.epochs { try step() }
        return records
    }

    /// The simulator's telemetry of the run so far (per epoch and a whole-run summary).
    public func telemetry() -> SimulationTelemetry { executor.simulator.telemetry(includePartialEpoch: false) }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
