import LinearModel
import Workloads

/// One node's epoch LP with the expressions a multi-node coordinator (the fleet planner)
/// couples on: node power per epoch and the served-work columns.
///
/// The model is exactly the one ``EpochPlanner`` solves for the request (leakage at the assumed
/// temperatures, before any refinement), with its objective unset. Column and row indices are
/// the model's own, so a caller may append columns and rows without disturbing them.
public struct EpochLPExport: Sendable {
    /// The node's feasible set and its throughput and carbon expressions.
    public var problem: BiObjectiveProblem
    /// Node power in epoch t, W: Σ_g m_g·P[g][t] (the left side of the node-cap row).
    public var nodePower: [LinearExpression]
    /// Served-work column of class j in epoch t, `[WorkClass.rawValue][t]` (work units per epoch).
    public var served: [[Int]]
    /// Upper bound of elastic work per epoch (the expected arrivals; `.infinity` when unlimited).
    public var elasticAvailable: [Double]
    /// Epoch length, s.
    public var epochLength: Double
}

extension EpochPlanner {
    /// The epoch LP for `request` and its coupling expressions (see ``EpochLPExport``). LP mode
    /// only: MILP options (``Options/oneProfilePerCardBudgets``) are rejected.
    public func epochLPExport(for request: PlanningRequest) throws(PlanningError) -> EpochLPExport {
        guard options.oneProfilePerCardBudgets == nil else {
            throw .invalidRequest(field: "options.oneProfilePerCardBudgets", rule: "the exported epoch LP is LP-only")
        }
        let ctx = try PlanningContext(request: request, options: options, thermal: thermalParameters(request))
        let data = ctx.data(leakage: ctx.initialLeakage)
        let (model, layout) = EpochLPLayout.build(ctx.structure, data: data)
        let power = (0..<layout.horizon).map { t in
            var e = LinearExpression()
            for g in 0..<layout.groups { e.add(Variable(index: layout.power[g][t]), Double(ctx.structure.groupSizes[g])) }
            return e
        }
        return EpochLPExport(problem: BiObjectiveProblem(model: model, throughput: layout.throughput(), carbon: layout.carbon(data)),
                             nodePower: power, served: layout.served,
                             elasticAvailable: data.arrivals[WorkClass.elastic.rawValue], epochLength: request.epochLength)
    }
}
