import Foundation
import Testing
@testable import Workloads

@Suite struct ModelTests {
    @Test func llama7BMatchesPublishedFigures() {
        let m = LanguageModel.llama2_7B
        #expect(abs(m.parameters - 6.74e9) / 6.74e9 < 0.002)
        #expect(m.kvBytesPerTokenFP16 == 512 * 1024)
        #expect(m.layers.count == 1 + 32 * 10 + 2)
    }

    @Test func llama70BMatchesPublishedFigures() {
        let m = LanguageModel.llama2_70B
        #expect(abs(m.parameters - 68.98e9) / 68.98e9 < 0.002)
        #expect(m.kvBytesPerTokenFP16 == 320 * 1024)
        #expect(m.kvDimension == 1024)
    }

    @Test func prefillFlopsAreAboutTwicePerParameter() {
        let m = LanguageModel.llama2_70B
        let linear = m.layers.filter { $0.kind != .attentionCore }.reduce(0) { $0 + $1.flops }
        // Everything but the embedding lookup: 2 FLOPs per weight.
        #expect(abs(linear / (2 * m.parameters) - 1) < 0.01)
    }

    @Test func sdxlUNetHasAbout2Point6BillionParameters() {
        let layers = DiffusionModel.sdxl.layers(width: 1024, height: 1024)
        let unet = layers.filter { $0.component == "unet" }.reduce(0) { $0 + $1.parameters }
        #expect(unet > 2.5e9 && unet < 2.7e9)
        let te = layers.filter { $0.component == "textEncoder" }.reduce(0) { $0 + $1.parameters }
        #expect(te > 0.78e9 && te < 0.85e9)   // CLIP-L 123 M + OpenCLIP-bigG 694 M
        #expect(Set(layers.map(\.name)).count == layers.count)
    }

    @Test func sdxlCostScalesWithLatentSize() {
        func unetFlops(_ side: Int) -> Double {
            DiffusionModel.sdxl.layers(width: side, height: side).filter { $0.component == "unet" }.reduce(0) { $0 + $1.flops }
        }
        let ratio = unetFlops(1024) / unetFlops(512)
        // 4× the latent pixels: linear layers ×4, self-attention ×16 → between 4 and 16.
        #expect(ratio > 4 && ratio < 6)
    }

    @Test func invalidArchitectureNamesTheField() {
        var m = LanguageModel.llama2_7B
        m.kvHeads = 5
        #expect(throws: WorkloadError(field: "model.kvHeads", rule: "must divide heads (32) (got 5)")) { try m.validate() }
        m.kvHeads = 8
        m.blocks = -1
        #expect(throws: WorkloadError(field: "model.blocks", rule: "must be a positive integer (got -1)")) { try m.validate() }
    }
}
