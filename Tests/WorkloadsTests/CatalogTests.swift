import Foundation
import Hardware
import Testing
@testable import Workloads

@Suite struct CatalogTests {
    @Test func offersAtLeastHundredPointsPerCardWithO1Lookup() throws {
        let node = TestNodes.node(TestNodes.ascend910B)
        let catalog = try OperatingPointCatalog(node: node, workload: TestNodes.llama7B, placements: [.card])
        // 3 profiles × 6 levels × 8 batches.
        #expect(catalog.points.count + catalog.omitted.count == 3 * 6 * 8)
        #expect(catalog.points.count >= 100)
        for p in catalog.points {
            #expect(catalog.point(for: p.key) == p)
            #expect(p.throughput > 0 && p.latency > 0 && p.loadPower > 0)
            #expect(p.utilization >= 0 && p.utilization <= 1 && p.memoryUtilization >= 0 && p.memoryUtilization <= 1)
        }
        #expect(catalog.point(for: OperatingPointKey(profile: .eco, frequencyLevel: 99, batchSize: 1, placement: .card)) == nil)
    }

    @Test func identicalInputGivesIdenticalCatalog() throws {
        let node = TestNodes.node(TestNodes.ascend910C)
        let a = try OperatingPointCatalog(node: node, workload: TestNodes.llama70B)
        let b = try OperatingPointCatalog(node: node, workload: TestNodes.llama70B)
        #expect(Bool(a.points == b.points))
        #expect(Bool(a.omitted == b.omitted))
        let c = try OperatingPointCatalog.cached(node: node, workload: TestNodes.llama70B)
        let d = try OperatingPointCatalog.cached(node: node, workload: TestNodes.llama70B)
        #expect(Bool(c.points == a.points && d.points == a.points))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = try encoder.encode(a.points), again = try encoder.encode(b.points)
        #expect(Bool(encoded == again))  // no collection diff on failure (slow for 200 kB)
    }

    @Test func weightsThatDoNotFitAreOmittedWithTheReason() throws {
        // Llama-2-70B FP16 (138 GB) on one 64 GB card: omitted; tensor parallel over 4 fits.
        let node = TestNodes.node(TestNodes.ascend910B)
        let catalog = try OperatingPointCatalog(node: node, workload: TestNodes.llama70B, batchSizes: [1, 8])
        let key = OperatingPointKey(profile: .ultraHigh, frequencyLevel: 5, batchSize: 1, placement: .card)
        #expect(catalog.point(for: key) == nil)
        let omitted = try #require(catalog.omitted.first { $0.key == key })
        #expect(omitted.reason.field == "weights")
        #expect(catalog.point(for: OperatingPointKey(profile: .ultraHigh, frequencyLevel: 5, batchSize: 1,
                                                     placement: .tensorParallel(cards: 4))) != nil)
    }

    @Test func invalidInputsNameTheField() {
        let node = TestNodes.node(TestNodes.ascend910B)
        #expect(throws: WorkloadError(field: "batchSizes[1]", rule: "must be ≥ 1 (got 0)")) {
            try OperatingPointCatalog(node: node, workload: TestNodes.llama7B, batchSizes: [1, 0])
        }
        #expect(throws: WorkloadError(field: "frequencyLevels[0]", rule: "must be in 0..<6 (got 7)")) {
            try OperatingPointCatalog(node: node, workload: TestNodes.llama7B, frequencyLevels: [7])
        }
        #expect(throws: WorkloadError(field: "placements[0].cards", rule: "must be in 2...8 (got 16)")) {
            try OperatingPointCatalog(node: node, workload: TestNodes.llama7B, placements: [.tensorParallel(cards: 16)])
        }
        #expect(throws: WorkloadError(field: "request.outputTokens", rule: "must be ≥ 1 (got 0)")) {
            try OperatingPointCatalog(node: node, workload: .language(.llama2_7B, LLMRequestShape(promptTokens: 3, outputTokens: 0)))
        }
    }

    @Test func sdxlCatalogReportsImagesAndNoTokenTimes() throws {
        let catalog = try OperatingPointCatalog(node: TestNodes.node(TestNodes.h100), workload: TestNodes.sdxl, batchSizes: [1, 2, 4])
        #expect(catalog.workUnit == "image")
        #expect(catalog.points.count == 3 * 6 * 3)
        #expect(catalog.points.allSatisfy { $0.timeToFirstToken == 0 && $0.timePerOutputToken == 0 })
    }
}
