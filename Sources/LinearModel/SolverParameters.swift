/// The method used for continuous problems (and for LP relaxations inside branch-and-bound).
public enum LPAlgorithm: String, Sendable, Codable, CaseIterable {
    case primalSimplex = "primal"
    case dualSimplex = "dual"
    case interiorPoint = "barrier"
}

/// How much the backend may print. Silent by default.
public enum Verbosity: Int, Sendable, Codable, Comparable {
    case silent = 0
    case summary = 1
    case detailed = 2
    public static func < (a: Verbosity, b: Verbosity) -> Bool { a.rawValue < b.rawValue }
}

/// Settings of one solve. `nil` means "the backend's default".
///
/// A backend that cannot honour a setting rejects the solve with
/// ``SolverError/unsupported(setting:backend:reason:)`` — settings are never silently ignored.
public struct SolverParameters: Sendable, Codable, Equatable {
    /// Wall-clock limit in seconds (> 0).
    public var timeLimit: Double?
    /// Relative MIP gap at which branch-and-bound stops, in [0, 1]. MILP only.
    public var relativeMIPGap: Double?
    /// Simplex iteration limit (≥ 0).
    public var iterationLimit: Int?
    /// Branch-and-bound node limit (≥ 0). MILP only.
    public var nodeLimit: Int?
    /// Whether the backend's presolver runs; nil = backend default.
    public var presolve: Bool?
    /// LP algorithm; nil = the backend chooses (primal after an objective change, dual after a
    /// bound or right-hand-side change, when warm starting).
    public var algorithm: LPAlgorithm?
    /// Backend output.
    public var verbosity: Verbosity
    /// Whether to start from the previous solve's basis when the model only changed in ways
    /// that keep it valid (objective, bounds, right-hand sides, added rows and columns).
    public var warmStart: Bool

    public init(timeLimit: Double? = nil, relativeMIPGap: Double? = nil, iterationLimit: Int? = nil,
                nodeLimit: Int? = nil, presolve: Bool? = nil, algorithm: LPAlgorithm? = nil,
                verbosity: Verbosity = .silent, warmStart: Bool = true) {
        self.timeLimit = timeLimit
        self.relativeMIPGap = relativeMIPGap
        self.iterationLimit = iterationLimit
        self.nodeLimit = nodeLimit
        self.presolve = presolve
        self.algorithm = algorithm
        self.verbosity = verbosity
        self.warmStart = warmStart
    }

    /// Checks values that no backend accepts (negative limits, NaN, gap outside [0, 1]).
    public func validate() throws(SolverError) {
        if let t = timeLimit, !(t > 0) || t.isNaN {
            throw .invalidParameter(name: "timeLimit", value: "\(t)", allowed: "a positive number of seconds")
        }
        if let g = relativeMIPGap, !(g >= 0 && g <= 1) {
            throw .invalidParameter(name: "relativeMIPGap", value: "\(g)", allowed: "a number in [0, 1]")
        }
        if let n = iterationLimit, n < 0 {
            throw .invalidParameter(name: "iterationLimit", value: "\(n)", allowed: "an integer ≥ 0")
        }
        if let n = nodeLimit, n < 0 {
            throw .invalidParameter(name: "nodeLimit", value: "\(n)", allowed: "an integer ≥ 0")
        }
    }
}
