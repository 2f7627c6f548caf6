/// The result of planning a fleet: the recovered plan per node, the shared rows' prices and the
/// certificate (upper bound and gap) of the decomposition. Codable: the `--format json` output.
public struct FleetPlan: Codable, Sendable {
    /// One node's share of the fleet plan: the convex combination of its columns that the master
    /// chose (a feasible point of the node's LP, since that set is convex).
    public struct NodeResult: Codable, Sendable {
        public var name: String
        public var site: String?
        /// Throughput over the horizon, work units.
        public var throughput: Double
        /// Carbon over the horizon, gCO₂.
        public var carbon: Double
        /// Node power per epoch, W.
        public var power: [Double]
        /// Movable work received, work units.
        public var received: Double
        /// Work served per class (interactive, deferrable, elastic) and epoch.
        public var served: [[Double]]
        /// The node's fleet objective term f_n = α·T/T̂ + β·(2 − C/Ĉ).
        public var objective: Double
        /// T̂: the node's stand-alone maximum throughput.
        public var maximumThroughput: Double
        /// Ĉ: the node's stand-alone minimum carbon, gCO₂.
        public var minimumCarbon: Double
        /// Node columns in the final master, and how many carry weight > 0.
        public var columns: Int
        public var activeColumns: Int
    }

    /// Dual value of one shared row (∂ fleet objective / ∂ limit), in objective units per the
    /// row's unit (per W for a site cap, per gCO₂ for the budget, per work unit for a pool).
    public struct Price: Codable, Sendable, Equatable {
        public var row: String
        public var value: Double
        /// The row's activity at the plan and its limit (W, gCO₂ or work units).
        public var activity: Double
        public var limit: Double
    }

    /// Fleet objective Σ_n f_n at the recovered plan (the restricted master's optimum).
    public var objective: Double
    /// Lagrangian upper bound at the final prices.
    public var upperBound: Double
    /// (upper bound − objective) / max(1, |objective|).
    public var gap: Double
    /// Column-generation rounds (master solves) after the normalisation round.
    public var rounds: Int
    /// Pricing problems solved, including the 2 per node of the normalisation round.
    public var subproblemSolves: Int
    public var nodes: [NodeResult]
    /// Site cap rows [site][epoch].
    public var sitePrices: [[Price]]
    public var carbonPrice: Price?
    public var movablePrices: [Price]
    public var horizon: Int
    public var epochLength: Double
    /// Backend of the master and the subproblems.
    public var solver: String
    /// How the subproblems were solved.
    public var transport: String
    /// Wall time: total, in pricing batches, in master solves, s.
    public var seconds: Double
    public var pricingSeconds: Double
    public var masterSeconds: Double

    /// Σ_n T_n, work units.
    public var totalThroughput: Double { nodes.reduce(0) { $0 + $1.throughput } }
    /// Σ_n C_n, gCO₂.
    public var totalCarbon: Double { nodes.reduce(0) { $0 + $1.carbon } }
}
