import Foundation
import Testing

@Suite("epof plan and epof presets, end to end")
struct PlanCommandTests {
    static let examples = ["sdxl-ecommerce-sichuan.yaml", "llama70b-research-beijing.yaml", "llama7b-eco-edge.yaml",
                           "mixed-day-germany.yaml", "h100-sdxl-ecommerce.yaml"]

    static func path(_ name: String) -> String { EPOFProcess.root.appendingPathComponent("Problems/\(name)").path }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: examples)
    func plansEachExampleAsText(_ name: String) throws {
        let r = try EPOFProcess.run(["plan", Self.path(name)])
        #expect(r.status == 0, "\(r.stderr)")
        for word in ["Epoch 0 (committed)", "card", "operating point", "Objective", "Frontier", "Chosen", "idle"] {
            #expect(r.stdout.contains(word), "\(word) missing in\n\(r.stdout)")
        }
        #expect(r.stdout.contains("*"), "the chosen frontier point is marked")
    }

    @Test(arguments: examples)
    func plansEachExampleAsJSON(_ name: String) throws {
        let r = try EPOFProcess.run(["plan", Self.path(name), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        let scenario = try #require(j["scenario"] as? [String: Any])
        let plan = try #require(j["plan"] as? [String: Any])
        #expect(scenario["name"] as? String == (name as NSString).deletingPathExtension)
        let epochs = try #require(plan["epochs"] as? [[String: Any]])
        #expect(epochs.count == scenario["horizon"] as? Int)
        #expect((plan["frontier"] as? [[String: Any]])?.contains { $0["chosen"] as? Bool == true } == true)
        // Unlimited elastic work is written as the string "inf".
        let elastic = try #require((scenario["arrivals"] as? [String: Any])?["elastic"] as? [Any])
        #expect(elastic.first as? String == "inf")
    }

    @Test func presetOverrideChangesTheWeights() throws {
        let base = try json(try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--format", "json"]).stdout)
        let r = try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--preset", "research", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        let preset = try #require((j["scenario"] as? [String: Any])?["preset"] as? [String: Any])
        #expect(preset["alpha"] as? Double == 0.3 && preset["beta"] as? Double == 0.7)
        #expect(preset["latencySLO"] as? Double == 6)  // the scenario's override still applies
        let objective = try #require((j["plan"] as? [String: Any])?["objective"] as? [String: Any])
        #expect(objective["alpha"] as? Double == 0.3 && objective["beta"] as? Double == 0.7)
        let baseObjective = try #require((base["plan"] as? [String: Any])?["objective"] as? [String: Any])
        #expect(baseObjective["alpha"] as? Double == 0.9 && baseObjective["beta"] as? Double == 0.1)
        // And in text.
        let text = try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--preset", "research"])
        #expect(text.stdout.contains("research: α 0.3, β 0.7"), "\(text.stdout)")
    }

    @Test func epochAndPresetsFileOptions() throws {
        let r = try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--epoch", "30m", "--presets",
                                     Self.path("presets.yaml"), "--preset", "eco", "--solver", "glpk", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let scenario = try #require(try json(r.stdout)["scenario"] as? [String: Any])
        #expect(scenario["epochLength"] as? Double == 1800)
        #expect(scenario["solver"] as? String == "glpk")
        #expect((scenario["preset"] as? [String: Any])?["cardPowerCap"] as? Double == 250)
    }

    @Test func infeasibleScenarioPrintsTheDiagnosisAndExits3() throws {
        let text = try String(contentsOfFile: Self.path("sdxl-ecommerce-sichuan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "latencySLO: 6 s", with: "latencySLO: 0.2 s")
        let path = EPOFProcess.temporaryPath("yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["plan", path])
        #expect(r.status == 3, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("infeasible"))
        #expect(r.stderr.contains("latencySLO"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func badScenarioExits2WithFileLineFieldRule() throws {
        let text = try String(contentsOfFile: Self.path("sdxl-ecommerce-sichuan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  cards: 1", with: "  cards: 1\n  card: 2")
        let path = EPOFProcess.temporaryPath("yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["plan", path])
        #expect(r.status == 2)
        let line = text.components(separatedBy: "\n").firstIndex(of: "  card: 2")! + 1
        #expect(r.stderr.contains("\(path):\(line): node.card: unknown key 'card'; did you mean 'cards'?"), "\(r.stderr)")
        let missing = try EPOFProcess.run(["plan", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/scenario.yaml"))
        let badEpoch = try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--epoch", "15 weeks"])
        #expect(badEpoch.status == 2 && badEpoch.stderr.contains("--epoch"), "\(badEpoch.stderr)")
        let badPreset = try EPOFProcess.run(["plan", Self.path("sdxl-ecommerce-sichuan.yaml"), "--preset", "reserch"])
        #expect(badPreset.status == 2 && badPreset.stderr.contains("did you mean 'research'"))
    }

    @Test func mixedDayNoticeGoesToStderr() throws {
        let r = try EPOFProcess.run(["plan", Self.path("mixed-day-germany.yaml"), "--format", "json"])
        let real = EPOFProcess.root.appendingPathComponent("../shared/data/carbon/DE-LU_2023_hourly.csv").path
        if !FileManager.default.fileExists(atPath: real) {
            #expect(r.stderr.contains("notice: the carbon trace") && r.stderr.contains("GENERATED"), "\(r.stderr)")
        }
        #expect(!r.stdout.contains("epof: notice"))
    }

    @Test func presetsListsBuiltInsWithTheirParameters() throws {
        let r = try EPOFProcess.run(["presets"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.components(separatedBy: "\n")
        let ecommerce = try #require(lines.first { $0.hasPrefix("ecommerce") })
        let research = try #require(lines.first { $0.hasPrefix("research") })
        for w in ["0.9", "0.1", "1 s", "300 W", "0.5 pp", "85 °C", "built-in"] { #expect(ecommerce.contains(w), "\(ecommerce)") }
        for w in ["0.3", "0.7", "1 s", "300 W", "2 pp", "85 °C", "built-in"] { #expect(research.contains(w), "\(research)") }
        #expect(lines[0].contains("α") && lines[0].contains("thermal limit"))
    }

    @Test func presetsWithAFileAsJSON() throws {
        let r = try EPOFProcess.run(["presets", "--file", Self.path("presets.yaml"), "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["ecommerce", "research", "carbon-efficiency", "eco", "batch-night"])
        #expect(list[3]["cardPowerCap"] as? Double == 250)
        #expect(list[2]["objective"] as? String == "carbon-efficiency" && list[3]["objective"] as? String == "throughput-carbon")
        #expect((list[3]["origin"] as? String)?.contains("inherits research") == true)
        let text = try EPOFProcess.run(["presets", "--file", Self.path("presets.yaml")])
        #expect(text.stdout.contains("batch-night") && text.stdout.contains("2500 W"))
    }

    @Test func badPresetsFileExits2() throws {
        let path = EPOFProcess.temporaryPath("yaml")
        try "presets:\n  - name: x\n    inherits: research\n    betta: 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["presets", "--file", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):4: presets[0].betta: unknown key 'betta'; did you mean 'beta'?"), "\(r.stderr)")
    }
}

@Suite("epof plan is deterministic")
struct PlanDeterminismTests {
    @Test func sameScenarioSameJSONExceptTiming() throws {
        let path = PlanCommandTests.path("llama7b-eco-edge.yaml")
        let a = try EPOFProcess.run(["plan", path, "--format", "json"]), b = try EPOFProcess.run(["plan", path, "--format", "json"])
        func strip(_ s: String) -> String {
            s.components(separatedBy: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n")
        }
        #expect(a.status == 0 && strip(a.stdout) == strip(b.stdout))
    }
}

/// Every command that plans or scores names the objective it used.
@Suite struct ObjectiveDisplayTests {
    static let sdxl = EPOFProcess.root.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path

    @Test func planPresetsParetoCompareAndWhatIfNameTheObjective() throws {
        let plan = try EPOFProcess.run(["plan", Self.sdxl, "--preset", "carbon-efficiency"])
        #expect(plan.status == 0, "\(plan.stderr)")
        for w in ["objective  carbon-efficiency", "max T/C", "Charnes–Cooper LP"] { #expect(plan.stdout.contains(w), "\(w)\n\(plan.stdout)") }
        let json = try EPOFProcess.run(["plan", Self.sdxl, "--preset", "carbon-efficiency", "--format", "json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let objective = try #require((root["plan"] as? [String: Any])?["objective"] as? [String: Any])
        #expect(objective["kind"] as? String == "carbon-efficiency")
        let cer = try #require(objective["carbonEfficiency"] as? Double), best = try #require(objective["maximumCarbonEfficiency"] as? Double)
        let cc = try #require(objective["charnesCooperRatio"] as? Double)
        #expect(abs(cer - best) <= 1e-12 * best && abs(cc - best) <= 1e-6 * best)
        let plain = try EPOFProcess.run(["plan", Self.sdxl])
        #expect(plain.stdout.contains("objective  throughput-carbon: α·T/T_max + β·C_min/C"), "\(plain.stdout)")

        let presets = try EPOFProcess.run(["presets"])
        let line = try #require(presets.stdout.components(separatedBy: "\n").first { $0.hasPrefix("carbon-efficiency ") })
        #expect(line.contains("carbon-efficiency") && presets.stdout.contains("carbon-efficiency: maximise T/C"))

        let pareto = try EPOFProcess.run(["pareto", Self.sdxl])
        let landing = try #require(pareto.stdout.components(separatedBy: "\n").first { $0.contains("carbon-efficiency  built-in") })
        #expect(landing.contains("carbon-efficiency  "), "\(landing)")

        let compare = try EPOFProcess.run(["compare", Self.sdxl, "--hours", "1", "--policies", "lp", "--preset", "carbon-efficiency"])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("objective: carbon-efficiency") && compare.stdout.contains("CER_max"), "\(compare.stdout)")

        let whatif = try EPOFProcess.run(["whatif", Self.sdxl, "--vary", "preset.objective=throughput-carbon,carbon-efficiency", "--plan-only"])
        #expect(whatif.status == 0, "\(whatif.stderr)")
        #expect(whatif.stdout.contains("objective.kind") && whatif.stdout.contains("carbon-efficiency: T/C"), "\(whatif.stdout)")
        let bad = try EPOFProcess.run(["whatif", Self.sdxl, "--vary", "preset.objective=ratio", "--plan-only"])
        #expect(bad.status != 0 && bad.stderr.contains("throughput-efficiency"), "\(bad.stderr)")
    }
}
