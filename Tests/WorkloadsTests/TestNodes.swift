import Foundation
import Hardware
@testable import Workloads

/// Test devices built from the DESIGN §4 public figures (decoded from JSON because the
/// Hardware types have no public memberwise initialisers). Estimates are marked in `sources`.
/// Replace with `DevicePresets` once the Hardware branch is merged.
enum TestNodes {
    struct Figures {
        var id: String
        var dies = 1
        var rows: Int, columns: Int
        var fMax: Double
        var peakFP16: Double, peakINT8: Double
        var hbm: Double, bandwidth: Double
        var idle: Double, maximum: Double
        var hostLink: Double, dieToDie: Double, cardToCard: Double
    }

    static func device(_ f: Figures) -> DeviceSpec {
        // Six levels from 45 % to 100 % of f_max; voltage 0.70 → 1.00 V.
        let fractions = [0.45, 0.56, 0.67, 0.78, 0.89, 1.0]
        let dvfs = fractions.map { ["frequency": $0 * f.fMax, "voltage": 0.70 + 0.30 * ($0 - 0.45) / 0.55] }
        let json: [String: Any] = [
            "id": f.id, "name": f.id, "vendor": "test", "dies": f.dies,
            "coreGrid": ["rows": f.rows, "columns": f.columns],
            "dvfs": dvfs,
            "compute": ["peakFP16": f.peakFP16, "peakINT8": f.peakINT8],
            "memory": ["capacity": f.hbm, "bandwidth": f.bandwidth],
            "power": ["idle": f.idle, "maximum": f.maximum, "staticPower": 0.4 * f.idle, "leakageAtReference": 0.2 * f.idle,
                      "leakageCoefficient": 0.02, "leakageReferenceTemperature": 45.0, "memoryAtFullBandwidth": 0.12 * f.maximum],
            "thermal": ["ambient": 35.0, "coreCapacitance": 0.05, "coreToSpreaderResistance": 2.0, "lateralResistance": 5.0,
                        "spreaderCapacitance": 300.0, "spreaderToAmbientResistance": 0.1, "throttleTemperature": 95.0,
                        "criticalTemperature": 105.0],
            "links": ["hostLink": f.hostLink, "dieToDie": f.dieToDie, "cardToCard": f.cardToCard],
            "sources": ["all": "estimate: DESIGN.md §4 figures, test helper"],
        ]
        let data = try! JSONSerialization.data(withJSONObject: json)
        return try! JSONDecoder().decode(DeviceSpec.self, from: data)
    }

    static func node(_ device: DeviceSpec, cards: Int = 8) -> NodeSpec {
        let json: [String: Any] = [
            "cards": cards,
            "host": ["cpuCores": 64, "cpuThroughput": 64 * 3e10, "ddrCapacity": 1.0e12, "ddrBandwidth": 3.0e11],
        ]
        var dict = json
        let deviceData = try! JSONEncoder().encode(device)
        dict["device"] = try! JSONSerialization.jsonObject(with: deviceData)
        let data = try! JSONSerialization.data(withJSONObject: dict)
        return try! JSONDecoder().decode(NodeSpec.self, from: data)
    }

    static let ascend910B = device(Figures(id: "ascend-910b", rows: 4, columns: 6, fMax: 1.8e9, peakFP16: 320e12, peakINT8: 640e12,
                                           hbm: 64e9, bandwidth: 1.6e12, idle: 90, maximum: 400,
                                           hostLink: 64e9, dieToDie: 0, cardToCard: 56e9))
    static let ascend910C = device(Figures(id: "ascend-910c", dies: 2, rows: 4, columns: 6, fMax: 1.8e9, peakFP16: 640e12, peakINT8: 1280e12,
                                           hbm: 128e9, bandwidth: 3.2e12, idle: 160, maximum: 750,
                                           hostLink: 64e9, dieToDie: 400e9, cardToCard: 56e9))
    static let h100 = device(Figures(id: "h100-sxm", rows: 11, columns: 12, fMax: 1.98e9, peakFP16: 989e12, peakINT8: 1979e12,
                                     hbm: 80e9, bandwidth: 3.35e12, idle: 70, maximum: 700,
                                     hostLink: 64e9, dieToDie: 0, cardToCard: 450e9))
    static let a100 = device(Figures(id: "a100-sxm", rows: 9, columns: 12, fMax: 1.41e9, peakFP16: 312e12, peakINT8: 624e12,
                                     hbm: 80e9, bandwidth: 2.04e12, idle: 50, maximum: 400,
                                     hostLink: 32e9, dieToDie: 0, cardToCard: 300e9))

    static let llama7B = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 512, outputTokens: 128))
    static let llama70B = Workload.language(.llama2_70B, LLMRequestShape(promptTokens: 1024, outputTokens: 256))
    static let sdxl = Workload.diffusion(.sdxl, ImageRequestShape(steps: 30, width: 1024, height: 1024, guidance: true))
}
