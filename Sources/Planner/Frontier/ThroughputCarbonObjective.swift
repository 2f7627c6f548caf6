/// Which function of throughput T and carbon C a plan maximises (an SLA preset's `objective`).
///
/// All three increase with T and decrease with C, so each is maximised on the Pareto frontier
/// T*(C), and — because the frontier of an LP is concave and piecewise linear — at one of its
/// extreme points (see ``ParetoFrontier/optimum(of:normalization:)``).
/// - ``throughputCarbon`` α·T/T_max + β·C_min/C: a trade-off between the work done and the
///   *total* carbon emitted (the right one under a carbon budget or an absolute target);
/// - ``carbonEfficiency`` T/C, the seed scheduler's CER (work per gCO₂): carbon *per unit of
///   work*, indifferent to how much work is done (the preset's α, β are not used);
/// - ``throughputEfficiency`` α·T/T_max + β·CER/CER_max: throughput traded against CER rather
///   than against total carbon.
public enum ObjectiveKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// α·T/T_max + β·C_min/C (the default).
    case throughputCarbon = "throughput-carbon"
    /// T/C, carbon efficiency (CER).
    case carbonEfficiency = "carbon-efficiency"
    /// α·T/T_max + β·CER/CER_max.
    case throughputEfficiency = "throughput-efficiency"

    /// The formula, e.g. "α·T/T_max + β·C_min/C".
    public var formula: String {
        switch self {
        case .throughputCarbon: "α·T/T_max + β·C_min/C"
        case .carbonEfficiency: "T/C (CER, reported as CER/CER_max)"
        case .throughputEfficiency: "α·T/T_max + β·CER/CER_max"
        }
    }

    /// The formula in ASCII, for text tables that avoid Unicode.
    public var asciiFormula: String {
        switch self {
        case .throughputCarbon: "a*T/Tmax + b*Cmin/C"
        case .carbonEfficiency: "CER/CERmax (max T/C)"
        case .throughputEfficiency: "a*T/Tmax + b*CER/CERmax"
        }
    }

    /// "throughput-carbon, carbon-efficiency, throughput-efficiency", for messages.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The planner's objective (DESIGN §3): by default α·T/T_max + β·C_min/C — throughput and
/// inverse carbon, each normalised to be dimensionless and 1 at its own best; see
/// ``ObjectiveKind`` for the carbon-efficiency forms.
public struct ThroughputCarbonObjective: Sendable, Equatable {
    /// Weight of normalised throughput, ≥ 0 (0 for ``ObjectiveKind/carbonEfficiency``).
    public let alpha: Double
    /// Weight of the carbon term, ≥ 0 (1 for ``ObjectiveKind/carbonEfficiency``).
    public let beta: Double
    /// Which function of T and C.
    public let kind: ObjectiveKind

    /// An objective; α and β must be finite, ≥ 0, and not both 0. For
    /// ``ObjectiveKind/carbonEfficiency`` they are validated but replaced by (0, 1): T/C is
    /// CER/CER_max up to a constant factor.
    public init(alpha: Double, beta: Double, kind: ObjectiveKind = .throughputCarbon) throws(FrontierError) {
        for (name, v) in [("alpha", alpha), ("beta", beta)] where !(v.isFinite && v >= 0) {
            throw .invalidArgument(name: name, value: "\(v)", allowed: "a finite weight ≥ 0")
        }
        guard alpha > 0 || beta > 0 else {
            throw .invalidArgument(name: "alpha, beta", value: "0, 0", allowed: "at least one positive weight")
        }
        self.kind = kind
        self.alpha = kind == .carbonEfficiency ? 0 : alpha
        self.beta = kind == .carbonEfficiency ? 1 : beta
    }

    /// The objective at (T, C); assumes the normalisation is valid (constants > 0; CER_max set
    /// for the efficiency kinds) and C > 0.
    public func value(throughput: Double, carbon: Double, normalization: ObjectiveNormalization) -> Double {
        throughputTerm(throughput, normalization) + carbonTerm(throughput, carbon, normalization)
    }

    func throughputTerm(_ t: Double, _ n: ObjectiveNormalization) -> Double { alpha * t / n.maximumThroughput }
    func carbonTerm(_ t: Double, _ c: Double, _ n: ObjectiveNormalization) -> Double {
        switch kind {
        case .throughputCarbon: return beta * n.minimumCarbon / c
        case .carbonEfficiency, .throughputEfficiency: return beta * (t / c) / (n.maximumCarbonEfficiency ?? t / c)
        }
    }

    /// The symbol of the second term, for explanations.
    var carbonTermSymbol: String { kind == .throughputCarbon ? "β·C_min/C" : "β·CER/CER_max" }
}

/// The constants that make the objective dimensionless: T_max, C_min (gCO₂) and, for the
/// carbon-efficiency objectives, CER_max (work units/gCO₂, the best T/C of any plan).
///
/// By default they come from the frontier's own end points (the most throughput and the least
/// carbon of any feasible plan). Fixing them explicitly makes objective values comparable
/// across problems (e.g. before and after loosening a power cap).
public struct ObjectiveNormalization: Sendable, Equatable {
    /// T_max (> 0).
    public let maximumThroughput: Double
    /// C_min, gCO₂ (> 0).
    public let minimumCarbon: Double
    /// CER_max (> 0), or nil: taken from the points an optimum is chosen from.
    public let maximumCarbonEfficiency: Double?

    /// A normalisation; the constants must be finite and > 0.
    public init(maximumThroughput: Double, minimumCarbon: Double,
                maximumCarbonEfficiency: Double? = nil) throws(FrontierError) {
        guard maximumThroughput.isFinite, maximumThroughput > 0 else {
            throw .nonPositiveMaximumThroughput(maximumThroughput)
        }
        guard minimumCarbon.isFinite, minimumCarbon > 0 else { throw .nonPositiveMinimumCarbon(minimumCarbon) }
        if let e = maximumCarbonEfficiency, !(e.isFinite && e > 0) {
            throw .invalidArgument(name: "maximumCarbonEfficiency", value: "\(e)", allowed: "a finite CER > 0")
        }
        self.maximumThroughput = maximumThroughput
        self.minimumCarbon = minimumCarbon
        self.maximumCarbonEfficiency = maximumCarbonEfficiency
    }

    /// This normalisation with CER_max set to `cer` when it has none.
    func withCarbonEfficiency(_ cer: Double) throws(FrontierError) -> ObjectiveNormalization {
        if maximumCarbonEfficiency != nil { return self }
        return try ObjectiveNormalization(maximumThroughput: maximumThroughput, minimumCarbon: minimumCarbon,
                                          maximumCarbonEfficiency: cer)
    }
}

/// The best frontier point for an objective, with why it was chosen.
public struct FrontierOptimum: Sendable {
    /// The chosen point.
    public var point: FrontierPoint
    /// Its position in ``frontier``.
    public var index: Int
    /// The objective value at the point (α·T/T_max + β·C_min/C by default; see ``ObjectiveKind``).
    public var value: Double
    /// α·T/T_max at the point.
    public var throughputTerm: Double
    /// β·C_min/C (or β·CER/CER_max) at the point.
    public var carbonTerm: Double
    /// T/C at the point, work units/gCO₂.
    public var carbonEfficiency: Double
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
                     normalization given: ObjectiveNormalization, kind: String) throws(FrontierError) -> FrontierOptimum {
        guard !points.isEmpty else { throw .emptyFrontier }
        for p in points { guard p.carbon > 0 else { throw .nonPositiveMinimumCarbon(p.carbon) } }
        var normalization = given
        if objective.kind != .throughputCarbon {
            // CER_max = the best T/C of the points: exact over the LP's feasible set because T/C,
            // like the other objectives, peaks at an extreme point of the frontier.
            let cerMax = points.map { $0.throughput / $0.carbon }.max() ?? 0
            guard cerMax > 0 else { throw .nonPositiveMaximumThroughput(points.map(\.throughput).max() ?? 0) }
            normalization = try given.withCarbonEfficiency(cerMax)
        }
        let values = points.map { objective.value(throughput: $0.throughput, carbon: $0.carbon, normalization: normalization) }
        var best = 0
        for k in 1..<values.count where values[k] > values[best] { best = k }
        let p = points[best]
        let tt = objective.throughputTerm(p.throughput, normalization)
        let ct = objective.carbonTerm(p.throughput, p.carbon, normalization)
        let second: String
        switch objective.kind {
        case .throughputCarbon:
            second = "β·C_min/C = \(objective.beta)·\(normalization.minimumCarbon)/\(p.carbon) = \(ct)"
        case .carbonEfficiency, .throughputEfficiency:
            second = "β·CER/CER_max = \(objective.beta)·\(p.throughput / p.carbon)/\(normalization.maximumCarbonEfficiency ?? 0) = \(ct)"
        }
        let reason = "\(objective.kind.rawValue) objective \(objective.kind.formula): "
            + "α·T/T_max = \(objective.alpha)·\(p.throughput)/\(normalization.maximumThroughput) = \(tt); "
            + "\(second); total \(tt + ct), best of \(points.count) \(kind)"
        return FrontierOptimum(point: p, index: best, value: values[best], throughputTerm: tt, carbonTerm: ct,
                               carbonEfficiency: p.throughput / p.carbon,
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

    /// The exact optimum of `objective` over the LP's feasible set.
    ///
    /// **Why exact** (DESIGN §3): every ``ObjectiveKind`` is increasing in T and decreasing in C
    /// (T ≥ 0, C > 0), so its maximum is on the Pareto frontier T*(C), which for an LP is
    /// concave and piecewise linear. On a linear piece T = a + bC (C > 0):
    /// - α·T/T_max + β·C_min/C = α(a + bC)/T_max + β·C_min/C is convex in C;
    /// - T/C = a/C + b is monotone in C;
    /// - α·T/T_max + β·(T/C)/CER_max = (a + bC)(α/T_max + β/(CER_max·C)) has second derivative
    ///   2aβ/(CER_max·C³): convex for a > 0; for a ≤ 0 both of its terms, α·T/T_max and
    ///   β·(a/C + b)/CER_max, are non-decreasing in C (b ≥ 0 on the frontier), so is the sum.
    /// In each case the maximum over the piece is at one of its ends — an extreme point.
    /// Evaluating every extreme point and taking the best is therefore exact (to the solver's
    /// and the frontier's tolerances). Ties go to the lower-carbon point. For T/C the
    /// Charnes–Cooper LP (``LinearFractionalProgram``) gives the same optimum in one solve.
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
