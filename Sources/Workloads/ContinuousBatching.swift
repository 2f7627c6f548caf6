import Foundation
import Hardware

extension CostModel {
    /// LLM serving with continuous (iteration-level) batching, in steady state.
    ///
    /// The engine keeps up to `B = key.batchSize` sequences running; every iteration runs one
    /// forward pass over the decode token of each running sequence plus prefill tokens of newly
    /// admitted requests, at most `tokenBudget` tokens in all. In steady state with `d`
    /// sequences decoding, requests finish at λ = d / (O·T) per second (each emits one token
    /// per iteration of length T and leaves after O), so the prefill tokens per iteration are
    /// λ·T·P = d·P/O and the iteration holds d·(1 + P/O) tokens. The running batch is
    ///
    ///     d = min(B, ⌊budget / (1 + P/O)⌋),
    ///
    /// and the KV cache of d sequences at their full context P + O (reserved at admission, as
    /// engines that never preempt do) goes to HBM, the rest to host DDR (the hybrid cache); the
    /// spilled share of every KV read crosses the host link. One iteration costs: the linear
    /// layers over d·(1 + P/O) tokens reading the streamed weights once; decode attention over
    /// the mean context P + (O+1)/2 of the d sequences, reading their KV cache at
    /// `kvReadEfficiency`; prefill attention of d·P/O tokens at mean context (P+1)/2 and their
    /// KV written; tensor-parallel all-reduces for the iteration's tokens; pass and kernel
    /// overhead. Then TPOT = T, TTFT = host tokenisation of one prompt + ⌈O/d⌉·T (a request's
    /// prefill is given the iteration's whole prefill share, first come first served: P tokens
    /// at d·P/O per iteration; queueing before admission is the simulator's), latency = TTFT +
    /// O·T, throughput per card = λ / cards. Utilisation is that of the iteration (the engine
    /// is always busy at this point).
    func evaluateContinuousLanguage(model: LanguageModel, request: LLMRequestShape, key: OperatingPointKey,
                                    cards: Int, tokenBudget: Int) throws(WorkloadError) -> CostBreakdown {
        let device = node.device
        let t = languageTotals(profile: key.profile)
        let roof = Roofline(device: device, level: key.frequencyLevel, parameters: parameters)
        let n = Double(cards)
        let P = Double(request.promptTokens), O = Double(request.outputTokens)
        let kvShare = 1 / Double(min(cards, model.kvHeads))
        let kvPerToken = model.kvBytesPerTokenFP16 / 2 * parameters.kvCacheBytesPerValue * kvShare
        let budgetLimit = (Double(tokenBudget) / (1 + P / O)).rounded(.down)
        guard budgetLimit >= 1 else {
            throw WorkloadError(field: "parameters.continuousBatchingTokenBudget",
                                rule: "\(tokenBudget) tokens cannot hold one decode token plus its prefill share P/O = \(P / O) (need ≥ \(Int((1 + P / O).rounded(.up))))")
        }
        let d = min(Double(key.batchSize), budgetLimit)
        let prefillTokens = d * P / O
        let tokens = d + prefillTokens
        var b = CostBreakdown()

        // Memory: weights and the iteration's activations pinned, KV cache of d sequences.
        let liveElements = tokens * Double(3 * model.hidden + 2 * model.kvDimension + 2 * model.ffnHidden) / n
        b.weightBytes = t.weightBytes / n
        b.activationBytes = liveElements * 2 + d * Double(model.vocabulary) * 4
        b.kvCacheBytes = d * (P + O) * kvPerToken
        let cache = HybridCache(hbmCapacity: device.memory.capacity * parameters.usableHBMFraction,
                                ddrCapacity: node.host.ddrCapacity / Double(node.cards))
        let placed = try cache.place([
            CacheItem(name: "weights", bytes: b.weightBytes, priority: 0, pinned: true),
            CacheItem(name: "activations", bytes: b.activationBytes, priority: 1, pinned: true),
            CacheItem(name: "kvCache", bytes: b.kvCacheBytes, priority: 2, pinned: false),
        ])
        b.spilledBytes = placed.ddrBytes
        let spilledShare = b.kvCacheBytes > 0 ? placed.ddrBytes / b.kvCacheBytes : 0
        let hostLink = device.links.hostLink > 0 ? device.links.hostLink : .infinity

        // One iteration.
        let linear = roof.cost(fp16Flops: t.fp16Flops * tokens / n, int8Ops: t.int8Ops * tokens / n,
                               bytes: t.streamedWeightBytes / n + t.activationElements * tokens * 2 / n)
        let decodeContext = P + (O + 1) / 2
        let kvRead = d * decodeContext * kvPerToken
        let decodeAttention = roof.cost(fp16Flops: t.attentionFlopsPerContext * d * decodeContext / n,
                                        bytes: kvRead * (1 - spilledShare) * kvReadScale)
        let prefillAttention = roof.cost(fp16Flops: t.attentionFlopsPerContext * prefillTokens * (P + 1) / 2 / n,
                                         bytes: prefillTokens * kvPerToken)
        let spill = kvRead * spilledShare / hostLink
        let bytes = tokens * Double(model.hidden) * 2
        let collective = 2 * Double(model.blocks) * (allReduce(bytes: bytes, participants: device.dies, bandwidth: device.links.dieToDie)
            + allReduce(bytes: bytes, participants: cards, bandwidth: device.links.cardToCard))
        let overhead = parameters.passOverhead + parameters.kernelOverhead * Double(t.layerCount)
        let work = linear + decodeAttention + prefillAttention
        let iteration = work.time + spill + collective + overhead

        // Steady state over one cycle of B completed requests.
        let rate = d / (O * iteration)  // requests/s of the tensor-parallel group
        let cycle = Double(key.batchSize) / rate
        let iterations = cycle / iteration
        b.prefillTime = (O / d).rounded(.up) * iteration
        b.decodeTime = O * iteration
        b.computeTime = iterations * work.computeTime
        b.memoryTime = iterations * work.memoryTime
        b.decodeComputeTime = iterations * (linear.computeTime * d / tokens + decodeAttention.computeTime)
        b.decodeMemoryTime = iterations * (linear.memoryTime * d / tokens + decodeAttention.memoryTime)
        b.prefillComputeTime = b.computeTime - b.decodeComputeTime
        b.prefillMemoryTime = b.memoryTime - b.decodeMemoryTime
        b.collectiveTime = iterations * collective
        b.hostLinkTime = iterations * spill
        b.overheadTime = iterations * overhead
        b.acceleratorTime = cycle

        // Host: one prompt's tokenisation delays its first token; all tokens of the cycle must be
        // (de)tokenised within it.
        b.hostPreTime = P * parameters.hostOpsPerToken / hostRate(parallelItems: 1)
        let hostCycle = Double(key.batchSize) * (P + O) * parameters.hostOpsPerToken / hostRate(parallelItems: key.batchSize)
        b.hostPostTime = 0
        b.sequentialLatency = b.hostPreTime + b.prefillTime + b.decodeTime
        b.pipelinedLatency = b.sequentialLatency
        b.sequentialPeriod = max(cycle, hostCycle)
        b.pipelinedPeriod = max(cycle, hostCycle)
        b.int8FlopFraction = t.matmulFlops > 0 ? t.int8MatmulFlops / t.matmulFlops : 0
        return b
    }
}
