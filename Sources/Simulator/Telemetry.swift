import Workloads

/// Mean, peak and spread of a power series, W.
public struct PowerStatistics: Codable, Sendable, Equatable {
    /// Time-weighted mean, W.
    public var mean: Double
    /// Largest tick value, W.
    public var peak: Double
    /// 5th percentile of the tick values, W.
    public var p5: Double
    /// 95th percentile of the tick values, W.
    public var p95: Double

    /// Statistics from their four figures.
    public init(mean: Double, peak: Double, p5: Double, p95: Double) {
        self.mean = mean
        self.peak = peak
        self.p5 = p5
        self.p95 = p95
    }
}

/// What happened to one work class over an epoch (or a whole run).
public struct ClassStatistics: Codable, Sendable, Equatable {
    /// The class.
    public var workClass: WorkClass
    /// Requests that arrived.
    public var arrived: Int
    /// Requests whose service started.
    public var served: Int
    /// served / duration, requests/s.
    public var throughput: Double
    /// Median latency (waiting + service), s; nil when nothing was served. From a
    /// `LogHistogram`: within 0.39 % of an exact order statistic; waiting resolved to the tick.
    public var latencyP50: Double?
    /// 99th-percentile latency, s (same accuracy); nil when nothing was served.
    public var latencyP99: Double?
    /// Mean latency, s (exact given the tick-resolved waiting times); nil when nothing was served.
    public var latencyMean: Double?
    /// Largest latency, s (exact); nil when nothing was served.
    public var latencyMax: Double?
    /// Served requests whose latency was within the class's latency objective.
    public var withinLatencyObjective: Int
    /// Queue length at the end, requests.
    public var queueLengthEnd: Int
    /// Mean queue length over the ticks (after each tick's service), requests.
    public var queueLengthMean: Double
    /// Largest queue length at the end of a tick, requests.
    public var queueLengthMax: Int
    /// Requests whose deadline passed while they waited (deferrable work).
    public var deadlineMisses: Int
}

/// Telemetry of one epoch (or of the whole run, in `SimulationTelemetry.summary`).
///
/// Per-card and per-die arrays are indexed card-major: die `d` of card `c` is at
/// `c · dies + d`.
public struct EpochTelemetry: Codable, Sendable, Equatable {
    /// 0-based epoch number (−1 for a whole-run summary).
    public var index: Int
    /// Start time, s since the start of the simulation.
    public var start: Double
    /// Simulated duration, s (shorter than the epoch length for a final partial epoch).
    public var duration: Double
    /// Node power over the ticks, W. Exact percentiles per epoch; in a whole-run summary
    /// p5/p95 come from a `LogHistogram` (within 0.39 %).
    public var nodePower: PowerStatistics
    /// Mean power per card, W.
    public var cardMeanPower: [Double]
    /// Peak tick power per card, W.
    public var cardPeakPower: [Double]
    /// Node energy, J (Σ power × tick: exact for power held over each tick).
    public var energy: Double
    /// Energy per card, J.
    public var cardEnergy: [Double]
    /// Hottest core temperature seen on the node, °C.
    public var maxTemperature: Double
    /// Hottest core temperature seen per die, °C (card-major).
    public var dieMaxTemperature: [Double]
    /// Time during which some core of the node was above the hot threshold (85 °C by default), s.
    public var timeAboveHotThreshold: Double
    /// Same, per card, s.
    public var cardTimeAboveHotThreshold: [Double]
    /// Times a card's hardware throttle started limiting its DVFS level (node total).
    public var throttleEvents: Int
    /// Same, per card.
    public var cardThrottleEvents: [Int]
    /// Card-seconds spent at a DVFS level below the requested one, s.
    public var throttledTime: Double
    /// Requests served, all classes.
    public var served: Int
    /// served / duration, requests/s.
    public var throughput: Double
    /// Per work class, in `WorkClass` order.
    public var classes: [ClassStatistics]
    /// Power windows completed (``SimulationConfiguration/powerWindow``).
    public var powerWindows: Int
    /// Highest window-mean power per card, W.
    public var cardPeakWindowPower: [Double]
    /// Highest window-mean node power, W.
    public var nodePeakWindowPower: Double
    /// Card windows whose mean exceeded the card cap by more than 0.1 % (summed over cards).
    public var cardWindowsAboveCap: Int
    /// Node windows whose mean exceeded the node cap by more than 0.1 %.
    public var nodeWindowsAboveCap: Int
}

/// Per-tick samples, recorded every `interval` ticks when asked for
/// (`SimulationConfiguration.tickRecordInterval`). Flat arrays, sample-major: sample `s`,
/// card `c` is at `s · cards + c`; die `d` of card `c` at `(s · cards + c) · dies + d`;
/// class `j` at `s · 3 + j`.
public struct TickTrace: Codable, Sendable, Equatable {
    /// Ticks between samples.
    public var interval: Int
    /// Start time of each sampled tick, s.
    public var times: [Double] = []
    /// Power per card during the tick, W.
    public var cardPower: [Double] = []
    /// Node energy since the start of the run, at the end of the tick, J.
    public var cumulativeEnergy: [Double] = []
    /// Hottest core per die at the end of the tick, °C.
    public var dieMaxTemperature: [Double] = []
    /// DVFS level each card actually ran (after throttling; −1: idle).
    public var effectiveLevel: [Int] = []
    /// Requests served during the tick per class.
    public var served: [Int] = []
    /// Queue length per class at the end of the tick.
    public var queueLength: [Int] = []
    /// Throttling events that started during the tick (node total).
    public var throttleEvents: [Int] = []

    /// An empty trace sampling every `interval` ticks.
    public init(interval: Int) {
        self.interval = interval
    }

    /// Number of samples.
    public var count: Int { times.count }
}

/// Everything a run recorded: its epochs, a whole-run summary and, optionally, tick samples.
public struct SimulationTelemetry: Codable, Sendable, Equatable {
    /// Device preset id.
    public var deviceID: String
    /// Cards on the node.
    public var cards: Int
    /// Dies per card.
    public var dies: Int
    /// Tick, s.
    public var tick: Double
    /// Epoch length, s.
    public var epochLength: Double
    /// Seed of the run's random streams.
    public var seed: UInt64
    /// Completed epochs in order (plus a final partial one when the run stopped mid-epoch).
    public var epochs: [EpochTelemetry]
    /// The whole run as one epoch (index −1).
    public var summary: EpochTelemetry
    /// Per-tick samples, when recorded.
    public var ticks: TickTrace?
}
