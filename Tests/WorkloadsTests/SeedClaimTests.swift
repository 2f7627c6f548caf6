import Foundation
import Hardware
import Testing
@testable import Workloads

/// What the model says about the seed's reported figures (DESIGN §5, §8). Nothing here is
/// hard-coded: each figure is computed and printed; docs/CALIBRATION.md quotes the output of
/// `swift test --filter SeedClaimTests`.
@Suite struct SeedClaimTests {
    let node = TestNodes.node(TestNodes.ascend910B)
    let hot = 70.0  // die temperature for the leakage term, °C

    func point(_ cm: CostModel, _ p: PrecisionProfile, _ level: Int, _ batch: Int, _ placement: Placement = .card) throws -> PointEvaluation {
        try cm.evaluate(OperatingPointKey(profile: p, frequencyLevel: level, batchSize: batch, placement: placement))
    }

    @Test func ecoOnLlama7BPower() throws {
        // Seed: ECO on Llama-7B took a card from 220 W to 150 W (−32 %) at −0.7 % MMLU.
        let cm = try CostModel(node: node, workload: TestNodes.llama7B)
        print("seed-claim ECO Llama-2-7B on 910B, 512/128 tokens, top level: batch, W ULTRA_HIGH → ECO (same batch), J/request, W at ULTRA_HIGH's request rate")
        for batch in [1, 8, 32] {
            let u = try point(cm, .ultraHigh, 5, batch).point, e = try point(cm, .eco, 5, batch).point
            let pu = u.power(atTemperature: hot, using: cm.powerModel), pe = e.power(atTemperature: hot, using: cm.powerModel)
            let idle = cm.powerModel.loadPower(level: 0, utilization: 0, memoryUtilization: 0) + cm.powerModel.leakage(temperature: hot)
            let duty = u.throughput / e.throughput
            let sameWork = duty * pe + (1 - duty) * idle
            print(String(format: "seed-claim   B=%d: %.0f W → %.0f W (%+.0f %%); %.1f → %.1f J/req (%+.0f %%); same work %.0f W (%+.0f %%); loss %.2f pp",
                         batch, pu, pe, 100 * (pe / pu - 1), pu / u.throughput, pe / e.throughput,
                         100 * (pe / e.throughput / (pu / u.throughput) - 1), sameWork, 100 * (sameWork / pu - 1), e.accuracyLoss))
            #expect(pe / e.throughput < pu / u.throughput)
            // ECO at the lowest DVFS level that still matches ULTRA_HIGH's request rate.
            for level in 0...5 {
                let l = try point(cm, .eco, level, batch).point
                guard l.throughput >= u.throughput else { continue }
                let pl = l.power(atTemperature: hot, using: cm.powerModel)
                let duty = u.throughput / l.throughput
                let avg = duty * pl + (1 - duty) * idle
                print(String(format: "seed-claim   B=%d: ECO at level %d matches the rate: %.0f W busy, %.0f W average (%+.0f %%)",
                             batch, level, pl, avg, 100 * (avg / pu - 1)))
                break
            }
        }
    }

    @Test func sdxlLatencyAndImagesPerGram() throws {
        // Seed: SDXL 0.98 s at 210 W; 4.7 images/gCO₂ at 210 gCO₂/kWh.
        for steps in [20, 30] {
            let w = Workload.diffusion(.sdxl, ImageRequestShape(steps: steps, width: 1024, height: 1024, guidance: true))
            let cm = try CostModel(node: node, workload: w)
            for p in PrecisionProfile.allCases {
                let e = try point(cm, p, 5, 1)
                let watts = e.point.power(atTemperature: hot, using: cm.powerModel)
                let joules = watts / e.point.throughput
                let imagesPerGram = 3.6e6 / (joules * 210)
                print(String(format: "seed-claim SDXL 910B %d steps %@ B=1: latency %.2f s at %.0f W, %.0f J/image, %.1f images/gCO2 at 210 g/kWh",
                             steps, p.rawValue, e.point.latency, watts, joules, imagesPerGram))
            }
        }
    }

    @Test func llama70BFirstToken() throws {
        // Seed: Llama-70B first token in 870 ms at 225 W per card on 8× 910B.
        let cm = try CostModel(node: node, workload: TestNodes.llama70B)
        for p in [PrecisionProfile.ultraHigh, .balanced] {
            for batch in [1, 4, 8, 16] {
                let e = try point(cm, p, 5, batch, .tensorParallel(cards: 8))
                print(String(format: "seed-claim Llama-2-70B TP8 910B %@ prompt 1024 B=%d: TTFT %.0f ms, TPOT %.1f ms, %.0f W/card",
                             p.rawValue, batch, 1000 * e.point.timeToFirstToken, 1000 * e.point.timePerOutputToken,
                             e.point.power(atTemperature: hot, using: cm.powerModel)))
            }
        }
    }

    @Test func hostOverlapAndDieSplit() throws {
        // Seed: −22 % latency from CPU/accelerator overlap; −40 % cross-die traffic from head-aligned splits.
        let cm = try CostModel(node: node, workload: TestNodes.sdxl)
        for batch in [1, 4, 16] {
            let b = try point(cm, .balanced, 5, batch).breakdown
            print(String(format: "seed-claim SDXL 910B B=%d host pre %.3f s post %.3f s accel %.2f s: latency gain %.1f %%, per-image period gain %.1f %%",
                         batch, b.hostPreTime, b.hostPostTime, b.acceleratorTime,
                         100 * (1 - b.pipelinedLatency / b.sequentialLatency), 100 * (1 - b.pipelinedPeriod / b.sequentialPeriod)))
        }
        let llm = try CostModel(node: node, workload: TestNodes.llama7B)
        let b = try point(llm, .balanced, 5, 8).breakdown
        print(String(format: "seed-claim Llama-2-7B 910B B=8 host pre %.4f s, accel %.2f s: latency gain %.2f %%, period gain %.2f %%",
                     b.hostPreTime, b.acceleratorTime, 100 * (1 - b.pipelinedLatency / b.sequentialLatency),
                     100 * (1 - b.pipelinedPeriod / b.sequentialPeriod)))
        for m in [LanguageModel.llama2_7B, .llama2_70B] {
            for dies in [2, 4] {
                print(String(format: "seed-claim %@ %d dies: head-aligned %.0f kB/token vs naive %.0f kB/token: saving %.1f %%",
                             m.name, dies, DieSplitTraffic.bytesPerToken(model: m, dies: dies, split: .headAligned) / 1e3,
                             DieSplitTraffic.bytesPerToken(model: m, dies: dies, split: .naive) / 1e3,
                             100 * DieSplitTraffic.headAlignedSaving(model: m, dies: dies)))
            }
        }
    }
}
