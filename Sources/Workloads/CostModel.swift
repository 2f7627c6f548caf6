import Foundation
import Hardware

/// Where the time of one batch went, for one operating point (per card, s unless noted).
public struct CostBreakdown: Sendable, Hashable, Codable {
    /// Accelerator time of the whole batch (prefill + decode, or text encoders + UNet + VAE), s.
    public var acceleratorTime: Double = 0
    /// LLM prefill of the batch (all prompts), s.
    public var prefillTime: Double = 0
    /// LLM decode of the batch (all output tokens), s.
    public var decodeTime: Double = 0
    /// Diffusion: text encoders, UNet (all steps), VAE decode of the batch, s.
    public var textEncoderTime: Double = 0
    /// UNet over all steps (and both guidance passes), s.
    public var unetTime: Double = 0
    /// VAE decode of the batch, s.
    public var vaeTime: Double = 0
    /// Collective (all-reduce) time over die and card links included above, s.
    public var collectiveTime: Double = 0
    /// Host-link time for spilled KV cache/activations included above, s.
    public var hostLinkTime: Double = 0
    /// Fixed pass and kernel-launch overhead included above, s.
    public var overheadTime: Double = 0
    /// Σ compute-bound time and Σ memory-bound time of the roofline pieces, s.
    public var computeTime: Double = 0
    /// Σ memory-bound time of the roofline pieces, s.
    public var memoryTime: Double = 0
    /// The same split for the LLM phases: prefill and decode, s.
    public var prefillComputeTime: Double = 0
    /// Memory-bound time of the prefill, s.
    public var prefillMemoryTime: Double = 0
    /// Compute-bound time of all decode steps, s.
    public var decodeComputeTime: Double = 0
    /// Memory-bound time of all decode steps, s.
    public var decodeMemoryTime: Double = 0
    /// Host pre-processing (tokenisation, noise) and post-processing (image encoding) of the batch, s.
    public var hostPreTime: Double = 0
    /// Host post-processing of the batch not hidden behind accelerator work, s.
    public var hostPostTime: Double = 0
    /// Latency of the batch with no host/accelerator overlap, s.
    public var sequentialLatency: Double = 0
    /// Latency of the batch with the host stages overlapped (what the point reports), s.
    public var pipelinedLatency: Double = 0
    /// Time between consecutive batches without / with the host stage overlapping the next batch, s.
    public var sequentialPeriod: Double = 0
    /// Time between consecutive batches with the host stages overlapped, s.
    public var pipelinedPeriod: Double = 0
    /// Weights, peak activations and KV cache per card, bytes.
    public var weightBytes: Double = 0
    /// Peak live activations per card, bytes.
    public var activationBytes: Double = 0
    /// KV cache of the batch at full context per card, bytes (0 for diffusion).
    public var kvCacheBytes: Double = 0
    /// Bytes the hybrid cache put in host DDR, per card.
    public var spilledBytes: Double = 0
    /// Estimated accuracy loss of the profile's layer mix (the model's metric).
    public var accuracyLoss: Double = 0
    /// Fraction of the model's matmul FLOPs that run in INT8.
    public var int8FlopFraction: Double = 0
    /// Creates an empty breakdown.
    public init() {}
}

/// One evaluated operating point: the point and how it was computed.
public struct PointEvaluation: Sendable, Hashable {
    /// The operating point as the catalog offers it.
    public var point: OperatingPoint
    /// Where its time and memory went.
    public var breakdown: CostBreakdown
}

/// The roofline cost model of one workload on one node: evaluates any operating-point key.
///
/// Per card and per batch; see the doc comments of `evaluateLanguage` / `evaluateDiffusion`
/// (in this file) for the timelines. Deterministic: pure arithmetic on the inputs.
public struct CostModel: Sendable {
    /// The node evaluated (figures are per card).
    public let node: NodeSpec
    /// The workload evaluated.
    public let workload: Workload
    /// The cost-model constants.
    public let parameters: CostParameters
    /// The accuracy table used for the precision plans.
    public let accuracy: AccuracyParameters
    /// The sensitivity analysis of the workload's layers.
    public let sensitivity: SensitivityAnalysis
    /// The calibrated power model of the node's device.
    public let powerModel: PowerModel
    let layers: [Layer]
    let mixes: [PrecisionProfile: (precisions: [NumericPrecision], loss: Double)]

    /// Builds the model; fails on an invalid workload, parameter set or device power figures.
    public init(node: NodeSpec, workload: Workload, parameters: CostParameters = CostParameters(),
                accuracy: AccuracyParameters? = nil) throws(WorkloadError) {
        try workload.validate()
        try parameters.validate()
        guard node.cards >= 1 else { throw WorkloadError(field: "node.cards", rule: "must be ≥ 1 (got \(node.cards))") }
        guard node.device.dies >= 1 else { throw WorkloadError(field: "node.device.dies", rule: "must be ≥ 1 (got \(node.device.dies))") }
        guard !node.device.dvfs.isEmpty else { throw WorkloadError(field: "node.device.dvfs", rule: "needs at least one level") }
        for (f, v) in [("node.device.compute.peakFP16", node.device.compute.peakFP16), ("node.device.compute.peakINT8", node.device.compute.peakINT8),
                       ("node.device.memory.capacity", node.device.memory.capacity), ("node.device.memory.bandwidth", node.device.memory.bandwidth),
                       ("node.host.cpuThroughput", node.host.cpuThroughput)] where !(v > 0 && v.isFinite) {
            throw WorkloadError(field: f, rule: "must be a finite number > 0 (got \(v))")
        }
        do { powerModel = try PowerModel(device: node.device) } catch {
            throw WorkloadError(field: "node.device.\(error.field)", rule: error.rule)
        }
        self.node = node
        self.workload = workload
        self.parameters = parameters
        let acc = accuracy ?? AccuracyParameters.defaults(for: workload.modelID)
        self.accuracy = acc
        layers = workload.layers
        sensitivity = try SensitivityAnalysis(layers: layers, accuracy: acc)
        var m: [PrecisionProfile: (precisions: [NumericPrecision], loss: Double)] = [:]
        for p in PrecisionProfile.allCases {
            let a = sensitivity.assignment(for: p)
            m[p] = (a.precisions, a.estimatedLoss)
        }
        mixes = m
    }

    /// Evaluates `key`. Throws when the key is invalid (level out of range, batch < 1, more
    /// cards than the node has) or the point does not fit memory after DDR spill (the error
    /// names what does not fit).
    public func evaluate(_ key: OperatingPointKey) throws(WorkloadError) -> PointEvaluation {
        guard node.device.dvfs.indices.contains(key.frequencyLevel) else {
            throw WorkloadError(field: "frequencyLevel", rule: "must be in 0..<\(node.device.dvfs.count) (got \(key.frequencyLevel))")
        }
        guard key.batchSize >= 1 else { throw WorkloadError(field: "batchSize", rule: "must be ≥ 1 (got \(key.batchSize))") }
        let cards: Int
        switch key.placement {
        case .card: cards = 1
        case .tensorParallel(let n):
            guard n >= 2 && n <= node.cards else {
                throw WorkloadError(field: "placement.cards", rule: "must be in 2...\(node.cards) (got \(n))")
            }
            cards = n
        }
        var b: CostBreakdown
        switch workload {
        case .language(let model, let request):
            if let budget = parameters.continuousBatchingTokenBudget {
                b = try evaluateContinuousLanguage(model: model, request: request, key: key, cards: cards, tokenBudget: budget)
            } else {
                b = try evaluateLanguage(model: model, request: request, key: key, cards: cards)
            }
        case .diffusion(_, let request):
            guard cards == 1 else {
                throw WorkloadError(field: "placement", rule: "tensor parallelism is not modelled for diffusion; use .card")
            }
            b = try evaluateDiffusion(request: request, key: key)
        }
        let mix = mixes[key.profile] ?? ([], 0)
        b.accuracyLoss = mix.loss
        let accel = b.acceleratorTime
        let u = accel > 0 ? min(1, b.computeTime / accel) : 0
        let um = accel > 0 ? min(1, b.memoryTime / accel) : 0
        let ttft: Double, tpot: Double
        if case .language(_, let r) = workload {
            ttft = b.hostPreTime + b.prefillTime
            tpot = b.decodeTime / Double(r.outputTokens)
        } else { ttft = 0; tpot = 0 }
        var point = OperatingPoint(
            key: key,
            throughput: Double(key.batchSize) / b.pipelinedPeriod / Double(cards),
            latency: b.pipelinedLatency, timeToFirstToken: ttft, timePerOutputToken: tpot,
            utilization: u, memoryUtilization: um,
            loadPower: powerModel.loadPower(level: key.frequencyLevel, utilization: u, memoryUtilization: um),
            accuracyLoss: mix.loss,
            memoryBytes: b.weightBytes + b.activationBytes + b.kvCacheBytes)
        point.spilledBytes = b.spilledBytes
        // While the host stage is the bottleneck the accelerator idles part of each period.
        if b.pipelinedPeriod > accel && accel > 0 {
            let busy = accel / b.pipelinedPeriod
            point.utilization = u * busy
            point.memoryUtilization = um * busy
            point.loadPower = powerModel.loadPower(level: key.frequencyLevel, utilization: point.utilization,
                                                   memoryUtilization: point.memoryUtilization)
        }
        return PointEvaluation(point: point, breakdown: b)
    }

    /// The precision of each layer under `profile` (model order).
    public func precisions(for profile: PrecisionProfile) -> [NumericPrecision] {
        mixes[profile]?.precisions ?? Array(repeating: .fp16, count: layers.count)
    }

    /// Host operations per second available to one request stream on one card: the card's
    /// share of the host cores, at most `parallelItems` cores busy.
    func hostRate(parallelItems: Int) -> Double {
        let h = node.host
        let perCore = h.cpuThroughput / Double(max(h.cpuCores, 1))
        let coresPerCard = max(1, h.cpuCores / max(node.cards, 1))
        return perCore * Double(min(max(parallelItems, 1), coresPerCard))
    }

    /// Multiplier turning KV-cache bytes read by decode attention into weight-stream-equivalent
    /// bytes: η_m / η_kv (1 when `kvReadEfficiency` is unset).
    var kvReadScale: Double {
        parameters.kvReadEfficiency.map { parameters.memoryEfficiency / $0 } ?? 1
    }

    /// Ring all-reduce of `bytes` over `n` participants on a link of `bandwidth` B/s.
    func allReduce(bytes: Double, participants n: Int, bandwidth: Double) -> Double {
        guard n > 1 else { return 0 }
        let steps = Double(2 * (n - 1))
        let link = bandwidth > 0 ? bandwidth : .infinity
        return steps / Double(n) * bytes / link + steps * parameters.collectiveLatency
    }
}

// MARK: - Language models

/// Per-token totals of a language model's layers under one precision mix.
struct LanguageTotals {
    var fp16Flops = 0.0, int8Ops = 0.0
    /// Weight bytes read by every pass (all but the embedding table).
    var streamedWeightBytes = 0.0
    /// All weight bytes (including the embedding table).
    var weightBytes = 0.0
    var activationElements = 0.0
    /// Attention-core FLOPs per token per context token.
    var attentionFlopsPerContext = 0.0
    var matmulFlops = 0.0, int8MatmulFlops = 0.0
    var layerCount = 0
}

extension CostModel {
    func languageTotals(profile: PrecisionProfile) -> LanguageTotals {
        var t = LanguageTotals()
        let precisions = self.precisions(for: profile)
        for (l, p) in zip(layers, precisions) {
            let bytesPerParam = p == .int8 ? 1.0 : 2.0
            t.weightBytes += l.parameters * bytesPerParam
            if l.kind != .embedding { t.streamedWeightBytes += l.parameters * bytesPerParam }
            t.activationElements += l.activationElements
            t.layerCount += 1
            switch l.kind {
            case .attentionCore: t.attentionFlopsPerContext += l.flops
            default:
                if p == .int8 { t.int8Ops += l.flops } else { t.fp16Flops += l.flops }
                if l.kind.isQuantizable {
                    t.matmulFlops += l.flops
                    if p == .int8 { t.int8MatmulFlops += l.flops }
                }
            }
        }
        return t
    }

    /// LLM timeline of one static batch of B requests on `cards` cards (tensor parallel) whose
    /// dies also split the model head-aligned:
    /// 1. host tokenises the prompts (overlaps the previous batch's accelerator work);
    /// 2. prefill of all B·P prompt tokens in chunks of ≤ `prefillChunkTokens`: linear layers at
    ///    their precision (≈2·params FLOPs/token, compute-bound), causal attention
    ///    (4·hidden·blocks FLOPs per token per context token, average context (P+1)/2), KV written;
    /// 3. O decode steps: each reads the streamed weights once and the whole KV cache of the
    ///    batch (memory-bound at small batch), attention over context P+t+1;
    /// every pass pays two all-reduces of the hidden vector per block over the die link (dies > 1)
    /// and the card link (cards > 1), pass and kernel overhead, and host-link time for the part of
    /// the KV cache the hybrid cache spilled to DDR.
    func evaluateLanguage(model: LanguageModel, request: LLMRequestShape, key: OperatingPointKey,
                          cards: Int) throws(WorkloadError) -> CostBreakdown {
        let device = node.device
        let t = languageTotals(profile: key.profile)
        let roof = Roofline(device: device, level: key.frequencyLevel, parameters: parameters)
        let n = Double(cards), bsz = Double(key.batchSize)
        let P = Double(request.promptTokens), O = Double(request.outputTokens)
        let kvShare = 1 / Double(min(cards, model.kvHeads))
        let kvPerToken = model.kvBytesPerTokenFP16 / 2 * parameters.kvCacheBytesPerValue * kvShare
        var b = CostBreakdown()

        // Memory: weights pinned, live activations pinned, KV cache may spill to DDR.
        let chunk = min(Double(parameters.prefillChunkTokens), bsz * P)
        let liveElements = chunk * Double(3 * model.hidden + 2 * model.kvDimension + 2 * model.ffnHidden) / n
        let logits = bsz * Double(model.vocabulary) * 4
        b.weightBytes = t.weightBytes / n
        b.activationBytes = liveElements * 2 + logits
        b.kvCacheBytes = bsz * (P + O) * kvPerToken
        let cache = HybridCache(hbmCapacity: device.memory.capacity * parameters.usableHBMFraction,
                                ddrCapacity: node.host.ddrCapacity / Double(node.cards))
        let placed = try cache.place([
            CacheItem(name: "weights", bytes: b.weightBytes, priority: 0, pinned: true),
            CacheItem(name: "activations", bytes: b.activationBytes, priority: 1, pinned: true),
            CacheItem(name: "kvCache", bytes: b.kvCacheBytes, priority: 2, pinned: false),
        ])
        b.spilledBytes = placed.ddrBytes
        let kvInHBM = placed.residentBytes[2]
        let hostLink = device.links.hostLink > 0 ? device.links.hostLink : .infinity

        // Per-pass constant costs.
        let collectivePerToken = { (tokens: Double) -> Double in
            let bytes = tokens * Double(model.hidden) * 2
            let perBlock = 2 * (self.allReduce(bytes: bytes, participants: device.dies, bandwidth: device.links.dieToDie)
                + self.allReduce(bytes: bytes, participants: cards, bandwidth: device.links.cardToCard))
            return perBlock * Double(model.blocks)
        }
        let overhead = parameters.passOverhead + parameters.kernelOverhead * Double(t.layerCount)

        // Prefill.
        let tokens = bsz * P
        let passes = (tokens / chunk).rounded(.up)
        let linear = roof.cost(fp16Flops: t.fp16Flops * tokens / n, int8Ops: t.int8Ops * tokens / n,
                               bytes: passes * t.streamedWeightBytes / n + t.activationElements * tokens * 2 / n)
        let contextSum = bsz * P * (P + 1) / 2
        let attention = roof.cost(fp16Flops: t.attentionFlopsPerContext * contextSum / n,
                                  bytes: tokens * kvPerToken * (1 + P / chunk.rounded(.up)))
        let prefillCollective = passes * collectivePerToken(chunk)
        // KV written beyond the HBM share goes over the host link.
        let kvWritten = tokens * kvPerToken
        let prefillSpill = max(0, kvWritten - kvInHBM) / hostLink
        let prefillCost = linear + attention
        b.prefillTime = prefillCost.time + prefillCollective + prefillSpill + passes * overhead
        b.computeTime += prefillCost.computeTime
        b.memoryTime += prefillCost.memoryTime
        b.prefillComputeTime = prefillCost.computeTime
        b.prefillMemoryTime = prefillCost.memoryTime
        b.collectiveTime += prefillCollective
        b.hostLinkTime += prefillSpill
        b.overheadTime += passes * overhead

        // Decode: O steps, context P + s + 1.
        let stepLinear = roof.cost(fp16Flops: t.fp16Flops * bsz / n, int8Ops: t.int8Ops * bsz / n,
                                   bytes: t.streamedWeightBytes / n + t.activationElements * bsz * 2 / n)
        let stepCollective = collectivePerToken(bsz)
        let steps = request.outputTokens
        var decode = 0.0, dc = 0.0, dm = 0.0, link = 0.0
        for s in 0..<steps {
            let context = P + Double(s) + 1
            let kvBytes = bsz * context * kvPerToken
            let att = roof.cost(fp16Flops: t.attentionFlopsPerContext * bsz * context / n, bytes: min(kvBytes, kvInHBM) * kvReadScale)
            let spill = max(0, kvBytes - kvInHBM) / hostLink
            decode += stepLinear.time + att.time + spill
            dc += stepLinear.computeTime + att.computeTime
            dm += stepLinear.memoryTime + att.memoryTime
            link += spill
        }
        b.decodeTime = decode + O * (stepCollective + overhead)
        b.computeTime += dc
        b.memoryTime += dm
        b.decodeComputeTime = dc
        b.decodeMemoryTime = dm
        b.collectiveTime += O * stepCollective
        b.hostLinkTime += link
        b.overheadTime += O * overhead
        b.acceleratorTime = b.prefillTime + b.decodeTime

        // Host: tokenisation before, detokenisation streamed during decode (hidden unless slower).
        b.hostPreTime = bsz * P * parameters.hostOpsPerToken / hostRate(parallelItems: key.batchSize)
        let detokenize = bsz * O * parameters.hostOpsPerToken / hostRate(parallelItems: key.batchSize)
        b.hostPostTime = max(0, detokenize - b.decodeTime)
        b.sequentialLatency = b.hostPreTime + b.acceleratorTime + detokenize
        b.pipelinedLatency = b.hostPreTime + b.acceleratorTime + b.hostPostTime
        b.sequentialPeriod = b.sequentialLatency
        b.pipelinedPeriod = max(b.acceleratorTime, b.hostPreTime + detokenize)
        b.int8FlopFraction = t.matmulFlops > 0 ? t.int8MatmulFlops / t.matmulFlops : 0
        return b
    }
}

// MARK: - Diffusion

extension CostModel {
    /// Roofline of one pass of `component` over `items` inputs, per-layer, on `roof`.
    func componentCost(_ component: String, items: Double, precisions: [NumericPrecision], roof: Roofline)
        -> (cost: RooflineCost, layers: Int, weightBytes: Double, peakActivation: Double) {
        var total = RooflineCost(), count = 0, weights = 0.0, peak = 0.0
        for (l, p) in zip(layers, precisions) where l.component == component {
            let wb = l.parameters * (p == .int8 ? 1 : 2)
            weights += wb
            count += 1
            let act = l.activationElements * items * 2
            peak = max(peak, act)
            let streamed = l.kind == .embedding ? 0 : wb
            total = total + (p == .int8 && l.kind != .attentionCore
                ? roof.cost(fp16Flops: 0, int8Ops: l.flops * items, bytes: streamed + act)
                : roof.cost(fp16Flops: l.flops * items, bytes: streamed + act))
        }
        return (total, count, weights, peak)
    }

    /// SDXL timeline of one batch of B images with guidance factor g (2 with CFG): on a device
    /// with D dies the batch is split data-parallel over the dies (⌈B/D⌉ images per die, weights
    /// replicated per die). Accelerator: text encoders (g prompts per image), steps × UNet pass
    /// over B·g latents, VAE decode of B images. Host: tokenisation and noise preparation before
    /// (the noise overlaps the text encoders), post-processing after (image i is post-processed
    /// while image i+1 is VAE-decoded: a two-stage pipeline).
    func evaluateDiffusion(request: ImageRequestShape, key: OperatingPointKey) throws(WorkloadError) -> CostBreakdown {
        let device = node.device
        let dies = device.dies
        let perDie = Double((key.batchSize + dies - 1) / dies)
        let g = Double(request.passesPerStep)
        let roof = Roofline(device: device, level: key.frequencyLevel, parameters: parameters, share: 1 / Double(dies))
        let precisions = self.precisions(for: key.profile)
        let te = componentCost("textEncoder", items: perDie * g, precisions: precisions, roof: roof)
        let unet = componentCost("unet", items: perDie * g, precisions: precisions, roof: roof)
        // The VAE decodes one image at a time (sliced decode): its activations at 1024² would
        // otherwise dominate memory, and slicing lets the host post-process image i meanwhile.
        let vaeOne = componentCost("vae", items: 1, precisions: precisions, roof: roof)
        var b = CostBreakdown()

        // Memory per card: weights per die, live activations (UNet: largest layer + skip
        // connections ≈ 2× largest; VAE: largest layer ×2), placed by the hybrid cache.
        b.weightBytes = (te.weightBytes + unet.weightBytes + vaeOne.weightBytes) * Double(dies)
        b.activationBytes = max(2 * unet.peakActivation, 2 * vaeOne.peakActivation, te.peakActivation) * Double(dies)
        let cache = HybridCache(hbmCapacity: device.memory.capacity * parameters.usableHBMFraction,
                                ddrCapacity: node.host.ddrCapacity / Double(node.cards))
        let placed = try cache.place([
            CacheItem(name: "weights", bytes: b.weightBytes, priority: 0, pinned: true),
            CacheItem(name: "activations", bytes: b.activationBytes, priority: 1, pinned: false),
        ])
        b.spilledBytes = placed.ddrBytes
        let hostLink = device.links.hostLink > 0 ? device.links.hostLink : .infinity
        // Spilled activations are written and read back once per pass.
        let spillPerPass = 2 * placed.ddrBytes / hostLink
        let passes = Double(request.steps) + 2
        let oh = { (layers: Int) -> Double in self.parameters.passOverhead + self.parameters.kernelOverhead * Double(layers) }

        b.textEncoderTime = te.cost.time + oh(te.layers)
        b.unetTime = Double(request.steps) * (unet.cost.time + oh(unet.layers) + spillPerPass)
        let vaeSlice = vaeOne.cost.time + oh(vaeOne.layers)
        b.vaeTime = perDie * vaeSlice + spillPerPass
        b.hostLinkTime = passes * spillPerPass
        b.overheadTime = oh(te.layers) + Double(request.steps) * oh(unet.layers) + perDie * oh(vaeOne.layers)
        b.computeTime = te.cost.computeTime + Double(request.steps) * unet.cost.computeTime + perDie * vaeOne.cost.computeTime
        b.memoryTime = te.cost.memoryTime + Double(request.steps) * unet.cost.memoryTime + perDie * vaeOne.cost.memoryTime
        b.acceleratorTime = b.textEncoderTime + b.unetTime + b.vaeTime

        // Host stages (per image, the card's share of the cores).
        let B = Double(key.batchSize)
        let model: DiffusionModel
        if case .diffusion(let m, _) = workload { model = m } else { model = .sdxl }
        let latentElements = 4 * Double(request.width / model.vaeScale) * Double(request.height / model.vaeScale)
        let rate = hostRate(parallelItems: key.batchSize)
        let tokenize = B * g * 2 * Double(model.textTokens) * parameters.hostOpsPerToken / rate
        let noise = B * latentElements * parameters.hostOpsPerLatentElement / rate
        let postOne = Double(request.width * request.height) * parameters.hostOpsPerOutputPixel / hostRate(parallelItems: 1)
        b.hostPreTime = tokenize + noise
        b.hostPostTime = B * Double(request.width * request.height) * parameters.hostOpsPerOutputPixel / rate
        b.sequentialLatency = b.hostPreTime + b.acceleratorTime + b.hostPostTime
        // Pre: tokenisation, then text encoders ‖ noise. Post: VAE slices → post-processing.
        let post = TwoStagePipeline(first: Array(repeating: vaeSlice, count: Int(perDie)),
                                    second: Array(repeating: postOne, count: Int(perDie)))
        let slicedVAE = post.pipelinedMakespan
        b.pipelinedLatency = tokenize + max(b.textEncoderTime, noise) + b.unetTime + min(b.vaeTime + b.hostPostTime, slicedVAE)
        b.sequentialPeriod = b.sequentialLatency
        b.pipelinedPeriod = max(b.acceleratorTime, b.hostPreTime + b.hostPostTime)
        let totalMatmul = layers.enumerated().filter { $0.element.kind.isQuantizable }
        let mm = totalMatmul.reduce(0.0) { $0 + $1.element.flops }
        let mm8 = totalMatmul.reduce(0.0) { $0 + (precisions[$1.offset] == .int8 ? $1.element.flops : 0) }
        b.int8FlopFraction = mm > 0 ? mm8 / mm : 0
        return b
    }
}
