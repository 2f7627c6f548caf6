import Foundation

/// Seeded random scenarios (YAML) for property checks and benchmarks: random devices, card
/// counts, workloads, arrival mixes, presets and caps, carbon sources (the real 2023 traces in
/// `carbonDirectory` when present, else the seed's regional table), forecasters, epoch lengths
/// and start times. Deterministic: the same seed gives the same text, whatever the platform.
public struct ScenarioGenerator: Sendable {
    /// Folder holding `DE-LU_2023_hourly.csv` and `US-CAL-CISO_2023_hourly.csv` (absolute path;
    /// traces that are absent are not drawn).
    public var carbonDirectory: String?
    /// Epoch lengths drawn from, in the scenario format (e.g. "5m").
    public var epochLengths: [String]

    /// A generator; `epochLengths` default to 5 and 10 minutes (short runs for tests).
    public init(carbonDirectory: String? = nil, epochLengths: [String] = ["5m", "10m"]) {
        self.carbonDirectory = carbonDirectory
        self.epochLengths = epochLengths
    }

    /// The scenario of `seed` as YAML text.
    public func yaml(seed: UInt64) -> String {
        var rng = Stream(state: seed &* 0x9E37_79B9 &+ 11)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() % 1_000_000) / 1_000_000 }
        func fmt(_ v: Double) -> String { String(format: "%.4g", v) }
        let device = pick(["ascend-910b", "ascend-910b", "ascend-910c", "nvidia-a100-sxm"])
        let cards = pick([1, 1, 2, 4])
        let llm = rng.next() % 2 == 0
        var lines = ["name: generated-\(seed)", "node:", "  device: \(device)", "  cards: \(cards)", "workload:"]
        if llm {
            lines += ["  model: llama-2-7b", "  promptTokens: \(pick([128, 512, 1024]))", "  outputTokens: \(pick([64, 128, 256]))"]
        } else {
            lines += ["  model: sdxl", "  steps: \(pick([20, 30]))", "  width: 1024", "  height: 1024", "  guidance: true"]
        }
        let slo = llm ? pick([5.0, 8.0, 12.0]) : pick([6.0, 8.0, 12.0])
        let rate = (llm ? uniform(0.2, 2.0) : uniform(0.02, 0.12)) * Double(cards)
        lines += ["arrivals:", "  interactive:", "    rate: \(fmt(rate))", "    amplitude: \(fmt(uniform(0, 0.7)))",
                  "    peakHour: \(pick([10, 14, 20]))"]
        if rng.next() % 2 == 0 {
            lines += ["  deferrable:", "    rate: \(fmt(rate * uniform(0.2, 1.0)))", "    deadline: \(pick(["1h", "2h"]))"]
        }
        if rng.next() % 4 != 0 { lines += ["  elastic:", "    unlimited: true"] }
        let month = pick(["01", "03", "06", "09", "11"]), day = pick(["05", "12", "20"]), hour = pick(["02", "08", "13", "19"])
        var forecaster = pick(["oracle", "persistence"])
        let trace = pick(["DE-LU_2023_hourly.csv", "US-CAL-CISO_2023_hourly.csv", ""])
        let tracePath = carbonDirectory.map { ($0 as NSString).appendingPathComponent(trace) }
        if !trace.isEmpty, let path = tracePath, FileManager.default.fileExists(atPath: path) {
            lines += ["carbon:", "  csv: \(path)", "  timestampColumn: Datetime (UTC)",
                      "  intensityColumn: Carbon Intensity gCO₂eq/kWh (direct)", "  timezone: UTC"]
            forecaster = pick(["oracle", "day-ago", "persistence"])
        } else {
            lines += ["carbon:", "  region: \(pick(["beijing", "sichuan"]))"]
        }
        lines += ["forecaster: \(forecaster)", "preset:", "  inherits: \(pick(["ecommerce", "research"]))",
                  "  latencySLO: \(fmt(slo)) s", "  cardPowerCap: \(pick([250, 300, 400])) W",
                  "epoch: \(pick(epochLengths))", "horizon: \(pick([2, 4]))",
                  "start: 2023-\(month)-\(day)T\(hour):00:00+08:00", "solver: glpk"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// SplitMix64, the generator's own stream (so library changes never change the scenarios).
    struct Stream {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
