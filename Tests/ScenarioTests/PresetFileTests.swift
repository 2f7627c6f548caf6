import Foundation
import Planner
import Scenario
import Testing

@Suite("User presets files")
struct PresetFileTests {
    @Test func builtInsAndInheritance() throws {
        var lib = PresetLibrary()
        try lib.add(yaml: """
        presets:
          - name: eco
            inherits: research
            cardPowerCap: 200 W
          - name: eco-cool
            inherits: eco
            thermalLimit: 75
          - name: full
            alpha: 1
            beta: 0
            latencySLO: 500 ms
            cardPowerCap: 1 kW
            accuracyLossCeiling: 0
            thermalLimit: 90 C
        """, path: "p.yaml")
        #expect(lib.names == ["ecommerce", "research", "carbon-efficiency", "eco", "eco-cool", "full"])
        var eco = SLAPreset.research
        eco.name = "eco"
        eco.cardPowerCap = 200
        #expect(lib.preset(named: "eco") == eco)
        #expect(lib.preset(named: "eco-cool")?.cardPowerCap == 200)
        #expect(lib.preset(named: "eco-cool")?.thermalLimit == 75)
        #expect(lib.preset(named: "full") == SLAPreset(name: "full", alpha: 1, beta: 0, latencySLO: 0.5, cardPowerCap: 1000,
                                                       accuracyLossCeiling: 0, thermalLimit: 90))
        #expect(lib.origins[3] == .file(path: "p.yaml", line: 2, inherits: "research"))
    }

    @Test func shippedPresetsFileLoads() throws {
        let lib = try PresetLibrary.load(contentsOf: TestPaths.problems.appendingPathComponent("presets.yaml").path)
        #expect(lib.names == ["ecommerce", "research", "carbon-efficiency", "eco", "batch-night"])
        #expect(lib.preset(named: "batch-night")?.nodePowerCap == 2500)
    }

    static func failure(_ yaml: String) -> ScenarioError? {
        var lib = PresetLibrary()
        do { try lib.add(yaml: yaml, path: "p.yaml"); return nil } catch { return error }
    }

    @Test func errorsAreLocated() throws {
        var e = try #require(Self.failure("presets:\n  - name: x\n    inherits: reserch\n"))
        #expect(e.line == 3 && e.field == "presets[0].inherits" && e.rule.contains("did you mean 'research'"), "\(e)")
        e = try #require(Self.failure("presets:\n  - name: x\n    inherits: research\n    alfa: 1\n"))
        #expect(e.line == 4 && e.rule.contains("did you mean 'alpha'"), "\(e)")
        e = try #require(Self.failure("presets:\n  - name: x\n    alpha: 1\n"))
        #expect(e.line == 2 && e.field == "presets[0].beta" && e.rule.contains("required"), "\(e)")
        e = try #require(Self.failure("presets:\n  - name: research\n    inherits: ecommerce\n"))
        #expect(e.line == 2 && e.rule.contains("already defined"), "\(e)")
        e = try #require(Self.failure("presets:\n  - name: x\n    inherits: research\n    cardPowerCap: -3 W\n"))
        #expect(e.line == 4 && e.field == "presets[0].cardPowerCap", "\(e)")
        e = try #require(Self.failure("presets:\n  - name: x\n    inherits: research\n    latencySLO: 3 lightyears\n"))
        #expect(e.line == 4 && e.rule.contains("unknown unit"), "\(e)")
        e = try #require(Self.failure("preset:\n  - name: x\n"))
        #expect(e.line == 1 && e.rule.contains("did you mean 'presets'"), "\(e)")
    }

    /// `objective` in presets files and scenario `preset:` blocks; unknown values list the allowed ones.
    @Test func objectiveIsReadAndChecked() throws {
        var lib = PresetLibrary()
        try lib.add(yaml: """
        presets:
          - name: per-image
            inherits: ecommerce
            objective: carbon-efficiency
          - name: per-image-balanced
            inherits: per-image
            objective: throughput-efficiency
          - name: plain
            inherits: per-image-balanced
            objective: throughput-carbon
        """, path: "p.yaml")
        #expect(lib.preset(named: "per-image")?.objective == .carbonEfficiency)
        #expect(lib.preset(named: "per-image")?.cardPowerCap == SLAPreset.ecommerce.cardPowerCap)
        #expect(lib.preset(named: "per-image-balanced")?.objective == .throughputEfficiency)
        #expect(lib.preset(named: "plain")?.objective == .throughputCarbon)
        let e = try #require(Self.failure("presets:\n  - name: x\n    inherits: research\n    objective: cer\n"))
        #expect(e.line == 4 && e.field == "presets[0].objective", "\(e)")
        for allowed in ObjectiveKind.allCases { #expect(e.rule.contains(allowed.rawValue), "\(e)") }

        let yaml = ScenarioErrorTests.replacing(20, with: "preset: {inherits: ecommerce, objective: carbon-efficiency, latencySLO: 6 s}")
        let p = try Scenario.parse(yaml: yaml, path: "s.yaml").resolvePreset()
        #expect(p.objective == .carbonEfficiency && p.latencySLO == 6 && p.alpha == SLAPreset.ecommerce.alpha)
        // Inherited by name, a built-in keeps its own objective.
        let q = try Scenario.parse(yaml: ScenarioErrorTests.replacing(20, with: "preset: carbon-efficiency"), path: "s.yaml").resolvePreset()
        #expect(q.objective == .carbonEfficiency)
        let bad = try #require(ScenarioErrorTests.failure(ScenarioErrorTests.replacing(20, with: "preset: {inherits: ecommerce, objective: ratio}")))
        #expect(bad.line == 20 && bad.rule.contains("carbon-efficiency"), "\(bad)")
    }
}
