import Foundation
import Hardware

/// A key the catalog did not offer, and why (e.g. the weights do not fit HBM even after the
/// KV cache spilled to DDR).
public struct OmittedOperatingPoint: Sendable, Hashable {
    /// The key not offered.
    public var key: OperatingPointKey
    /// The reason, naming the field and the rule.
    public var reason: WorkloadError
}

/// Every operating point of one workload on one node: the cross product of precision
/// profiles × DVFS levels × batch sizes × placements, evaluated once by `CostModel`.
///
/// Points are in a fixed order (placement, profile, level, batch — in the order given), the
/// lookup by key is O(1), and identical inputs give identical catalogs (pure arithmetic, no
/// randomness). Keys whose memory does not fit HBM even after the hybrid cache spilled the KV
/// cache/activations to DDR are listed in `omitted` with the reason; points that spill are
/// offered with `spilledBytes > 0` and the host-link time in their latency.
public struct OperatingPointCatalog: Sendable {
    /// The node the points are for (per-card figures).
    public let node: NodeSpec
    /// The workload the points are for.
    public let workload: Workload
    /// The cost-model constants used.
    public let parameters: CostParameters
    /// The offered points.
    public let points: [OperatingPoint]
    /// How each offered point was computed, parallel to `points`.
    public let breakdowns: [CostBreakdown]
    /// Keys not offered, with the reason.
    public let omitted: [OmittedOperatingPoint]
    private let index: [OperatingPointKey: Int]

    /// Default batch sizes: 1, 2, 4, …, 128.
    public static let defaultBatchSizes = [1, 2, 4, 8, 16, 32, 64, 128]

    /// Default placements: `.card`, plus tensor parallelism over 2, 4, 8 … cards (up to the
    /// node's count) for language models.
    public static func defaultPlacements(node: NodeSpec, workload: Workload) -> [Placement] {
        var out: [Placement] = [.card]
        if case .language = workload {
            var n = 2
            while n <= node.cards { out.append(.tensorParallel(cards: n)); n *= 2 }
        }
        return out
    }

    /// Builds the catalog.
    /// - Parameters:
    ///   - batchSizes: batch sizes (each ≥ 1, no duplicates).
    ///   - profiles: precision profiles (default all three).
    ///   - frequencyLevels: DVFS level indices (default every level of the device).
    ///   - placements: placements (default `defaultPlacements`).
    /// - Throws: `WorkloadError` naming the field for invalid inputs (not for points that do
    ///   not fit memory: those are `omitted`).
    public init(node: NodeSpec, workload: Workload, batchSizes: [Int] = OperatingPointCatalog.defaultBatchSizes,
                profiles: [PrecisionProfile] = PrecisionProfile.allCases, frequencyLevels: [Int]? = nil,
                placements: [Placement]? = nil, parameters: CostParameters = CostParameters(),
                accuracy: AccuracyParameters? = nil) throws(WorkloadError) {
        let model = try CostModel(node: node, workload: workload, parameters: parameters, accuracy: accuracy)
        let levels = frequencyLevels ?? Array(node.device.dvfs.indices)
        let places = placements ?? Self.defaultPlacements(node: node, workload: workload)
        guard !batchSizes.isEmpty else { throw WorkloadError(field: "batchSizes", rule: "must not be empty") }
        guard !profiles.isEmpty else { throw WorkloadError(field: "profiles", rule: "must not be empty") }
        guard !levels.isEmpty else { throw WorkloadError(field: "frequencyLevels", rule: "must not be empty") }
        guard !places.isEmpty else { throw WorkloadError(field: "placements", rule: "must not be empty") }
        for (i, bsz) in batchSizes.enumerated() where bsz < 1 {
            throw WorkloadError(field: "batchSizes[\(i)]", rule: "must be ≥ 1 (got \(bsz))")
        }
        for (i, l) in levels.enumerated() where !node.device.dvfs.indices.contains(l) {
            throw WorkloadError(field: "frequencyLevels[\(i)]", rule: "must be in 0..<\(node.device.dvfs.count) (got \(l))")
        }
        for (i, p) in places.enumerated() {
            if case .tensorParallel(let n) = p, !(n >= 2 && n <= node.cards) {
                throw WorkloadError(field: "placements[\(i)].cards", rule: "must be in 2...\(node.cards) (got \(n))")
            }
        }
        var points: [OperatingPoint] = [], breakdowns: [CostBreakdown] = [], omitted: [OmittedOperatingPoint] = []
        var index: [OperatingPointKey: Int] = [:]
        var seen: Set<OperatingPointKey> = []
        for placement in places {
            for profile in profiles {
                for level in levels {
                    for bsz in batchSizes {
                        let key = OperatingPointKey(profile: profile, frequencyLevel: level, batchSize: bsz, placement: placement)
                        guard seen.insert(key).inserted else {
                            throw WorkloadError(field: "batchSizes", rule: "must not repeat a value (\(bsz) with \(profile.rawValue), level \(level))")
                        }
                        do {
                            let e = try model.evaluate(key)
                            index[key] = points.count
                            points.append(e.point)
                            breakdowns.append(e.breakdown)
                        } catch {
                            omitted.append(OmittedOperatingPoint(key: key, reason: error))
                        }
                    }
                }
            }
        }
        self.node = node
        self.workload = workload
        self.parameters = parameters
        self.points = points
        self.breakdowns = breakdowns
        self.omitted = omitted
        self.index = index
    }

    /// The point for `key`, or nil when it is not offered. O(1).
    public func point(for key: OperatingPointKey) -> OperatingPoint? {
        index[key].map { points[$0] }
    }

    /// How the point for `key` was computed, or nil when it is not offered. O(1).
    public func breakdown(for key: OperatingPointKey) -> CostBreakdown? {
        index[key].map { breakdowns[$0] }
    }

    /// The unit of `OperatingPoint.throughput`: requests or images per second per card.
    public var workUnit: String { workload.workUnit }

    /// A catalog built once per distinct input and shared afterwards (thread-safe). Same result
    /// as the initialiser.
    public static func cached(node: NodeSpec, workload: Workload, batchSizes: [Int] = OperatingPointCatalog.defaultBatchSizes,
                              profiles: [PrecisionProfile] = PrecisionProfile.allCases, frequencyLevels: [Int]? = nil,
                              placements: [Placement]? = nil, parameters: CostParameters = CostParameters()) throws(WorkloadError)
        -> OperatingPointCatalog {
        let key = CatalogCacheKey(node: node, workload: workload, batchSizes: batchSizes, profiles: profiles,
                                  frequencyLevels: frequencyLevels, placements: placements, parameters: parameters)
        if let hit = catalogCache.get(key) { return hit }
        let built = try OperatingPointCatalog(node: node, workload: workload, batchSizes: batchSizes, profiles: profiles,
                                              frequencyLevels: frequencyLevels, placements: placements, parameters: parameters)
        catalogCache.set(key, built)
        return built
    }
}

struct CatalogCacheKey: Hashable, Sendable {
    var node: NodeSpec
    var workload: Workload
    var batchSizes: [Int]
    var profiles: [PrecisionProfile]
    var frequencyLevels: [Int]?
    var placements: [Placement]?
    var parameters: CostParameters
}

final class CatalogCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [CatalogCacheKey: OperatingPointCatalog] = [:]
    func get(_ key: CatalogCacheKey) -> OperatingPointCatalog? {
        lock.lock(); defer { lock.unlock() }
        return entries[key]
    }
    func set(_ key: CatalogCacheKey, _ value: OperatingPointCatalog) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 64 { entries.removeAll() }
        entries[key] = value
    }
}

let catalogCache = CatalogCache()
