import Foundation
import Scenario
import Testing

/// Bad scenario files: each error names the file, the exact line, the field and the rule.
@Suite("Scenario errors with line numbers")
struct ScenarioErrorTests {
    /// A valid scenario; line numbers below refer to it.
    static let base = """
    name: base
    node:
      device: ascend-910b
      cards: 1
    workload:
      model: sdxl
      steps: 20
      width: 1024
      height: 1024
    arrivals:
      interactive:
        rate: 0.1
        amplitude: 0.5
        peakHour: 20
      deferrable:
        rate: 0.05
        deadline: 4h
    carbon:
      region: sichuan
    preset: ecommerce
    epoch: 15m
    horizon: 8
    start: 2023-06-01T00:00:00+08:00
    """

    /// Replaces line `n` (1-based) of the base scenario.
    static func replacing(_ n: Int, with text: String) -> String {
        var lines = base.components(separatedBy: "\n")
        lines[n - 1] = text
        return lines.joined(separator: "\n")
    }

    static func failure(_ yaml: String, path: String = "bad.yaml") -> ScenarioError? {
        do { _ = try Scenario.parse(yaml: yaml, path: path); return nil } catch { return error }
    }

    @Test func baseIsValid() throws {
        _ = try Scenario.parse(yaml: Self.base, path: "base.yaml")
    }

    @Test(arguments: [
        // (line, replacement, expected field, expected line, words in the rule)
        (3, "  devise: ascend-910b", "node.devise", 3, ["unknown key", "did you mean 'device'"]),
        (12, "    rate: -2", "arrivals.interactive.rate", 12, ["≥ 0"]),
        (12, "    rate: 3 parsecs", "arrivals.interactive.rate", 12, ["unknown unit 'parsecs'", "/min"]),
        (21, "epoch: 15 fortnights", "epoch", 21, ["unknown unit", "min"]),
        (21, "epoch: 0s", "epoch", 21, ["positive"]),
        (3, "  device: ascend-910x", "node.device", 3, ["unknown device preset", "did you mean 'ascend-910b'"]),
        (6, "  model: sdxl-turbo", "workload.model", 6, ["unknown model", "sdxl"]),
        (19, "  region: sichaun", "carbon.region", 19, ["did you mean 'sichuan'"]),
        (20, "preset: ecomerce", "preset", 20, ["unknown preset", "did you mean 'ecommerce'"]),
        (13, "    amplitude: 1.5", "arrivals.interactive.amplitude", 13, ["[0, 1]"]),
        (22, "horizon: 0", "horizon", 22, ["at least 1"]),
        (23, "start: yesterday", "start", 23, ["time"]),
        (17, "    deadline: 1m", "arrivals.deferrable.deadline", 17, ["at least one epoch"]),
        (9, "  height: 1001", "workload.height", 9, ["multiple of 8"]),
        (7, "  promptTokens: 5", "workload.promptTokens", 7, ["only to language"]),
        (19, "  csv: missing.csv", "carbon.csv", 19, ["does not exist"]),
        (1, "nme: base", "nme", 1, ["did you mean 'name'"]),
    ] as [(Int, String, String, Int, [String])])
    func errorIsLocated(_ line: Int, _ replacement: String, _ field: String, _ expectedLine: Int, _ words: [String]) throws {
        let yaml = Self.replacing(line, with: replacement)
        let e: ScenarioError
        do {
            let s = try Scenario.parse(yaml: yaml, path: "bad.yaml")
            _ = try s.planningRequest()  // preset names are resolved here
            Issue.record("no error for \(replacement)")
            return
        } catch {
            e = error
        }
        #expect(e.file == "bad.yaml")
        #expect(e.field == field, "\(e)")
        #expect(e.line == expectedLine, "\(e)")
        for w in words { #expect(e.rule.contains(w), "\(e)") }
        #expect(e.description.hasPrefix("bad.yaml:\(expectedLine): \(field): "))
    }

    @Test func missingFieldPointsAtItsParent() throws {
        // Drop `cards` (line 4): the error sits on `node:` (line 2).
        let yaml = Self.base.components(separatedBy: "\n").enumerated().filter { $0.offset != 3 }.map(\.element).joined(separator: "\n")
        let e = try #require(Self.failure(yaml))
        #expect(e.field == "node.cards")
        #expect(e.line == 2)
        #expect(e.rule.contains("required"))
    }

    @Test func missingTopLevelFieldAndSyntaxError() throws {
        let noEpoch = Self.base.replacingOccurrences(of: "epoch: 15m\n", with: "")
        let e = try #require(Self.failure(noEpoch))
        #expect(e.field == "epoch" && e.rule.contains("required"))
        let bad = try #require(Self.failure("node:\n  device: [ascend\n"))
        #expect(bad.rule.contains("syntax"))
        #expect(bad.line != nil)
    }

    @Test func missingDeadlineForDeferrableWork() throws {
        let yaml = Self.base.replacingOccurrences(of: "    deadline: 4h\n", with: "")
        let e = try #require(Self.failure(yaml))
        #expect(e.field == "arrivals.deferrable.deadline")
        #expect(e.line == 15)
    }

    @Test func unknownNodeFileAndBadCSVColumn() throws {
        let dir = try TestPaths.temporaryFolder()
        let nodeFile = try TestPaths.write(Self.base.replacingOccurrences(of: "  device: ascend-910b\n  cards: 1", with: "  file: nowhere.yaml"),
                                           "s1.yaml", in: dir)
        do { _ = try Scenario.load(contentsOf: nodeFile); Issue.record("no error") } catch {
            #expect(error.field == "node.file" && error.line == 3 && error.file == nodeFile, "\(error)")
        }
        try TestPaths.write("time,value\n2023-01-01T00:00:00Z,100\n", "c.csv", in: dir)
        let badColumn = try TestPaths.write(Self.base.replacingOccurrences(of: "  region: sichuan",
                                                                           with: "  csv: c.csv\n  intensityColumn: carbon"), "s2.yaml", in: dir)
        do { _ = try Scenario.load(contentsOf: badColumn); Issue.record("no error") } catch {
            #expect(error.field == "carbon.csv" && error.line == 19, "\(error)")
            #expect(error.rule.contains("no column 'carbon'"), "\(error)")
        }
    }

    @Test func unlimitedOnlyForElastic() throws {
        let yaml = Self.replacing(12, with: "    unlimited: true")
        let e = try #require(Self.failure(yaml))
        #expect(e.field == "arrivals.interactive.unlimited" && e.line == 12, "\(e)")
    }
}
