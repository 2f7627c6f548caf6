import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("epof pareto, end to end")
struct ParetoCommandTests {
    static let scenario = EPOFProcess.root.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func textListsTheExtremePointsAndBothBuiltInPresets() throws {
        let r = try EPOFProcess.run(["pareto", Self.scenario])
        #expect(r.status == 0, "\(r.stderr)")
        for word in ["Frontier", "extreme points", "images", "gCO₂", "objective", "Presets on this frontier", "ecommerce",
                     "research", "α·T/T_max", "β·C_min/C"] {
            #expect(r.stdout.contains(word), "\(word) missing in\n\(r.stdout)")
        }
        #expect(r.stdout.contains("*"), "the scenario's choice is marked")
        // research's accuracy ceiling differs from the scenario's: said, and re-planned.
        #expect(r.stdout.contains("research: its own constraints differ"), "\(r.stdout)")
    }

    @Test func jsonPlacesEveryPresetOnAnExtremePoint() throws {
        let r = try EPOFProcess.run(["pareto", Self.scenario, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        let scenario = try #require(j["scenario"] as? [String: Any])
        #expect(scenario["name"] as? String == "sdxl-ecommerce-sichuan")
        let frontier = try #require(j["frontier"] as? [[String: Any]])
        #expect(frontier.count >= 2)
        let carbon = frontier.compactMap { $0["carbon"] as? Double }
        let throughput = frontier.compactMap { $0["throughput"] as? Double }
        #expect(carbon.count == frontier.count && throughput.count == frontier.count)
        #expect(carbon == carbon.sorted(), "frontier sorted by carbon")
        let presets = try #require(j["presets"] as? [[String: Any]])
        let names = presets.compactMap { $0["name"] as? String }
        #expect(names == ["ecommerce", "research", "carbon-efficiency"], "one entry per preset")
        for p in presets {
            let i = try #require(p["chosenIndex"] as? Int)
            #expect(frontier.indices.contains(i))
            #expect(p["throughput"] as? Double == throughput[i] && p["carbon"] as? Double == carbon[i], "an extreme point")
            let value = try #require(p["objective"] as? Double)
            let tt = try #require(p["throughputTerm"] as? Double), ct = try #require(p["carbonTerm"] as? Double)
            #expect(abs(value - (tt + ct)) < 1e-9)
            #expect(((frontier[i]["presets"] as? [String]) ?? []).contains(p["name"] as? String ?? ""))
        }
        let ecommerce = try #require(presets.first { $0["name"] as? String == "ecommerce" })
        let research = try #require(presets.first { $0["name"] as? String == "research" })
        let te = try #require(ecommerce["throughput"] as? Double), tr = try #require(research["throughput"] as? Double)
        #expect(te >= tr)
        // The scenario's preset is ecommerce (with overrides): it lands where the planner chose.
        #expect(ecommerce["chosenIndex"] as? Int == scenario["chosenIndex"] as? Int)
        #expect(ecommerce["sameConstraints"] as? Bool == true)
        #expect(research["sameConstraints"] as? Bool == false)
        #expect(research["ownConstraints"] as? [String: Any] != nil)
    }

    @Test func svgIsXMLWithBothPresetLabels() throws {
        let path = EPOFProcess.temporaryPath("svg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["pareto", Self.scenario, "--svg", path])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("ecommerce") && text.contains("research"))
        #expect(text.contains("gCO₂"), "axis unit")
    }

    @Test func notebookIsNbformat4WithCells() throws {
        let path = EPOFProcess.temporaryPath("ipynb")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["pareto", Self.scenario, "--notebook", path])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
        #expect(j["nbformat"] as? Int == 4)
        let cells = try #require(j["cells"] as? [[String: Any]])
        #expect(cells.count >= 4)
        let sources = cells.map { c -> String in
            if let s = c["source"] as? String { return s }
            return ((c["source"] as? [String]) ?? []).joined()
        }.joined(separator: "\n")
        #expect(sources.contains("pd.read_csv") && sources.contains("matplotlib"))
    }

    @Test func badScenarioExits2() throws {
        let path = EPOFProcess.temporaryPath("yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "name: broken\nnode: [\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try EPOFProcess.run(["pareto", path])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(!r.stderr.isEmpty)
        let missing = try EPOFProcess.run(["pareto", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 2)
    }

    @Test func badOptionExits64() throws {
        let r = try EPOFProcess.run(["pareto", Self.scenario, "--format", "xml"])
        #expect(r.status == 64)
    }
}
