import Foundation
import Testing

@Suite("epof fleet and epof whatif on a fleet file, end to end")
struct FleetCommandTests {
    static let fleet = EPOFProcess.root.appendingPathComponent("Problems/fleets/two-regions.yaml").path

    @Test func plansTheExampleFleetAsJSON() throws {
        let r = try EPOFProcess.run(["fleet", "plan", Self.fleet, "--format", "json", "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let nodes = try #require(j["nodes"] as? [[String: Any]])
        #expect(nodes.count == 4)
        let objective = try #require(j["objective"] as? Double), gap = try #require(j["gap"] as? Double)
        #expect(gap <= 1e-6)
        let sum = nodes.compactMap { $0["objective"] as? Double }.reduce(0, +)
        #expect(abs(sum - objective) <= 1e-9 * max(1, abs(objective)))
        // The example's carbon budget binds: its price is positive and the budget is used up.
        let carbon = try #require(j["carbonPrice"] as? [String: Any])
        #expect((carbon["value"] as? Double ?? 0) > 0)
        let activity = try #require(carbon["activity"] as? Double), limit = try #require(carbon["limit"] as? Double)
        #expect(abs(activity - limit) <= 1e-6 * limit)
    }

    @Test func aBadFleetFileExitsTwoWithFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-fleet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("bad.yaml").path
        try "nodes:\n  - scenario: \(EPOFProcess.root.path)/Problems/sdxl-ecommerce-sichuan.yaml\n    site: nowhere\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try EPOFProcess.run(["fleet", "plan", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:3: nodes[0].site: unknown site 'nowhere'"), "\(r.stderr)")
    }

    @Test func whatIfSweepsTheCarbonBudgetWithPrices() throws {
        let r = try EPOFProcess.run(["whatif", Self.fleet, "--vary", "carbonBudget=7.5kg,9kg", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(cases.count == 2)
        let tight = try #require(cases[0]["objective"] as? Double), loose = try #require(cases[1]["objective"] as? Double)
        #expect(loose >= tight - 1e-9)
        // A binding budget has a positive price; where it no longer binds the price is 0.
        #expect((cases[0]["carbonPricePerKg"] as? Double ?? 0) > 0)
        #expect((cases[1]["carbonPricePerKg"] as? Double ?? 1) == 0)
    }

    @Test func simulatesEveryNodeUnderItsPlannedCap() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-fleet-sim-\(UUID().uuidString)")
        let r = try EPOFProcess.run(["fleet", "simulate", Self.fleet, "--hours", "1", "--threads", "2", "--format", "json",
                                     "--svg-dir", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let nodes = try #require(j["nodes"] as? [[String: Any]])
        let plan = try #require(j["plan"] as? [String: Any])
        let planned = try #require(plan["nodes"] as? [[String: Any]])
        #expect(nodes.count == 4 && planned.count == 4)
        for (n, p) in zip(nodes, planned) {
            // The cap is the node's peak planned power, rounded up to a watt.
            let cap = try #require(n["nodePowerCap"] as? Double)
            let peak = try #require((p["power"] as? [Double])?.max())
            #expect(cap >= peak && cap < peak + 1, "\(n["name"] ?? "?")")
            let name = try #require(n["name"] as? String)
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("\(name)/timeline-lp.svg").path))
        }
        let sites = try #require(j["sites"] as? [[String: Any]])
        #expect(sites.count == 2)
    }
}
