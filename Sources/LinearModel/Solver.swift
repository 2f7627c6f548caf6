/// Why a solve could not be run. Separates "never supported by this backend" from
/// "not allowed in the current state" (MathOptInterface's distinction).
public enum SolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model failed validation; nothing was passed to the backend.
    case invalidModel(ModelError)
    /// A parameter value that no backend accepts.
    case invalidParameter(name: String, value: String, allowed: String)
    /// This backend never supports the setting or model feature.
    case unsupported(setting: String, backend: String, reason: String)
    /// The request is valid in general but not in the current state (e.g. sensitivity before
    /// an optimal LP solve).
    case notAllowedNow(String)
    /// The backend failed in a way it reported (e.g. out of memory, invalid basis).
    case backendFailure(backend: String, message: String)

    public var description: String {
        switch self {
        case let .invalidModel(e): return "invalid model: \(e)"
        case let .invalidParameter(name, value, allowed): return "invalid \(name) \(value): expected \(allowed)"
        case let .unsupported(setting, backend, reason): return "\(backend) does not support \(setting): \(reason)"
        case let .notAllowedNow(why): return "not allowed now: \(why)"
        case let .backendFailure(backend, message): return "\(backend) failed: \(message)"
        }
    }
}

/// What a backend can do, so callers can choose one and so unsupported requests are rejected
/// up front.
public struct SolverCapabilities: Sendable, Equatable {
    /// Solves continuous LPs.
    public var linearPrograms: Bool
    /// Solves models with integer or binary columns.
    public var integerVariables: Bool
    /// LP algorithms available.
    public var algorithms: Set<LPAlgorithm>
    /// Objective-coefficient and right-hand-side ranging.
    public var sensitivityRanging: Bool
    /// Branch-and-bound node limit.
    public var nodeLimit: Bool
    /// Presolve switch.
    public var presolveSwitch: Bool

    public init(linearPrograms: Bool, integerVariables: Bool, algorithms: Set<LPAlgorithm>,
                sensitivityRanging: Bool, nodeLimit: Bool, presolveSwitch: Bool) {
        self.linearPrograms = linearPrograms
        self.integerVariables = integerVariables
        self.algorithms = algorithms
        self.sensitivityRanging = sensitivityRanging
        self.nodeLimit = nodeLimit
        self.presolveSwitch = presolveSwitch
    }
}

/// A solver backend.
///
/// **Thread and lifetime contract.** A solver instance owns native solver state and is
/// confined to the thread (or task) that created it: it is deliberately not `Sendable`, so
/// the compiler refuses to share it across concurrency domains. Create one solver per task;
/// several solvers may run at the same time on different threads, each with its own model.
/// The native state lives as long as the instance and is freed in `deinit`.
///
/// **Incremental solves.** The solver remembers the last model it loaded. When the next model
/// differs only in objective coefficients, bounds, right-hand sides or appended rows and
/// columns, it applies just those changes and (with ``SolverParameters/warmStart``) re-solves
/// from the previous basis; otherwise it reloads from scratch.
public protocol Solver: AnyObject {
    /// Short backend name: "glpk", "clp" or "cbc".
    var name: String { get }
    /// What the backend supports.
    var capabilities: SolverCapabilities { get }
    /// Validates `model` and `parameters`, then solves. Non-optimal outcomes (infeasible,
    /// limits, …) are reported in ``Solution/termination``; only requests that cannot be run
    /// at all throw.
    func solve(_ model: Model, parameters: SolverParameters) throws(SolverError) -> Solution
    /// Ranging for the last solve, which must have been an optimal LP solve.
    func sensitivity() throws(SolverError) -> SensitivityReport
}

extension Solver {
    /// Solves with default parameters.
    public func solve(_ model: Model) throws(SolverError) -> Solution {
        try solve(model, parameters: SolverParameters())
    }
}

/// Ranging information at an optimal basis.
///
/// For each column, the interval of objective coefficients over which the current basis stays
/// optimal; for each row, the interval of its active bound (right-hand side) over which the
/// basis stays primal feasible. Infinite ends are ±∞.
public struct SensitivityReport: Sendable, Codable, Equatable {
    public struct Range: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }
        /// Whether `value` lies in the range (inclusive, with a small tolerance).
        public func contains(_ value: Double, tolerance: Double = 1e-9) -> Bool {
            value >= lower - tolerance * max(1, abs(lower)) && value <= upper + tolerance * max(1, abs(upper))
        }
    }
    /// Objective-coefficient range per column.
    public var objectiveRanges: [Range]
    /// Right-hand-side range per row (of the bound that is active; a basic row's range is
    /// where its activity may move without changing the basis).
    public var rightHandSideRanges: [Range]

    public init(objectiveRanges: [Range], rightHandSideRanges: [Range]) {
        self.objectiveRanges = objectiveRanges
        self.rightHandSideRanges = rightHandSideRanges
    }
}
