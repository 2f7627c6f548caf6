/// Why the solver stopped. Append-only: new reasons are added at the end, existing raw
/// values never change (they appear in JSON output).
public enum TerminationReason: String, Sendable, Codable, CaseIterable {
    /// Proven optimal (within the requested MIP gap for a MILP).
    case optimal
    /// Proven infeasible.
    case infeasible
    /// Proven unbounded (a feasible ray exists).
    case unbounded
    /// Infeasible or unbounded; the solver did not tell which.
    case infeasibleOrUnbounded
    /// The time limit was reached.
    case timeLimit
    /// The simplex iteration limit was reached.
    case iterationLimit
    /// The branch-and-bound node limit was reached.
    case nodeLimit
    /// The solver gave up because of numerical difficulties.
    case numericalTrouble
    /// The solve was interrupted (signal or callback).
    case interrupted
    /// The solver stopped for another reason (see ``Termination/detail``).
    case otherError

    /// Whether this is a limit (time, iterations, nodes) rather than a proof.
    public var isLimit: Bool { self == .timeLimit || self == .iterationLimit || self == .nodeLimit }
}

/// Whether a point of a given kind is available, independent of why the solver stopped.
public enum SolutionAvailability: String, Sendable, Codable {
    /// A point satisfying all constraints (and integrality) within tolerance is available.
    case feasible
    /// A point is available but it does not satisfy every constraint (e.g. simplex stopped
    /// at a limit in phase 1).
    case infeasiblePoint
    /// No point is available.
    case none
}

/// How a solve ended: the reason it stopped plus whether a feasible point exists.
///
/// A MILP stopped at its time limit with an incumbent is `reason == .timeLimit`,
/// `primal == .feasible` — never `.optimal`.
public struct Termination: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Why the solver stopped.
    public var reason: TerminationReason
    /// Whether a primal point is available and feasible.
    public var primal: SolutionAvailability
    /// Whether dual values are available (LP only) and dual feasible.
    public var dual: SolutionAvailability
    /// The backend's own words or status code, for diagnosis.
    public var detail: String

    public init(reason: TerminationReason, primal: SolutionAvailability,
                dual: SolutionAvailability = .none, detail: String = "") {
        self.reason = reason
        self.primal = primal
        self.dual = dual
        self.detail = detail
    }

    /// Whether a feasible primal point is available.
    public var hasFeasiblePoint: Bool { primal == .feasible }

    public var description: String {
        var s = reason.rawValue
        if reason != .optimal { s += hasFeasiblePoint ? " (feasible point available)" : " (no feasible point)" }
        if !detail.isEmpty { s += " — \(detail)" }
        return s
    }
}

/// Status of a column or row in a simplex basis.
public enum BasisStatus: String, Sendable, Codable {
    case basic
    case atLower
    case atUpper
    /// Nonbasic at its fixed value (lower == upper).
    case fixed
    /// Nonbasic free (or superbasic) variable.
    case free
}

/// A simplex basis: one status per column and per row (the row's logical variable).
public struct Basis: Sendable, Codable, Equatable {
    public var columns: [BasisStatus]
    public var rows: [BasisStatus]
    public init(columns: [BasisStatus], rows: [BasisStatus]) {
        self.columns = columns
        self.rows = rows
    }
}

/// The result of one solve.
///
/// Vectors are indexed by column or row position. `values` is empty when no point is
/// available; `duals`, `reducedCosts` and `basis` are nil for a MILP or when the backend has
/// none. Dual signs follow the usual convention for the model's own sense: for a minimization
/// the dual of a binding ≥ row is ≥ 0; the objective changes by `dual · Δrhs` to first order.
public struct Solution: Sendable {
    /// How the solve ended.
    public var termination: Termination
    /// Objective value (constant included) of `values`; nil when no point is available.
    public var objectiveValue: Double?
    /// Best proven bound on the objective (MILP); for an optimal LP equal to the objective.
    public var bestBound: Double?
    /// Column values.
    public var values: [Double]
    /// Row activities Σⱼ aᵢⱼ·xⱼ.
    public var rowActivities: [Double]
    /// Row duals (shadow prices).
    public var duals: [Double]?
    /// Column reduced costs.
    public var reducedCosts: [Double]?
    /// The final simplex basis, when the method produced one.
    public var basis: Basis?
    /// Simplex (or interior-point) iterations, summed over all LPs for a MILP.
    public var iterations: Int
    /// Branch-and-bound nodes (0 for an LP).
    public var nodes: Int
    /// Wall-clock seconds of the whole solve call (validation, loading, optimizing, reading back).
    public var seconds: Double
    /// Of ``seconds``, the part spent validating the model and handing it to the backend
    /// (loading it, or applying the changes since the previous solve).
    public var loadSeconds: Double
    /// The backend that produced this ("glpk", "clp", "cbc").
    public var solverName: String
    /// Whether the solve started from a previous basis.
    public var warmStarted: Bool

    public init(termination: Termination, objectiveValue: Double? = nil, bestBound: Double? = nil,
                values: [Double] = [], rowActivities: [Double] = [], duals: [Double]? = nil,
                reducedCosts: [Double]? = nil, basis: Basis? = nil, iterations: Int = 0, nodes: Int = 0,
                seconds: Double = 0, loadSeconds: Double = 0, solverName: String, warmStarted: Bool = false) {
        self.termination = termination
        self.objectiveValue = objectiveValue
        self.bestBound = bestBound
        self.values = values
        self.rowActivities = rowActivities
        self.duals = duals
        self.reducedCosts = reducedCosts
        self.basis = basis
        self.iterations = iterations
        self.nodes = nodes
        self.seconds = seconds
        self.loadSeconds = loadSeconds
        self.solverName = solverName
        self.warmStarted = warmStarted
    }

    /// Whether the solver proved optimality.
    public var isOptimal: Bool { termination.reason == .optimal }

    /// The value of `variable`; nil when no point is available.
    public subscript(variable: Variable) -> Double? {
        values.indices.contains(variable.index) ? values[variable.index] : nil
    }

    /// The value of an expression at this solution; nil when no point is available.
    public func value(of expression: LinearExpression) -> Double? {
        values.isEmpty ? nil : expression.evaluate(values)
    }

    /// The dual of `constraint`; nil when duals are not available.
    public func dual(_ constraint: Constraint) -> Double? {
        guard let duals, duals.indices.contains(constraint.index) else { return nil }
        return duals[constraint.index]
    }

    /// The reduced cost of `variable`; nil when not available.
    public func reducedCost(_ variable: Variable) -> Double? {
        guard let reducedCosts, reducedCosts.indices.contains(variable.index) else { return nil }
        return reducedCosts[variable.index]
    }

    /// Relative gap |objective − bound| / max(1, |objective|), when both are known.
    public var relativeGap: Double? {
        guard let o = objectiveValue, let b = bestBound else { return nil }
        return abs(o - b) / max(1, abs(o))
    }
}
