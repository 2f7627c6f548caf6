import Hardware
import Testing
import Workloads
@testable import Simulator

/// The simulator's power-cap watch (``SimulationConfiguration/powerWindow``): window means
/// against the caps.
@Suite struct PowerWindowTests {
    @Test func windowsAboveTheCapAreCountedAndBelowAreNot() throws {
        let device = DevicePresets.ascend910B
        let workload = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 512, outputTokens: 128))
        let catalog = try OperatingPointCatalog(node: NodeSpec(device: device, cards: 1, host: .typical), workload: workload,
                                                placements: [.card])
        let hot = try #require(catalog.points.max { $0.loadPower < $1.loadPower })
        func run(cap: Double) throws -> EpochTelemetry {
            let config = SimulationConfiguration(
                device: device, cards: 1, tick: 0.1, epochLength: 60, seed: 1,
                elastic: WorkClassConfiguration(arrivals: .poisson(DiurnalRate(base: 10 * hot.throughput))),
                initialTemperature: 45, powerWindow: 1, cardPowerLimit: cap, nodePowerLimit: cap)
            var sim = try NodeSimulator(configuration: config, catalog: catalog)
            try sim.setOperatingPoint(card: 0, point: hot, classShares: ClassShares(elastic: 1))
            sim.run(seconds: 60)
            return try #require(sim.telemetry().epochs.first)
        }
        let low = try run(cap: 0.5 * hot.loadPower)
        #expect(low.powerWindows == 60)
        #expect(low.cardWindowsAboveCap > 50 && low.nodeWindowsAboveCap > 50)
        #expect(low.cardPeakWindowPower[0] > 0.5 * hot.loadPower)
        let high = try run(cap: 2 * hot.loadPower)
        #expect(high.cardWindowsAboveCap == 0 && high.nodeWindowsAboveCap == 0)
        #expect(abs(high.cardPeakWindowPower[0] - low.cardPeakWindowPower[0]) < 1e-9)
    }
}
