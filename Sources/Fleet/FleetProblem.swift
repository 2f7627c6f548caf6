import LinearModel

/// A fleet ready to plan: every node's LP and objective weights, and the shared limits.
///
/// **Fleet objective.** Each node's own objective α·T/T_max + β·C_min/C is replaced by its
/// tangent at the node's stand-alone extremes: f_n = α_n·T_n/T̂_n + β_n·(2 − C_n/Ĉ_n), where T̂_n
/// is the node's maximum throughput and Ĉ_n its minimum carbon, each over its own feasible set
/// (no fleet limit). The fleet maximises Σ_n f_n. f_n is linear, equals the node's objective at
/// its minimum-carbon end, and makes one work unit (or one gCO₂) worth the same share of every
/// node's scale whatever the node's size.
///
/// **Shared limits** (the coupling rows):
/// - site cap: Σ_{n at site s} P_n[t] ≤ cap_s[t] for every site and epoch, W;
/// - carbon budget: Σ_n C_n ≤ B, gCO₂ over the horizon;
/// - movable work: Σ_{n eligible} R_n ≤ amount (or = amount when required), work units, where
///   R_n is what node n receives (served there as elastic work, not before the transfer latency).
public struct FleetProblem: Sendable {
    /// One node.
    public struct Node: Sendable {
        /// Name (unique in the fleet).
        public var name: String
        /// Index into ``FleetProblem/sites``, or nil when the node shares no site cap.
        public var site: Int?
        /// Index into ``FleetProblem/movable`` of the pool it may receive from, or nil.
        public var pool: Int?
        /// The node's LP.
        public var lp: SubproblemLP
        /// The node preset's α and β (weights of T/T̂ and of 2 − C/Ĉ in the fleet objective).
        public var alpha: Double
        public var beta: Double

        public init(name: String, site: Int?, pool: Int?, lp: SubproblemLP, alpha: Double, beta: Double) {
            self.name = name
            self.site = site
            self.pool = pool
            self.lp = lp
            self.alpha = alpha
            self.beta = beta
        }
    }

    /// A site with a shared power contract.
    public struct Site: Sendable, Codable, Equatable {
        public var name: String
        /// Cap per epoch, W (one value per epoch of the horizon).
        public var cap: [Double]
        public init(name: String, cap: [Double]) { self.name = name; self.cap = cap }
    }

    /// A pool of movable work.
    public struct MovablePool: Sendable, Codable, Equatable {
        public var name: String
        /// Work units available over the horizon.
        public var amount: Double
        /// Whether all of it must be served (an equality row) rather than up to it.
        public var required: Bool
        public init(name: String, amount: Double, required: Bool) {
            self.name = name
            self.amount = amount
            self.required = required
        }
    }

    /// The nodes, in fleet order (node i of every request and result).
    public var nodes: [Node]
    /// Sites with a shared power cap.
    public var sites: [Site]
    /// gCO₂ over the horizon; nil = no budget.
    public var carbonBudget: Double?
    /// Pools of movable work.
    public var movable: [MovablePool]
    /// Epochs shared by every node.
    public var horizon: Int
    /// Epoch length, s.
    public var epochLength: Double

    public init(nodes: [Node], sites: [Site], carbonBudget: Double?, movable: [MovablePool], horizon: Int, epochLength: Double) {
        self.nodes = nodes
        self.sites = sites
        self.carbonBudget = carbonBudget
        self.movable = movable
        self.horizon = horizon
        self.epochLength = epochLength
    }

    /// Checks the shapes (every node's horizon, site and pool indices, cap lengths, finite limits).
    public func validate() throws(FleetError) {
        guard !nodes.isEmpty else { throw .invalidProblem("the fleet has no nodes") }
        for s in sites {
            guard s.cap.count == horizon else {
                throw .invalidProblem("site '\(s.name)': \(s.cap.count) cap values for \(horizon) epochs")
            }
            guard s.cap.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw .invalidProblem("site '\(s.name)': caps must be finite watts ≥ 0")
            }
        }
        if let b = carbonBudget, !(b.isFinite && b >= 0) { throw .invalidProblem("carbon budget must be finite gCO₂ ≥ 0") }
        for p in movable where !(p.amount.isFinite && p.amount >= 0) {
            throw .invalidProblem("movable pool '\(p.name)': amount must be finite and ≥ 0")
        }
        for n in nodes {
            guard n.lp.horizon == horizon else {
                throw .invalidProblem("node '\(n.name)': horizon \(n.lp.horizon), the fleet's is \(horizon)")
            }
            if let s = n.site, !sites.indices.contains(s) { throw .invalidProblem("node '\(n.name)': no site \(s)") }
            if let p = n.pool, !movable.indices.contains(p) { throw .invalidProblem("node '\(n.name)': no pool \(p)") }
            guard n.alpha.isFinite, n.beta.isFinite, n.alpha >= 0, n.beta >= 0, n.alpha + n.beta > 0 else {
                throw .invalidProblem("node '\(n.name)': α, β must be ≥ 0 and not both 0")
            }
        }
    }
}

/// Why a fleet could not be planned.
public enum FleetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem's shape is wrong.
    case invalidProblem(String)
    /// A node's pricing problem failed.
    case subproblem(SubproblemError)
    /// The master LP failed.
    case master(String)
    /// The shared limits cannot be met; names the rows that stay violated.
    case infeasible([String])
    /// A node cannot serve anything or has no positive carbon, so its objective is undefined.
    case degenerateNode(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidProblem(s): return "invalid fleet: \(s)"
        case let .subproblem(e): return "\(e)"
        case let .master(s): return "master LP: \(s)"
        case let .infeasible(rows): return "the fleet's shared limits cannot be met: \(rows.joined(separator: "; "))"
        case let .degenerateNode(n, r): return "node '\(n)': \(r)"
        }
    }
}
