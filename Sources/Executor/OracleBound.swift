import Foundation
import Scenario

/// The oracle-bound check (issue 10, item 1): every policy on one scenario, and whether a
/// policy that breaks no limit scores above the clairvoyant oracle.
///
/// A policy breaks no limit when no epoch and no power-cap window exceeds a cap, no work runs
/// above the accuracy ceiling, and its SLO attainment is at least the preset's latency
/// percentile — or the oracle's own attainment where the node cannot reach it — less one point
/// of sampling noise (a policy that buys carbon by letting interactive requests miss the SLO
/// breaks the preset).
public enum OracleBound {
    /// The outcome on one scenario.
    public struct Result: Sendable {
        /// The oracle's run objective.
        public var oracle: Double
        /// The LP policy's objective / the oracle's.
        public var lpRatio: Double
        /// "policy value" of every limit-respecting policy above the oracle by more than the tolerance.
        public var beaten: [String]
        /// Every policy's metrics.
        public var metrics: [PolicyKind: RunMetrics]
    }

    /// Runs every ``PolicyKind`` on `scenario` for `epochs` epochs with `seed`.
    public static func check(_ scenario: Scenario, epochs: Int, seed: UInt64, tolerance: Double = 0.005) throws -> Result {
        var values: [PolicyKind: RunMetrics] = [:]
        for p in PolicyKind.allCases {
            let loop = try ClosedLoop(scenario: scenario, configuration: .init(epochs: epochs, seed: seed, policy: p))
            try loop.run()
            values[p] = loop.metrics()
        }
        guard let oracle = values[.oracle] else { return Result(oracle: 0, lpRatio: 0, beaten: [], metrics: values) }
        let percentile = (try? scenario.resolvePreset().latencyPercentile) ?? 0.99
        let slo = min(percentile, oracle.sloAttainment ?? 1) - 0.01
        var beaten: [String] = []
        for p in PolicyKind.allCases where p != .oracle {
            guard let m = values[p] else { continue }
            let v = m.violations
            let respects = v.epochsAbovePowerCap == 0 && v.windowsAbovePowerCap == 0 && v.workAboveAccuracyCeiling <= 1e-9
                && (m.sloAttainment ?? 1) >= slo
            if respects, m.objective.value > oracle.objective.value * (1 + tolerance) + 1e-12 {
                beaten.append("\(p.rawValue)=\(String(format: "%.6f", m.objective.value))")
            }
        }
        let lp = values[.lp]?.objective.value ?? 0
        return Result(oracle: oracle.objective.value, lpRatio: oracle.objective.value > 0 ? lp / oracle.objective.value : 0,
                      beaten: beaten, metrics: values)
    }
}
