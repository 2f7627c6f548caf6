import Foundation
import Planner
import Scenario
import Testing
import Workloads

/// Overrides of scenario fields by dotted path (what `epof whatif --vary` uses): a valid path
/// changes exactly that field, a bad one is an error naming the override, and the field schema
/// agrees with the loader.
@Suite struct ScenarioOverrideTests {
    static let sdxl = TestPaths.problems.appendingPathComponent("sdxl-ecommerce-sichuan.yaml").path
    static let edge = TestPaths.problems.appendingPathComponent("llama7b-eco-edge.yaml").path
    static let germany = TestPaths.problems.appendingPathComponent("mixed-day-germany.yaml").path
    static let llama70b = TestPaths.problems.appendingPathComponent("llama70b-research-beijing.yaml").path

    func load(_ path: String, _ overrides: [(String, String)]) throws -> Scenario {
        try Scenario.load(contentsOf: path, overrides: overrides.map { ScenarioOverride(path: $0.0, value: $0.1, origin: "--vary test") })
    }

    func error(_ path: String, _ overrides: [(String, String)]) -> ScenarioError? {
        do {
            let s = try Scenario.load(contentsOf: path, overrides: overrides.map { ScenarioOverride(path: $0.0, value: $0.1, origin: "--vary test") })
            _ = try s.resolvePreset()
            return nil
        } catch {
            return error
        }
    }

    /// The fields a sweep compares, as text (everything but the line table).
    func summary(_ s: Scenario) throws -> [String: String] {
        let p = try s.resolvePreset()
        return ["name": s.name, "node": "\(s.node.device.id)×\(s.node.cards)", "workload": "\(s.workload)",
                "arrivals": "\(WorkClass.allCases.map { s.arrivals[$0].map { "\($0)" } ?? "-" })",
                "deadline": "\(String(describing: s.deferrableDeadline))", "carbon": s.carbon.summary, "forecaster": s.forecaster.rawValue,
                "epoch": "\(s.epochLength)", "horizon": "\(s.horizon)", "start": "\(s.start)", "offset": "\(s.utcOffset)",
                "solver": s.solver.rawValue, "initial": "\(String(describing: s.initialTemperature))",
                "preset.alpha": "\(p.alpha)", "preset.beta": "\(p.beta)", "preset.latencySLO": "\(p.latencySLO)",
                "preset.cardPowerCap": "\(p.cardPowerCap)", "preset.nodePowerCap": "\(String(describing: p.nodePowerCap))",
                "preset.accuracyLossCeiling": "\(p.accuracyLossCeiling)", "preset.thermalLimit": "\(p.thermalLimit)"]
    }

    func changedKeys(_ path: String, _ overrides: [(String, String)]) throws -> Set<String> {
        let a = try summary(Scenario.load(contentsOf: path)), b = try summary(load(path, overrides))
        return Set(a.keys.filter { a[$0] != b[$0] })
    }

    @Test func aValidPathChangesExactlyThatField() throws {
        #expect(try changedKeys(Self.sdxl, [("preset.cardPowerCap", "250")]) == ["preset.cardPowerCap"])
        #expect(try load(Self.sdxl, [("preset.cardPowerCap", "0.25 kW")]).resolvePreset().cardPowerCap == 250)
        #expect(try changedKeys(Self.sdxl, [("carbon.region", "beijing")]) == ["carbon"])
        #expect(try changedKeys(Self.sdxl, [("node.cards", "2")]) == ["node"])
        #expect(try changedKeys(Self.sdxl, [("epoch", "1800")]) == ["epoch"])
        #expect(try changedKeys(Self.sdxl, [("horizon", "4")]) == ["horizon"])
        #expect(try changedKeys(Self.sdxl, [("preset.latencySLO", "8")]) == ["preset.latencySLO"])
        #expect(try changedKeys(Self.sdxl, [("arrivals.interactive.rate", "0.2")]) == ["arrivals"])
        #expect(try changedKeys(Self.sdxl, [("workload.steps", "30")]) == ["workload"])
        #expect(try changedKeys(Self.sdxl, [("forecaster", "persistence")]) == ["forecaster"])
        #expect(try changedKeys(Self.sdxl, [("solver", "clp")]) == ["solver"])
    }

    @Test func thePresetBaseKeepsTheScenariosOverrides() throws {
        // sdxl: {inherits: ecommerce, latencySLO: 6 s} → research with the 6 s SLO kept.
        let p = try load(Self.sdxl, [("preset", "research")]).resolvePreset()
        #expect(p.alpha == SLAPreset.research.alpha && p.accuracyLossCeiling == SLAPreset.research.accuracyLossCeiling)
        #expect(p.latencySLO == 6)
        #expect(try load(Self.sdxl, [("preset.inherits", "research")]).resolvePreset() == p)
        // edge: `preset: eco` (a name) → {inherits: eco, latencySLO: 4}: eco's other parameters stay.
        let eco = try Scenario.load(contentsOf: Self.edge).resolvePreset()
        let faster = try load(Self.edge, [("preset.latencySLO", "4 s")]).resolvePreset()
        #expect(faster.latencySLO == 4 && faster.cardPowerCap == eco.cardPowerCap && faster.alpha == eco.alpha)
        #expect(try load(Self.edge, [("preset", "batch-night")]).resolvePreset().cardPowerCap == 350)
        #expect(try load(Self.edge, [("preset", "batch-night"), ("preset.cardPowerCap", "200")]).resolvePreset().cardPowerCap == 200)
    }

    @Test func exclusiveKeysGiveWayAndMissingMappingsAreCreated() throws {
        // A region replaces the German CSV trace.
        let g = try load(Self.germany, [("carbon.region", "beijing")])
        #expect(g.carbon.summary.contains("regional table 580/420"))
        #expect(!g.notices.contains { $0.contains("absent") })
        // An arrival rate replaces `unlimited: true`.
        let s = try load(Self.sdxl, [("arrivals.elastic.rate", "0.5")])
        #expect(s.arrivals[.elastic] == .diurnal(DiurnalPattern(meanRate: 0.5, amplitude: 0, peakHour: 12)))
        // A class the file lacks is created, and must then be complete.
        let e = try #require(error(Self.sdxl, [("arrivals.deferrable.rate", "0.1")]))
        #expect(e.field == "arrivals.deferrable.deadline" && e.rule.contains("required"), "\(e)")
        let d = try load(Self.sdxl, [("arrivals.deferrable.rate", "0.1"), ("arrivals.deferrable.deadline", "1h")])
        #expect(d.deferrableDeadline == 3600)
    }

    @Test func badValuesAreErrorsNamingTheOverride() throws {
        let cap = try #require(error(Self.sdxl, [("preset.cardPowerCap", "-5")]))
        #expect(cap.file == "--vary test" && cap.line == nil && cap.field == "preset.cardPowerCap = -5", "\(cap)")
        #expect(cap.rule.contains("watts > 0"))
        let cards = try #require(error(Self.sdxl, [("node.cards", "0")]))
        #expect(cards.description.hasPrefix("--vary test: node.cards = 0: must be at least 1"), "\(cards)")
        let region = try #require(error(Self.sdxl, [("carbon.region", "mars")]))
        #expect(region.file == "--vary test" && region.rule.contains("known regions"))
        let preset = try #require(error(Self.sdxl, [("preset", "nope")]))
        #expect(preset.field == "preset = nope" && preset.file == "--vary test" && preset.rule.contains("unknown preset"),
                "errors found after loading (resolvePreset) name the override too: \(preset)")
        let unknown = try #require(error(Self.sdxl, [("preset.cardPowerCaps", "5")]))
        #expect(unknown.rule.contains("nearest") && unknown.rule.contains("preset.cardPowerCap"), "\(unknown)")
        let list = try #require(error(Self.sdxl, [("carbon.peakHours", "8")]))
        #expect(list.rule.contains("list"))
    }

    /// Every field of the schema is a key the loader accepts (an override may fail on its value,
    /// never as an unknown key), and every key the loader accepts is in the schema.
    @Test func theSchemaAgreesWithTheLoader() throws {
        for f in ScenarioFields.all where f.kind != .list {
            let value: String
            switch f.kind {
            case .quantity, .number: value = "1"
            case .integer: value = "2"
            case .boolean: value = "true"
            case .choice(let known, _): value = known.first ?? "x"
            case .text, .list: value = "x"
            }
            if let e = error(Self.llama70b, [(f.path, value)]) {
                #expect(!e.rule.contains("unknown key"), "\(f.path): \(e)")
            }
        }
        // The loader's own allowed keys, read from its "unknown key" errors.
        let text = try String(contentsOfFile: Self.llama70b, encoding: .utf8)
        let mappings: [(String, String, String)] = [
            ("", "name:", ""), ("node", "node:", "  "), ("workload", "workload:", "  "), ("arrivals", "arrivals:", "  "),
            ("arrivals.interactive", "  interactive:", "    "), ("arrivals.deferrable", "  deferrable:", "    "),
            ("arrivals.elastic", "  elastic:", "    "), ("carbon", "carbon:", "  "), ("preset", "preset:", "  "),
        ]
        for (path, line, indent) in mappings {
            let injected = path.isEmpty ? "bogusKey: 1\n" + text
                : text.replacingOccurrences(of: "\n\(line)", with: "\n\(line)\n\(indent)bogusKey: 1", options: [], range: nil)
            #expect(injected != text, "\(path): no line '\(line)'")
            do {
                _ = try Scenario.parse(yaml: injected, path: Self.llama70b)
                Issue.record("\(path): bogusKey accepted")
            } catch {
                let allowed = try #require(error.rule.components(separatedBy: "allowed keys: ").last)
                for key in allowed.components(separatedBy: ", ") {
                    let full = path.isEmpty ? key : "\(path).\(key)"
                    // A mapping (node, arrivals.interactive) holds fields of its own.
                    let known = ScenarioFields.field(full) != nil || ScenarioFields.all.contains { $0.path.hasPrefix(full + ".") }
                    #expect(known, "\(full) is read by the loader but missing from ScenarioFields")
                }
            }
        }
    }
}
