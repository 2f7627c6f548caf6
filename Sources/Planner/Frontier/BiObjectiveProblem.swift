import LinearModel

/// A bi-objective linear (or mixed-integer) program: the feasible set of ``model`` with two
/// linear objectives, throughput T (maximized) and carbon C (minimized).
///
/// The model's own objective is ignored; its rows, bounds and column kinds define the feasible
/// set. Both objectives are affine expressions over the model's columns (a constant is allowed,
/// e.g. idle power's carbon). Units are the caller's: typically work units (or work units/s)
/// for T and gCO₂ for C. For the α·T/T_max + β·C_min/C objective, C must be > 0 over the
/// feasible set.
public struct BiObjectiveProblem: Sendable {
    /// Constraints and bounds (its objective is ignored).
    public var model: Model
    /// Throughput T, maximized.
    public var throughput: LinearExpression
    /// Carbon C, gCO₂, minimized.
    public var carbon: LinearExpression

    /// A problem over `model`'s feasible set.
    public init(model: Model, throughput: LinearExpression, carbon: LinearExpression) {
        self.model = model
        self.throughput = throughput
        self.carbon = carbon
    }

    /// Checks the objectives name existing columns with finite coefficients and constants.
    /// (The model itself is validated by the solver before anything reaches C.)
    public func validateObjectives() throws(FrontierError) {
        for (name, e) in [("throughput", throughput), ("carbon", carbon)] {
            guard e.constant.isFinite else {
                throw .invalidObjective(name: name, reason: "constant \(e.constant) is not finite")
            }
            for (j, c) in zip(e.indices, e.coefficients) {
                guard j >= 0 && j < model.columnCount else {
                    throw .invalidObjective(name: name, reason: "term names column \(j); the model has \(model.columnCount)")
                }
                guard c.isFinite else {
                    throw .invalidObjective(name: name, reason: "coefficient \(c) of \(model.displayName(Variable(index: j))) is not finite")
                }
            }
        }
    }
}

/// One LP (or MILP) solve made while building a frontier.
public enum FrontierStep: Sendable, Equatable, CustomStringConvertible {
    /// max T (first step of the max-throughput end).
    case maximizeThroughput
    /// min C subject to T ≥ T_max − δ (second step of the max-throughput end).
    case minimizeCarbonAtMaximumThroughput
    /// min C (first step of the min-carbon end).
    case minimizeCarbon
    /// max T subject to C ≤ C_min + δ (second step of the min-carbon end).
    case maximizeThroughputAtMinimumCarbon
    /// max w_T·T − w_C·C, the weight normal to the segment between two known points.
    case weightedSum(throughputWeight: Double, carbonWeight: Double)
    /// max T subject to C ≤ budget (ε-constraint).
    case maximizeThroughputWithinBudget(Double)
    /// min C subject to C ≤ budget and T ≥ T_budget − δ (ε-constraint, lexicographic step).
    case minimizeCarbonWithinBudget(Double)

    public var description: String {
        switch self {
        case .maximizeThroughput: return "max T"
        case .minimizeCarbonAtMaximumThroughput: return "min C at max T"
        case .minimizeCarbon: return "min C"
        case .maximizeThroughputAtMinimumCarbon: return "max T at min C"
        case let .weightedSum(wt, wc): return "max \(wt)·T − \(wc)·C"
        case let .maximizeThroughputWithinBudget(b): return "max T s.t. C ≤ \(b)"
        case let .minimizeCarbonWithinBudget(b): return "min C at max T s.t. C ≤ \(b)"
        }
    }
}

/// Why a frontier or an optimum could not be computed.
public enum FrontierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An objective expression is malformed (unknown column, non-finite coefficient).
    case invalidObjective(name: String, reason: String)
    /// A parameter outside its allowed range (weights, tolerances, budgets).
    case invalidArgument(name: String, value: String, allowed: String)
    /// The solver refused the request (invalid model or settings, backend failure).
    case solver(SolverError, step: FrontierStep)
    /// The feasible set is empty.
    case infeasible
    /// Throughput is unbounded above: no maximum-throughput end point exists.
    case unboundedThroughput
    /// Carbon is unbounded below: no minimum-carbon end point exists.
    case unboundedCarbon
    /// A solve ended without an optimal point (limit, numerical trouble, infeasible-or-unbounded).
    case solveFailed(step: FrontierStep, termination: Termination)
    /// The minimum carbon is not > 0, so C_min/C is undefined.
    case nonPositiveMinimumCarbon(Double)
    /// The maximum throughput is not > 0, so T/T_max is undefined.
    case nonPositiveMaximumThroughput(Double)
    /// The backend cannot solve models with integer columns (ε-constraint needs GLPK or CBC).
    case integerVariablesUnsupported(backend: String)
    /// The search exceeded its solve budget (a safety net against numerical cycling).
    case solveLimitReached(Int)
    /// The frontier has no points (e.g. built empty by hand).
    case emptyFrontier

    public var description: String {
        switch self {
        case let .invalidObjective(name, reason): return "invalid \(name) objective: \(reason)"
        case let .invalidArgument(name, value, allowed): return "invalid \(name) \(value): expected \(allowed)"
        case let .solver(e, step): return "solver error at step '\(step)': \(e)"
        case .infeasible: return "the model is infeasible: no plan satisfies the constraints"
        case .unboundedThroughput: return "throughput is unbounded above: add a constraint or bound that limits it"
        case .unboundedCarbon: return "carbon is unbounded below: it must be bounded (and > 0) over the feasible set"
        case let .solveFailed(step, termination): return "step '\(step)' did not reach an optimum: \(termination)"
        case let .nonPositiveMinimumCarbon(c):
            return "minimum carbon is \(c) gCO2: the objective β·C_min/C is undefined unless C_min > 0"
        case let .nonPositiveMaximumThroughput(t):
            return "maximum throughput is \(t): the objective α·T/T_max is undefined unless T_max > 0"
        case let .integerVariablesUnsupported(backend):
            return "\(backend) cannot solve models with integer columns; use glpk or cbc"
        case let .solveLimitReached(n): return "stopped after \(n) solves (solve limit)"
        case .emptyFrontier: return "the frontier has no points"
        }
    }
}
