import Hardware
import Workloads

/// One operating point offered to a class, with the figures the LP needs.
struct Candidate: Hashable {
    /// Position in the catalog (the stable order of plan segments).
    let catalogIndex: Int
    let key: OperatingPointKey
    /// Work units/s per card as the LP counts it (interactive: times the preset's utilisation override).
    let throughput: Double
    /// Work units/s per card while busy (the point's throughput): the queueing check's service rate.
    let serviceRate: Double
    /// Load power above the idle card's load power, W (≥ 0; temperature independent).
    let extraPower: Double
    /// Temperature-independent load power, W.
    let loadPower: Double
    let latency: Double
    let accuracyLoss: Double
    /// Index of the precision profile in `PrecisionProfile.allCases` (MILP mode).
    let profileIndex: Int
}

/// Which points each class may use, before and after pruning.
struct CandidateSets: Hashable {
    /// [class][candidates], classes in `WorkClass.allCases` order.
    var byClass: [[Candidate]]
    /// Points passing the filters (SLO for interactive, accuracy, HBM, placement), summed over classes.
    var offered: Int
    /// HBM-overflowing points found in the catalog (should be 0: the catalog omits them).
    var hbmOverflow: Int
}

enum CandidateSelection {
    /// The idle card's temperature-independent load power: lowest DVFS level, no compute or
    /// memory activity, W.
    static func idleLoadPower(_ power: PowerModel) -> Double {
        power.loadPower(level: 0, utilization: 0, memoryUtilization: 0)
    }

    /// Candidates of every class for a group of `groupSize` identical cards.
    ///
    /// Filters: accuracy loss ≤ ceiling; memory − spilled ≤ HBM capacity (the catalog already
    /// omits points that do not fit; checked again); tensor-parallel over n cards only when n
    /// divides the group size (so gangs form inside the group); interactive only when
    /// latency ≤ SLO. With `prune`, points that a time-sharing mix of other points and idle
    /// dominates (at least as much work for no more extra power in the same time) are dropped:
    /// only the vertices of the upper concave hull of {(0, 0)} ∪ {(ΔP_k, T_k)} up to the highest
    /// throughput remain. Exact for the LP: any mix of dropped points is matched by hull
    /// vertices with the same time, no less work and no more power. With `perProfile` the hull
    /// is taken within each precision profile (exact for the one-profile-per-card MILP too).
    static func select(catalog: OperatingPointCatalog, power: PowerModel, preset: SLAPreset, groupSize: Int,
                       prune: Bool, perProfile: Bool) -> CandidateSets {
        let idle = idleLoadPower(power)
        let hbm = catalog.node.device.memory.capacity
        let profiles = PrecisionProfile.allCases
        var base: [Candidate] = []
        var overflow = 0
        for (i, p) in catalog.points.enumerated() {
            guard p.accuracyLoss <= preset.accuracyLossCeiling else { continue }
            guard p.memoryBytes - p.spilledBytes <= hbm * (1 + 1e-12) else { overflow += 1; continue }
            if case .tensorParallel(let n) = p.key.placement, !(n >= 1 && groupSize % n == 0) { continue }
            guard p.throughput.isFinite, p.throughput > 0, p.loadPower.isFinite, p.latency.isFinite else { continue }
            base.append(Candidate(catalogIndex: i, key: p.key, throughput: p.throughput, serviceRate: p.throughput,
                                  extraPower: max(0, p.loadPower - idle), loadPower: p.loadPower, latency: p.latency,
                                  accuracyLoss: p.accuracyLoss, profileIndex: profiles.firstIndex(of: p.key.profile) ?? 0))
        }
        var byClass: [[Candidate]] = []
        var offered = 0
        for j in WorkClass.allCases {
            // Interactive capacity counts at the utilisation override (1 by default: queueing
            // headroom is the point's speed, checked per epoch in `EpochLPLayout.apply`). The
            // time it holds is charged at the point's full power.
            let eligible = j == .interactive
                ? base.filter { $0.latency <= preset.latencySLO }.map { c in
                    Candidate(catalogIndex: c.catalogIndex, key: c.key, throughput: c.throughput * preset.interactiveUtilization,
                              serviceRate: c.serviceRate,
                              extraPower: c.extraPower, loadPower: c.loadPower, latency: c.latency,
                              accuracyLoss: c.accuracyLoss, profileIndex: c.profileIndex)
                }
                : base
            offered += eligible.count
            guard prune else { byClass.append(eligible); continue }
            if perProfile {
                var kept: [Candidate] = []
                for p in profiles.indices { kept += hull(eligible.filter { $0.profileIndex == p }) }
                byClass.append(kept.sorted { $0.catalogIndex < $1.catalogIndex })
            } else {
                byClass.append(hull(eligible))
            }
        }
        return CandidateSets(byClass: byClass, offered: offered, hbmOverflow: overflow)
    }

    /// Vertices of the upper concave hull of {(0,0)} ∪ {(ΔP, T)}, from the origin to the highest
    /// throughput, in catalog order. Duplicates keep the first point in catalog order.
    static func hull(_ points: [Candidate]) -> [Candidate] {
        guard points.count > 1 else { return points }
        let sorted = points.sorted { a, b in
            if a.extraPower != b.extraPower { return a.extraPower < b.extraPower }
            if a.throughput != b.throughput { return a.throughput > b.throughput }
            return a.catalogIndex < b.catalogIndex
        }
        // Monotone chain over (ΔP, T) starting at the origin; keep strictly rising throughput.
        var chain: [(p: Double, t: Double, c: Candidate?)] = [(0, 0, nil)]
        for c in sorted {
            if let last = chain.last, c.throughput <= last.t { continue }  // dominated: more power, no more work
            while chain.count >= 2 {
                let a = chain[chain.count - 2], b = chain[chain.count - 1]
                // b is below or on the chord a–c: drop it.
                let cross = (b.p - a.p) * (c.throughput - a.t) - (b.t - a.t) * (c.extraPower - a.p)
                if cross >= 0 { chain.removeLast() } else { break }
            }
            chain.append((c.extraPower, c.throughput, c))
        }
        return chain.compactMap(\.c).sorted { $0.catalogIndex < $1.catalogIndex }
    }
}
