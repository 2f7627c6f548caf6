import Hardware

/// Where a card runs its work.
public enum Placement: Hashable, Codable, Sendable {
    /// The whole model on one card, spread over all of its dies.
    case card
    /// Tensor-parallel across `cards` cards (collective communication over the card links).
    case tensorParallel(cards: Int)
}

/// What identifies an operating point of a card for a workload.
public struct OperatingPointKey: Hashable, Codable, Sendable {
    /// Precision profile (layer mix).
    public var profile: PrecisionProfile
    /// Index into the device's DVFS table.
    public var frequencyLevel: Int
    /// Requests (sequences, images) batched together.
    public var batchSize: Int
    /// One card, or tensor parallel over several.
    public var placement: Placement
    /// Creates a key.
    public init(profile: PrecisionProfile, frequencyLevel: Int, batchSize: Int, placement: Placement) {
        self.profile = profile
        self.frequencyLevel = frequencyLevel
        self.batchSize = batchSize
        self.placement = placement
    }
}

/// One way a card can run a workload, with everything the planner needs to know about it.
///
/// All figures are per card and computed from the hardware and workload models
/// (deterministic; see `OperatingPointCatalog`).
public struct OperatingPoint: Hashable, Codable, Sendable {
    /// What identifies the point.
    public var key: OperatingPointKey
    /// Work served per second (requests/s for LLM requests and images; see the workload's unit).
    public var throughput: Double
    /// End-to-end latency of one request at this point, s (for an LLM: TTFT + output tokens × TPOT).
    public var latency: Double
    /// Time to first token, s (LLM only; 0 otherwise).
    public var timeToFirstToken: Double
    /// Time per output token, s (LLM only; 0 otherwise).
    public var timePerOutputToken: Double
    /// Compute utilisation of the card's cores while running, in [0, 1].
    public var utilization: Double
    /// Memory-bandwidth utilisation while running, in [0, 1].
    public var memoryUtilization: Double
    /// Temperature-independent power (static + dynamic + memory), W.
    public var loadPower: Double
    /// Accuracy loss of the precision profile for this model, percentage points.
    public var accuracyLoss: Double
    /// Memory footprint per card (weights + KV cache/activations), bytes.
    public var memoryBytes: Double
    /// Part of `memoryBytes` the hybrid cache placed in host DDR (KV cache or activations that
    /// did not fit HBM; their host-link time is already in the latency), bytes. 0 when all fits.
    public var spilledBytes: Double = 0

    /// Creates a point (normally made by `OperatingPointCatalog`).
    public init(key: OperatingPointKey, throughput: Double, latency: Double, timeToFirstToken: Double, timePerOutputToken: Double,
                utilization: Double, memoryUtilization: Double, loadPower: Double, accuracyLoss: Double, memoryBytes: Double,
                spilledBytes: Double = 0) {
        self.key = key
        self.throughput = throughput
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.timePerOutputToken = timePerOutputToken
        self.utilization = utilization
        self.memoryUtilization = memoryUtilization
        self.loadPower = loadPower
        self.accuracyLoss = accuracyLoss
        self.memoryBytes = memoryBytes
        self.spilledBytes = spilledBytes
    }
}

extension OperatingPoint {
    /// Card power at die temperature `θ` (°C): the load power plus leakage, W.
    public func power(atTemperature θ: Double, using model: PowerModel) -> Double {
        loadPower + model.leakage(temperature: θ)
    }
}
