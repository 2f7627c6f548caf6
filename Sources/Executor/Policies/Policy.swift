import Carbon
import Foundation
import Hardware
import Planner
import Scenario
import Simulator
import Workloads

/// The policies a ``ClosedLoop`` can run (DESIGN §7): the LP planner and the baselines it is
/// measured against. Raw values are the CLI's `--policy` names.
public enum PolicyKind: String, Codable, Sendable, CaseIterable, Hashable {
    /// The receding-horizon LP planner (``LPPolicy``).
    case lp
    /// The seed's rule of thumb (``SeedHeuristicPolicy``).
    case seedHeuristic = "seed-heuristic"
    /// Everything at full speed (``MaxPerformancePolicy``).
    case maxPerformance = "max-performance"
    /// Least energy per request, carbon-blind (``EnergyOptimalPolicy``).
    case energyOptimal = "energy-optimal"
    /// One LP over the whole run with perfect carbon forecasts (``OraclePolicy``).
    case oracle
}

/// What a policy knows when it decides an epoch: the loop's fixed inputs (``PolicySetup``) plus
/// the epoch's observations. Temperatures are simulator readings, intensities come from the
/// scenario's forecaster (never the future actual trace, except for the oracle, which is
/// clairvoyant by definition).
public struct PolicyContext: Sendable {
    /// Loop epoch (0-based).
    public var epoch: Int
    /// Index of the epoch in ``PolicySetup/carbonTrace`` (loop epoch + history).
    public var globalEpoch: Int
    /// Start of the epoch, Unix s.
    public var start: Double
    /// Hottest-core temperature per card now, °C.
    public var cardTemperatures: [Double]
    /// Hottest-core temperature per die now, °C (card-major: die d of card c at c · dies + d).
    public var dieTemperatures: [Double]
    /// Dies per card.
    public var dies: Int
    /// Deferrable requests queued now.
    public var deferrableBacklog: Double
    /// Expected arrivals in this epoch per class, requests (elastic may be `.infinity`).
    public var expectedArrivals: [WorkClass: Double]
    /// The intensity the operator knows for this epoch: the scenario's forecaster's one-step
    /// value at this epoch (the actual value for the oracle forecaster, the last epoch's for
    /// persistence), gCO₂/kWh.
    public var currentIntensity: Double
    /// The simulator's telemetry of the previous epoch (nil at epoch 0).
    public var lastEpoch: EpochTelemetry?

    /// A context.
    public init(epoch: Int, globalEpoch: Int, start: Double, cardTemperatures: [Double], dieTemperatures: [Double], dies: Int,
                deferrableBacklog: Double, expectedArrivals: [WorkClass: Double], currentIntensity: Double,
                lastEpoch: EpochTelemetry?) {
        self.epoch = epoch
        self.globalEpoch = globalEpoch
        self.start = start
        self.cardTemperatures = cardTemperatures
        self.dieTemperatures = dieTemperatures
        self.dies = dies
        self.deferrableBacklog = deferrableBacklog
        self.expectedArrivals = expectedArrivals
        self.currentIntensity = currentIntensity
        self.lastEpoch = lastEpoch
    }
}

/// What stays fixed over a loop, handed to a policy when it is made.
public struct PolicySetup: Sendable {
    /// The scenario.
    public var scenario: Scenario
    /// The resolved preset (SLO, caps, α, β).
    public var preset: SLAPreset
    /// One card's operating points.
    public var catalog: OperatingPointCatalog
    /// The actual carbon trace on the epoch grid, from ``history`` epochs before the start.
    public var carbonTrace: CarbonTrace
    /// The scenario's forecaster.
    public var forecaster: any CarbonForecaster
    /// Epochs of carbon history before the start.
    public var history: Int
    /// Arrival forecasts (global epoch, horizon) → H values per class.
    public var arrivals: ArrivalForecast
    /// Epochs the loop runs.
    public var epochs: Int
    /// Planner settings (LP and oracle).
    public var plannerOptions: EpochPlanner.Options
    /// Initial hottest-core temperature per card, °C.
    public var initialTemperatures: [Double]
    /// Largest horizon of one oracle LP, epochs (the oracle plans the run in chunks of this many).
    public var oracleMaxHorizon: Int
    /// Epochs between the oracle's re-plans of the rest of its chunk from the observed state.
    public var oracleReplanInterval: Int = 1

    /// Cards on the node.
    public var cards: Int { scenario.node.cards }
    /// Epoch length, s.
    public var epochLength: Double { scenario.epochLength }
}

/// A policy's decision for one epoch.
public struct PolicyDecision: Sendable {
    /// The mixes to execute, one per card.
    public var mixes: [CardMix]
    /// The planned epoch behind the mixes (LP and oracle; nil for the heuristics).
    public var plannedEpoch: EpochPlan?
    /// The plan the epoch came from, kept as the loop's last good plan (LP and oracle).
    public var plan: Plan?
    /// Loop epoch of `plan.epochs[0]`.
    public var planFirstEpoch: Int
    /// The intensity the decision used, gCO₂/kWh.
    public var intensityUsed: Double?
    /// Why the decision relaxed the preset's limits (nil: it did not; see ``PlanSource/relaxedPlan``).
    public var relaxation: String?

    /// A decision.
    public init(mixes: [CardMix], plannedEpoch: EpochPlan? = nil, plan: Plan? = nil, planFirstEpoch: Int = 0,
                intensityUsed: Double? = nil, relaxation: String? = nil) {
        self.relaxation = relaxation
        self.mixes = mixes
        self.plannedEpoch = plannedEpoch
        self.plan = plan
        self.planFirstEpoch = planFirstEpoch
        self.intensityUsed = intensityUsed
    }
}

/// A control policy of the closed loop: called once per epoch, in order, with the epoch's
/// observations; returns the per-card mixes the ``PlanExecutor`` runs. Decisions must be
/// deterministic functions of the setup and the contexts seen so far.
///
/// A thrown error is a planning failure: the loop runs its last good plan or the safe default
/// and logs it (see ``ClosedLoop``).
public protocol Policy: AnyObject {
    /// Which policy this is.
    var kind: PolicyKind { get }
    /// The mixes of the epoch described by `context`.
    func decide(_ context: PolicyContext) throws -> PolicyDecision
}

extension PolicyKind {
    /// A fresh policy of this kind for a loop.
    public func makePolicy(_ setup: PolicySetup) -> any Policy {
        switch self {
        case .lp: return LPPolicy(setup)
        case .seedHeuristic: return SeedHeuristicPolicy(setup)
        case .maxPerformance: return MaxPerformancePolicy(setup)
        case .energyOptimal: return EnergyOptimalPolicy(setup)
        case .oracle: return OraclePolicy(setup)
        }
    }
}

// MARK: Helpers shared by the heuristics

/// Helpers of the rule-based baselines.
enum HeuristicMix {
    /// The points of `points` with the smallest placement (one card when any point fits one
    /// card, else the smallest tensor-parallel group): the rule-based baselines place a model
    /// the simple way — as few cards per replica as its memory allows — and never trade
    /// placement for power or latency as the LP does.
    static func smallestPlacement(_ points: [OperatingPoint]) -> [OperatingPoint] {
        func cards(_ p: OperatingPoint) -> Int {
            switch p.key.placement {
            case .card: return 1
            case .tensorParallel(let n): return n
            }
        }
        guard let fewest = points.map(cards).min() else { return [] }
        return points.filter { cards($0) == fewest }
    }

    /// The point with the largest batch among `points` whose latency meets `slo`; when none
    /// does, the fastest (lowest-latency) point. Ties: lower latency, then higher throughput.
    static func largestFeasibleBatch(_ points: [OperatingPoint], slo: Double) -> OperatingPoint? {
        let feasible = points.filter { $0.latency <= slo }
        if feasible.isEmpty { return points.min { ($0.latency, -$0.throughput) < ($1.latency, -$1.throughput) } }
        return feasible.max { a, b in
            if a.key.batchSize != b.key.batchSize { return a.key.batchSize < b.key.batchSize }
            return (a.latency, -a.throughput) > (b.latency, -b.throughput)
        }
    }

    /// Card mixes keeping every card busy at `point` per card: interactive work first (its
    /// expected arrivals), then deferrable work (the backlog plus expected arrivals: served as
    /// it comes, no shifting), then elastic work for the rest of the epoch (when the scenario has
    /// elastic work; else the rest goes to interactive work as headroom). Work is spread evenly
    /// over the cards. `points[c]` is card c's point.
    static func busyMixes(points: [OperatingPoint], context: PolicyContext, epochLength: Double,
                          hasElastic: Bool) -> [CardMix] {
        let n = points.count
        guard n > 0 else { return [] }
        let capacity = points.map { max($0.throughput * epochLength, 1e-12) }
        let total = capacity.reduce(0, +)
        let needI = max(0, context.expectedArrivals[.interactive] ?? 0)
        let needD = max(0, context.deferrableBacklog + (context.expectedArrivals[.deferrable] ?? 0))
        // Shares of the node's capacity.
        let shareI = min(1, needI / total)
        let shareD = min(1 - shareI, needD / total)
        return (0..<n).map { c in
            var entries: [MixEntry] = []
            var used = 0.0
            func add(_ j: WorkClass, _ f: Double) {
                let f = min(f, 1 - used)
                guard f > 1e-9 else { return }
                entries.append(MixEntry(point: points[c].key, workClass: j, fraction: f))
                used += f
            }
            add(.interactive, shareI)
            add(.deferrable, shareD)
            if hasElastic { add(.elastic, 1 - used) } else if let i = entries.firstIndex(where: { $0.workClass == .interactive }) {
                entries[i].fraction += 1 - used
            } else if needI > 0 || needD > 0 || entries.isEmpty {
                add(.interactive, 1 - used)
            }
            return CardMix(card: c, entries: entries)
        }
    }

    /// Whether the scenario has elastic work.
    static func hasElastic(_ scenario: Scenario) -> Bool {
        switch scenario.arrivals[.elastic] ?? ArrivalPattern.none {
        case .none: return false
        default: return true
        }
    }
}
