import ArgumentParser
import EPOFCommands
import Foundation
import Service

/// `epof-bench plan-in-process`: the baseline for `epof serve`'s throughput — the same call the
/// service's solver worker makes for POST /v1/plan (`CommandBackend.plan`: parse the scenario
/// text, build the request, plan, encode the JSON document), in a loop on one thread, no HTTP.
struct PlanInProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan-in-process",
        abstract: "Plans per second of the service's /v1/plan computation called in-process (no HTTP).")

    @Option(help: "The scenario file.")
    var scenario: String = "Problems/sdxl-ecommerce-sichuan.yaml"

    @Option(help: "Seconds to run (after 5 warm-up plans).")
    var seconds: Double = 10

    @Option(help: "At most this many plans.")
    var maxPlans: Int = 5000

    func run() throws {
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        let input = ScenarioInput(text: text, name: (scenario as NSString).deletingLastPathComponent + "/request.yaml")
        let backend = CommandBackend()
        for _ in 0..<5 { _ = try backend.plan(input).get() }
        let clock = ContinuousClock()
        let start = clock.now
        var latencies: [Double] = []
        while latencies.count < maxPlans, (clock.now - start) < .milliseconds(Int64(seconds * 1000)) {
            let t0 = clock.now
            _ = try backend.plan(input).get()
            latencies.append(Self.seconds(clock.now - t0))
        }
        let wall = Self.seconds(clock.now - start)
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int((p / 100 * Double(latencies.count - 1)).rounded()))] }
        print("plan-in-process plans=\(latencies.count) plans_per_s=\(String(format: "%.2f", Double(latencies.count) / wall)) "
              + "p50_ms=\(String(format: "%.1f", pct(50) * 1e3)) p99_ms=\(String(format: "%.1f", pct(99) * 1e3)) wall_s=\(String(format: "%.1f", wall))")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
