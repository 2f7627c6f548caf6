import Foundation

/// A two-stage pipeline (a flow shop with two machines): every item passes stage 1 then
/// stage 2; each stage handles one item at a time; stage 2 of item i starts when stage 1 of
/// item i and stage 2 of item i − 1 are done. Used for host ↔ accelerator overlap: host
/// pre-processing then accelerator compute, or accelerator decode then host post-processing.
public struct TwoStagePipeline: Sendable, Hashable {
    /// Stage-1 time of each item, s.
    public var first: [Double]
    /// Stage-2 time of each item, s.
    public var second: [Double]

    /// Creates a pipeline over items with the given stage times (the shorter list is padded with zeros).
    public init(first: [Double], second: [Double]) {
        let n = max(first.count, second.count)
        self.first = first + Array(repeating: 0, count: n - first.count)
        self.second = second + Array(repeating: 0, count: n - second.count)
    }

    /// Time to finish every item when nothing overlaps (Σ stage 1 + Σ stage 2), s.
    public var sequentialMakespan: Double { first.reduce(0, +) + second.reduce(0, +) }

    /// Time to finish every item with the stages overlapped, s.
    public var pipelinedMakespan: Double {
        var end1 = 0.0, end2 = 0.0
        for i in first.indices {
            end1 += first[i]
            end2 = max(end2, end1) + second[i]
        }
        return end2
    }

    /// Relative reduction of the makespan from overlapping: 1 − pipelined / sequential (0 when empty).
    public var gain: Double {
        let s = sequentialMakespan
        return s > 0 ? 1 - pipelinedMakespan / s : 0
    }
}

/// Where a hybrid HBM/DDR cache put things, and what the misses cost.
public struct CachePlacement: Sendable, Hashable, Codable {
    /// Bytes resident in HBM.
    public var hbmBytes: Double
    /// Bytes spilled to host DDR.
    public var ddrBytes: Double
    /// Bytes of each item in HBM, in the order given.
    public var residentBytes: [Double]
    /// Bytes of each item in DDR, in the order given.
    public var spilledBytes: [Double]
}

/// One thing to place in the hybrid cache.
public struct CacheItem: Sendable, Hashable, Codable {
    /// What it is (for messages), e.g. "weights", "activations", "kvCache".
    public var name: String
    /// Size, bytes.
    public var bytes: Double
    /// Lower numbers are placed in HBM first.
    public var priority: Int
    /// Whether the item must be entirely in HBM (weights, the live activations).
    public var pinned: Bool
    /// Creates an item.
    public init(name: String, bytes: Double, priority: Int, pinned: Bool) {
        self.name = name
        self.bytes = bytes
        self.priority = priority
        self.pinned = pinned
    }
}

/// A hybrid HBM/DDR cache: items by priority in HBM, the rest in host DDR; the caller charges
/// host-link time for the spilled bytes it touches. A model whose KV cache exceeds HBM runs
/// slower instead of failing — until even DDR is full, or a pinned item does not fit HBM.
public struct HybridCache: Sendable, Hashable {
    /// Usable HBM, bytes.
    public var hbmCapacity: Double
    /// DDR available to this card, bytes.
    public var ddrCapacity: Double
    /// Creates a cache with the given capacities.
    public init(hbmCapacity: Double, ddrCapacity: Double) {
        self.hbmCapacity = hbmCapacity
        self.ddrCapacity = ddrCapacity
    }

    /// Places `items` (stable by priority, then order). Fails, naming the item, when a pinned
    /// item does not fit the HBM left or the spill exceeds DDR.
    public func place(_ items: [CacheItem]) throws(WorkloadError) -> CachePlacement {
        let order = items.indices.sorted { a, b in
            items[a].priority != items[b].priority ? items[a].priority < items[b].priority : a < b
        }
        var free = hbmCapacity
        var resident = [Double](repeating: 0, count: items.count)
        var spilled = [Double](repeating: 0, count: items.count)
        for i in order {
            let item = items[i]
            if item.pinned {
                guard item.bytes <= free * (1 + 1e-12) else {
                    throw WorkloadError(field: item.name, rule: String(format: "needs %.2f GB in HBM but only %.2f GB of %.2f GB usable HBM is left",
                                                                       item.bytes / 1e9, max(free, 0) / 1e9, hbmCapacity / 1e9))
                }
                resident[i] = item.bytes
            } else {
                resident[i] = min(item.bytes, max(free, 0))
                spilled[i] = item.bytes - resident[i]
            }
            free -= resident[i]
        }
        let ddr = spilled.reduce(0, +)
        guard ddr <= ddrCapacity * (1 + 1e-12) else {
            throw WorkloadError(field: "kvCache", rule: String(format: "spills %.2f GB to host DDR but only %.2f GB is available to this card",
                                                                ddr / 1e9, ddrCapacity / 1e9))
        }
        return CachePlacement(hbmBytes: resident.reduce(0, +), ddrBytes: ddr, residentBytes: resident, spilledBytes: spilled)
    }
}

/// How a transformer layer's attention heads and FFN are split across dies (or cards).
public enum HeadSplit: String, Codable, Sendable, CaseIterable {
    /// Head-aligned (Megatron-style): each die owns whole heads — Q/K/V column-split by heads,
    /// the output projection row-split — and FFN gate/up column-split, down row-split, so only
    /// two all-reduces of the hidden vector cross dies per block.
    case headAligned
    /// Head-agnostic, operator by operator: every weight matrix's output columns are cut into
    /// equal slices and each linear layer's output is all-gathered so every die holds the full
    /// activation before the next operator.
    case naive
}

/// Cross-die traffic of splitting a language model across `dies` dies, per token.
public enum DieSplitTraffic {
    /// Bytes sent over die links per token (sum over all dies) with `split`, FP16 activations,
    /// ring collectives: an all-reduce of w elements sends 2(D−1)·w·2 bytes in total, an
    /// all-gather (D−1)·w·2 bytes.
    public static func bytesPerToken(model: LanguageModel, dies: Int, split: HeadSplit) -> Double {
        guard dies > 1 else { return 0 }
        let d = Double(dies - 1), h = Double(model.hidden), kv = Double(model.kvDimension), f = Double(model.ffnHidden)
        let perBlock: Double
        switch split {
        case .headAligned:
            perBlock = 2 * (2 * d * h * 2)
        case .naive:
            // q, k, v, o, gate, up, down outputs each all-gathered.
            perBlock = d * (h + 2 * kv + h + 2 * f + h) * 2
        }
        return perBlock * Double(model.blocks)
    }

    /// 1 − headAligned / naive: the relative traffic saving of the head-aligned split.
    public static func headAlignedSaving(model: LanguageModel, dies: Int) -> Double {
        let naive = bytesPerToken(model: model, dies: dies, split: .naive)
        return naive > 0 ? 1 - bytesPerToken(model: model, dies: dies, split: .headAligned) / naive : 0
    }
}
