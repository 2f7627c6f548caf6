import LinearModel

/// One point of a throughput–carbon frontier: its objective values and the plan (column values)
/// that attains them.
public struct FrontierPoint: Sendable {
    /// Throughput T at this point (the caller's unit).
    public var throughput: Double
    /// Carbon C at this point, gCO₂.
    public var carbon: Double
    /// Column values of the solution that attains the point.
    public var values: [Double]
    /// The solve that found it.
    public var foundBy: FrontierStep
    /// Whether the point is supported: optimal for some weighted sum w_T·T − w_C·C with positive
    /// weights. Always true on an LP frontier; on an ε-constraint (MILP) frontier, "supported"
    /// is judged against the points found (on their concave hull).
    public var isSupported: Bool

    /// A point.
    public init(throughput: Double, carbon: Double, values: [Double], foundBy: FrontierStep, isSupported: Bool = true) {
        self.throughput = throughput
        self.carbon = carbon
        self.values = values
        self.foundBy = foundBy
        self.isSupported = isSupported
    }
}

/// The record of one solve made while building a frontier.
public struct FrontierSolveRecord: Sendable, Equatable {
    /// What was solved.
    public var step: FrontierStep
    /// How it ended.
    public var termination: TerminationReason
    /// Simplex iterations (summed over the LPs of a MILP).
    public var iterations: Int
    /// Branch-and-bound nodes (0 for an LP).
    public var nodes: Int
    /// Whether the solver started from the previous basis.
    public var warmStarted: Bool
}

/// The extreme points of the throughput–carbon Pareto frontier of an LP, from
/// ``DichotomicSearch/frontier(of:using:options:)``.
///
/// `points` are sorted by increasing carbon (and so increasing throughput); consecutive points
/// are joined by frontier edges. The first point is the lexicographic minimum-carbon end
/// (least C, then most T), the last the maximum-throughput end (most T, then least C).
public struct ParetoFrontier: Sendable {
    /// Extreme points, by increasing carbon.
    public var points: [FrontierPoint]
    /// Every solve made, in order.
    public var solves: [FrontierSolveRecord]
    /// The backend used ("glpk", "clp", "cbc").
    public var solverName: String

    /// A frontier from its points (sorted here by carbon) and solve log.
    public init(points: [FrontierPoint], solves: [FrontierSolveRecord], solverName: String) {
        self.points = points.sorted { $0.carbon < $1.carbon }
        self.solves = solves
        self.solverName = solverName
    }

    /// Number of LP solves spent.
    public var lpSolves: Int { solves.count }
    /// Total simplex iterations spent.
    public var simplexIterations: Int { solves.reduce(0) { $0 + $1.iterations } }
    /// T_max, the largest throughput of any feasible plan (the last point's T).
    public var maximumThroughput: Double? { points.last?.throughput }
    /// C_min, the least carbon of any feasible plan (the first point's C), gCO₂.
    public var minimumCarbon: Double? { points.first?.carbon }

    /// The frontier's throughput at carbon `c` (linear between extreme points), or nil outside
    /// [C_min, C at T_max].
    public func throughput(atCarbon c: Double) -> Double? {
        guard let first = points.first, let last = points.last, c >= first.carbon, c <= last.carbon else { return nil }
        if points.count == 1 { return first.throughput }
        for k in 1..<points.count where c <= points[k].carbon {
            let a = points[k - 1], b = points[k]
            let f = b.carbon > a.carbon ? (c - a.carbon) / (b.carbon - a.carbon) : 1
            return a.throughput + f * (b.throughput - a.throughput)
        }
        return last.throughput
    }
}
