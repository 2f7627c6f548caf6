import Foundation
import Planner
import Scenario
import Testing
@testable import Executor

/// Issue 10, item 1: the clairvoyant oracle is an upper bound. On Problems/ scenarios and on 50
/// generated ones (``ScenarioGenerator``: random devices, card counts, workloads, arrival
/// mixes, presets, caps, carbon — the real 2023 traces in ../shared/data/carbon when present —
/// forecasters and seeds), no policy that breaks no limit (``OracleBound``) scores above the
/// oracle by more than 0.5 % of its objective.
///
/// Runs are short (three epochs of 5 or 10 minutes) to keep `swift test` bounded;
/// `epof-bench oracle-bound` runs the same check in release, and `make results` on the headline
/// scenarios over 24 h. `EPOF_ORACLE_SCENARIOS=N` changes the generated count.
@Suite struct OracleBoundTests {
    static let sharedCarbon: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/data/carbon").standardized.path
    }()

    @Test func generatedScenariosAreDeterministicAndValid() throws {
        let g = ScenarioGenerator(carbonDirectory: Self.sharedCarbon)
        #expect(g.yaml(seed: 7) == g.yaml(seed: 7))
        #expect(g.yaml(seed: 7) != g.yaml(seed: 8))
        for k in 0..<20 as Range<UInt64> { _ = try Scenario.parse(yaml: g.yaml(seed: k), path: "generated-\(k).yaml") }
    }

    @Test func noLimitRespectingPolicyBeatsTheOracleOnGeneratedScenarios() throws {
        let count = ProcessInfo.processInfo.environment["EPOF_ORACLE_SCENARIOS"].flatMap(Int.init) ?? 50
        let g = ScenarioGenerator(carbonDirectory: Self.sharedCarbon)
        var beaten: [String] = []
        var ratios: [Double] = []
        for k in 0..<UInt64(count) {
            let scenario = try Scenario.parse(yaml: g.yaml(seed: k), path: "generated-\(k).yaml")
            let r = try OracleBound.check(scenario, epochs: 3, seed: k)
            beaten += r.beaten.map { "generated-\(k): \($0) > oracle \(r.oracle)" }
            ratios.append(r.lpRatio)
        }
        ratios.sort()
        print("oracle bound: \(count) generated scenarios, LP/oracle min \(ratios.first ?? 0), median \(ratios.isEmpty ? 0 : ratios[ratios.count / 2])")
        #expect(beaten.isEmpty, "\(beaten.joined(separator: "\n"))")
        #expect(ratios.count == count)
    }

    @Test(arguments: ["sdxl-ecommerce-sichuan", "llama7b-eco-edge", "mixed-day-germany"])
    func noLimitRespectingPolicyBeatsTheOracleOnTheProblems(_ name: String) throws {
        let scenario = try Scenario.load(contentsOf: problemsDirectory + "/\(name).yaml")
        let r = try OracleBound.check(scenario, epochs: 2, seed: 0)
        #expect(r.beaten.isEmpty, "\(r.beaten.joined(separator: "\n"))")
    }
}
