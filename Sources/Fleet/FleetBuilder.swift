import Foundation
import Planner
import Scenario

/// A fleet file's nodes turned into a ``FleetProblem``: each node's scenario gives its first-epoch
/// planning request (as `epof plan` would), hence its LP and its preset's α, β.
public enum FleetBuilder {
    /// Builds the problem; replicas of one entry share one LP (built once). Errors name the node.
    public static func problem(_ fleet: FleetFile) throws(ScenarioError) -> FleetProblem {
        var cache: [String: (SubproblemLP, Double, Double)] = [:]
        var nodes: [FleetProblem.Node] = []
        for node in fleet.nodes {
            let poolIndex = fleet.movable.firstIndex { $0.model == node.scenario.workload.modelID }
            let from: Int? = poolIndex.map { k in
                let p = fleet.movable[k]
                return p.origin.contains(node.name) ? 0 : Int((p.transferLatency / fleet.epochLength * (1 - 1e-12)).rounded(.up))
            }
            let key = "\(node.line ?? -1)/\(from.map(String.init) ?? "-")"
            let entry: (SubproblemLP, Double, Double)
            if let hit = cache[key] { entry = hit } else {
                let input = try node.scenario.planningRequest()
                do {
                    entry = (try NodeLPBuilder.subproblem(for: input.request, movableFrom: from), input.preset.alpha, input.preset.beta)
                } catch {
                    throw ScenarioError(field: "nodes", rule: "node '\(node.name)': \(error)", file: fleet.file, line: node.line)
                }
                cache[key] = entry
            }
            nodes.append(FleetProblem.Node(name: node.name, site: node.site, pool: poolIndex, lp: entry.0, alpha: entry.1, beta: entry.2))
        }
        return FleetProblem(nodes: nodes, sites: fleet.sites.map { FleetProblem.Site(name: $0.name, cap: $0.cap) },
                            carbonBudget: fleet.carbonBudget,
                            movable: fleet.movable.map { FleetProblem.MovablePool(name: $0.name, amount: $0.amount, required: $0.required) },
                            horizon: fleet.horizon, epochLength: fleet.epochLength)
    }
}
