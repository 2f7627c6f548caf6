import Foundation
import LinearModel
import Solvers
import Workloads
import Hardware

/// Plans H epochs of one node with the epoch LP (DESIGN §3) and commits the first.
///
/// Not `Sendable`: it owns a solver and the LP it reuses from one call to the next (warm
/// starts), so it must stay on the thread that created it. Create one per task.
public final class EpochPlanner {
    /// Settings of the planner.
    public struct Options: Sendable, Hashable {
        /// Drop operating points that a time-sharing mix of others dominates (more work at no
        /// more power for the same time); exact for the LP (default true).
        public var pruneDominatedPoints: Bool
        /// Solve cards with identical state as one group (exact for the LP by symmetry;
        /// default true; ignored in MILP mode).
        public var aggregateIdenticalCards: Bool
        /// Extra frontier passes that re-evaluate leakage at the chosen plan's predicted
        /// temperatures when they differ from the assumed ones by more than
        /// ``leakageTolerance`` (default 1).
        public var leakageRefinements: Int
        /// Temperature difference that triggers a leakage refinement, K (default 0.5).
        public var leakageTolerance: Double
        /// MILP mode: at most one precision profile loaded per card and epoch (binary), frontier
        /// by an ε-constraint scan with this many carbon budgets (needs GLPK or CBC). Nil: LP.
        public var oneProfilePerCardBudgets: Int?

        /// The documented defaults.
        public init(pruneDominatedPoints: Bool = true, aggregateIdenticalCards: Bool = true, leakageRefinements: Int = 1,
                    leakageTolerance: Double = 0.5, oneProfilePerCardBudgets: Int? = nil) {
            self.pruneDominatedPoints = pruneDominatedPoints
            self.aggregateIdenticalCards = aggregateIdenticalCards
            self.leakageRefinements = leakageRefinements
            self.leakageTolerance = leakageTolerance
            self.oneProfilePerCardBudgets = oneProfilePerCardBudgets
        }
    }

    /// The backend.
    public let solverChoice: SolverChoice
    /// The settings.
    public let options: Options

    /// A planner solving with `solver` (CLP by default).
    public init(solver: SolverChoice = .clp) {
        self.solverChoice = solver
        self.options = Options()
    }

    /// A planner with explicit settings.
    public init(solver: SolverChoice, options: Options) {
        self.solverChoice = solver
        self.options = options
    }

    /// Plans `request.horizon` epochs: builds (or updates) the H-epoch LP, enumerates its
    /// throughput–carbon frontier, picks the point maximising α·T/T_max + β·C_min/C, and
    /// returns the plan (its first epoch is the one to commit).
    public func plan(_ request: PlanningRequest) throws(PlanningError) -> Plan {
        try request.validate()
        throw .solver("not implemented yet")
    }
}
