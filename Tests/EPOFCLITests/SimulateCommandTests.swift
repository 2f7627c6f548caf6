import Foundation
import Testing

@Suite("epof simulate and epof compare, end to end")
struct SimulateCommandTests {
    static let sdxl = EPOFProcess.root.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path
    static let policies = ["lp", "seed-heuristic", "max-performance", "energy-optimal", "oracle"]
    static let metricKeys = ["violations", "interactiveLatency", "policy", "scenario", "seed", "epochs", "duration", "cards", "served", "throughput",
                             "interactiveArrived", "interactiveWithinSLO", "sloAttainment", "latencySLO", "energy",
                             "switchingEnergy", "carbon", "cer", "nodePower", "cardPower", "maxTemperature",
                             "timeAboveHotThreshold", "hotThreshold", "throttleEvents", "controlActions", "levelChanges", "accuracyLoss",
                             "deadlineMisses", "deferrableBacklogEnd", "planningFailures", "objective"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func compareJSONHasOneObjectPerPolicyWithStableKeysAndIsDeterministic() throws {
        let args = ["compare", Self.sdxl, "--hours", "1", "--format", "json"]
        let r = try EPOFProcess.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("ETA"))  // no progress bar when stderr is not a terminal
        let j = try json(r.stdout)
        #expect(j["scenario"] as? String == "sdxl-ecommerce-sichuan")
        #expect(j["epochs"] as? Int == 4)
        let runs = try #require(j["policies"] as? [[String: Any]])
        #expect(runs.map { $0["policy"] as? String } == Self.policies)
        for run in runs {
            #expect(Set(run.keys) == Set(Self.metricKeys), "\(run.keys.sorted())")
            let served = try #require(run["served"] as? [String: Any])
            #expect(Set(served.keys) == ["interactive", "deferrable", "elastic", "total"])
            let objective = try #require(run["objective"] as? [String: Any])
            #expect(Set(objective.keys) == ["kind", "formula", "alpha", "beta", "maximumWork", "minimumCarbon", "maximumCarbonEfficiency",
                                            "normalisation", "throughputTerm", "carbonTerm", "value"])
            #expect(objective["normalisation"] as? String == "clairvoyant-lp")
            #expect(objective["kind"] as? String == "throughput-carbon")
            let violations = try #require(run["violations"] as? [String: Any])
            #expect(Set(violations.keys) == ["epochsAbovePowerCap", "worstPowerCapExcess", "workAboveAccuracyCeiling",
                                              "cardPowerCap", "nodePowerCap", "accuracyLossCeiling", "powerCapWindow",
                                              "windowsAbovePowerCap", "worstWindowExcess"])
            let power = try #require(run["nodePower"] as? [String: Any])
            #expect(Set(power.keys) == ["mean", "peak", "p5", "p95", "spread"])
            #expect((run["cer"] as? Double ?? 0) > 0)
        }
        let again = try EPOFProcess.run(args)
        #expect(again.stdout == r.stdout)
    }

    @Test func simulateTextAndJSON() throws {
        let t = try EPOFProcess.run(["simulate", Self.sdxl, "--policy", "seed-heuristic", "--hours", "0.5"])
        #expect(t.status == 0, "\(t.stderr)")
        for word in ["seed-heuristic", "CER", "SLO attainment", "objective", "time above 85 °C", "p5-p95"] {
            #expect(t.stdout.contains(word), "\(word) missing in\n\(t.stdout)")
        }
        let j = try EPOFProcess.run(["simulate", Self.sdxl, "--policy", "energy-optimal", "--hours", "0.5", "--format", "json"])
        #expect(j.status == 0, "\(j.stderr)")
        let m = try json(j.stdout)
        #expect(m["policy"] as? String == "energy-optimal")
        #expect(m["epochs"] as? Int == 2)
    }

    @Test func badInputsExitWithTheDocumentedCodes() throws {
        let missing = try EPOFProcess.run(["simulate", "/nonexistent.yaml", "--hours", "1"])
        #expect(missing.status == 2)
        let hours = try EPOFProcess.run(["simulate", Self.sdxl, "--hours", "0"])
        #expect(hours.status == 2)
        let policy = try EPOFProcess.run(["compare", Self.sdxl, "--policies", "nope"])
        #expect(policy.status == 64)
        let help = try EPOFProcess.run(["compare", "--help"])
        #expect(help.stdout.contains("Exit codes") && help.stdout.contains("seed-heuristic"))
    }
}
