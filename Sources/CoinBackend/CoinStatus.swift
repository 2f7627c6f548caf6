import LinearModel

/// Translation of COIN-OR status codes into ``Termination``.
///
/// Both tables are pure functions of numbers read back from the library, so they are unit
/// tested without running a solve.
enum CoinStatus {
    /// CLP's outcome, as read after a simplex or barrier run.
    struct ClpOutcome {
        /// `Clp_status`: 0 optimal, 1 primal infeasible, 2 dual infeasible, 3 stopped on
        /// iterations or time, 4 stopped on errors, 5 stopped by an event handler.
        var status: Int32
        /// `Clp_secondaryStatus` (9 = status 3 because of the time limit).
        var secondary: Int32
        /// Whether the point CLP returned satisfies bounds and rows (our own check).
        var pointIsPrimalFeasible: Bool
        /// Whether the duals CLP returned satisfy the optimality sign conditions (our own check).
        var pointIsDualFeasible: Bool
        /// Whether an iteration limit was set for this run.
        var iterationLimitSet: Bool
        /// Whether a time limit was set for this run.
        var timeLimitSet: Bool
    }

    /// CLP status → termination.
    ///
    /// | `Clp_status` | secondary | reason | primal | dual |
    /// |---|---|---|---|---|
    /// | 0 | any | `.optimal` | `.feasible` | `.feasible` |
    /// | 1 | any | `.infeasible` | `.none` | `.none` |
    /// | 2 | any, returned point feasible | `.unbounded` | `.feasible` | `.none` |
    /// | 2 | any, returned point infeasible | `.infeasibleOrUnbounded` | `.none` | `.none` |
    /// | 3 | 9 (stopped on time) | `.timeLimit` | checked | checked |
    /// | 3 | other, iteration limit set | `.iterationLimit` | checked | checked |
    /// | 3 | other, only a time limit set | `.timeLimit` | checked | checked |
    /// | 3 | other, no limit set | `.otherError` | checked | checked |
    /// | 4 | any | `.numericalTrouble` | checked | `.none` |
    /// | 5 | any | `.interrupted` | checked | `.none` |
    /// | other | any | `.otherError` | `.none` | `.none` |
    ///
    /// "checked" means `.feasible` when our own check of CLP's point (bounds and row
    /// activities within 1e-6, relative for large bounds; reduced-cost and dual signs against
    /// the basis statuses) passes, else `.infeasiblePoint`. Dual infeasibility (status 2) only
    /// means "unbounded" once a primal feasible point is known, hence the check on the
    /// returned point.
    static func clp(_ o: ClpOutcome) -> Termination {
        let checkedPrimal: SolutionAvailability = o.pointIsPrimalFeasible ? .feasible : .infeasiblePoint
        let checkedDual: SolutionAvailability = o.pointIsDualFeasible ? .feasible : .infeasiblePoint
        let detail = "Clp_status \(o.status), secondary \(o.secondary)"
        switch o.status {
        case 0:
            return Termination(reason: .optimal, primal: .feasible, dual: .feasible, detail: detail)
        case 1:
            return Termination(reason: .infeasible, primal: .none, dual: .none, detail: detail)
        case 2:
            return o.pointIsPrimalFeasible
                ? Termination(reason: .unbounded, primal: .feasible, dual: .none, detail: detail)
                : Termination(reason: .infeasibleOrUnbounded, primal: .none, dual: .none, detail: detail)
        case 3:
            let reason: TerminationReason
            if o.secondary == 9 {
                reason = .timeLimit
            } else if o.iterationLimitSet {
                reason = .iterationLimit
            } else if o.timeLimitSet {
                reason = .timeLimit
            } else {
                reason = .otherError
            }
            return Termination(reason: reason, primal: checkedPrimal, dual: checkedDual, detail: detail)
        case 4:
            return Termination(reason: .numericalTrouble, primal: checkedPrimal, dual: .none, detail: detail)
        case 5:
            return Termination(reason: .interrupted, primal: checkedPrimal, dual: .none, detail: detail)
        default:
            return Termination(reason: .otherError, primal: .none, dual: .none, detail: detail)
        }
    }

    /// CBC's outcome after `Cbc_solve` on a model with integer columns.
    struct CbcOutcome {
        var status: Int32              // Cbc_status
        var secondary: Int32           // Cbc_secondaryStatus
        var provenOptimal: Bool        // Cbc_isProvenOptimal
        var provenInfeasible: Bool     // Cbc_isProvenInfeasible
        var continuousUnbounded: Bool  // Cbc_isContinuousUnbounded
        var nodeLimitReached: Bool     // Cbc_isNodeLimitReached
        var secondsLimitReached: Bool  // Cbc_isSecondsLimitReached
        var solutionLimitReached: Bool // Cbc_isSolutionLimitReached
        var abandoned: Bool            // Cbc_isAbandoned
        var hasIncumbent: Bool         // Cbc_bestSolution != NULL
    }

    /// CBC (branch-and-bound) status → termination. Checked top to bottom; the first row
    /// that matches wins, so a run stopped by a limit is never reported optimal.
    ///
    /// | condition | reason | primal |
    /// |---|---|---|
    /// | `isAbandoned` or `Cbc_status` 2 | `.numericalTrouble` | incumbent? |
    /// | `Cbc_status` 5 or secondary 5 (user event) | `.interrupted` | incumbent? |
    /// | `isSecondsLimitReached` or secondary 4 | `.timeLimit` | incumbent? |
    /// | `isNodeLimitReached` or secondary 3 | `.nodeLimit` | incumbent? |
    /// | secondary 8 (iteration limit) | `.iterationLimit` | incumbent? |
    /// | `isSolutionLimitReached` or secondary 6 (never set by us) | `.otherError` | incumbent? |
    /// | `Cbc_status` 1 (stopped, none of the above) | `.otherError` | incumbent? |
    /// | `isProvenInfeasible` or secondary 1 | `.infeasible` | `.none` |
    /// | `isContinuousUnbounded` or secondary 7, with incumbent | `.unbounded` | `.feasible` |
    /// | `isContinuousUnbounded` or secondary 7, no incumbent | `.infeasibleOrUnbounded` | `.none` |
    /// | `isProvenOptimal` or secondary 2 (gap reached) or 0, with incumbent | `.optimal` | `.feasible` |
    /// | anything else | `.otherError` | incumbent? |
    ///
    /// "incumbent?" is `.feasible` when CBC holds an integer feasible solution
    /// (`Cbc_bestSolution` non-NULL), else `.none`. Dual availability is always `.none` for a
    /// MILP. Stopping at the requested relative gap counts as optimal (see
    /// ``TerminationReason/optimal``). An unbounded relaxation with an integer feasible point
    /// means the MILP itself is unbounded (rational data).
    static func cbc(_ o: CbcOutcome) -> Termination {
        let incumbent: SolutionAvailability = o.hasIncumbent ? .feasible : .none
        let detail = "Cbc_status \(o.status), secondary \(o.secondary)"
        func t(_ r: TerminationReason, _ p: SolutionAvailability) -> Termination {
            Termination(reason: r, primal: p, dual: .none, detail: detail)
        }
        if o.abandoned || o.status == 2 { return t(.numericalTrouble, incumbent) }
        if o.status == 5 || o.secondary == 5 { return t(.interrupted, incumbent) }
        if o.secondsLimitReached || o.secondary == 4 { return t(.timeLimit, incumbent) }
        if o.nodeLimitReached || o.secondary == 3 { return t(.nodeLimit, incumbent) }
        if o.secondary == 8 { return t(.iterationLimit, incumbent) }
        if o.solutionLimitReached || o.secondary == 6 { return t(.otherError, incumbent) }
        if o.status == 1 { return t(.otherError, incumbent) }
        if o.provenInfeasible || o.secondary == 1 { return t(.infeasible, .none) }
        if o.continuousUnbounded || o.secondary == 7 {
            return o.hasIncumbent ? t(.unbounded, .feasible) : t(.infeasibleOrUnbounded, .none)
        }
        if o.hasIncumbent && (o.provenOptimal || o.secondary == 2 || o.secondary == 0) {
            return t(.optimal, .feasible)
        }
        return t(.otherError, incumbent)
    }

    /// CLP basis status code (`ClpSimplex::Status`: 0 free, 1 basic, 2 at upper, 3 at lower,
    /// 4 superbasic, 5 fixed) → ``BasisStatus``.
    ///
    /// CLP's row statuses describe the row *activity* (verified: a binding ≥ row reports
    /// 3 = at lower, a binding ≤ row 2 = at upper), unlike OSI's slack convention, so rows and
    /// columns share this table. A nonbasic variable whose bounds are equal is reported
    /// `.fixed` whatever side CLP names.
    static func basisStatus(_ code: Int32, lower: Double, upper: Double) -> BasisStatus {
        switch code {
        case 1: return .basic
        case 2: return lower == upper ? .fixed : .atUpper
        case 3: return lower == upper ? .fixed : .atLower
        case 5: return .fixed
        default: return .free  // 0 free, 4 superbasic
        }
    }
}
