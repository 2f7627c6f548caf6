import Foundation
import Planner
import Scenario
import Testing
import Workloads

/// Every scenario shipped in Problems/ loads and yields a valid first-epoch request.
@Suite("Example scenarios in Problems/")
struct ExampleScenarioTests {
    /// The scenario files: top-level `*.yaml` of Problems/ except the presets file.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.problems.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "presets.yaml" }.sorted()
    }()

    @Test func theRequiredExamplesExist() {
        for name in ["sdxl-ecommerce-sichuan.yaml", "llama70b-research-beijing.yaml", "llama7b-eco-edge.yaml",
                     "mixed-day-germany.yaml", "h100-sdxl-ecommerce.yaml"] {
            #expect(Self.files.contains(name), "\(name)")
        }
    }

    @Test(arguments: files)
    func loadsAndBuildsItsFirstRequest(_ name: String) throws {
        let path = TestPaths.problems.appendingPathComponent(name).path
        let scenario = try Scenario.load(contentsOf: path)
        let input = try scenario.planningRequest()
        let r = input.request
        try r.validate()
        #expect(r.horizon == scenario.horizon)
        #expect(r.carbonForecast.count == scenario.horizon)
        #expect(r.temperatures.count == scenario.node.cards)
        #expect(!r.catalog.points.isEmpty)
        #expect(r.deferrableBacklog == 0)
        for c in WorkClass.allCases { #expect(r.arrivals[c]?.count == scenario.horizon) }
    }

    @Test func mixedDayFallsBackToTheGeneratedTraceWithANotice() throws {
        let s = try Scenario.load(contentsOf: TestPaths.problems.appendingPathComponent("mixed-day-germany.yaml").path)
        guard case .csv(let c) = s.carbon else { Issue.record("expected a CSV source"); return }
        if FileManager.default.fileExists(atPath: TestPaths.root.appendingPathComponent("../shared/data/carbon/DE-LU_2023_hourly.csv").path) {
            #expect(!c.isFallback)
        } else {
            #expect(c.isFallback)
            #expect(c.path.hasSuffix("data/DE_2023_hourly-GENERATED.csv"))
            #expect(s.notices.contains { $0.contains("absent") && $0.contains("GENERATED") })
        }
        let input = try s.planningRequest()
        #expect(input.request.arrivals[.elastic]?.allSatisfy { $0 == .infinity } == true)
        #expect(input.request.deferrableDeadline == 12)
        #expect(input.request.carbonForecast.count == 24)
    }

    @Test func edgeScenarioUsesTheUserPresetAndTheNodeFile() throws {
        let s = try Scenario.load(contentsOf: TestPaths.problems.appendingPathComponent("llama7b-eco-edge.yaml").path)
        #expect(s.node.host.cpuCores == 16)
        #expect(s.node.device.id == "nvidia-a100-sxm")
        let p = try s.resolvePreset()
        #expect(p.name == "eco")
        #expect(p.cardPowerCap == 250)
        #expect(p.alpha == 0.2 && p.beta == 0.8)
        #expect(p.thermalLimit == SLAPreset.research.thermalLimit)
        #expect(try s.initialTemperatures().0 == [45])
    }
}
