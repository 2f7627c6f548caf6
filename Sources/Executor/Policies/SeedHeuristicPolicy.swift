import Hardware
import Workloads

/// The seed's rule of thumb (DESIGN §7), implemented faithfully at epoch granularity:
/// - **batch cap** 64 when the current intensity is below 250 gCO₂/kWh, else 16 (the current
///   intensity is ``PolicyContext/currentIntensity``: what the scenario's forecaster knows for
///   the epoch);
/// - **fixed BALANCED precision**, the smallest placement that holds the model (one card when
///   it fits; ``HeuristicMix/smallestPlacement``);
/// - the **largest batch within the cap whose latency meets the SLO, at the top frequency**
///   (when none meets the SLO, the fastest BALANCED point at the top level);
/// - every card busy: interactive work, then deferrable work as it arrives, then elastic work
///   (``HeuristicMix/busyMixes``);
/// - **thermal rule**: when a die of a card exceeded 80 °C (its hottest core during the previous
///   epoch, or now), that card runs at the middle DVFS level (index ⌊levels/2⌋, its largest
///   SLO-feasible batch within the cap there) and half of its load moves to the coldest other
///   card (lowest hottest-core temperature now, itself not hot): half of the hot card's
///   interactive and deferrable fractions are added to that card's (displacing its elastic
///   work) and the hot card idles for the freed half. With one card (the model spans all of the
///   card's dies, so load cannot move between them) or no cold card, the card only drops to the
///   middle frequency.
/// Within the epoch the executor's reactive thermal controller (``ThermalControlSettings``, the
/// same for every policy) still protects the dies.
public final class SeedHeuristicPolicy: Policy {
    /// ``PolicyKind/seedHeuristic``.
    public var kind: PolicyKind { .seedHeuristic }
    /// Intensity below which the large batch cap applies, gCO₂/kWh.
    public static let intensityThreshold = 250.0
    /// Batch cap when the grid is clean.
    public static let cleanBatchCap = 64
    /// Batch cap otherwise.
    public static let dirtyBatchCap = 16
    /// Die temperature above which a card drops to the middle frequency, °C.
    public static let hotDie = 80.0

    private let setup: PolicySetup
    private let points: [OperatingPoint]
    private let topLevel: Int
    private let middleLevel: Int

    /// A seed-heuristic policy.
    public init(_ setup: PolicySetup) {
        self.setup = setup
        let balanced = setup.catalog.points.filter { $0.key.profile == .balanced }
        points = HeuristicMix.smallestPlacement(balanced.isEmpty ? setup.catalog.points : balanced)
        topLevel = points.map(\.key.frequencyLevel).max() ?? 0
        let levels = max(setup.scenario.node.device.dvfs.count, topLevel + 1)
        middleLevel = min(topLevel, levels / 2)
    }

    /// The batch cap for an intensity (gCO₂/kWh).
    public static func batchCap(intensity: Double) -> Int { intensity < intensityThreshold ? cleanBatchCap : dirtyBatchCap }

    /// The point the heuristic runs at `level` under `intensity` (gCO₂/kWh).
    public func point(intensity: Double, level: Int? = nil) -> OperatingPoint? {
        let cap = Self.batchCap(intensity: intensity)
        let l = level ?? topLevel
        var pool = points.filter { $0.key.frequencyLevel == l && $0.key.batchSize <= cap }
        if pool.isEmpty { pool = points.filter { $0.key.frequencyLevel == l } }
        if pool.isEmpty { pool = points }
        return HeuristicMix.largestFeasibleBatch(pool, slo: setup.preset.latencySLO)
    }

    /// The epoch's mixes.
    public func decide(_ context: PolicyContext) throws -> PolicyDecision {
        let n = setup.cards, dies = max(1, context.dies)
        guard let top = point(intensity: context.currentIntensity) else {
            throw ExecutorError.scenario("the workload has no operating points on this node")
        }
        let mid = point(intensity: context.currentIntensity, level: middleLevel) ?? top
        var hot = [Bool](repeating: false, count: n)
        for c in 0..<n {
            for d in 0..<dies {
                let i = c * dies + d
                let now = i < context.dieTemperatures.count ? context.dieTemperatures[i] : -Double.infinity
                let last = context.lastEpoch.map { i < $0.dieMaxTemperature.count ? $0.dieMaxTemperature[i] : -Double.infinity } ?? -Double.infinity
                if max(now, last) > Self.hotDie { hot[c] = true }
            }
        }
        let perCard = (0..<n).map { hot[$0] ? mid : top }
        var mixes = HeuristicMix.busyMixes(points: perCard, context: context, epochLength: setup.epochLength,
                                           hasElastic: HeuristicMix.hasElastic(setup.scenario))
        // Move half of each hot card's load to the coldest card that is not hot.
        for c in 0..<n where hot[c] {
            let cold = (0..<n).filter { !hot[$0] && $0 != c }.min {
                (context.cardTemperatures[$0], $0) < (context.cardTemperatures[$1], $1)
            }
            guard let t = cold else { continue }
            var moved: [WorkClass: Double] = [:]
            mixes[c].entries = mixes[c].entries.compactMap { e in
                var e = e
                let half = e.fraction / 2
                if e.workClass != .elastic { moved[e.workClass, default: 0] += half * perCard[c].throughput / max(perCard[t].throughput, 1e-12) }
                e.fraction -= half
                return e.fraction > 1e-9 ? e : nil
            }
            for j in [WorkClass.interactive, .deferrable] {
                guard let f = moved[j], f > 1e-12 else { continue }
                if let i = mixes[t].entries.firstIndex(where: { $0.workClass == j }) {
                    mixes[t].entries[i].fraction += f
                } else {
                    mixes[t].entries.insert(MixEntry(point: perCard[t].key, workClass: j, fraction: f), at: 0)
                }
            }
            // Displace elastic work first, then trim from the back, so the fractions sum to at most 1.
            var excess = mixes[t].busyFraction - 1
            for pass in 0..<2 {
                for k in mixes[t].entries.indices.reversed() where excess > 0 && (pass == 1 || mixes[t].entries[k].workClass == .elastic) {
                    let cut = min(excess, mixes[t].entries[k].fraction)
                    mixes[t].entries[k].fraction -= cut
                    excess -= cut
                }
            }
            mixes[t].entries.removeAll { $0.fraction <= 1e-9 }
        }
        return PolicyDecision(mixes: mixes, intensityUsed: context.currentIntensity)
    }
}

/// Max-performance (DESIGN §7): every card at the top frequency, FP16 (the ULTRA_HIGH profile:
/// every layer FP16), the largest batch whose latency meets the SLO (the fastest ULTRA_HIGH point
/// at the top level when none does), the smallest placement that holds the model; every card busy with interactive
/// work, then deferrable work as it arrives, then elastic work (``HeuristicMix/busyMixes``).
/// When the catalog has no ULTRA_HIGH point (e.g. it does not fit in memory) it uses every
/// profile. Carbon-blind and temperature-blind (the executor's thermal controller still acts).
public final class MaxPerformancePolicy: Policy {
    /// ``PolicyKind/maxPerformance``.
    public var kind: PolicyKind { .maxPerformance }
    private let setup: PolicySetup
    /// The point every card runs.
    public let point: OperatingPoint?

    /// A max-performance policy.
    public init(_ setup: PolicySetup) {
        self.setup = setup
        let fp16 = setup.catalog.points.filter { $0.key.profile == .ultraHigh }
        let pool = HeuristicMix.smallestPlacement(fp16.isEmpty ? setup.catalog.points : fp16)
        let top = pool.map(\.key.frequencyLevel).max() ?? 0
        point = HeuristicMix.largestFeasibleBatch(pool.filter { $0.key.frequencyLevel == top }, slo: setup.preset.latencySLO)
    }

    /// The epoch's mixes.
    public func decide(_ context: PolicyContext) throws -> PolicyDecision {
        guard let p = point else { throw ExecutorError.scenario("the workload has no operating points on this node") }
        let mixes = HeuristicMix.busyMixes(points: Array(repeating: p, count: setup.cards), context: context,
                                           epochLength: setup.epochLength, hasElastic: HeuristicMix.hasElastic(setup.scenario))
        return PolicyDecision(mixes: mixes, intensityUsed: context.currentIntensity)
    }
}

/// Energy-optimal, carbon-blind (DESIGN §7): every card at the point (any placement) with the least
/// energy per request at full load (load power / throughput, J/request; leakage, equal for all
/// points at a given temperature, left out) among the points whose latency meets the SLO and
/// whose accuracy loss is within the preset's ceiling (among all points when none
/// qualifies). No time shifting: interactive and deferrable work are served as they arrive; the
/// rest of the epoch serves elastic work at the same point (``HeuristicMix/busyMixes``).
/// Ties: higher throughput, then lower frequency level, smaller batch.
public final class EnergyOptimalPolicy: Policy {
    /// ``PolicyKind/energyOptimal``.
    public var kind: PolicyKind { .energyOptimal }
    private let setup: PolicySetup
    /// The point every card runs.
    public let point: OperatingPoint?

    /// An energy-optimal policy.
    public init(_ setup: PolicySetup) {
        self.setup = setup
        let all = setup.catalog.points
        let feasible = all.filter { $0.latency <= setup.preset.latencySLO && $0.accuracyLoss <= setup.preset.accuracyLossCeiling }
        point = Self.leastEnergyPerRequest(feasible.isEmpty ? all : feasible)
    }

    /// The point of `points` with the least load energy per request, J/request.
    public static func leastEnergyPerRequest(_ points: [OperatingPoint]) -> OperatingPoint? {
        points.filter { $0.throughput > 0 }.min { a, b in
            let ea = a.loadPower / a.throughput, eb = b.loadPower / b.throughput
            if ea != eb { return ea < eb }
            return (-a.throughput, a.key.frequencyLevel, a.key.batchSize) < (-b.throughput, b.key.frequencyLevel, b.key.batchSize)
        }
    }

    /// The epoch's mixes.
    public func decide(_ context: PolicyContext) throws -> PolicyDecision {
        guard let p = point else { throw ExecutorError.scenario("the workload has no operating points on this node") }
        let mixes = HeuristicMix.busyMixes(points: Array(repeating: p, count: setup.cards), context: context,
                                           epochLength: setup.epochLength, hasElastic: HeuristicMix.hasElastic(setup.scenario))
        return PolicyDecision(mixes: mixes, intensityUsed: context.currentIntensity)
    }
}
