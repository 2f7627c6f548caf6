import Foundation
import Hardware
import Testing
@testable import Workloads

@Suite struct PrecisionTests {
    func analysis(_ w: Workload) throws -> SensitivityAnalysis {
        try SensitivityAnalysis(layers: w.layers, accuracy: .defaults(for: w.modelID))
    }

    @Test func planJSONHasTheSeedShapeAndIsDeterministic() throws {
        let a = try analysis(TestNodes.llama7B)
        let data = try a.plan(for: .balanced).jsonData()
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.hasPrefix("{\n  \"layers\" : [\n    {\n      \"name\" : \"embed_tokens\",\n      \"precision\" : \"FP16\"\n    },"))
        #expect(Bool(data == (try analysis(TestNodes.llama7B).plan(for: .balanced).jsonData())))
        let round = try LayerPrecisionPlan.decode(data)
        #expect(round == a.plan(for: .balanced))
        #expect(round.layers.count == LanguageModel.llama2_7B.layers.count)
    }

    @Test func planFileErrorsNameTheField() {
        #expect(throws: WorkloadError(field: "layers.0.precision", rule: "is required", file: "p.json")) {
            try LayerPrecisionPlan.decode(Data(#"{"layers":[{"name":"x"}]}"#.utf8), file: "p.json")
        }
        #expect(throws: WorkloadError.self) { try LayerPrecisionPlan.decode(Data(#"{"layers":[{"name":"x","precision":"FP8"}]}"#.utf8)) }
    }

    @Test func profilesFollowTheirRules() throws {
        for w in [TestNodes.llama7B, TestNodes.llama70B, TestNodes.sdxl] {
            let a = try analysis(w)
            let u = a.assignment(for: .ultraHigh), b = a.assignment(for: .balanced), e = a.assignment(for: .eco)
            #expect(u.precisions.allSatisfy { $0 == .fp16 } && u.estimatedLoss == 0)
            // BALANCED never quantises the protected kinds; norms are never INT8.
            for (l, p) in zip(a.layers, b.precisions) where p == .int8 {
                #expect(!SensitivityAnalysis.balancedProtectedKinds.contains(l.kind), "\(l.name)")
            }
            for (l, p) in zip(a.layers, e.precisions) where p == .int8 { #expect(l.kind.isQuantizable) }
            #expect(b.estimatedLoss <= a.accuracy.balancedBudget + 1e-9)
            #expect(e.estimatedLoss <= a.accuracy.ecoBudget + 1e-9)
            let int8Params = { (ps: [NumericPrecision]) in zip(a.layers, ps).reduce(0.0) { $0 + ($1.1 == .int8 ? $1.0.parameters : 0) } }
            #expect(int8Params(e.precisions) > int8Params(b.precisions))
            #expect(int8Params(b.precisions) > 0)
        }
    }

    @Test func balancedQuantisesFFNFirst() throws {
        let a = try analysis(TestNodes.llama7B)
        let b = a.assignment(for: .balanced).precisions
        let ffn = zip(a.layers, b).filter { [.ffnUp, .ffnGate].contains($0.0.kind) }
        #expect(ffn.filter { $0.1 == .int8 }.count > ffn.count / 2)
        // The first and last blocks are the most sensitive: a middle block's FFN goes INT8 before block 0's.
        let first = zip(a.layers, b).first { $0.0.name == "blocks.0.ffn.up_proj" }?.1
        let middle = zip(a.layers, b).first { $0.0.name == "blocks.16.ffn.up_proj" }?.1
        #expect(middle == .int8)
        if first == .int8 { #expect(middle == .int8) }
    }

    @Test func int8HalvesWeightBytesAndRaisesComputeRate() throws {
        let node = TestNodes.node(TestNodes.ascend910B)
        let cm = try CostModel(node: node, workload: TestNodes.llama7B)
        let u = try cm.evaluate(OperatingPointKey(profile: .ultraHigh, frequencyLevel: 5, batchSize: 1, placement: .card))
        let e = try cm.evaluate(OperatingPointKey(profile: .eco, frequencyLevel: 5, batchSize: 1, placement: .card))
        #expect(abs(u.breakdown.weightBytes - 2 * LanguageModel.llama2_7B.parameters) < 1)
        #expect(e.breakdown.weightBytes < 0.6 * u.breakdown.weightBytes)
        #expect(e.point.timePerOutputToken < 0.7 * u.point.timePerOutputToken)
        #expect(e.point.timeToFirstToken < u.point.timeToFirstToken)
    }

    @Test func invalidAccuracyParametersNameTheField() {
        let bad = AccuracyParameters(modelID: "x", metric: "m", fullINT8Loss: 1, balancedBudget: -0.1, ecoBudget: 0.5, source: "t")
        #expect(throws: WorkloadError(field: "accuracy.balancedBudget", rule: "must be a finite number ≥ 0 (got -0.1)")) {
            try SensitivityAnalysis(layers: LanguageModel.llama2_7B.layers, accuracy: bad)
        }
    }
}
