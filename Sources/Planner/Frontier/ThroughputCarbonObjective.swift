/// The planner's objective α·T/T_max + β·C_min/C (DESIGN §3): throughput and inverse carbon,
/// each normalised to be dimensionless and 1 at its own best.
public struct ThroughputCarbonObjective: Sendable, Equatable {
    /// Weight of normalised throughput, ≥ 0.
    public let alpha: Double
    /// Weight of normalised inverse carbon, ≥ 0.
    public let beta: Double

    /// An objective; α and β must be finite, ≥ 0, and not both 0.
    public init(alpha: Double, beta: Double) throws(FrontierError) {
        for (name, v) in [("alpha", alpha), ("beta", beta)] where !(v.isFinite && v >= 0) {
            throw .invalidArgument(name: name, value: "\(v)", allowed: "a finite weight ≥ 0")
        }
        guard alpha > 0 || beta > 0 else {
            throw .invalidArgument(name: "alpha, beta", value: "0, 0", allowed: "at least one positive weight")
        }
        self.alpha = alpha
        self.beta = beta
    }

    /// α·T/T_max + β·C_min/C; assumes the normalisation is valid (both constants > 0) and C > 0.
    public func value(throughput: Double, carbon: Double, normalization: ObjectiveNormalization) -> Double {
        throughputTerm(throughput, normalization) + carbonTerm(carbon, normalization)
    }

    func throughputTerm(_ t: Double, _ n: ObjectiveNormalization) -> Double { alpha * t / n.maximumThroughput }
    func carbonTerm(_ c: Double, _ n: ObjectiveNormalization) -> Double { beta * n.minimumCarbon / c }
}

/// The constants that make the objective dimensionless: T_max and C_min (gCO₂).
///
/// By default they come from the frontier's own end points (the most throughput and the least
/// carbon of any feasible plan). Fixing them explicitly makes objective values comparable
/// across problems (e.g. before and after loosening a power cap).
public struct ObjectiveNormalization: Sendable, Equatable {
    /// T_max (> 0).
    public let maximumThroughput: Double
    /// C_min, gCO₂ (> 0).
    public let minimumCarbon: Double

    /// A normalisation; both constants must be finite and > 0.
    public init(maximumThroughput: Double, minimumCarbon: Double) throws(FrontierError) {
        guard maximumThroughput.isFinite, maximumThroughput > 0 else {
            throw .nonPositiveMaximumThroughput(maximumThroughput)
        }
        guard minimumCarbon.isFinite, minimumCarbon > 0 else { throw .nonPositiveMinimumCarbon(minimumCarbon) }
        self.maximumThroughput = maximumThroughput
        self.minimumCarbon = minimumCarbon
    }
}

/// The best frontier point for an objective, with why it was chosen.
public struct FrontierOptimum: Sendable {
    /// The chosen point.
    public var point: FrontierPoint
    /// Its position in ``frontier``.
    public var index: Int
    /// The objective value α·T/T_max + β·C_min/C at the point.
    public var value: Double
    /// α·T/T_max at the point.
    public var throughputTerm: Double
    /// β·C_min/C at the point.
    public var carbonTerm: Double
    /// The objective value at every frontier point, parallel to ``frontier``.
    public var valuesAtPoints: [Double]
    /// A one-line explanation with the two terms.
    public var reason: String
    /// The constants used.
    public var normalization: ObjectiveNormalization
    /// The objective.
    public var objective: ThroughputCarbonObjective
    /// The whole frontier the point was chosen from, by increasing carbon.
    public var frontier: [FrontierPoint]
}

/// Picks the best of a set of frontier points for an objective.
enum OptimumSelection {
    /// The point maximising the objective; ties (exactly equal values) go to the lower-carbon
    /// point. Throws when a point has C ≤ 0 or there are no points.
    static func best(of points: [FrontierPoint], objective: ThroughputCarbonObjective,
                     normalization: ObjectiveNormalization, kind: String) throws(FrontierError) -> FrontierOptimum {
        guard !points.isEmpty else { throw .emptyFrontier }
        var values: [Double] = []
        values.reserveCapacity(points.count)
        for p in points {
            guard p.carbon > 0 else { throw .nonPositiveMinimumCarbon(p.carbon) }
            values.append(objective.value(throughput: p.throughput, carbon: p.carbon, normalization: normalization))
        }
        var best = 0
        for k in 1..<values.count where values[k] > values[best] { best = k }
        let p = points[best]
        let tt = objective.throughputTerm(p.throughput, normalization)
        let ct = objective.carbonTerm(p.carbon, normalization)
        let reason = "α·T/T_max = \(objective.alpha)·\(p.throughput)/\(normalization.maximumThroughput) = \(tt); "
            + "β·C_min/C = \(objective.beta)·\(normalization.minimumCarbon)/\(p.carbon) = \(ct); "
            + "total \(tt + ct), best of \(points.count) \(kind)"
        return FrontierOptimum(point: p, index: best, value: values[best], throughputTerm: tt, carbonTerm: ct,
                               valuesAtPoints: values, reason: reason, normalization: normalization,
                               objective: objective, frontier: points)
    }
}

extension ParetoFrontier {
    /// The normalisation from the frontier's own ends: T_max (last point) and C_min (first
    /// point). Throws when either is ≤ 0 — in particular C_min = 0 makes β·C_min/C undefined.
    public func normalization() throws(FrontierError) -> ObjectiveNormalization {
        guard let t = maximumThroughput, let c = minimumCarbon else { throw .emptyFrontier }
        return try ObjectiveNormalization(maximumThroughput: t, minimumCarbon: c)
    }

    /// The exact optimum of α·T/T_max + β·C_min/C over the LP's feasible set.
    ///
    /// **Why exact** (DESIGN §3): the objective is increasing in T and decreasing in C, so its
    /// maximum is on the Pareto frontier T*(C), which for an LP is concave and piecewise linear.
    /// On a linear piece T = a + bC the objective α(a + bC)/T_max + β·C_min/C is convex in C
    /// (C > 0), so its maximum over the piece is at one of the piece's ends — an extreme
    /// point. Evaluating every extreme point and taking the best is therefore exact (to the
    /// solver's and the frontier's tolerances). Ties go to the lower-carbon point.
    ///
    /// `normalization` defaults to ``normalization()``; pass one to compare values across
    /// problems.
    public func optimum(of objective: ThroughputCarbonObjective,
                        normalization: ObjectiveNormalization? = nil) throws(FrontierError) -> FrontierOptimum {
        let n: ObjectiveNormalization
        if let normalization { n = normalization } else { n = try self.normalization() }
        return try OptimumSelection.best(of: points, objective: objective, normalization: n,
                                         kind: points.count == 1 ? "extreme point (single-point frontier)" : "extreme points")
    }
}
