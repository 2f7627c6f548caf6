import Foundation
import Hardware
@testable import Workloads

/// Nodes built from the Hardware presets (DESIGN §4 figures with per-field sources) and the
/// typical host.
enum TestNodes {
    static func node(_ device: DeviceSpec, cards: Int = 8, host: HostSpec = .typical) -> NodeSpec {
        NodeSpec(device: device, cards: cards, host: host)
    }

    static let ascend910B = DevicePresets.ascend910B
    static let ascend910C = DevicePresets.ascend910C
    static let h100 = DevicePresets.h100SXM
    static let a100 = DevicePresets.a100SXM

    static let llama7B = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 512, outputTokens: 128))
    static let llama70B = Workload.language(.llama2_70B, LLMRequestShape(promptTokens: 1024, outputTokens: 256))
    static let sdxl = Workload.diffusion(.sdxl, ImageRequestShape(steps: 30, width: 1024, height: 1024, guidance: true))
}
