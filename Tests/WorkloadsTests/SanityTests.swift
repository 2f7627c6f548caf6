import Foundation
import Hardware
import Testing
@testable import Workloads

/// The physics the planner relies on (issue 3 item 9, workload parts).
@Suite struct SanityTests {
    let node = TestNodes.node(TestNodes.ascend910B)

    func evaluate(_ w: Workload, _ p: PrecisionProfile = .ultraHigh, level: Int = 5, batch: Int = 8,
                  placement: Placement = .card, on node: NodeSpec? = nil) throws -> PointEvaluation {
        try CostModel(node: node ?? self.node, workload: w)
            .evaluate(OperatingPointKey(profile: p, frequencyLevel: level, batchSize: batch, placement: placement))
    }

    @Test func decodeIsMemoryBoundAndPrefillComputeBound() throws {
        for batch in [1, 8, 32] {
            let b = try evaluate(TestNodes.llama7B, batch: batch).breakdown
            #expect(b.prefillComputeTime > 2 * b.prefillMemoryTime, "prefill at batch \(batch)")
            #expect(b.decodeMemoryTime > b.decodeComputeTime, "decode at batch \(batch)")
        }
        let p = try evaluate(TestNodes.llama7B, batch: 1).point
        #expect(p.memoryUtilization > 0.5 && p.utilization < 0.2)
    }

    @Test func ecoUsesLessPowerAndEnergyThanUltraHighForTheSameWork() throws {
        for w in [TestNodes.llama7B, TestNodes.sdxl] {
            let u = try evaluate(w, .ultraHigh).point, e = try evaluate(w, .eco).point
            let energyU = u.loadPower / u.throughput, energyE = e.loadPower / e.throughput
            #expect(energyE < 0.9 * energyU, "\(w.modelID): energy per unit ECO \(energyE) J vs ULTRA_HIGH \(energyU) J")
            // Same work rate (ULTRA_HIGH's throughput): ECO is busy a fraction of the time, idle the rest.
            let idle = try PowerModel(device: TestNodes.ascend910B).loadPower(level: 0, utilization: 0, memoryUtilization: 0)
            let duty = u.throughput / e.throughput
            #expect(duty * e.loadPower + (1 - duty) * idle < u.loadPower)
        }
    }

    @Test func throughputAtMostLinearInFrequencyPowerFaster() throws {
        let f = TestNodes.ascend910B.dvfs.map(\.frequency)
        for w in [TestNodes.llama7B, TestNodes.sdxl] {
            let points = try (0..<f.count).map { try evaluate(w, level: $0).point }
            for l in 1..<f.count {
                let thr = points[l].throughput / points[l - 1].throughput, fr = f[l] / f[l - 1]
                let pw = points[l].loadPower / points[l - 1].loadPower
                #expect(thr <= fr * (1 + 1e-9), "\(w.modelID) level \(l): throughput ×\(thr) vs f ×\(fr)")
                #expect(thr >= 1 - 1e-12)
                if l == f.count - 1 {
                    #expect(pw - 1 > thr - 1, "\(w.modelID): top step power +\(pw - 1) vs throughput +\(thr - 1)")
                }
            }
        }
    }

    @Test func energyOptimalFrequencyIsBelowTheMaximum() throws {
        let power = try PowerModel(device: TestNodes.ascend910B)
        for w in [TestNodes.llama7B, TestNodes.llama70B] {
            let placement: Placement = w == TestNodes.llama70B ? .tensorParallel(cards: 4) : .card
            let energy = try TestNodes.ascend910B.dvfs.indices.map { l -> Double in
                let p = try evaluate(w, level: l, placement: placement).point
                return p.power(atTemperature: 70, using: power) / p.throughput
            }
            let best = energy.indices.min { energy[$0] < energy[$1] } ?? 0
            #expect(best < energy.count - 1, "\(w.modelID): energy per request by level \(energy)")
        }
    }

    @Test func tensorParallelAddsCollectiveTime() throws {
        let single = try evaluate(TestNodes.llama7B, batch: 8).breakdown
        #expect(single.collectiveTime == 0)
        let tp = try evaluate(TestNodes.llama7B, batch: 8, placement: .tensorParallel(cards: 4)).breakdown
        #expect(tp.collectiveTime > 0)
        // Without collectives TP4 would be ≈4× faster; with them it is less.
        #expect(tp.acceleratorTime > single.acceleratorTime / 4)
        // A two-die card pays die-to-die all-reduces even on one card.
        let twoDie = try evaluate(TestNodes.llama7B, batch: 8, on: TestNodes.node(TestNodes.ascend910C)).breakdown
        #expect(twoDie.collectiveTime > 0)
    }

    @Test func everythingIsDeterministic() throws {
        let a = try evaluate(TestNodes.llama70B, .balanced, batch: 16, placement: .tensorParallel(cards: 8))
        let b = try evaluate(TestNodes.llama70B, .balanced, batch: 16, placement: .tensorParallel(cards: 8))
        #expect(a.point == b.point && a.breakdown == b.breakdown)
        let sa = try CostModel(node: node, workload: TestNodes.sdxl).sensitivity.plan(for: .eco).jsonData()
        let sb = try CostModel(node: node, workload: TestNodes.sdxl).sensitivity.plan(for: .eco).jsonData()
        #expect(Bool(sa == sb))
    }
}
