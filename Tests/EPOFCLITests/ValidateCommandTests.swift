import Foundation
import Testing

@Suite("epof validate, end to end")
struct ValidateCommandTests {
    static let problems = EPOFProcess.root.appendingPathComponent("Problems")

    @Test func everyExampleIsOkWithASummaryOfWhatWasRead() throws {
        for name in ["sdxl-ecommerce-sichuan", "h100-sdxl-ecommerce", "llama70b-research-beijing", "llama7b-eco-edge",
                     "mixed-day-germany"] {
            let r = try EPOFProcess.run(["validate", Self.problems.appendingPathComponent("\(name).yaml").path])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout.hasPrefix("ok\n"), "\(r.stdout)")
            for label in ["node", "workload", "operating points", "arrivals", "carbon", "preset", "horizon", "solver"] {
                #expect(r.stdout.contains("  \(label) "), "\(name): \(label) missing in\n\(r.stdout)")
            }
        }
        let edge = try EPOFProcess.run(["validate", Self.problems.appendingPathComponent("llama7b-eco-edge.yaml").path,
                                        "--presets", Self.problems.appendingPathComponent("presets.yaml").path])
        #expect(edge.status == 0, "\(edge.stderr)")
        #expect(edge.stdout.contains("presets.yaml: eco, batch-night"), "\(edge.stdout)")
        #expect(edge.stdout.contains("nodes/edge-a100.yaml"), "the node file read")
    }

    @Test func brokenCopyListsEveryErrorWithFileLineFieldAndExits2() throws {
        let original = try String(contentsOf: Self.problems.appendingPathComponent("sdxl-ecommerce-sichuan.yaml"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        let cards = try #require(lines.firstIndex { $0.hasPrefix("  cards:") })
        let epoch = try #require(lines.firstIndex { $0.hasPrefix("epoch:") })
        lines[cards] = "  cards: two"                     // wrong type
        lines[epoch] = "epoch: 15 moons"                  // bad unit
        lines.append("horizn: 8")                         // bad field
        let path = EPOFProcess.temporaryPath("yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let r = try EPOFProcess.run(["validate", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        for expected in ["\(path):\(lines.count): horizn: unknown key", "\(path):\(cards + 1): node.cards: must be an integer",
                         "\(path):\(epoch + 1): epoch: unknown unit", "3 errors in"] {
            #expect(r.stderr.contains(expected), "\(expected) missing in\n\(r.stderr)")
        }
    }

    @Test func missingFilesExit2() throws {
        let r = try EPOFProcess.run(["validate", "/nonexistent/scenario.yaml"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent/scenario.yaml: (file): cannot be read"), "\(r.stderr)")
        let p = try EPOFProcess.run(["validate", Self.problems.appendingPathComponent("sdxl-ecommerce-sichuan.yaml").path,
                                     "--presets", "/nonexistent/presets.yaml"])
        #expect(p.status == 2 && p.stderr.contains("/nonexistent/presets.yaml"), "\(p.stderr)")
        let usage = try EPOFProcess.run(["validate"])
        #expect(usage.status == 64)
    }
}
