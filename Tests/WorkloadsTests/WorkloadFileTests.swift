import Foundation
import Testing
@testable import Workloads

@Suite struct WorkloadFileTests {
    func parse(_ text: String) throws(WorkloadError) -> Workload {
        try Workload.parse(Data(text.utf8), file: "w.json")
    }

    @Test func parsesLanguageAndDiffusionFiles() throws {
        #expect(try parse(#"{"model":"llama-2-70b","promptTokens":1024,"outputTokens":256}"#)
            == .language(.llama2_70B, LLMRequestShape(promptTokens: 1024, outputTokens: 256)))
        #expect(try parse(#"{"model":"sdxl","steps":20,"width":1024,"height":768}"#)
            == .diffusion(.sdxl, ImageRequestShape(steps: 20, width: 1024, height: 768, guidance: true)))
    }

    @Test func missingFieldIsNamed() {
        #expect(throws: WorkloadError(field: "outputTokens", rule: "is required", file: "w.json")) {
            try parse(#"{"model":"llama-2-7b","promptTokens":10}"#)
        }
        #expect(throws: WorkloadError(field: "model", rule: "is required", file: "w.json")) { try parse(#"{"steps":3}"#) }
    }

    @Test func negativeValueNamesFieldAndRule() {
        #expect(throws: WorkloadError(field: "promptTokens", rule: "must be ≥ 1 (got -5)", file: "w.json")) {
            try parse(#"{"model":"llama-2-7b","promptTokens":-5,"outputTokens":3}"#)
        }
        #expect(throws: WorkloadError(field: "width", rule: "must be a positive multiple of 8 pixels (got 1001)", file: "w.json")) {
            try parse(#"{"model":"sdxl","steps":20,"width":1001,"height":768}"#)
        }
    }

    @Test func wrongTypeAndUnknownModel() {
        #expect(throws: WorkloadError(field: "steps", rule: "must be an integer", file: "w.json")) {
            try parse(#"{"model":"sdxl","steps":"many","width":1024,"height":1024}"#)
        }
        #expect(throws: WorkloadError.self) { try parse(#"{"model":"gpt-5","steps":1}"#) }
        #expect(throws: WorkloadError.self) { try parse("[1,2]") }
    }
}
