import Foundation
import Scenario
import Testing
import Workloads

/// `workload.batching`, `tokenBudget` and `kvReadEfficiency` in scenario files.
@Suite struct BatchingScenarioTests {
    static func yaml(_ extra: String, model: String = "model: llama-2-7b\n  promptTokens: 512\n  outputTokens: 128") -> String {
        """
        node: {device: nvidia-h100-sxm, cards: 2}
        workload:
          \(model)
        \(extra)
        arrivals:
          interactive: {rate: 10}
        carbon:
          region: sichuan
        preset: research
        epoch: 15m
        horizon: 2
        start: 2023-06-01T00:00:00+08:00
        """
    }

    @Test func continuousBatchingReachesTheCatalog() throws {
        let s = try Scenario.parse(yaml: Self.yaml("  batching: continuous\n  tokenBudget: 4096\n  kvReadEfficiency: 0.7"), path: "c.yaml")
        #expect(s.costParameters.continuousBatchingTokenBudget == 4096)
        #expect(s.costParameters.kvReadEfficiency == 0.7)
        let input = try s.planningRequest()
        let staticScenario = try Scenario.parse(yaml: Self.yaml(""), path: "s.yaml")
        #expect(staticScenario.costParameters == CostParameters())
        // The planner's points are the continuous model's: same keys, different figures.
        let direct = try CostModel(node: s.node, workload: s.workload, parameters: s.costParameters)
        let p = try #require(input.request.catalog.points.first { $0.key.batchSize == 32 && $0.key.placement == .card })
        #expect(try direct.evaluate(p.key).point == p)
        let staticPoint = try CostModel(node: s.node, workload: s.workload).evaluate(p.key).point
        #expect(staticPoint != p)
    }

    @Test func badBatchingKeysAreExplained() {
        let cases: [(String, String, String?)] = [
            ("  batching: inflight", "unknown batching", nil),
            ("  tokenBudget: 4096", "applies to batching: continuous", nil),
            ("  batching: continuous\n  tokenBudget: 1", "tokenBudget", nil),
            ("  kvReadEfficiency: 1.5", "(0, 1]", nil),
            ("  batching: continuous", "applies only to language", "model: sdxl\n  steps: 4\n  width: 512\n  height: 512"),
        ]
        for (extra, expected, model) in cases {
            let text = model.map { Self.yaml(extra, model: $0) } ?? Self.yaml(extra)
            switch Result(catching: { () throws(ScenarioError) in try Scenario.parse(yaml: text, path: "b.yaml") }) {
            case .success: Issue.record("accepted: \(extra)")
            case .failure(let e): #expect("\(e)".contains(expected) && e.line != nil, "\(e)")
            }
        }
    }
}
