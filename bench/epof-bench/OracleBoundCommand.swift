import ArgumentParser
import Executor
import Foundation
import Scenario

/// `epof-bench oracle-bound`: the oracle-bound check of issue 10 (item 1) in release speed:
/// every policy in the closed loop on `--count` generated scenarios (`ScenarioGenerator`), and
/// on the Problems/ files given with `--scenario`; prints per scenario the oracle's objective,
/// the LP's ratio to it and any limit-respecting policy above it by more than `--tolerance`.
/// `--dump DIR` writes each generated scenario's YAML there (to rerun one with `epof compare`).
struct OracleBoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oracle-bound",
        abstract: "Checks that no limit-respecting policy beats the clairvoyant oracle (generated and given scenarios).")

    @Option(name: .long, help: "Generated scenarios.") var count = 50
    @Option(name: .long, help: "First generator seed.") var first: UInt64 = 0
    @Option(name: .long, help: "Epochs per run.") var epochs = 3
    @Option(name: .long, help: "Epoch lengths of generated scenarios, comma-separated (e.g. 5m,10m).") var epochLengths = "5m,10m"
    @Option(name: .long, help: "Allowed excess over the oracle, relative.") var tolerance = 0.005
    @Option(name: .long, help: "Folder of the real carbon traces.") var carbon = "../shared/data/carbon"
    @Option(name: .long, help: "Write generated scenarios here.") var dump: String?
    @Option(name: .long, help: "Also check these scenario files (their own epochs × --epochs).") var scenario: [String] = []

    func run() throws {
        let dir = URL(fileURLWithPath: carbon).standardized.path
        let gen = ScenarioGenerator(carbonDirectory: dir, epochLengths: epochLengths.split(separator: ",").map(String.init))
        var cases: [(String, Scenario)] = []
        for k in first..<(first + UInt64(count)) {
            let text = gen.yaml(seed: k)
            if let d = dump {
                try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
                try text.write(toFile: (d as NSString).appendingPathComponent("generated-\(k).yaml"), atomically: true, encoding: .utf8)
            }
            cases.append(("generated-\(k)", try Scenario.parse(yaml: text, path: "generated-\(k).yaml")))
        }
        for path in scenario { cases.append(((path as NSString).lastPathComponent, try Scenario.load(contentsOf: path))) }
        var failures = 0
        var ratios: [Double] = []
        for (name, s) in cases {
            let check = try OracleBound.check(s, epochs: epochs, seed: 0, tolerance: tolerance)
            ratios.append(check.lpRatio)
            failures += check.beaten.isEmpty ? 0 : 1
            print("\(name) oracle=\(String(format: "%.6f", check.oracle)) lp_ratio=\(String(format: "%.4f", check.lpRatio))"
                  + (check.beaten.isEmpty ? "" : " beaten_by=" + check.beaten.joined(separator: ",")))
        }
        ratios.sort()
        print("oracle-bound scenarios=\(cases.count) violations=\(failures) lp_ratio_min=\(String(format: "%.4f", ratios.first ?? 0)) lp_ratio_median=\(String(format: "%.4f", ratios.isEmpty ? 0 : ratios[ratios.count / 2]))")
        if failures > 0 { throw ExitCode(1) }
    }
}
