import CGLPK
import LinearModel

/// Translation of GLPK return codes and solution statuses into ``Termination``.
///
/// Kept free of solver state so each mapping can be read (and tested) on its own. The
/// "availability" half of a termination always comes from GLPK's own primal/dual statuses,
/// never from the return code, so a limit reached with a feasible point says so.
enum GLPKStatus {
    /// The availability GLPK reports for a basic solution component (`glp_get_prim_stat`,
    /// `glp_get_dual_stat`).
    static func availability(basic stat: Int32) -> SolutionAvailability {
        switch stat {
        case GLP_FEAS: return .feasible
        case GLP_INFEAS: return .infeasiblePoint
        default: return .none  // GLP_UNDEF, GLP_NOFEAS
        }
    }

    /// Termination of `glp_simplex` from its return code and the basic solution statuses.
    static func simplex(returnCode rc: Int32, primal p: Int32, dual d: Int32) -> Termination {
        let primal = availability(basic: p), dual = availability(basic: d)
        switch rc {
        case 0:
            if p == GLP_FEAS && d == GLP_FEAS {
                return Termination(reason: .optimal, primal: .feasible, dual: .feasible, detail: "GLP_OPT")
            }
            if p == GLP_NOFEAS {
                return Termination(reason: .infeasible, primal: .none, dual: dual, detail: "GLP_NOFEAS: no primal feasible solution")
            }
            if p == GLP_FEAS && d == GLP_NOFEAS {
                return Termination(reason: .unbounded, primal: .feasible, dual: .none, detail: "GLP_UNBND: primal unbounded")
            }
            if d == GLP_NOFEAS {
                return Termination(reason: .infeasibleOrUnbounded, primal: primal, dual: .none,
                                   detail: "no dual feasible solution; primal status \(p)")
            }
            return Termination(reason: .otherError, primal: primal, dual: dual,
                               detail: "glp_simplex returned 0 with primal status \(p), dual status \(d)")
        case GLP_EITLIM:
            return Termination(reason: .iterationLimit, primal: primal, dual: dual, detail: "GLP_EITLIM")
        case GLP_ETMLIM:
            return Termination(reason: .timeLimit, primal: primal, dual: dual, detail: "GLP_ETMLIM")
        case GLP_ENOPFS:
            return Termination(reason: .infeasible, primal: .none, dual: .none,
                               detail: "GLP_ENOPFS: presolver found no primal feasible solution")
        case GLP_ENODFS:
            // The presolver proved dual infeasibility only: the primal may be infeasible too.
            return Termination(reason: .infeasibleOrUnbounded, primal: .none, dual: .none,
                               detail: "GLP_ENODFS: presolver found no dual feasible solution")
        case GLP_EBADB:
            return Termination(reason: .otherError, primal: .none, detail: "GLP_EBADB: invalid initial basis")
        case GLP_ESING:
            return Termination(reason: .numericalTrouble, primal: .none, detail: "GLP_ESING: singular basis matrix")
        case GLP_ECOND:
            return Termination(reason: .numericalTrouble, primal: .none, detail: "GLP_ECOND: ill-conditioned basis matrix")
        case GLP_EBOUND:
            return Termination(reason: .otherError, primal: .none, detail: "GLP_EBOUND: incorrect bounds on a double-bounded variable")
        case GLP_EFAIL:
            return Termination(reason: .numericalTrouble, primal: primal, dual: dual, detail: "GLP_EFAIL: solver failure")
        case GLP_EOBJLL:
            return Termination(reason: .otherError, primal: primal, dual: dual, detail: "GLP_EOBJLL: objective lower limit reached")
        case GLP_EOBJUL:
            return Termination(reason: .otherError, primal: primal, dual: dual, detail: "GLP_EOBJUL: objective upper limit reached")
        default:
            return Termination(reason: .otherError, primal: .none, detail: "glp_simplex returned \(rc)")
        }
    }

    /// Termination of `glp_intopt` from its return code and `glp_mip_status`.
    ///
    /// `GLP_EMIPGAP` (the requested relative gap was reached) counts as optimal: the caller asked
    /// for optimality within that gap.
    static func intopt(returnCode rc: Int32, mipStatus s: Int32) -> Termination {
        let primal: SolutionAvailability = (s == GLP_OPT || s == GLP_FEAS) ? .feasible : .none
        switch rc {
        case 0:
            switch s {
            case GLP_OPT: return Termination(reason: .optimal, primal: .feasible, detail: "GLP_OPT")
            case GLP_NOFEAS: return Termination(reason: .infeasible, primal: .none, detail: "GLP_NOFEAS: no integer feasible solution")
            default:
                return Termination(reason: .otherError, primal: primal, detail: "glp_intopt returned 0 with MIP status \(s)")
            }
        case GLP_EMIPGAP:
            return Termination(reason: .optimal, primal: primal, detail: "GLP_EMIPGAP: relative MIP gap tolerance reached")
        case GLP_ETMLIM:
            return Termination(reason: .timeLimit, primal: primal, detail: "GLP_ETMLIM")
        case GLP_ENOPFS:
            return Termination(reason: .infeasible, primal: .none, detail: "GLP_ENOPFS: LP relaxation has no primal feasible solution")
        case GLP_ENODFS:
            return Termination(reason: .infeasibleOrUnbounded, primal: .none,
                               detail: "GLP_ENODFS: LP relaxation has no dual feasible solution")
        case GLP_EROOT:
            return Termination(reason: .otherError, primal: .none, detail: "GLP_EROOT: optimal LP relaxation basis not provided")
        case GLP_EBOUND:
            return Termination(reason: .otherError, primal: .none, detail: "GLP_EBOUND: incorrect bounds")
        case GLP_ESTOP:
            return Termination(reason: .interrupted, primal: primal, detail: "GLP_ESTOP")
        case GLP_EFAIL:
            return Termination(reason: .numericalTrouble, primal: primal, detail: "GLP_EFAIL: solver failure")
        default:
            return Termination(reason: .otherError, primal: primal, detail: "glp_intopt returned \(rc)")
        }
    }

    /// Termination of `glp_interior` from its return code and `glp_ipt_status`.
    static func interior(returnCode rc: Int32, status s: Int32) -> Termination {
        switch rc {
        case 0:
            switch s {
            case GLP_OPT: return Termination(reason: .optimal, primal: .feasible, dual: .feasible, detail: "GLP_OPT")
            case GLP_NOFEAS:
                // GLPK's interior point cannot tell a primal from a dual infeasibility.
                return Termination(reason: .infeasibleOrUnbounded, primal: .none, dual: .none,
                                   detail: "GLP_NOFEAS: no primal-dual feasible solution")
            case GLP_INFEAS:
                return Termination(reason: .otherError, primal: .infeasiblePoint, dual: .infeasiblePoint,
                                   detail: "GLP_INFEAS: interior-point solution is infeasible")
            default:
                return Termination(reason: .otherError, primal: .none, detail: "glp_interior returned 0 with status \(s)")
            }
        case GLP_EFAIL:
            return Termination(reason: .otherError, primal: .none, detail: "GLP_EFAIL: problem has no rows or columns")
        case GLP_ENOCVG:
            return Termination(reason: .numericalTrouble, primal: .none,
                               detail: "GLP_ENOCVG: no convergence (the problem may be infeasible or unbounded)")
        case GLP_EITLIM:
            return Termination(reason: .iterationLimit, primal: .none, detail: "GLP_EITLIM: interior-point iteration limit")
        case GLP_EINSTAB:
            return Termination(reason: .numericalTrouble, primal: .none, detail: "GLP_EINSTAB: numerical instability")
        default:
            return Termination(reason: .otherError, primal: .none, detail: "glp_interior returned \(rc)")
        }
    }
}
