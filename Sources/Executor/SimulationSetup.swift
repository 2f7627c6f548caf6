// Builds the simulator for a closed loop. Imports Simulator but not Scenario (see ScenarioInputs.swift).
import Hardware
import Simulator
import Workloads

extension SimulatedArrivals {
    /// The Simulator's arrival process; unlimited work becomes Poisson arrivals at `unlimitedRate`
    /// requests/s.
    func process(unlimitedRate: Double) -> ArrivalProcess {
        switch self {
        case .none: return .none
        case let .poisson(base, amplitude, phase): return .poisson(DiurnalRate(base: base, amplitude: amplitude, phase: phase))
        case let .rateTrace(times, rates, source): return .trace(ArrivalTrace(kind: .rate, times: times, values: rates, source: source))
        case .unlimited: return .poisson(DiurnalRate(base: unlimitedRate))
        }
    }
}

/// The simulator of a closed loop.
func makeLoopSimulator(device: DeviceSpec, cards: Int, tick: Double, epochLength: Double, seed: UInt64,
                       arrivals: [WorkClass: SimulatedArrivals], unlimitedRate: Double, latencySLO: Double,
                       deferrableDeadline: Double?, hotThreshold: Double, initialTemperature: Double,
                       catalog: OperatingPointCatalog, tickRecordInterval: Int = 0, powerWindow: Double = 1,
                       cardPowerCap: Double? = nil, nodePowerCap: Double? = nil) throws(ExecutorError) -> NodeSimulator {
    func cls(_ c: WorkClass) -> ArrivalProcess { (arrivals[c] ?? .none).process(unlimitedRate: unlimitedRate) }
    let config = SimulationConfiguration(
        device: device, cards: cards, tick: tick, epochLength: epochLength, seed: seed,
        interactive: WorkClassConfiguration(arrivals: cls(.interactive), latencyObjective: latencySLO),
        deferrable: WorkClassConfiguration(arrivals: cls(.deferrable), deadline: deferrableDeadline),
        elastic: WorkClassConfiguration(arrivals: cls(.elastic)),
        hotThreshold: hotThreshold, tickRecordInterval: tickRecordInterval, initialTemperature: initialTemperature,
        powerWindow: max(powerWindow, tick), cardPowerLimit: cardPowerCap, nodePowerLimit: nodePowerCap)
    do { return try NodeSimulator(configuration: config, catalog: catalog) } catch { throw .simulator(error) }
}
