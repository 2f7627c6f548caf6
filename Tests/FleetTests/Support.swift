import Fleet
import Foundation
import LinearModel
import Scenario
import Solvers

/// Fixtures shared by the fleet tests: small fleet files written next to the example scenarios.
enum FleetFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let problems = root.appendingPathComponent("Problems")

    /// A temporary fleet file with `body` (scenario paths may be relative to Problems/: the
    /// file's `scenario:` values are made absolute).
    static func write(_ body: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = body.replacingOccurrences(of: "scenario: ", with: "scenario: \(problems.path)/")
        let path = dir.appendingPathComponent("fleet.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A 3-node, 6-epoch fleet with a binding site cap, a binding carbon budget and a movable
    /// pool: every kind of shared row is active.
    static func small(siteCap: String = "280 W", budget: String = "1.1 kg", amount: Double = 150) throws -> FleetProblem {
        let path = try write("""
        name: small
        epoch: 1h
        horizon: 6
        start: 2023-06-01T16:00:00+08:00
        sites:
          - name: a
            powerCap: \(siteCap)
        carbonBudget: \(budget)
        nodes:
          - name: sdxl
            scenario: sdxl-ecommerce-sichuan.yaml
            site: a
            replicas: 2
            set: {arrivals.elastic.rate: 0.05}
          - name: h100
            scenario: h100-sdxl-ecommerce.yaml
            set: {arrivals.elastic.rate: 0.05}
        movable:
          - name: pool
            model: sdxl
            amount: \(amount)
            origin: sdxl
            transferLatency: 2h
        """)
        return try FleetBuilder.problem(FleetFile.load(contentsOf: path))
    }

    /// The monolithic LP's optimum and its solution.
    static func monolithic(_ p: FleetProblem, _ plan: FleetPlan, solver: SolverChoice) throws -> (MonolithicFleetLP, Solution) {
        let lp = MonolithicFleetLP(p, maximumThroughput: plan.nodes.map(\.maximumThroughput), minimumCarbon: plan.nodes.map(\.minimumCarbon))
        let s = try SolverFactory.make(solver).solve(lp.model)
        return (lp, s)
    }

    static func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1, abs(a), abs(b)) }
}
