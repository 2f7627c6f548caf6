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
        #expect(lib.names == ["ecommerce", "research", "eco", "eco-cool", "full"])
        var eco = SLAPreset.research
        eco.name = "eco"
        eco.cardPowerCap = 200
        #expect(lib.preset(named: "eco") == eco)
        #expect(lib.preset(named: "eco-cool")?.cardPowerCap == 200)
        #expect(lib.preset(named: "eco-cool")?.thermalLimit == 75)
        #expect(lib.preset(named: "full") == SLAPreset(name: "full", alpha: 1, beta: 0, latencySLO: 0.5, cardPowerCap: 1000,
                                                       accuracyLossCeiling: 0, thermalLimit: 90))
        #expect(lib.origins[2] == .file(path: "p.yaml", line: 2, inherits: "research"))
    }

    @Test func shippedPresetsFileLoads() throws {
        let lib = try PresetLibrary.load(contentsOf: TestPaths.problems.appendingPathComponent("presets.yaml").path)
        #expect(lib.names == ["ecommerce", "research", "eco", "batch-night"])
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
}
