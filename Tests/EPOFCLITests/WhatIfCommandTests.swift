import Foundation
import Testing

@Suite("epof whatif, end to end")
struct WhatIfCommandTests {
    static let sdxl = EPOFProcess.root.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func planOnlySweepIsTheCartesianProductWithMarginalsAndFiniteDifferences() throws {
        // Caps as epoch averages (cap_window=0): the dual rates of the cap rows are what this
        // test checks; with a window the cap also filters points (`capWindowNote`).
        let args = ["whatif", Self.sdxl, "--vary", "power_cap=200:300:50", "--vary", "region=beijing,sichuan",
                    "--vary", "cap_window=0", "--plan-only", "--format", "json"]
        let r = try EPOFProcess.run(args + ["--jobs", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        #expect(j["mode"] as? String == "plan-only" && j["scenario"] as? String == "sdxl-ecommerce-sichuan")
        let cases = try #require(j["cases"] as? [[String: Any]])
        #expect(cases.count == 6)
        let caps = cases.compactMap { ($0["values"] as? [String: Any])?["preset.cardPowerCap"] as? Double }
        let regions = cases.compactMap { ($0["values"] as? [String: Any])?["carbon.region"] as? String }
        #expect(caps == [200, 200, 250, 250, 300, 300])
        #expect(regions == ["beijing", "sichuan", "beijing", "sichuan", "beijing", "sichuan"])
        #expect(cases.map { $0["case"] as? Int } == [1, 2, 3, 4, 5, 6])
        let plans = try cases.map { try #require($0["plan"] as? [String: Any]) }
        let throughput = plans.compactMap { $0["throughput"] as? Double }, carbon = plans.compactMap { $0["carbon"] as? Double }
        #expect(throughput.count == 6 && carbon.count == 6)
        #expect(throughput[0] < throughput[2] && throughput[2] < throughput[4], "a higher cap serves more")
        for k in stride(from: 0, to: 6, by: 2) {
            #expect(carbon[k] > carbon[k + 1], "Beijing's grid emits more than Sichuan's for the same plan")
            #expect(abs(throughput[k] - throughput[k + 1]) <= 1e-9 * throughput[k], "the region changes carbon, not the throughput-first plan")
        }
        // The 200 W cap binds: the basis rate is positive, per W, for raising and lowering it.
        let m = try #require(cases[0]["marginals"] as? [String: Any])
        let card = try #require(m["cardPowerCap"] as? [String: Any])
        #expect(card["binding"] as? Bool == true && (card["throughput"] as? Double ?? 0) > 0 && (card["carbon"] as? Double ?? 0) > 0)
        #expect(m["nodePowerCap"] == nil, "the preset sets no node cap")
        #expect(m["horizonSeconds"] as? Double == 7200)
        // Finite differences: along the cap, per region (2 steps × 2 regions), not along the region.
        let diffs = try #require(j["finiteDifferences"] as? [[String: Any]])
        #expect(diffs.count == 4 && diffs.allSatisfy { $0["path"] as? String == "preset.cardPowerCap" })
        let first = try #require(diffs.first?["rates"] as? [String: Any])
        let d = try #require(first["plan.throughput"] as? Double)
        #expect(abs(d - (throughput[2] - throughput[0]) / 50) <= 1e-9 * d)
        #expect((j["noDual"] as? [String: Any])?["preset.latencySLO"] != nil)
        // The same output on two threads.
        let parallel = try EPOFProcess.run(args + ["--jobs", "2"])
        #expect(parallel.status == 0 && parallel.stdout == r.stdout)
    }

    @Test func closedLoopSweepWritesCSVChartsAndANotebookTheSameForAnyJobs() throws {
        let csv1 = EPOFProcess.temporaryPath("csv"), csv2 = EPOFProcess.temporaryPath("csv")
        let svg = EPOFProcess.temporaryPath("svg"), notebook = EPOFProcess.temporaryPath("ipynb")
        let args = ["whatif", Self.sdxl, "--vary", "power_cap=200W,300W", "--hours", "0.5", "--format", "csv"]
        let one = try EPOFProcess.run(args + ["--jobs", "1", "--output", csv1, "--svg", svg, "--notebook", notebook])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.isEmpty, "--output takes the table")
        let two = try EPOFProcess.run(args + ["--jobs", "2", "--output", csv2])
        #expect(two.status == 0, "\(two.stderr)")
        let a = try String(contentsOfFile: csv1, encoding: .utf8), b = try String(contentsOfFile: csv2, encoding: .utf8)
        #expect(a == b, "the output does not depend on --jobs")
        let lines = a.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let header = lines[0].split(separator: ",").map(String.init)
        for column in ["case", "preset.cardPowerCap", "status", "served.total", "throughput", "sloAttainment", "energy", "carbon",
                       "cer", "nodePower.peak", "cardPower.0.mean", "maxTemperature", "objective.value",
                       "marginal.cardPowerCap.throughput", "message"] {
            #expect(header.contains(column), "\(column) missing from \(header)")
        }
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row[0] == "1" && row[1] == "200.0" && row[2] == "ok", "\(row.prefix(3))")
        let epochs = try #require(header.firstIndex(of: "epochs"))
        #expect(row[epochs] == "2.0")
        // Charts: the cap sweep's three curves and the per-case scatter.
        let svgText = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(svgText.contains("<svg"))
        #expect(svgText.contains("preset.cardPowerCap"))
        for slug in ["carbon-vs-preset.cardPowerCap", "objective.value-vs-preset.cardPowerCap", "throughput-vs-carbon"] {
            let path = (svg as NSString).deletingPathExtension + "-" + slug + ".svg"
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        // The notebook: nbformat 4 with the data, the charts and the re-plotting cells.
        let nb = try json(String(contentsOfFile: notebook, encoding: .utf8))
        #expect(nb["nbformat"] as? Int == 4)
        let cells = try #require(nb["cells"] as? [[String: Any]])
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        #expect(sources.contains { $0.contains("cases = pd.read_csv") })
        #expect(sources.contains { $0.contains("display(SVG(") })
        #expect(sources.contains { $0.contains("import matplotlib.pyplot as plt") && $0.contains("groupby") })
        #expect(sources.contains { $0.contains("```yaml") && $0.contains("sdxl-ecommerce-sichuan") })
    }

    @Test func textShowsTheMarginalValuesAndFiniteDifferences() throws {
        let r = try EPOFProcess.run(["whatif", Self.sdxl, "--vary", "slo=4:8:2", "--plan-only"])
        #expect(r.status == 0, "\(r.stderr)")
        for word in ["What-if sweep of sdxl-ecommerce-sichuan", "preset.latencySLO (s): 4, 6, 8", "Marginal values",
                     "cardPowerCap.throughput", "No dual", "Finite differences between adjacent cases", "not duals"] {
            #expect(r.stdout.contains(word), "\(word) missing in\n\(r.stdout)")
        }
    }

    @Test func infeasibleCasesAreRowsNotFailures() throws {
        let r = try EPOFProcess.run(["whatif", Self.sdxl, "--vary", "slo=1,6", "--plan-only", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let cases = try #require(try json(r.stdout)["cases"] as? [[String: Any]])
        #expect(cases.map { $0["status"] as? String } == ["infeasible", "ok"])
        #expect((cases[0]["message"] as? String)?.contains("latency SLO 1 s cannot be met") == true)
        #expect(cases[0]["plan"] == nil && cases[1]["plan"] != nil)
    }

    @Test func badInputStopsBeforeAnyWorkWithExitCode2() throws {
        func run(_ vary: [String], _ extra: [String] = []) throws -> EPOFProcess.Result {
            try EPOFProcess.run(["whatif", Self.sdxl, "--plan-only"] + vary.flatMap { ["--vary", $0] } + extra)
        }
        let cases: [([String], [String], [String])] = [
            (["preset.cardPowerCaps=200"], [], ["--vary preset.cardPowerCaps=200", "nearest valid names", "preset.cardPowerCap"]),
            (["power_cap=320:200:20"], [], ["--vary power_cap=320:200:20", "empty"]),
            (["power_cap=200:320:0"], [], ["step must be > 0"]),
            (["power_cap=200:320:-10"], [], ["step must be > 0"]),
            (["region=a:b:c"], [], ["--vary region=a:b:c", "not numeric"]),
            (["power_cap=200,300", "preset.cardPowerCap=250"], [], ["both vary preset.cardPowerCap"]),
            (["power_cap=1:100:1"], [], ["100 cases", "--yes"]),
            (["power_cap=-100,200"], [], ["--vary power_cap=-100,200", "preset.cardPowerCap = -100", "watts > 0"]),
            (["cards=0,1"], [], ["--vary cards=0,1", "node.cards = 0", "at least 1"]),
            (["preset=ecommerce,nope"], [], ["--vary preset=ecommerce,nope", "unknown preset 'nope'"]),
            (["arrivals.deferrable.rate=0.1"], [], ["case 1", "arrivals.deferrable.deadline", "required"]),
            (["power_cap=200"], ["--jobs", "0"], ["--jobs must be at least 1"]),
        ]
        for (vary, extra, words) in cases {
            let r = try run(vary, extra)
            #expect(r.status == 2, "\(vary): \(r.status) \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(vary): nothing is printed before the checks pass")
            for w in words { #expect(r.stderr.contains(w), "\(vary): '\(w)' missing in \(r.stderr)") }
        }
        let none = try EPOFProcess.run(["whatif", Self.sdxl])
        #expect(none.status == 64)
        let conflict = try EPOFProcess.run(["whatif", Self.sdxl, "--vary", "power_cap=200", "--plan-only", "--policy", "oracle"])
        #expect(conflict.status == 64)
        let help = try EPOFProcess.run(["whatif", "--help"])
        for w in ["power_cap, card_power_cap → preset.cardPowerCap", "region → carbon.region", "start:stop:step", "Exit codes", "--plan-only"] {
            #expect(help.stdout.contains(w), "\(w) missing in --help")
        }
    }
}
