import Carbon
import Foundation
import Solvers
import Workloads

/// Forecast of the work arriving in epochs `epoch` … `epoch + horizon − 1` (global epoch
/// indices), H values per class; elastic values may be `.infinity`.
public typealias ArrivalForecast = @Sendable (_ epoch: Int, _ horizon: Int) -> [WorkClass: [Double]]

/// The model-predictive loop of DESIGN §3: every epoch, forecast carbon and arrivals for H
/// epochs, plan them, commit the first epoch, advance the state.
///
/// **State.** Deferrable backlog and per-card temperatures. Without telemetry the next state is
/// the plan's own prediction for its first epoch (backlog after the epoch; temperature from the
/// linear RC step); ``observe(temperatures:deferrableBacklog:)`` replaces it with measured
/// values (the simulator will provide them).
///
/// **Deadlines.** Deferrable work is due at the end of every ``Configuration/deadlinePeriod``-th
/// epoch (e.g. 96 fifteen-minute epochs: daily). At global epoch e the request's deadline is
/// `period − e mod period` epochs away, clamped to the horizon (so when the true deadline lies
/// beyond the horizon the plan must serve the backlog within the horizon: conservative), and
/// every later period boundary inside the horizon is a deadline for what arrived by then.
///
/// **Warm starts.** One ``EpochPlanner`` serves every epoch, so consecutive LPs share their
/// structure and the solver starts from the previous epoch's basis; leakage is evaluated at
/// the previous plan's predicted temperatures shifted by one epoch.
///
/// Not `Sendable` (owns an ``EpochPlanner``).
public final class RecedingHorizonPlanner {
    /// What stays fixed over the run.
    public struct Configuration: Sendable {
        /// Operating points of one card.
        public var catalog: OperatingPointCatalog
        /// Cards in the node.
        public var cards: Int
        /// Epochs per plan, H ≥ 1.
        public var horizon: Int
        /// Weights and limits.
        public var preset: SLAPreset
        /// Epochs between deferrable deadlines (≥ 1).
        public var deadlinePeriod: Int
        /// Backend.
        public var solver: SolverChoice
        /// Planner settings.
        public var options: EpochPlanner.Options

        /// A configuration.
        public init(catalog: OperatingPointCatalog, cards: Int, horizon: Int, preset: SLAPreset, deadlinePeriod: Int,
                    solver: SolverChoice = .glpk, options: EpochPlanner.Options = EpochPlanner.Options()) {
            self.catalog = catalog
            self.cards = cards
            self.horizon = horizon
            self.preset = preset
            self.deadlinePeriod = deadlinePeriod
            self.solver = solver
            self.options = options
        }
    }

    /// One committed epoch.
    public struct Step: Sendable {
        /// Global epoch index (index into the carbon trace).
        public var epoch: Int
        /// The full H-epoch plan made at this epoch (its first epoch is the committed one).
        public var plan: Plan
        /// Wall-clock seconds of planning (build, frontier, assembly).
        public var seconds: Double
    }

    /// The configuration.
    public let configuration: Configuration
    /// The actual intensity trace (gCO₂/kWh per epoch; its step is the epoch length).
    public let trace: CarbonTrace
    /// How intensities are forecast.
    public let forecaster: any CarbonForecaster
    /// How arrivals are forecast.
    public let arrivals: ArrivalForecast
    /// Next global epoch to plan.
    public private(set) var epoch: Int
    /// Deferrable work waiting now, work units.
    public private(set) var deferrableBacklog: Double
    /// Die temperature of every card now, °C.
    public private(set) var temperatures: [Double]
    private var leakagePrediction: [[Double]]?
    private let planner: EpochPlanner

    /// A loop starting at global epoch `startEpoch` (which must leave the forecaster its
    /// history) with the given state.
    public init(configuration: Configuration, trace: CarbonTrace, forecaster: any CarbonForecaster,
                arrivals: @escaping ArrivalForecast, startEpoch: Int = 0, deferrableBacklog: Double = 0,
                temperatures: [Double]) {
        self.configuration = configuration
        self.trace = trace
        self.forecaster = forecaster
        self.arrivals = arrivals
        self.epoch = startEpoch
        self.deferrableBacklog = deferrableBacklog
        self.temperatures = temperatures
        self.planner = EpochPlanner(solver: configuration.solver, options: configuration.options)
    }

    /// Replaces the predicted state with telemetry (measured temperatures, °C; backlog, work units).
    public func observe(temperatures: [Double]? = nil, deferrableBacklog: Double? = nil) {
        if let t = temperatures {
            self.temperatures = t
            leakagePrediction = nil
        }
        if let b = deferrableBacklog { self.deferrableBacklog = b }
    }

    /// The request the loop would send for the current epoch.
    public func currentRequest() throws(PlanningError) -> PlanningRequest {
        let c = configuration
        guard c.deadlinePeriod >= 1 else {
            throw .invalidRequest(field: "deadlinePeriod", rule: "must be ≥ 1 epoch (got \(c.deadlinePeriod))")
        }
        guard epoch >= 0, epoch < trace.count else {
            throw .invalidRequest(field: "epoch", rule: "must lie within the carbon trace's \(trace.count) epochs (got \(epoch))")
        }
        let forecast: [Double]
        do {
            forecast = try forecaster.forecast(trace, at: epoch, horizon: c.horizon)
        } catch {
            throw .invalidRequest(field: "carbonForecast", rule: "forecaster \(forecaster.name) failed at epoch \(epoch): \(error)")
        }
        let deadline = min(c.horizon, c.deadlinePeriod - epoch % c.deadlinePeriod)
        return PlanningRequest(catalog: c.catalog, cards: c.cards, epochStart: trace.start + Double(epoch) * trace.step,
                               epochLength: trace.step, horizon: c.horizon, carbonForecast: forecast,
                               arrivals: arrivals(epoch, c.horizon), deferrableBacklog: deferrableBacklog,
                               deferrableDeadline: max(1, deadline), deferrableDeadlinePeriod: c.deadlinePeriod,
                               temperatures: temperatures, preset: c.preset,
                               leakageTemperatures: leakagePrediction)
    }

    /// Plans the current epoch, commits its first epoch, advances the state by one epoch.
    public func step() throws(PlanningError) -> Step {
        let clock = ContinuousClock()
        let start = clock.now
        let request = try currentRequest()
        let plan = try planner.plan(request)
        let seconds = (clock.now - start).seconds
        let first = plan.committed
        deferrableBacklog = first.deferrableBacklogAfter
        temperatures = first.cards.map(\.temperature)
        // Leakage of the next plan: this plan's predictions, shifted by one epoch.
        leakagePrediction = (0..<configuration.cards).map { c in
            let row = plan.epochs.map { $0.cards[c].temperature }
            return Array(row.dropFirst()) + [row.last ?? temperatures[c]]
        }
        let step = Step(epoch: epoch, plan: plan, seconds: seconds)
        epoch += 1
        return step
    }

    /// Runs `count` epochs.
    public func run(epochs count: Int) throws(PlanningError) -> [Step] {
        var out: [Step] = []
        for _ in 0..<max(0, count) { out.append(try step()) }
        return out
    }
}
