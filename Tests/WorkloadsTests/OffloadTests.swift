import Foundation
import Hardware
import Testing
@testable import Workloads

@Suite struct OffloadTests {
    @Test func twoStagePipelineMakespan() {
        let p = TwoStagePipeline(first: [1, 1, 1], second: [2, 2, 2])
        #expect(p.sequentialMakespan == 9)
        #expect(p.pipelinedMakespan == 7)   // 1 + 3 × 2
        #expect(abs(p.gain - 2.0 / 9.0) < 1e-12)
        #expect(TwoStagePipeline(first: [], second: []).gain == 0)
    }

    @Test func hostStagesOverlapAndTheGainIsComputed() throws {
        let node = TestNodes.node(TestNodes.ascend910B)
        let cm = try CostModel(node: node, workload: TestNodes.sdxl)
        for batch in [1, 4] {
            let b = try cm.evaluate(OperatingPointKey(profile: .balanced, frequencyLevel: 5, batchSize: batch, placement: .card)).breakdown
            #expect(b.hostPreTime > 0 && b.hostPostTime > 0)
            #expect(b.pipelinedLatency <= b.sequentialLatency)
            #expect(b.pipelinedPeriod < b.sequentialPeriod)
        }
    }

    @Test func hybridCachePlacesByPriorityAndFailsNamingTheItem() throws {
        let cache = HybridCache(hbmCapacity: 10, ddrCapacity: 5)
        let p = try cache.place([
            CacheItem(name: "kvCache", bytes: 8, priority: 2, pinned: false),
            CacheItem(name: "weights", bytes: 6, priority: 0, pinned: true),
            CacheItem(name: "activations", bytes: 1, priority: 1, pinned: true),
        ])
        #expect(p.residentBytes == [3, 6, 1] && p.spilledBytes == [5, 0, 0])
        #expect(throws: WorkloadError.self) {
            try cache.place([CacheItem(name: "weights", bytes: 11, priority: 0, pinned: true)])
        }
        do {
            _ = try cache.place([CacheItem(name: "kvCache", bytes: 16, priority: 2, pinned: false)])
            Issue.record("expected DDR overflow")
        } catch { #expect(error.field == "kvCache") }
    }

    @Test func kvCacheBeyondHBMRunsSlowerInsteadOfFailing() throws {
        // Llama-2-7B, 32 sequences of 4096 + 1024 tokens: 80 GB of KV cache on a 64 GB card.
        let w = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 4096, outputTokens: 1024))
        let key = OperatingPointKey(profile: .ultraHigh, frequencyLevel: 5, batchSize: 32, placement: .card)
        let small = try CostModel(node: TestNodes.node(TestNodes.ascend910B), workload: w).evaluate(key)
        #expect(small.point.spilledBytes > 10e9)
        #expect(small.breakdown.hostLinkTime > 0)
        var big = TestNodes.ascend910B
        big.memory.capacity = 256e9
        let roomy = try CostModel(node: TestNodes.node(big), workload: w).evaluate(key)
        #expect(roomy.point.spilledBytes == 0)
        #expect(small.point.timePerOutputToken > 1.5 * roomy.point.timePerOutputToken)
        // The catalog offers the spilled point, marked.
        let catalog = try OperatingPointCatalog(node: TestNodes.node(TestNodes.ascend910B), workload: w, batchSizes: [32],
                                                profiles: [.ultraHigh], frequencyLevels: [5], placements: [.card])
        #expect((catalog.point(for: key)?.spilledBytes ?? 0) > 0)
    }

    @Test func headAlignedSplitCutsCrossDieTraffic() {
        for m in [LanguageModel.llama2_7B, .llama2_70B] {
            let aligned = DieSplitTraffic.bytesPerToken(model: m, dies: 2, split: .headAligned)
            let naive = DieSplitTraffic.bytesPerToken(model: m, dies: 2, split: .naive)
            #expect(aligned > 0 && aligned < naive)
            #expect(DieSplitTraffic.bytesPerToken(model: m, dies: 1, split: .naive) == 0)
        }
        // 7B, two dies: head-aligned 2 all-reduces of 4096 FP16 values per block vs 7 all-gathers.
        #expect(abs(DieSplitTraffic.headAlignedSaving(model: .llama2_7B, dies: 2) - (1 - 32768.0 / 84992.0)) < 1e-12)
    }
}
