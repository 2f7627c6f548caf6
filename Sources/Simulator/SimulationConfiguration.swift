import Workloads
import Hardware

/// How one work class's requests arrive and what they are promised.
public struct WorkClassConfiguration: Codable, Sendable, Hashable {
    /// The arrival process.
    public var arrivals: ArrivalProcess
    /// Deadline, s after arrival, by which service must start (deferrable work); nil: none.
    public var deadline: Double?
    /// Latency objective, s: served requests within it are counted
    /// (`ClassStatistics.withinLatencyObjective`); nil: none.
    public var latencyObjective: Double?

    /// A class configuration; checked when the simulator is built.
    public init(arrivals: ArrivalProcess = .none, deadline: Double? = nil, latencyObjective: Double? = nil) {
        self.arrivals = arrivals
        self.deadline = deadline
        self.latencyObjective = latencyObjective
    }
}

/// Everything a simulation run is a function of.
public struct SimulationConfiguration: Codable, Sendable, Hashable {
    /// The card model.
    public var device: DeviceSpec
    /// Number of cards on the node.
    public var cards: Int
    /// Tick, s (100 ms by default, the seed's sampling period). Must not exceed the thermal
    /// network's smallest time constant (the hardware model rejects it).
    public var tick: Double
    /// Epoch length for aggregated telemetry, s; a whole number of ticks.
    public var epochLength: Double
    /// Seed of every random stream of the run.
    public var seed: UInt64
    /// Arrivals and promises per work class.
    public var interactive: WorkClassConfiguration
    /// Arrivals and deadline of deferrable work.
    public var deferrable: WorkClassConfiguration
    /// Arrivals of elastic (best-effort) work.
    public var elastic: WorkClassConfiguration
    /// Core temperature above which time is counted in `timeAboveHotThreshold`, °C.
    public var hotThreshold: Double
    /// Record a `TickTrace` sample every this many ticks (0: no tick trace).
    public var tickRecordInterval: Int
    /// Temperature of every thermal node at the start, °C (nil: the device's ambient).
    public var initialTemperature: Double?
    /// Power-cap watch: the simulator averages card and node power over consecutive windows
    /// of this many seconds (aligned to the start; a whole number of ticks, at least one) and
    /// reports the highest window means and the windows above ``cardPowerLimit`` /
    /// ``nodePowerLimit`` per epoch (hardware enforces caps over such windows).
    public var powerWindow: Double
    /// Card power cap the windows are checked against, W (nil: not counted).
    public var cardPowerLimit: Double?
    /// Node power cap the windows are checked against, W (nil: not counted).
    public var nodePowerLimit: Double?

    /// A configuration for `cards` cards of `device`.
    public init(device: DeviceSpec, cards: Int, tick: Double = 0.1, epochLength: Double = 900, seed: UInt64 = 0,
                interactive: WorkClassConfiguration = .init(), deferrable: WorkClassConfiguration = .init(),
                elastic: WorkClassConfiguration = .init(), hotThreshold: Double = 85,
                tickRecordInterval: Int = 0, initialTemperature: Double? = nil, powerWindow: Double = 1,
                cardPowerLimit: Double? = nil, nodePowerLimit: Double? = nil) {
        self.powerWindow = powerWindow
        self.cardPowerLimit = cardPowerLimit
        self.nodePowerLimit = nodePowerLimit
        self.device = device
        self.cards = cards
        self.tick = tick
        self.epochLength = epochLength
        self.seed = seed
        self.interactive = interactive
        self.deferrable = deferrable
        self.elastic = elastic
        self.hotThreshold = hotThreshold
        self.tickRecordInterval = tickRecordInterval
        self.initialTemperature = initialTemperature
    }

    /// A configuration for the cards of `node` (its host is not simulated).
    public init(node: NodeSpec, tick: Double = 0.1, epochLength: Double = 900, seed: UInt64 = 0,
                interactive: WorkClassConfiguration = .init(), deferrable: WorkClassConfiguration = .init(),
                elastic: WorkClassConfiguration = .init(), hotThreshold: Double = 85,
                tickRecordInterval: Int = 0, initialTemperature: Double? = nil) {
        self.init(device: node.device, cards: node.cards, tick: tick, epochLength: epochLength, seed: seed,
                  interactive: interactive, deferrable: deferrable, elastic: elastic, hotThreshold: hotThreshold,
                  tickRecordInterval: tickRecordInterval, initialTemperature: initialTemperature)
    }

    /// The configuration of `workClass`.
    public subscript(workClass: WorkClass) -> WorkClassConfiguration {
        get {
            switch workClass {
            case .interactive: interactive
            case .deferrable: deferrable
            case .elastic: elastic
            }
        }
        set {
            switch workClass {
            case .interactive: interactive = newValue
            case .deferrable: deferrable = newValue
            case .elastic: elastic = newValue
            }
        }
    }

    /// Ticks per epoch.
    var ticksPerEpoch: Int { Int((epochLength / tick).rounded()) }
    /// Ticks per power window (≥ 1).
    var ticksPerPowerWindow: Int { max(1, Int((powerWindow / tick).rounded())) }

    /// Checks every field the simulator itself owns (the hardware model checks the device
    /// and the tick against the thermal network).
    public func validate() throws(SimulatorError) {
        guard cards >= 1 else { throw .invalidInput(field: "cards", rule: "must be at least 1 (got \(cards))") }
        guard tick.isFinite, tick > 0 else {
            throw .invalidInput(field: "tick", rule: "must be a positive number of seconds (got \(tick))")
        }
        guard epochLength.isFinite, epochLength >= tick else {
            throw .invalidInput(field: "epochLength", rule: "must be a finite number of seconds ≥ the tick \(tick) s (got \(epochLength))")
        }
        let ratio = epochLength / tick
        guard abs(ratio - ratio.rounded()) <= 1e-9 * ratio else {
            throw .invalidInput(field: "epochLength", rule: "must be a whole number of ticks (\(epochLength) s / \(tick) s = \(ratio))")
        }
        guard hotThreshold.isFinite else {
            throw .invalidInput(field: "hotThreshold", rule: "must be a finite temperature in °C (got \(hotThreshold))")
        }
        guard tickRecordInterval >= 0 else {
            throw .invalidInput(field: "tickRecordInterval", rule: "must be ≥ 0 ticks (0: no tick trace; got \(tickRecordInterval))")
        }
        guard powerWindow.isFinite, powerWindow > 0 else {
            throw .invalidInput(field: "powerWindow", rule: "must be a positive number of seconds (got \(powerWindow))")
        }
        for (f, v) in [("cardPowerLimit", cardPowerLimit), ("nodePowerLimit", nodePowerLimit)] {
            if let v, !(v.isFinite && v > 0) { throw .invalidInput(field: f, rule: "must be finite watts > 0 or absent (got \(v))") }
        }
        if let t = initialTemperature, !t.isFinite {
            throw .invalidInput(field: "initialTemperature", rule: "must be a finite temperature in °C (got \(t))")
        }
        for c in WorkClass.allCases {
            let cc = self[c]
            try cc.arrivals.validate(field: "\(c).arrivals")
            if let d = cc.deadline, !(d.isFinite && d >= 0) {
                throw .invalidInput(field: "\(c).deadline", rule: "must be a finite number of seconds ≥ 0 (got \(d))")
            }
            if let l = cc.latencyObjective, !(l.isFinite && l > 0) {
                throw .invalidInput(field: "\(c).latencyObjective", rule: "must be a positive number of seconds (got \(l))")
            }
        }
    }
}
