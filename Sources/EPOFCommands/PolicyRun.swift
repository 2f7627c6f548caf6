import Executor
import Foundation
import Hardware
import Planner
import Simulator
import Workloads

/// One epoch of a closed-loop run, reduced to what charts and notebooks show. SI units: s since
/// the run's start, W, requests/s, °C, gCO₂/kWh, J, gCO₂.
struct EpochSample: Sendable, Equatable {
    /// Loop epoch (0-based).
    var epoch: Int
    /// Start and end, s since the run's start.
    var start: Double
    var end: Double
    /// Where the executed plan came from (`planned`, `lastGoodPlan`, `safeDefault`).
    var source: String
    /// Actual carbon intensity, gCO₂/kWh.
    var actualIntensity: Double
    /// Intensity the policy decided with, gCO₂/kWh (nil for the safe default).
    var forecastIntensity: Double?
    /// Node power over the epoch's ticks: mean and peak, W.
    var nodePowerMean: Double
    var nodePowerPeak: Double
    /// Requests served per second: all classes, then per class in `WorkClass` order.
    var throughput: Double
    var classThroughput: [WorkClass: Double]
    /// Requests served in the epoch (all classes).
    var served: Int
    /// Interactive requests arrived and served within the SLO in the epoch.
    var interactiveArrived: Int
    var interactiveWithinSLO: Int
    /// Hottest core temperature seen in the epoch, °C.
    var maxTemperature: Double
    /// Node energy (simulated) and carbon (with switching energy), J and gCO₂.
    var energy: Double
    var carbon: Double
    /// Hardware throttle engagements in the epoch.
    var throttleEvents: Int
    /// The precision profile with the largest share of planned card time ("idle" when no card
    /// was given work).
    var precision: String
    /// The DVFS frequency with the largest share of planned card time, Hz (nil when idle).
    var plannedFrequency: Double?
    /// The DVFS frequency the cards ran most (tick samples of busy cards, after thermal control
    /// and throttling), Hz (nil when every sample was idle or none was recorded).
    var runFrequency: Double?
}

/// What one policy's closed-loop run leaves for reports: its metrics, one ``EpochSample`` per
/// epoch and the per-core temperatures at the hottest epoch end.
struct PolicyRun: Sendable {
    var policy: PolicyKind
    var metrics: RunMetrics
    var epochs: [EpochSample]
    /// The thermal snapshot at the end of the epoch whose hottest core was the hottest of the run
    /// (snapshots are taken at epoch ends only: the executor runs an epoch's ticks in one call).
    var hottest: ThermalMap?

    /// Reduces a finished loop's records; `hottest` is the snapshot kept while it ran.
    init(loop: ClosedLoop, hottest: ThermalMap?) {
        policy = loop.policy.kind
        metrics = loop.metrics()
        self.hottest = hottest
        let device = loop.scenario.node.device
        func frequency(_ level: Int) -> Double? { device.dvfs.indices.contains(level) ? device.dvfs[level].frequency : nil }
        let telemetry = loop.telemetry()
        let ticks = telemetry.ticks
        let cards = telemetry.cards
        let start = loop.scenario.start
        var tickIndex = 0
        epochs = loop.records.map { r in
            let t = r.execution.telemetry
            let s = r.start - start, e = s + t.duration
            // Planned shares: fraction of the epoch per profile and per DVFS level, over all cards.
            var profileShare: [Int: Double] = [:], levelShare: [Int: Double] = [:]
            for m in r.mixes {
                for entry in m.entries {
                    profileShare[PolicyRun.profiles.firstIndex(of: entry.point.profile) ?? 0, default: 0] += entry.fraction
                    levelShare[entry.point.frequencyLevel, default: 0] += entry.fraction
                }
            }
            // Run levels: tick samples inside [s, e) of cards not idle (level −1).
            var runCount: [Int: Int] = [:]
            if let ticks {
                while tickIndex < ticks.count, ticks.times[tickIndex] < e - 1e-9 {
                    if ticks.times[tickIndex] >= s - 1e-9 {
                        for c in 0..<cards where tickIndex * cards + c < ticks.effectiveLevel.count {
                            let level = ticks.effectiveLevel[tickIndex * cards + c]
                            if level >= 0 { runCount[level, default: 0] += 1 }
                        }
                    }
                    tickIndex += 1
                }
            }
            func classStatistics(_ j: WorkClass) -> ClassStatistics? { t.classes.first { $0.workClass == j } }
            var classThroughput: [WorkClass: Double] = [:]
            for j in WorkClass.allCases { classThroughput[j] = classStatistics(j)?.throughput ?? 0 }
            return EpochSample(
                epoch: r.epoch, start: s, end: e, source: r.source.rawValue, actualIntensity: r.actualIntensity,
                forecastIntensity: r.forecastIntensity, nodePowerMean: t.nodePower.mean, nodePowerPeak: t.nodePower.peak,
                throughput: t.throughput, classThroughput: classThroughput, served: t.served,
                interactiveArrived: classStatistics(.interactive)?.arrived ?? 0,
                interactiveWithinSLO: classStatistics(.interactive)?.withinLatencyObjective ?? 0,
                maxTemperature: t.maxTemperature, energy: t.energy, carbon: r.carbon, throttleEvents: t.throttleEvents,
                precision: PolicyRun.largest(profileShare).map { PolicyRun.profiles[$0].rawValue } ?? "idle",
                plannedFrequency: PolicyRun.largest(levelShare).flatMap(frequency),
                runFrequency: PolicyRun.largest(runCount.mapValues(Double.init)).flatMap(frequency))
        }
    }

    /// Precision profiles, FP16-heaviest first (the order charts list them in).
    static let profiles = PrecisionProfile.allCases

    /// The key with the largest positive value; ties go to the smallest key (deterministic).
    static func largest(_ shares: [Int: Double]) -> Int? {
        shares.filter { $0.value > 0 }.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }
}
