import Foundation
import Planner
import Scenario

/// A fleet file's nodes turned into a ``FleetProblem``: each node's scenario gives its first-epoch
/// planning request (as `epof plan` would), hence its LP and its preset's α, β.
public enum FleetBuilder {
    /// Builds the problem; replicas of one entry share one LP (built once). Distinct LPs are
    /// built on `threads` threads (each builds with its own planner; no solver is involved).
    /// Errors name the node (the first in fleet order).
    public static func problem(_ fleet: FleetFile, threads: Int = 1) throws(ScenarioError) -> FleetProblem {
        var keys: [String] = []
        var firstOfKey: [String: Int] = [:]
        var pools: [Int?] = []
        var starts: [Int?] = []
        for (n, node) in fleet.nodes.enumerated() {
            let poolIndex = fleet.movable.firstIndex { $0.model == node.scenario.workload.modelID }
            let from: Int? = poolIndex.map { k in
                let p = fleet.movable[k]
                return p.origin.contains(node.name) ? 0 : Int((p.transferLatency / fleet.epochLength * (1 - 1e-12)).rounded(.up))
            }
            let key = "\(node.line ?? -1)/\(from.map(String.init) ?? "-")"
            keys.append(key)
            pools.append(poolIndex)
            starts.append(from)
            if firstOfKey[key] == nil { firstOfKey[key] = n }
        }
        let distinct = firstOfKey.values.sorted()
        let latencyStart = starts
        let built = BuildSlots(count: distinct.count)
        let next = BuildCounter()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(threads, distinct.count)) {
            group.enter()
            Thread {
                defer { group.leave() }
                // One planner per thread: it caches the lumped thermal parameters per device.
                let planner = EpochPlanner(solver: .clp)
                while let i = next.take(below: distinct.count) {
                    let n = distinct[i], node = fleet.nodes[n]
                    do throws(ScenarioError) {
                        let input = try node.scenario.planningRequest()
                        do {
                            let lp = try NodeLPBuilder.subproblem(for: input.request, movableFrom: latencyStart[n], planner: planner)
                            built.set(i, .success((lp, input.preset.alpha, input.preset.beta)))
                        } catch {
                            built.set(i, .failure(ScenarioError(field: "nodes", rule: "node '\(node.name)': \(error)", file: fleet.file, line: node.line)))
                        }
                    } catch {
                        built.set(i, .failure(error))
                    }
                }
            }.start()
        }
        group.wait()
        var cache: [String: (SubproblemLP, Double, Double)] = [:]
        for (i, n) in distinct.enumerated() {
            switch built.value(i) {
            case .success(let e): cache[keys[n]] = e
            case .failure(let e): throw e
            }
        }
        var nodes: [FleetProblem.Node] = []
        for (n, node) in fleet.nodes.enumerated() {
            let entry = cache[keys[n]]!
            nodes.append(FleetProblem.Node(name: node.name, site: node.site, pool: pools[n], lp: entry.0, alpha: entry.1, beta: entry.2))
        }
        return FleetProblem(nodes: nodes, sites: fleet.sites.map { FleetProblem.Site(name: $0.name, cap: $0.cap) },
                            carbonBudget: fleet.carbonBudget,
                            movable: fleet.movable.map { FleetProblem.MovablePool(name: $0.name, amount: $0.amount, required: $0.required) },
                            horizon: fleet.horizon, epochLength: fleet.epochLength)
    }
}

/// Build results written by several threads, each slot once (guarded by a lock).
private final class BuildSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<(SubproblemLP, Double, Double), ScenarioError>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: Result<(SubproblemLP, Double, Double), ScenarioError>) { lock.lock(); slots[i] = v; lock.unlock() }
    func value(_ i: Int) -> Result<(SubproblemLP, Double, Double), ScenarioError> { lock.lock(); defer { lock.unlock() }; return slots[i]! }
}

/// Hands out indices 0, 1, … to threads (guarded by a lock).
private final class BuildCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take(below n: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < n else { return nil }
        next += 1
        return next - 1
    }
}
