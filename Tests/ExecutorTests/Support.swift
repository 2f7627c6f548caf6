import Foundation
import Hardware
import Planner
import Scenario
import Simulator
import Workloads
@testable import Executor

/// The repository's Problems/ folder.
let problemsDirectory: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Problems").path
}()

/// The SDXL / Ascend 910B example (one card, 24-core die: fast to simulate).
func sdxlScenario() throws -> Scenario {
    try Scenario.load(contentsOf: problemsDirectory + "/sdxl-ecommerce-sichuan.yaml")
}

/// The catalog of the SDXL example.
func sdxlCatalog() throws -> OperatingPointCatalog {
    let s = try sdxlScenario()
    return try OperatingPointCatalog.cached(node: s.node, workload: s.workload)
}

/// A simulator of `cards` 910B cards with elastic work arriving faster than it can be served;
/// `ambient` (°C) replaces the preset's 30 °C inlet temperature (e.g. a hot aisle).
func busySimulator(cards: Int, catalog: OperatingPointCatalog, seed: UInt64 = 7, epochLength: Double = 900,
                   ambient: Double? = nil) throws -> NodeSimulator {
    let fastest = catalog.points.map(\.throughput).max() ?? 1
    var device = DevicePresets.ascend910B
    if let a = ambient { device.thermal.ambient = a }
    let config = SimulationConfiguration(device: device, cards: cards, tick: 0.1, epochLength: epochLength,
                                         seed: seed, elastic: WorkClassConfiguration(arrivals: .poisson(DiurnalRate(base: 3 * fastest * Double(cards)))),
                                         initialTemperature: 45)
    return try NodeSimulator(configuration: config, catalog: catalog)
}

/// The single-card, batch-1 point with the highest load power, and one with a low load power at
/// the same profile (batch 1: short latencies, so pieces can be short).
func hotAndCoolPoints(_ catalog: OperatingPointCatalog) -> (hot: OperatingPoint, cool: OperatingPoint) {
    let single = catalog.points.filter { $0.key.placement == .card && $0.key.batchSize == 1 }
    let hot = single.max { $0.loadPower < $1.loadPower }!
    let cool = single.filter { $0.key.profile == hot.key.profile }.min { $0.loadPower < $1.loadPower }!
    return (hot, cool)
}
