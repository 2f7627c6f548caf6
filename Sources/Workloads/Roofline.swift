import Hardware

/// Tunable constants of the cost model, with their meaning and defaults. All are modelling
/// estimates (see docs/CALIBRATION.md for how they compare with measurements).
public struct CostParameters: Codable, Sendable, Hashable {
    /// Fraction of peak FLOP/s a compute-bound kernel reaches (large GEMMs/convs), in (0, 1].
    public var computeEfficiency: Double = 0.6
    /// Fraction of peak HBM bandwidth a streaming kernel reaches, in (0, 1].
    public var memoryEfficiency: Double = 0.8
    /// Fixed cost of one forward pass (scheduling, host synchronisation), s.
    public var passOverhead: Double = 1e-4
    /// Launch cost of one layer's kernel, s.
    public var kernelOverhead: Double = 2e-6
    /// Latency of one step of a ring collective (per hop), s.
    public var collectiveLatency: Double = 5e-6
    /// Fraction of HBM usable for weights, activations and KV cache (the rest: runtime, fragmentation).
    public var usableHBMFraction: Double = 0.92
    /// Most tokens one prefill pass processes (chunked prefill bounds the activation memory).
    public var prefillChunkTokens: Int = 8192
    /// Bytes per stored KV-cache value: 2 (FP16, every profile by default) or 1 (an FP8/INT8
    /// KV cache, as TensorRT-LLM's `--fp8_kv_cache`).
    public var kvCacheBytesPerValue: Double = 2
    /// Host operations to tokenise or detokenise one token (fast BPE tokenizer ≈ 1 µs/token/core).
    public var hostOpsPerToken: Double = 2e4
    /// Host operations to generate one Gaussian latent element (RNG + transform).
    public var hostOpsPerLatentElement: Double = 200
    /// Host operations per output pixel of post-processing (uint8 conversion, PNG encoding).
    public var hostOpsPerOutputPixel: Double = 2000
    /// Fraction of peak HBM bandwidth decode attention reaches reading the KV cache (paged,
    /// gathered reads); nil = `memoryEfficiency`, the weight stream's (the default, so existing
    /// points are unchanged). Applies to both batching modes.
    public var kvReadEfficiency: Double?
    /// LLM batching: nil = one static batch per operating point (the default); a token budget =
    /// continuous (iteration-level) batching, where `OperatingPointKey.batchSize` is the most
    /// sequences running at once and each iteration processes at most this many tokens
    /// (decode tokens + chunked prefill tokens). See `CostModel.evaluateContinuousLanguage`.
    public var continuousBatchingTokenBudget: Int?

    /// The defaults.
    public init() {}

    /// Efficiencies and fractions in (0, 1], times and costs ≥ 0, chunk ≥ 1.
    public func validate() throws(WorkloadError) {
        for (f, v) in [("computeEfficiency", computeEfficiency), ("memoryEfficiency", memoryEfficiency),
                       ("usableHBMFraction", usableHBMFraction)] where !(v > 0 && v <= 1) {
            throw WorkloadError(field: "parameters.\(f)", rule: "must be in (0, 1] (got \(v))")
        }
        for (f, v) in [("passOverhead", passOverhead), ("kernelOverhead", kernelOverhead), ("collectiveLatency", collectiveLatency),
                       ("hostOpsPerToken", hostOpsPerToken), ("hostOpsPerLatentElement", hostOpsPerLatentElement),
                       ("hostOpsPerOutputPixel", hostOpsPerOutputPixel)] where !(v >= 0 && v.isFinite) {
            throw WorkloadError(field: "parameters.\(f)", rule: "must be a finite number ≥ 0 (got \(v))")
        }
        guard kvCacheBytesPerValue == 1 || kvCacheBytesPerValue == 2 else {
            throw WorkloadError(field: "parameters.kvCacheBytesPerValue", rule: "must be 1 or 2 (got \(kvCacheBytesPerValue))")
        }
        if let e = kvReadEfficiency, !(e > 0 && e <= 1) {
            throw WorkloadError(field: "parameters.kvReadEfficiency", rule: "must be in (0, 1] (got \(e))")
        }
        if let t = continuousBatchingTokenBudget, t < 2 {
            throw WorkloadError(field: "parameters.continuousBatchingTokenBudget", rule: "must be ≥ 2 tokens (got \(t))")
        }
        guard prefillChunkTokens >= 1 else {
            throw WorkloadError(field: "parameters.prefillChunkTokens", rule: "must be ≥ 1 (got \(prefillChunkTokens))")
        }
    }
}

/// Compute and memory time of a piece of work; pieces add up, and each piece's time is the
/// larger of the two (the roofline).
public struct RooflineCost: Sendable, Hashable, Codable {
    /// Time the work needs at the effective compute rate, s.
    public var computeTime: Double = 0
    /// Time the work needs at the effective HBM bandwidth, s.
    public var memoryTime: Double = 0
    /// Σ max(compute, memory) over the pieces, s.
    public var time: Double = 0
    /// FLOPs (FP16) and OPs (INT8) executed.
    public var operations: Double = 0
    /// HBM bytes moved.
    public var bytes: Double = 0

    /// An empty cost.
    public init() {}

    /// Adds another piece.
    public static func + (a: RooflineCost, b: RooflineCost) -> RooflineCost {
        var c = a
        c.computeTime += b.computeTime
        c.memoryTime += b.memoryTime
        c.time += b.time
        c.operations += b.operations
        c.bytes += b.bytes
        return c
    }

    /// `k` repetitions of this cost.
    public func scaled(by k: Double) -> RooflineCost {
        var c = self
        c.computeTime *= k; c.memoryTime *= k; c.time *= k; c.operations *= k; c.bytes *= k
        return c
    }
}

/// The roofline of one device at one DVFS level:
/// `time = max(FP16 FLOPs / (peakFP16·f/f_max·eff) + INT8 OPs / (peakINT8·f/f_max·eff), bytes / (BW·eff_mem))`.
/// HBM bandwidth does not scale with the core clock.
public struct Roofline: Sendable, Hashable {
    /// Effective FP16 rate at this level, FLOP/s.
    public let fp16Rate: Double
    /// Effective INT8 rate at this level, OP/s.
    public let int8Rate: Double
    /// Effective HBM bandwidth, B/s.
    public let bandwidth: Double

    /// The roofline of `share` of `device` (e.g. 1/dies for one die) at DVFS `level`.
    public init(device: DeviceSpec, level: Int, parameters: CostParameters, share: Double = 1) {
        let fMax = device.dvfs.last?.frequency ?? 1
        let scale = device.dvfs.indices.contains(level) ? device.dvfs[level].frequency / fMax : 1
        fp16Rate = device.compute.peakFP16 * scale * parameters.computeEfficiency * share
        int8Rate = device.compute.peakINT8 * scale * parameters.computeEfficiency * share
        bandwidth = device.memory.bandwidth * parameters.memoryEfficiency * share
    }

    /// The cost of `fp16Flops` FP16 FLOPs, `int8Ops` INT8 OPs and `bytes` HBM bytes.
    public func cost(fp16Flops: Double, int8Ops: Double = 0, bytes: Double) -> RooflineCost {
        var c = RooflineCost()
        c.computeTime = fp16Flops / fp16Rate + int8Ops / int8Rate
        c.memoryTime = bytes / bandwidth
        c.time = max(c.computeTime, c.memoryTime)
        c.operations = fp16Flops + int8Ops
        c.bytes = bytes
        return c
    }
}
