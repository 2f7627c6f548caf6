import ChartTesting
import Foundation
import Testing

/// `epof simulate` / `epof compare` with --svg-dir and --notebook: the charts pass the structural
/// checker, the notebook holds the data and re-plotting cells, and both are deterministic.
@Suite("epof simulate and compare: charts and notebooks")
struct RunReportsCommandTests {
    static let sdxl = EPOFProcess.root.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path
    static let germany = EPOFProcess.root.appendingPathComponent("Problems/mixed-day-germany.yaml").path

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("epof-charts-\(UUID().uuidString)").path
    }

    func read(_ folder: String, _ name: String) throws -> String {
        try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
    }

    @Test func compareWritesATimelineAndAHeatMapPerPolicyAndTheOverlay() throws {
        let folder = Self.temporaryFolder(), again = Self.temporaryFolder()
        defer { for f in [folder, again] { try? FileManager.default.removeItem(atPath: f) } }
        let args = ["compare", Self.sdxl, "--hours", "1", "--policies", "lp", "seed-heuristic"]
        let r = try EPOFProcess.run(args + ["--svg-dir", folder])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["compare.svg", "heatmap-lp.svg", "heatmap-seed-heuristic.svg", "timeline-lp.svg",
                          "timeline-seed-heuristic.svg"])

        let timeline = try read(folder, "timeline-lp.svg")
        let doc = try ChartChecks.check(timeline, texts: [
            "Time since 2023-06-01T18:00:00+08:00 (h)", "Carbon intensity (gCO₂/kWh)", "Node power (W)", "Throughput (images/s)",
            "Hottest core (°C)", "Precision profile", "DVFS frequency", "DVFS frequency as run", "lp on sdxl-ecommerce-sichuan (4 × 15 min)",
        ], series: ["actual", "used by the policy", "epoch mean", "epoch peak", "node power cap", "all classes", "interactive",
                    "elastic", "epoch maximum", "thermal limit"])
        #expect(ChartChecks.overlappingTexts(doc).isEmpty, "\(ChartChecks.overlappingTexts(doc))")
        #expect(doc.plotAreas.count == 7)
        #expect(doc.withClass("band").count == 4 * 3, "one band per epoch in each of the three tracks")
        #expect(doc.width == 800)
        #expect(!doc.texts.contains { $0.text.hasSuffix("…") }, "no title or label shortened at 800 px")

        let overlay = try ChartChecks.check(try read(folder, "compare.svg"), texts: ["Node power, epoch mean (W)"],
                                            series: ["grid", "lp", "seed-heuristic", "node power cap", "thermal limit"])
        #expect(ChartChecks.overlappingTexts(overlay).isEmpty)

        let heat = try ChartChecks.check(try read(folder, "heatmap-lp.svg"), texts: ["Card 0", "Core temperature (°C)", "hottest epoch end"])
        #expect(!heat.texts.contains { $0.text.hasSuffix("…") })
        #expect(heat.withClass("cell").count == 24, "one cell per core of the 910B's die")
        #expect(ChartChecks.overlappingTexts(heat).isEmpty)

        // Same scenario, options and seed: the same bytes.
        #expect(try EPOFProcess.run(args + ["--svg-dir", again]).status == 0)
        for name in names { #expect(try read(folder, name) == read(again, name), "\(name) differs between runs") }
    }

    @Test func simulateOnFourCardsDrawsEveryCardAndWorkClass() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try EPOFProcess.run(["simulate", Self.germany, "--policy", "seed-heuristic", "--hours", "2", "--svg-dir", folder])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["heatmap-seed-heuristic.svg",
                                                                                      "timeline-seed-heuristic.svg"])
        let timeline = try ChartChecks.check(try read(folder, "timeline-seed-heuristic.svg"), texts: ["requests/s"],
                                             series: ["interactive", "deferrable", "elastic"])
        #expect(ChartChecks.overlappingTexts(timeline).isEmpty)
        // The seed heuristic runs BALANCED: the precision track says so.
        #expect(timeline.withClass("legend-entry").contains { $0.attributes["data-category"] == "BALANCED" })
        #expect(!timeline.texts.contains { $0.text.hasSuffix("…") }, "the longest policy name still fits")
        let heat = try ChartChecks.check(try read(folder, "heatmap-seed-heuristic.svg"), texts: ["Card 0", "Card 3"])
        #expect(!heat.texts.contains { $0.text.hasSuffix("…") })
        #expect(heat.withClass("cell").count == 4 * 24)
        #expect(ChartChecks.overlappingTexts(heat).isEmpty)
    }

    @Test func compareNotebookHoldsTheScenarioDataChartsAndCodeAndIsDeterministic() throws {
        let a = EPOFProcess.temporaryPath("ipynb"), b = EPOFProcess.temporaryPath("ipynb")
        defer { for p in [a, b] { try? FileManager.default.removeItem(atPath: p) } }
        let args = ["compare", Self.sdxl, "--hours", "0.5", "--policies", "lp", "max-performance"]
        let r = try EPOFProcess.run(args + ["--notebook", a])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try EPOFProcess.run(args + ["--notebook", b]).status == 0)
        let text = try String(contentsOfFile: a, encoding: .utf8)
        #expect(text == (try String(contentsOfFile: b, encoding: .utf8)), "the same bytes wherever it is written")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(root["nbformat"] as? Int == 4)
        let cells = try #require(root["cells"] as? [[String: Any]])
        let sources = cells.map { (($0["source"] as? [String]) ?? []).joined() }
        let all = sources.joined(separator: "\n")
        for needle in ["## Scenario", "```yaml", "region: sichuan", "metrics = pd.read_csv", "epochs = pd.read_csv",
                       "hottest_cores = pd.read_csv", "display(SVG(", "import matplotlib.pyplot as plt", "plt.show()",
                       "epof compare", "--policies lp max-performance"] {
            #expect(all.contains(needle), "\(needle) missing")
        }
        // Two policies × 2 epochs of telemetry; the overlay, a timeline and a heat map per policy.
        let epochsCell = try #require(sources.first { $0.contains("epochs_csv") })
        #expect(epochsCell.components(separatedBy: "\nlp,").count - 1 == 2)
        #expect(epochsCell.components(separatedBy: "\nmax-performance,").count - 1 == 2)
        #expect(sources.filter { $0.contains("display(SVG(") }.count == 5)
    }

    @Test func simulateNotebookAndBadOutputPaths() throws {
        let path = EPOFProcess.temporaryPath("ipynb")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["simulate", Self.sdxl, "--policy", "energy-optimal", "--hours", "0.5", "--notebook", path])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Closed-loop run: energy-optimal on sdxl-ecommerce-sichuan"))

        // --svg-dir naming an existing file, --notebook in a missing folder: input errors.
        let file = EPOFProcess.temporaryPath("txt")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let svg = try EPOFProcess.run(["simulate", Self.sdxl, "--hours", "0.25", "--svg-dir", file])
        #expect(svg.status == 2 && svg.stderr.contains("--svg-dir"), "\(svg.stderr)")
        let nb = try EPOFProcess.run(["simulate", Self.sdxl, "--hours", "0.25", "--notebook", "/nonexistent/dir/x.ipynb"])
        #expect(nb.status == 2 && nb.stderr.contains("--notebook"), "\(nb.stderr)")
    }
}
