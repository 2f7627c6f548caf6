import Foundation
import Workloads

/// An amount per work class (work units, or work units/s where stated).
public struct WorkByClass: Codable, Sendable, Hashable {
    /// Interactive work.
    public var interactive: Double
    /// Deferrable work.
    public var deferrable: Double
    /// Elastic work.
    public var elastic: Double

    /// Amounts per class.
    public init(interactive: Double = 0, deferrable: Double = 0, elastic: Double = 0) {
        self.interactive = interactive
        self.deferrable = deferrable
        self.elastic = elastic
    }

    /// The amount of `workClass`.
    public subscript(_ workClass: WorkClass) -> Double {
        get {
            switch workClass {
            case .interactive: interactive
            case .deferrable: deferrable
            case .elastic: elastic
            }
        }
        set {
            switch workClass {
            case .interactive: interactive = newValue
            case .deferrable: deferrable = newValue
            case .elastic: elastic = newValue
            }
        }
    }

    /// The sum over classes.
    public var total: Double { interactive + deferrable + elastic }
}

/// One slice of a card's epoch: run `point` for `workClass` during `fraction` of the epoch.
public struct PlanSegment: Codable, Sendable, Hashable {
    /// The operating point.
    public var point: OperatingPointKey
    /// The class served.
    public var workClass: WorkClass
    /// Fraction of the epoch, in (0, 1].
    public var fraction: Double
    /// Work this segment is planned to serve per second of its time, work units/s (per card):
    /// the point's throughput, times the preset's `interactiveUtilization` for interactive work
    /// (1 by default; below 1 the rest of that time is reserved headroom).
    public var throughput: Double
    /// Latency of one request at this point, s.
    public var latency: Double
    /// Card power while running at the card's predicted temperature, W.
    public var power: Double
    /// Accuracy loss of the point, percentage points.
    public var accuracyLoss: Double
}

/// One card's plan for one epoch.
public struct CardPlan: Codable, Sendable, Hashable {
    /// Card index (0-based).
    public var card: Int
    /// Segments with positive fraction, ordered by class, then by the catalog's point order.
    public var segments: [PlanSegment]
    /// Fraction of the epoch spent idle.
    public var idleFraction: Double
    /// Work served per class in the epoch, work units.
    public var served: WorkByClass
    /// Epoch-average power, W (leakage at ``leakageTemperature``).
    public var power: Double
    /// Predicted die temperature at the end of the epoch (linear RC step), °C.
    public var temperature: Double
    /// Die temperature at which leakage was evaluated, °C.
    public var leakageTemperature: Double
    /// Carbon emitted by the card in the epoch, gCO₂.
    public var carbon: Double
}

/// The node's plan for one epoch.
public struct EpochPlan: Codable, Sendable, Hashable {
    /// Epoch index in the horizon (0 = the committed epoch).
    public var index: Int
    /// Start time, s since 1970.
    public var start: Double
    /// Forecast intensity used, gCO₂/kWh.
    public var carbonIntensity: Double
    /// Per card, by card index.
    public var cards: [CardPlan]
    /// Work served per class (node), work units.
    public var served: WorkByClass
    /// Node epoch-average power, W.
    public var power: Double
    /// Carbon of the epoch, gCO₂ (I·Δt·ΣP/3.6e6).
    public var carbon: Double
    /// Deferrable work still waiting at the end of the epoch, work units.
    public var deferrableBacklogAfter: Double
}

/// One extreme point of the horizon's throughput–carbon frontier, as recorded in a plan.
public struct PlanFrontierPoint: Codable, Sendable, Hashable {
    /// Work served over the horizon, work units.
    public var throughput: Double
    /// Carbon over the horizon, gCO₂.
    public var carbon: Double
    /// The plan's objective at the point (α·T/T_max + β·C_min/C unless ``PlanObjective/kind``
    /// says otherwise).
    public var objective: Double
    /// Whether this is the chosen point.
    public var chosen: Bool
    /// Which solve found it.
    public var foundBy: String
}

/// The objective's two terms at the chosen point and the constants that normalise them.
public struct PlanObjective: Codable, Sendable, Hashable {
    /// α in effect (0 for `carbon-efficiency`).
    public var alpha: Double
    /// β in effect (1 for `carbon-efficiency`).
    public var beta: Double
    /// T_max over the horizon (the frontier's maximum-throughput end), work units.
    public var maximumThroughput: Double
    /// C_min over the horizon (the frontier's minimum-carbon end), gCO₂.
    public var minimumCarbon: Double
    /// α·T/T_max.
    public var throughputTerm: Double
    /// β·C_min/C (`throughput-carbon`) or β·CER/CER_max (the efficiency objectives).
    public var carbonTerm: Double
    /// The sum.
    public var value: Double
    /// The objective (``ObjectiveKind`` raw value: `throughput-carbon`, `carbon-efficiency`,
    /// `throughput-efficiency`).
    public var kind: String
    /// Its formula.
    public var formula: String
    /// T/C at the chosen point, work units/gCO₂.
    public var carbonEfficiency: Double
    /// CER_max, the best T/C on the frontier (efficiency objectives only), work units/gCO₂.
    public var maximumCarbonEfficiency: Double?
    /// For `carbon-efficiency`: max T/C from the Charnes–Cooper LP, solved independently of the
    /// frontier (equal to ``maximumCarbonEfficiency`` up to the solvers' tolerances); nil
    /// otherwise or when that LP failed.
    public var charnesCooperRatio: Double?

    /// The terms and constants of an objective.
    public init(alpha: Double, beta: Double, maximumThroughput: Double, minimumCarbon: Double, throughputTerm: Double,
                carbonTerm: Double, value: Double, kind: String = ObjectiveKind.throughputCarbon.rawValue,
                formula: String = ObjectiveKind.throughputCarbon.formula, carbonEfficiency: Double = 0,
                maximumCarbonEfficiency: Double? = nil, charnesCooperRatio: Double? = nil) {
        self.alpha = alpha
        self.beta = beta
        self.maximumThroughput = maximumThroughput
        self.minimumCarbon = minimumCarbon
        self.throughputTerm = throughputTerm
        self.carbonTerm = carbonTerm
        self.value = value
        self.kind = kind
        self.formula = formula
        self.carbonEfficiency = carbonEfficiency
        self.maximumCarbonEfficiency = maximumCarbonEfficiency
        self.charnesCooperRatio = charnesCooperRatio
    }
}

/// What the plan cost to compute.
public struct PlanStatistics: Codable, Sendable, Hashable {
    /// Backend ("clp", "glpk", "cbc").
    public var solver: String
    /// LP (or MILP) solves, including leakage refinements.
    public var lpSolves: Int
    /// Simplex iterations.
    public var iterations: Int
    /// Solves that started from the previous basis.
    public var warmStarts: Int
    /// Wall-clock time of model building and solving, s (the only non-deterministic field).
    public var seconds: Double
    /// Columns of the epoch LP.
    public var columns: Int
    /// Rows of the epoch LP (without the frontier's T and C rows).
    public var rows: Int
    /// Operating-point columns (point, class pairs) per card group and epoch after pruning.
    public var candidatePoints: Int
    /// Offered points (after SLO/accuracy/HBM filters) before pruning dominated ones.
    public var offeredPoints: Int
    /// Groups of identical cards solved as one (see ``EpochPlanner``).
    public var cardGroups: Int
    /// Frontier enumerations run (1 + leakage refinements).
    public var frontierPasses: Int
    /// Whether the model kept the previous epoch's structure (bounds/rhs/objective changes only).
    public var reusedStructure: Bool
}

/// A plan: the committed first epoch plus the horizon's predicted schedule, the frontier it
/// was chosen from, and why. Codable; ``jsonData()`` gives stable (sorted-key) JSON, and
/// apart from ``PlanStatistics/seconds`` equal requests give equal plans.
public struct Plan: Codable, Sendable {
    /// Preset name.
    public var preset: String
    /// Device identifier.
    public var device: String
    /// Model identifier.
    public var model: String
    /// Work unit ("request", "image").
    public var workUnit: String
    /// Epoch length, s.
    public var epochLength: Double
    /// Every planned epoch; `epochs[0]` is the committed one.
    public var epochs: [EpochPlan]
    /// Work served over the horizon at the chosen point, work units.
    public var throughput: Double
    /// Carbon over the horizon at the chosen point, gCO₂.
    public var carbon: Double
    /// The objective's terms at the chosen point.
    public var objective: PlanObjective
    /// The frontier's extreme points by increasing carbon, the chosen one marked.
    public var frontier: [PlanFrontierPoint]
    /// Index of the chosen point in ``frontier``.
    public var chosenIndex: Int
    /// Why this point: its two terms against the other points'.
    public var reason: String
    /// Whether the frontier is exact (LP) or an ε-constraint approximation (MILP mode).
    public var frontierMethod: String
    /// Solver statistics.
    public var statistics: PlanStatistics
    /// Epochs whose interactive arrivals the node cannot serve at the preset's latency
    /// percentile, with the cards missing (``InteractiveQueueing``); the plan serves them at the
    /// fastest points. Nil when every epoch meets it.
    public var capacityWarnings: [DiagnosisFinding]?

    /// The committed epoch.
    public var committed: EpochPlan { epochs[0] }

    /// Stable JSON: sorted keys, pretty-printed.
    public func jsonData() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try e.encode(self)
    }
}
