import LinearModel
import Planner
import Solvers
import Workloads

/// Turns one node's planning request into its fleet subproblem LP.
public enum NodeLPBuilder {
    /// The node's epoch LP (``Planner/EpochPlanner/epochLPExport(for:)``), extended with the
    /// columns that receive movable work when `movableFrom` is given: r[t] ≥ 0, fixed at 0
    /// for the first `movableFrom` epochs (the transfer latency), and rows
    /// s_el[t] − r[t] ≤ A_el[t] so that received work is served as elastic work (the elastic
    /// column's own bound A_el[t] moves into that row).
    /// `planner` builds the LP (pass one per thread to reuse its thermal-parameter cache).
    public static func subproblem(for request: PlanningRequest, movableFrom: Int? = nil,
                                  planner: EpochPlanner = EpochPlanner(solver: .clp)) throws(PlanningError) -> SubproblemLP {
        let export = try planner.epochLPExport(for: request)
        var model = export.problem.model
        var received = LinearExpression()
        if let first = movableFrom {
            let el = WorkClass.elastic.rawValue
            for t in 0..<export.nodePower.count {
                let s = export.served[el][t]
                let r = model.addVariable(lower: 0, upper: t < first ? 0 : .infinity)
                received.add(r, 1)
                model.setBounds(Variable(index: s), lower: 0, upper: .infinity)
                let a = export.elasticAvailable[t]
                model.addRow(indices: [s, r.index], coefficients: [1, -1], lower: -.infinity, upper: a.isFinite ? a : .infinity)
            }
        }
        return SubproblemLP(model: model, throughput: export.problem.throughput, carbon: export.problem.carbon,
                            power: export.nodePower, received: received, served: export.served)
    }
}
