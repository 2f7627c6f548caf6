import Foundation

/// Built-in device descriptions with a cited source (or a marked, explained estimate) for
/// every number. Look one up by id with `named(_:)`.
///
/// Conventions shared by every preset (all marked as estimates in `sources`):
/// - DVFS tables are six levels from ≈40–45 % of the maximum clock to the maximum, with a
///   core voltage from ≈0.70 V to 1.00 V. Vendors publish neither the tables nor the
///   voltages; the shape (V roughly linear in f above the threshold-limited floor) is the
///   usual one for 7 nm/4 nm-class logic.
/// - `ThermalSpec` describes ONE die. Its R/C values are chosen, not measured, so that
///   sustained maximum power drives the hottest core ≈10 K past the throttle temperature (an
///   unmanaged max-load run throttles), idle sits ≈9–16 K above ambient, the fastest core
///   mode is ≈0.2 s (above the 100 ms tick) and the sink's time constant is ≈30 s.
///   Core capacitances lump a core's silicon with its share of lid and TIM. Per-core
///   resistances scale with core count (vertical resistance of the whole core layer is
///   ≈22 K per die-watt-share at maximum power); lateral resistance is twice the vertical.
/// - Leakage follows P₀·exp(k(θ−θ₀)) with k = 0.02/°C (leakage doubling every ≈35 K,
///   typical of FinFET parts) and θ₀ near the idle temperature, so the idle calibration
///   point is self-consistent.
public enum DevicePresets {
    /// Every preset, in a fixed order.
    public static let all: [DeviceSpec] = [ascend910B, ascend910C, h100SXM, a100SXM]

    /// The preset with identifier `id` (e.g. "ascend-910b"), or nil.
    public static func named(_ id: String) -> DeviceSpec? {
        let key = id.lowercased()
        return all.first { $0.id == key }
    }

    /// Identifiers of all presets.
    public static var ids: [String] { all.map(\.id) }

    // MARK: Citations

    private static let designTable = "EPOF DESIGN.md §4 preset table"
    private static let ascend910BPress = "Huawei Ascend 910B figures as reported in the trade press (no public vendor datasheet), e.g. https://boardor.com/blog/huawei-ascend-910b-outperforms-h20-910c-approaches-h100"
    private static let ascend910BGitee = "Gitee AI, Ascend 910B compute documentation (64 GB HBM2e), https://ai.gitee.com/docs/compute/clusters_gpu/ascend_gpu"
    private static let ascend910HotChips = "Huawei Ascend 910 at Hot Chips 31 (2019): 256 TFLOPS FP16 / 512 TOPS INT8, PCIe 4.0 x16, HCCS; summary at https://vengineer.hatenablog.com/entry/2019/09/06/070000"
    private static let h100Datasheet = "NVIDIA H100 Tensor Core GPU datasheet (H100 SXM column), https://www.nvidia.com/en-us/data-center/h100/"
    private static let h100Summary = "NVIDIA H100 SXM5 specifications from the Hopper architecture whitepaper, summarised at https://glennklockwood.com/garden/processors/h100"
    private static let a100Datasheet = "NVIDIA A100 Tensor Core GPU datasheet (A100 80GB SXM column), https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf"
    private static let ampereWhitepaper = "NVIDIA A100 Tensor Core GPU Architecture whitepaper (108 SMs, 1410 MHz boost), https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf"

    private static let dvfsVoltageEstimate = "estimate: vendors do not publish core voltages; ≈0.70 V at the lowest level rising to 1.00 V at the highest, the usual shape for 7 nm/4 nm-class logic"
    private static let leakageCoefficientEstimate = "estimate: 0.02/°C, leakage doubling every ≈35 K, typical of FinFET parts"
    private static let thermalNote = "estimate (per die): chosen so sustained maximum power puts the hottest core ≈10 K past the throttle temperature, idle ≈9–16 K above ambient, fastest core mode ≈0.2 s, sink time constant ≈30 s; see docs/HARDWARE.md"

    /// MHz → Hz (integer MHz keep the products exact, so files round-trip bit for bit).
    private static func mhz(_ xs: [Double]) -> [Double] { xs.map { $0 * 1e6 } }
    private static func levels(_ f: [Double], _ v: [Double]) -> [DVFSLevel] {
        zip(f, v).map { DVFSLevel(frequency: $0, voltage: $1) }
    }

    // MARK: Ascend 910B

    /// Huawei Ascend 910B: one die, 24 AI cores (4×6 grid), 1.8 GHz, 320 TFLOPS FP16,
    /// 64 GB HBM, ≈90 W idle / 400 W maximum.
    public static let ascend910B: DeviceSpec = {
        let f = mhz([800, 1000, 1200, 1400, 1600, 1800])
        let v = [0.70, 0.74, 0.79, 0.85, 0.92, 1.00]
        return DeviceSpec(
            id: "ascend-910b", name: "Huawei Ascend 910B", vendor: "Huawei", dies: 1,
            coreGrid: CoreGrid(rows: 4, columns: 6),
            dvfs: levels(f, v),
            compute: ComputeSpec(peakFP16: 320e12, peakINT8: 640e12),
            memory: MemorySpec(capacity: 64e9, bandwidth: 1.6e12),
            power: PowerSpec(idle: 90, maximum: 400, staticPower: 40, leakageAtReference: 30,
                             leakageCoefficient: 0.02, leakageReferenceTemperature: 45, memoryAtFullBandwidth: 45),
            thermal: ThermalSpec(ambient: 30, coreCapacitance: 0.75, coreToSpreaderResistance: 1.32,
                                 lateralResistance: 2.64, spreaderCapacitance: 250, spreaderToAmbientResistance: 0.12,
                                 throttleTemperature: 90, criticalTemperature: 105),
            links: LinkSpec(hostLink: 32e9, dieToDie: 0, cardToCard: 56e9),
            sources: [
                "dies": "\(designTable); monolithic die as in \(ascend910BPress)",
                "coreGrid.rows": "\(designTable) (24 AI cores); estimate: the 4×6 arrangement of the 24 cores is assumed",
                "coreGrid.columns": "\(designTable) (24 AI cores); estimate: the 4×6 arrangement of the 24 cores is assumed",
                "dvfs.frequency": "\(designTable) (1.8 GHz maximum AI-core clock); estimate: lower levels 0.8–1.6 GHz in 200 MHz steps",
                "dvfs.voltage": dvfsVoltageEstimate,
                "compute.peakFP16": "\(designTable) (320 TFLOPS FP16); \(ascend910BPress)",
                "compute.peakINT8": "\(designTable) (640 TOPS INT8), the 2:1 INT8:FP16 ratio of the Da Vinci cube unit per \(ascend910HotChips)",
                "memory.capacity": "\(designTable) (64 GB); \(ascend910BGitee)",
                "memory.bandwidth": "estimate: ≈1.6 TB/s per \(designTable); published figures conflict (press reports range from 0.4 to 1.6 TB/s)",
                "power.idle": "\(designTable) (≈90 W idle)",
                "power.maximum": "\(designTable) (400 W maximum)",
                "power.staticPower": "estimate: 40 W board/uncore (VRM loss, HBM PHY, control CPU, fans share), ≈10 % of maximum power",
                "power.leakageAtReference": "estimate: 30 W at 45 °C, one third of idle power, typical of a large 7 nm-class die",
                "power.leakageCoefficient": leakageCoefficientEstimate,
                "power.leakageReferenceTemperature": "estimate: 45 °C, the modelled idle temperature (ambient 30 °C + ≈15 K)",
                "power.memoryAtFullBandwidth": "estimate: 45 W ≈ 3.5 pJ/bit (HBM2e access + PHY) × 1.6 TB/s",
                "thermal.ambient": "estimate: 30 °C server inlet air (upper half of the ASHRAE A1 recommended range)",
                "thermal.coreCapacitance": thermalNote,
                "thermal.coreToSpreaderResistance": thermalNote,
                "thermal.lateralResistance": thermalNote,
                "thermal.spreaderCapacitance": thermalNote,
                "thermal.spreaderToAmbientResistance": thermalNote,
                "thermal.throttleTemperature": "estimate: 90 °C; Huawei does not publish the 910B throttle point",
                "thermal.criticalTemperature": "estimate: 105 °C emergency level, 15 K above throttling",
                "links.hostLink": "estimate: PCIe 4.0 x16, 32 GB/s per direction, as on the Ascend 910 per \(ascend910HotChips)",
                "links.dieToDie": "monolithic die: no die-to-die link (\(designTable))",
                "links.cardToCard": "estimate: one HCCS link ≈56 GB/s per direction between two cards of an 8-card full mesh; not vendor-published",
            ])
    }()

    // MARK: Ascend 910C (two dies)

    /// A two-die Ascend package in the manner of the 910C: two 910B-class dies (2×24 cores),
    /// ≈2× the 910B's compute, 128 GB HBM. Everything beyond "two 910B-class dies" is an estimate.
    public static let ascend910C: DeviceSpec = {
        let f = mhz([800, 1000, 1200, 1400, 1600, 1800])
        let v = [0.70, 0.74, 0.79, 0.85, 0.92, 1.00]
        let twoDie = "estimate: two 910B-class dies in one package (910C-like), per \(designTable) and \(ascend910BPress)"
        return DeviceSpec(
            id: "ascend-910c", name: "Huawei Ascend 910C-like (two dies)", vendor: "Huawei", dies: 2,
            coreGrid: CoreGrid(rows: 4, columns: 6),
            dvfs: levels(f, v),
            compute: ComputeSpec(peakFP16: 640e12, peakINT8: 1280e12),
            memory: MemorySpec(capacity: 128e9, bandwidth: 3.2e12),
            power: PowerSpec(idle: 170, maximum: 780, staticPower: 70, leakageAtReference: 60,
                             leakageCoefficient: 0.02, leakageReferenceTemperature: 45, memoryAtFullBandwidth: 90),
            thermal: ThermalSpec(ambient: 30, coreCapacitance: 0.75, coreToSpreaderResistance: 1.32,
                                 lateralResistance: 2.64, spreaderCapacitance: 250, spreaderToAmbientResistance: 0.12,
                                 throttleTemperature: 90, criticalTemperature: 105),
            links: LinkSpec(hostLink: 32e9, dieToDie: 200e9, cardToCard: 56e9),
            sources: [
                "dies": twoDie,
                "coreGrid.rows": "estimate: each die laid out as the 910B's 4×6 grid of 24 AI cores",
                "coreGrid.columns": "estimate: each die laid out as the 910B's 4×6 grid of 24 AI cores",
                "dvfs.frequency": "estimate: the 910B's table (1.8 GHz maximum per \(designTable))",
                "dvfs.voltage": dvfsVoltageEstimate,
                "compute.peakFP16": "estimate: 2 × the 910B's 320 TFLOPS (\(designTable): ≈2× 910B)",
                "compute.peakINT8": "estimate: 2 × the 910B's 640 TOPS (\(designTable): ≈2×)",
                "memory.capacity": "\(designTable) (128 GB); \(ascend910BPress)",
                "memory.bandwidth": "estimate: 2 × the 910B's ≈1.6 TB/s (\(designTable): ≈2×)",
                "power.idle": "estimate: ≈2 × the 910B's 90 W less a shared board overhead of 10 W",
                "power.maximum": "estimate: ≈2 × the 910B's 400 W less a shared board overhead of 20 W",
                "power.staticPower": "estimate: 70 W, the 910B's 40 W per die with the board share counted once",
                "power.leakageAtReference": "estimate: 2 × the 910B's 30 W at 45 °C",
                "power.leakageCoefficient": leakageCoefficientEstimate,
                "power.leakageReferenceTemperature": "estimate: 45 °C, the modelled idle temperature, as for the 910B",
                "power.memoryAtFullBandwidth": "estimate: 90 W ≈ 3.5 pJ/bit × 3.2 TB/s",
                "thermal.ambient": "estimate: 30 °C server inlet air",
                "thermal.coreCapacitance": thermalNote + "; per die as for the 910B",
                "thermal.coreToSpreaderResistance": thermalNote + "; per die as for the 910B",
                "thermal.lateralResistance": thermalNote + "; per die as for the 910B",
                "thermal.spreaderCapacitance": thermalNote + "; per die as for the 910B",
                "thermal.spreaderToAmbientResistance": thermalNote + "; per die as for the 910B",
                "thermal.throttleTemperature": "estimate: 90 °C, as for the 910B",
                "thermal.criticalTemperature": "estimate: 105 °C, as for the 910B",
                "links.hostLink": "estimate: PCIe 4.0 x16, 32 GB/s per direction, as for the 910B",
                "links.dieToDie": "estimate: 200 GB/s per direction on-package die-to-die link; not vendor-published",
                "links.cardToCard": "estimate: one HCCS link ≈56 GB/s per direction, as for the 910B",
            ])
    }()

    // MARK: NVIDIA H100 SXM

    /// NVIDIA H100 SXM5: 132 SMs (11×12 grid), 1.98 GHz, 989 TFLOPS FP16 dense,
    /// 1979 TOPS INT8 dense, 80 GB HBM3 at 3.35 TB/s, 700 W.
    public static let h100SXM: DeviceSpec = {
        let f = mhz([795, 1035, 1275, 1515, 1755, 1980])
        let v = [0.70, 0.74, 0.79, 0.85, 0.92, 1.00]
        return DeviceSpec(
            id: "nvidia-h100-sxm", name: "NVIDIA H100 SXM5 80GB", vendor: "NVIDIA", dies: 1,
            coreGrid: CoreGrid(rows: 11, columns: 12),
            dvfs: levels(f, v),
            compute: ComputeSpec(peakFP16: 989e12, peakINT8: 1979e12),
            memory: MemorySpec(capacity: 80e9, bandwidth: 3.35e12),
            power: PowerSpec(idle: 90, maximum: 700, staticPower: 30, leakageAtReference: 30,
                             leakageCoefficient: 0.02, leakageReferenceTemperature: 40, memoryAtFullBandwidth: 70),
            thermal: ThermalSpec(ambient: 30, coreCapacitance: 0.24, coreToSpreaderResistance: 4.15,
                                 lateralResistance: 8.3, spreaderCapacitance: 460, spreaderToAmbientResistance: 0.065,
                                 throttleTemperature: 87, criticalTemperature: 95),
            links: LinkSpec(hostLink: 64e9, dieToDie: 0, cardToCard: 450e9),
            sources: [
                "dies": "monolithic GH100 die, \(h100Summary)",
                "coreGrid.rows": "\(h100Summary) (132 SMs); estimate: the 11×12 arrangement is assumed",
                "coreGrid.columns": "\(h100Summary) (132 SMs); estimate: the 11×12 arrangement is assumed",
                "dvfs.frequency": "\(h100Summary) (1.98 GHz maximum SM clock); estimate: lower levels 0.795–1.755 GHz in 240 MHz steps",
                "dvfs.voltage": dvfsVoltageEstimate,
                "compute.peakFP16": "\(h100Datasheet) (FP16 Tensor Core 1,979 TFLOPS with sparsity → 989 dense); \(h100Summary)",
                "compute.peakINT8": "\(h100Datasheet) (INT8 Tensor Core 3,958 TOPS with sparsity → 1,979 dense)",
                "memory.capacity": "\(h100Datasheet) (80 GB)",
                "memory.bandwidth": "\(h100Datasheet) (3.35 TB/s)",
                "power.idle": "estimate: 90 W, within the 70–120 W nvidia-smi idle readings commonly reported for HGX H100 boards; NVIDIA publishes no idle figure",
                "power.maximum": "\(h100Datasheet) (max TDP up to 700 W; power limit configurable 200–700 W per \(designTable))",
                "power.staticPower": "estimate: 30 W board overhead (VRM loss, NVSwitch-facing PHYs excluded), ≈4 % of maximum power",
                "power.leakageAtReference": "estimate: 30 W at 40 °C for an 814 mm² 4 nm die",
                "power.leakageCoefficient": leakageCoefficientEstimate,
                "power.leakageReferenceTemperature": "estimate: 40 °C, the modelled idle temperature",
                "power.memoryAtFullBandwidth": "estimate: 70 W ≈ 2.6 pJ/bit (HBM3 access + PHY) × 3.35 TB/s",
                "thermal.ambient": "estimate: 30 °C server inlet air",
                "thermal.coreCapacitance": thermalNote,
                "thermal.coreToSpreaderResistance": thermalNote,
                "thermal.lateralResistance": thermalNote,
                "thermal.spreaderCapacitance": thermalNote,
                "thermal.spreaderToAmbientResistance": thermalNote,
                "thermal.throttleTemperature": "estimate: 87 °C, near the slowdown temperature nvidia-smi reports for H100 SXM boards",
                "thermal.criticalTemperature": "estimate: 95 °C shutdown level",
                "links.hostLink": "\(h100Datasheet) (PCIe Gen5 128 GB/s, both directions → 64 GB/s per direction)",
                "links.dieToDie": "monolithic die: no die-to-die link (\(h100Summary))",
                "links.cardToCard": "\(h100Datasheet) (NVLink 900 GB/s, both directions → 450 GB/s per direction)",
            ])
    }()

    // MARK: NVIDIA A100 SXM

    /// NVIDIA A100 SXM4 80GB: 108 SMs (9×12 grid), 1.41 GHz, 312 TFLOPS FP16 dense,
    /// 624 TOPS INT8 dense, 80 GB HBM2e at 2.04 TB/s, 400 W.
    public static let a100SXM: DeviceSpec = {
        let f = mhz([585, 810, 975, 1140, 1275, 1410])
        let v = [0.72, 0.76, 0.81, 0.87, 0.93, 1.00]
        return DeviceSpec(
            id: "nvidia-a100-sxm", name: "NVIDIA A100 SXM4 80GB", vendor: "NVIDIA", dies: 1,
            coreGrid: CoreGrid(rows: 9, columns: 12),
            dvfs: levels(f, v),
            compute: ComputeSpec(peakFP16: 312e12, peakINT8: 624e12),
            memory: MemorySpec(capacity: 80e9, bandwidth: 2.039e12),
            power: PowerSpec(idle: 55, maximum: 400, staticPower: 20, leakageAtReference: 15,
                             leakageCoefficient: 0.02, leakageReferenceTemperature: 40, memoryAtFullBandwidth: 50),
            thermal: ThermalSpec(ambient: 30, coreCapacitance: 0.17, coreToSpreaderResistance: 5.94,
                                 lateralResistance: 11.9, spreaderCapacitance: 280, spreaderToAmbientResistance: 0.107,
                                 throttleTemperature: 85, criticalTemperature: 95),
            links: LinkSpec(hostLink: 32e9, dieToDie: 0, cardToCard: 300e9),
            sources: [
                "dies": "monolithic GA100 die, \(ampereWhitepaper)",
                "coreGrid.rows": "\(ampereWhitepaper) (108 SMs); estimate: the 9×12 arrangement is assumed",
                "coreGrid.columns": "\(ampereWhitepaper) (108 SMs); estimate: the 9×12 arrangement is assumed",
                "dvfs.frequency": "\(ampereWhitepaper) (1410 MHz boost); estimate: lower levels 585–1275 MHz",
                "dvfs.voltage": "estimate: vendors do not publish core voltages; ≈0.72 V at the lowest level rising to 1.00 V, the usual shape for 7 nm logic",
                "compute.peakFP16": "\(a100Datasheet) (FP16 Tensor Core 312 TFLOPS dense)",
                "compute.peakINT8": "\(a100Datasheet) (INT8 Tensor Core 624 TOPS dense)",
                "memory.capacity": "\(a100Datasheet) (80 GB HBM2e)",
                "memory.bandwidth": "\(a100Datasheet) (2,039 GB/s)",
                "power.idle": "estimate: 55 W, typical nvidia-smi idle reading of an A100 SXM4 board; NVIDIA publishes no idle figure",
                "power.maximum": "\(a100Datasheet) (max TDP 400 W; power limit 100–400 W per \(designTable))",
                "power.staticPower": "estimate: 20 W board overhead, 5 % of maximum power",
                "power.leakageAtReference": "estimate: 15 W at 40 °C for an 826 mm² 7 nm die",
                "power.leakageCoefficient": leakageCoefficientEstimate,
                "power.leakageReferenceTemperature": "estimate: 40 °C, the modelled idle temperature",
                "power.memoryAtFullBandwidth": "estimate: 50 W ≈ 3.1 pJ/bit (HBM2e access + PHY) × 2.04 TB/s",
                "thermal.ambient": "estimate: 30 °C server inlet air",
                "thermal.coreCapacitance": thermalNote,
                "thermal.coreToSpreaderResistance": thermalNote,
                "thermal.lateralResistance": thermalNote,
                "thermal.spreaderCapacitance": thermalNote,
                "thermal.spreaderToAmbientResistance": thermalNote,
                "thermal.throttleTemperature": "estimate: 85 °C slowdown level",
                "thermal.criticalTemperature": "estimate: 95 °C shutdown level",
                "links.hostLink": "\(a100Datasheet) (PCIe Gen4 64 GB/s, both directions → 32 GB/s per direction)",
                "links.dieToDie": "monolithic die: no die-to-die link (\(ampereWhitepaper))",
                "links.cardToCard": "\(a100Datasheet) (NVLink 600 GB/s, both directions → 300 GB/s per direction)",
            ])
    }()
}
