import Foundation
import Scenario
import Testing

/// `Scenario.check`: every error of a broken file at once (where the reader can go on), with
/// lines, on copies of a valid scenario; `load` still throws the first of them.
@Suite("Scenario check (epof validate)")
struct ScenarioCheckTests {
    /// The base scenario of ``ScenarioErrorTests`` (line numbers below refer to it).
    static let base = ScenarioErrorTests.base

    /// `text` written to a fresh folder as scenario.yaml, checked.
    func check(_ text: String, files: [String: String] = [:], presets: [String] = []) throws -> (ScenarioCheck, String) {
        let folder = try TestPaths.temporaryFolder()
        for (name, content) in files { try TestPaths.write(content, name, in: folder) }
        let path = try TestPaths.write(text, "scenario.yaml", in: folder)
        return (Scenario.check(contentsOf: path, presetsFiles: presets.map { folder.appendingPathComponent($0).path }), path)
    }

    @Test func everyExampleIsValidWithItsPresetAndOperatingPoints() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.problems.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "presets.yaml" }.sorted()
        #expect(names.count == 5)
        for name in names {
            let result = Scenario.check(contentsOf: TestPaths.problems.appendingPathComponent(name).path)
            #expect(result.isValid, "\(name): \(result.errors)")
            #expect(result.scenario != nil && result.preset != nil, "\(name)")
            #expect((result.operatingPoints ?? 0) > 0, "\(name)")
        }
        let edge = Scenario.check(contentsOf: TestPaths.problems.appendingPathComponent("llama7b-eco-edge.yaml").path)
        #expect(edge.presetsFiles.map(\.presets) == [["eco", "batch-night"]], "the scenario's own presets file, without the built-ins")
        #expect(edge.preset?.name == "eco")
    }

    @Test func oneErrorPerKindWithItsLineAndField() throws {
        let cases: [(String, Int, String, String, Int)] = [
            // (broken text, line, field, words of the rule, errors: a misspelt key also leaves its field missing)
            (ScenarioErrorTests.replacing(22, with: "horizn: 8"), 22, "horizn", "did you mean 'horizon'", 2),   // bad field
            (ScenarioErrorTests.replacing(21, with: "epoch: 15 fortnights"), 21, "epoch", "unknown unit", 1),  // bad unit
            (ScenarioErrorTests.replacing(4, with: "  cards: four"), 4, "node.cards", "must be an integer", 1), // wrong type
            (ScenarioErrorTests.replacing(19, with: "  csv: missing.csv\n  intensityColumn: g"), 19, "carbon.csv", "does not exist", 1),
        ]
        for (text, line, field, words, count) in cases {
            let (result, path) = try check(text)
            #expect(result.errors.count == count, "\(result.errors)")
            let e = try #require(result.errors.first)
            #expect(e.file == path && e.line == line && e.field == field, "\(e)")
            #expect(e.rule.contains(words), "\(e)")
            #expect(throws: e) { try Scenario.load(contentsOf: path) }
        }
        let (misspelt, _) = try check(ScenarioErrorTests.replacing(22, with: "horizn: 8"))
        #expect(misspelt.errors.last?.field == "horizon" && misspelt.errors.last?.rule.contains("required but missing") == true)
    }

    @Test func severalErrorsAtOnceInFileOrderOfSections() throws {
        var lines = Self.base.components(separatedBy: "\n")
        lines[3] = "  cards: four"                 // line 4, node: wrong type
        lines[11] = "    rate: 0.1 parsecs"          // line 12, arrivals: bad unit
        lines[20] = "epoch: 15 fortnights"           // line 21, epoch: bad unit
        lines.append("solver: gurobi")               // line 24, solver: unknown
        lines.append("colour: blue")                 // line 25, unknown top-level key
        let (result, path) = try check(lines.joined(separator: "\n"))
        #expect(result.scenario == nil)
        let found = result.errors.map { "\($0.line ?? 0) \($0.field)" }
        #expect(found == ["25 colour", "4 node.cards", "21 epoch", "12 arrivals.interactive.rate", "24 solver"], "\(result.errors)")
        #expect(result.errors.allSatisfy { $0.file == path })
        // `load` stops at the first of them.
        #expect(throws: result.errors[0]) { try Scenario.load(contentsOf: path) }
    }

    @Test func namedFilesAreChecked() throws {
        // A missing presets file named by the scenario, a broken one given with --presets.
        let (missing, _) = try check(Self.base + "\npresets: nowhere.yaml")
        #expect(missing.errors.map(\.field) == ["presets"])
        #expect(missing.errors.first?.rule.contains("does not exist") == true)

        let broken = "presets:\n  - name: fast\n    inherits: ecommerce\n    latencySLO: soon\n"
        let (bad, _) = try check(Self.base, files: ["mine.yaml": broken], presets: ["mine.yaml"])
        let e = try #require(bad.errors.first)
        #expect(bad.errors.count == 1 && e.file?.hasSuffix("mine.yaml") == true && e.line == 4, "\(bad.errors)")

        // A preset name the presets files do not define: found after loading, on the preset's line.
        let (unknown, _) = try check(ScenarioErrorTests.replacing(20, with: "preset: turbo"))
        #expect(unknown.scenario != nil && unknown.preset == nil)
        #expect(unknown.errors.map { "\($0.line ?? 0) \($0.field)" } == ["20 preset"], "\(unknown.errors)")
    }

    @Test func carbonTraceTooShortForTheHorizonIsFoundWithoutPlanning() throws {
        let csv = "time,g\n2023-06-01T00:00:00Z,300\n2023-06-01T01:00:00Z,310\n"
        let text = ScenarioErrorTests.replacing(19, with: "  csv: trace.csv\n  intensityColumn: g")
        let (result, _) = try check(text, files: ["trace.csv": csv])
        #expect(result.scenario != nil, "the file itself reads")
        let e = try #require(result.errors.first)
        #expect(e.field == "carbon.csv" && e.line == 19 && e.rule.contains("covers"), "\(result.errors)")
    }

    @Test func unreadableFileIsOneError() {
        let result = Scenario.check(contentsOf: "/nonexistent/scenario.yaml")
        #expect(result.errors.count == 1 && result.errors.first?.field == "(file)")
        #expect(!result.isValid)
    }
}
