import CGLPK
import LinearModel

/// Which GLPK settings a request can honour, and their translation into GLPK control blocks.
enum GLPKParameters {
    /// Rejects settings GLPK cannot honour for this model, with the reason.
    ///
    /// - `nodeLimit`: GLPK's branch-and-bound has no node limit.
    /// - `relativeMIPGap` on a pure LP: there is no branch-and-bound to stop.
    /// - `iterationLimit` on a MILP: `glp_intopt` has no iteration limit.
    /// - interior point on a MILP: GLPK's branch-and-bound needs simplex bases.
    /// - interior point with a time or iteration limit, or with presolve on: `glp_interior`
    ///   has none of these controls.
    /// - primal simplex on a MILP with presolve on: the root relaxation is then solved inside
    ///   `glp_intopt` with dual simplex only.
    static func checkSupported(_ model: Model, _ p: SolverParameters) throws(SolverError) {
        func reject(_ setting: String, _ reason: String) -> SolverError {
            .unsupported(setting: setting, backend: "glpk", reason: reason)
        }
        if p.nodeLimit != nil { throw reject("nodeLimit", "GLPK's branch-and-bound has no node limit") }
        let mip = model.isMixedInteger
        if !mip && p.relativeMIPGap != nil {
            throw reject("relativeMIPGap", "the model has no integer columns, so there is no MIP gap to honour")
        }
        if mip && p.iterationLimit != nil {
            throw reject("iterationLimit", "glp_intopt has no simplex iteration limit")
        }
        if p.algorithm == .interiorPoint {
            if mip { throw reject("algorithm=barrier", "GLPK's branch-and-bound cannot use the interior-point method") }
            if p.timeLimit != nil { throw reject("timeLimit", "glp_interior has no time limit") }
            if p.iterationLimit != nil { throw reject("iterationLimit", "glp_interior has no iteration limit control") }
            if p.presolve == true { throw reject("presolve", "glp_interior has no presolver") }
        }
        if mip && p.presolve == true && p.algorithm == .primalSimplex {
            throw reject("algorithm=primal", "with presolve on, glp_intopt solves the root relaxation with dual simplex")
        }
    }

    /// GLPK message level for a verbosity.
    static func messageLevel(_ v: Verbosity) -> Int32 {
        switch v {
        case .silent: return GLP_MSG_OFF
        case .summary: return GLP_MSG_ON
        case .detailed: return GLP_MSG_ALL
        }
    }

    /// Seconds to GLPK milliseconds: rounded up, at least 1 and at most `Int32.max`.
    static func milliseconds(_ seconds: Double) -> Int32 {
        let ms = (seconds * 1000).rounded(.up)
        if !(ms < Double(Int32.max)) { return Int32.max }
        return Int32(max(1, ms))
    }

    /// Iteration limit clamped to GLPK's `int`.
    static func iterations(_ n: Int) -> Int32 { Int32(clamping: n) }

    /// Simplex control block. `timeLimit` is the remaining time in seconds, if any.
    static func simplex(_ p: SolverParameters, method: LPAlgorithm, presolve: Bool, timeLimit: Double?) -> glp_smcp {
        var c = glp_smcp()
        glp_init_smcp(&c)
        c.msg_lev = messageLevel(p.verbosity)
        c.meth = method == .dualSimplex ? GLP_DUALP : GLP_PRIMAL
        c.presolve = presolve ? GLP_ON : GLP_OFF
        if let t = timeLimit { c.tm_lim = milliseconds(t) }
        if let n = p.iterationLimit { c.it_lim = iterations(n) }
        return c
    }

    /// Branch-and-bound control block.
    static func intopt(_ p: SolverParameters, presolve: Bool, timeLimit: Double?) -> glp_iocp {
        var c = glp_iocp()
        glp_init_iocp(&c)
        c.msg_lev = messageLevel(p.verbosity)
        c.presolve = presolve ? GLP_ON : GLP_OFF
        if let t = timeLimit { c.tm_lim = milliseconds(t) }
        if let g = p.relativeMIPGap { c.mip_gap = g }
        return c
    }

    /// Interior-point control block.
    static func interior(_ p: SolverParameters) -> glp_iptcp {
        var c = glp_iptcp()
        glp_init_iptcp(&c)
        c.msg_lev = messageLevel(p.verbosity)
        return c
    }
}
