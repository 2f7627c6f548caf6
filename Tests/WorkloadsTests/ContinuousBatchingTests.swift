import Foundation
import Hardware
import Testing
@testable import Workloads

/// Continuous (iteration-level) batching in the LLM cost model, and the KV-read efficiency.
@Suite struct ContinuousBatchingTests {
    static func model(_ workload: Workload = TestNodes.llama7B, device: DeviceSpec = TestNodes.h100, budget: Int? = 8192,
                      kvEfficiency: Double? = nil) throws -> CostModel {
        var p = CostParameters()
        p.continuousBatchingTokenBudget = budget
        p.kvReadEfficiency = kvEfficiency
        return try CostModel(node: TestNodes.node(device), workload: workload, parameters: p)
    }

    static func key(_ batch: Int, level: Int = 5, placement: Placement = .card) -> OperatingPointKey {
        OperatingPointKey(profile: .ultraHigh, frequencyLevel: level, batchSize: batch, placement: placement)
    }

    @Test func throughputRisesWithTheRunningBatchAndTPOTWithIt() throws {
        let m = try Self.model()
        var last: OperatingPoint?
        for batch in [1, 4, 16, 64] {
            let p = try m.evaluate(Self.key(batch)).point
            #expect(p.timePerOutputToken > 0 && p.timeToFirstToken > 0)
            #expect(abs(p.latency - (p.timeToFirstToken + 128 * p.timePerOutputToken)) < 1e-9)
            if let last {
                #expect(p.throughput > last.throughput, "batch \(batch)")
                #expect(p.timePerOutputToken > last.timePerOutputToken, "batch \(batch)")
            }
            last = p
        }
    }

    @Test func tokenBudgetCapsTheRunningBatch() throws {
        // P/O = 512/128 = 4: a 500-token budget holds 100 decode sequences with their prefill share.
        let m = try Self.model(budget: 500)
        let at100 = try m.evaluate(Self.key(100)).point, at200 = try m.evaluate(Self.key(200)).point
        #expect(abs(at200.throughput / at100.throughput - 1) < 1e-12)
        #expect(at200.timePerOutputToken == at100.timePerOutputToken)
        #expect(throws: WorkloadError.self) { try Self.model(budget: 4).evaluate(Self.key(1)) }
    }

    @Test func kvCapacityBeyondHBMSpillsAndCosts() throws {
        // Llama-2-70B FP16 over 4 × A100-80GB: the KV cache of 256 long sequences outgrows HBM.
        let w = Workload.language(.llama2_70B, LLMRequestShape(promptTokens: 2048, outputTokens: 2048))
        let m = try Self.model(w, device: TestNodes.a100, budget: 4096)
        let small = try m.evaluate(Self.key(64, placement: .tensorParallel(cards: 4)))
        let big = try m.evaluate(Self.key(256, placement: .tensorParallel(cards: 4)))
        #expect(small.breakdown.spilledBytes == 0)
        #expect(big.breakdown.spilledBytes > 0 && big.breakdown.hostLinkTime > 0)
        // Per running sequence the spilled point is slower: the host link is far slower than HBM.
        #expect(big.point.timePerOutputToken > small.point.timePerOutputToken * 2)
    }

    @Test func longerContextsCostMorePerToken() throws {
        let short = try Self.model(.language(.llama2_7B, LLMRequestShape(promptTokens: 128, outputTokens: 128)))
        let long = try Self.model(.language(.llama2_7B, LLMRequestShape(promptTokens: 4096, outputTokens: 128)), budget: 40_000)
        let a = try short.evaluate(Self.key(32)).point, b = try long.evaluate(Self.key(32)).point
        #expect(b.timePerOutputToken > a.timePerOutputToken)
        #expect(b.timeToFirstToken > a.timeToFirstToken)
    }

    @Test func kvReadEfficiencyOnlySlowsKVReads() throws {
        let base = try Self.model(budget: nil), slow = try Self.model(budget: nil, kvEfficiency: 0.4)
        let explicit = try Self.model(budget: nil, kvEfficiency: CostParameters().memoryEfficiency)
        let k = Self.key(64)
        let p0 = try base.evaluate(k).point
        #expect(try explicit.evaluate(k).point == p0, "η_kv = η_m changes nothing")
        let p1 = try slow.evaluate(k).point
        #expect(p1.timePerOutputToken > p0.timePerOutputToken)
        #expect(p1.timeToFirstToken == p0.timeToFirstToken, "prefill does not read the cache back")
        #expect(try slow.evaluate(Self.key(1)).point.timePerOutputToken < p1.timePerOutputToken)
    }

    @Test func tensorParallelAddsCollectivesPerIteration() throws {
        let w = TestNodes.llama70B
        let m = try Self.model(w)
        let tp2 = try m.evaluate(Self.key(32, placement: .tensorParallel(cards: 2))).breakdown
        let tp4 = try m.evaluate(Self.key(32, placement: .tensorParallel(cards: 4))).breakdown
        #expect(tp2.collectiveTime > 0 && tp4.collectiveTime > 0)
    }

    @Test func diffusionStaysStatic() throws {
        let a = try Self.model(TestNodes.sdxl, budget: nil), b = try Self.model(TestNodes.sdxl, budget: 8192)
        #expect(try a.evaluate(Self.key(4)).point == b.evaluate(Self.key(4)).point)
        #expect(throws: WorkloadError.self) {
            var p = CostParameters()
            p.kvReadEfficiency = 0
            try p.validate()
        }
    }
}
