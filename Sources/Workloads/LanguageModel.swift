/// A decoder-only transformer LLM (Llama family): architecture figures and its layer list.
///
/// Parameter counts and KV-cache size are derived from the architecture, not typed in:
/// Llama-2-7B gives 6.74 B parameters and 512 KiB/token of FP16 KV cache, Llama-2-70B
/// 68.98 B and 320 KiB/token (tests check both against the published figures).
public struct LanguageModel: Codable, Sendable, Hashable {
    /// Identifier, e.g. `llama-2-70b`.
    public var id: String
    /// Human-readable name.
    public var name: String
    /// Transformer blocks.
    public var blocks: Int
    /// Model (hidden) dimension.
    public var hidden: Int
    /// Query heads.
    public var heads: Int
    /// Key/value heads (fewer than `heads` with grouped-query attention).
    public var kvHeads: Int
    /// FFN intermediate dimension (SwiGLU).
    public var ffnHidden: Int
    /// Vocabulary size.
    public var vocabulary: Int

    /// Creates a model description; see `validate()` for the rules.
    public init(id: String, name: String, blocks: Int, hidden: Int, heads: Int, kvHeads: Int, ffnHidden: Int, vocabulary: Int) {
        self.id = id
        self.name = name
        self.blocks = blocks
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.ffnHidden = ffnHidden
        self.vocabulary = vocabulary
    }

    /// Checks the architecture: positive sizes, heads dividing hidden, KV heads dividing heads.
    public func validate() throws(WorkloadError) {
        for (field, value) in [("blocks", blocks), ("hidden", hidden), ("heads", heads), ("kvHeads", kvHeads),
                               ("ffnHidden", ffnHidden), ("vocabulary", vocabulary)] where value <= 0 {
            throw WorkloadError(field: "model.\(field)", rule: "must be a positive integer (got \(value))")
        }
        guard hidden % heads == 0 else {
            throw WorkloadError(field: "model.heads", rule: "must divide hidden (\(hidden)) (got \(heads))")
        }
        guard heads % kvHeads == 0 else {
            throw WorkloadError(field: "model.kvHeads", rule: "must divide heads (\(heads)) (got \(kvHeads))")
        }
    }

    /// Dimension of one attention head.
    public var headDimension: Int { hidden / heads }
    /// Width of the K (or V) projection output: kvHeads × headDimension.
    public var kvDimension: Int { kvHeads * headDimension }

    /// KV-cache bytes per token in FP16 (K and V, every block), bytes.
    public var kvBytesPerTokenFP16: Double { Double(2 * blocks * kvDimension * 2) }

    /// The layer list: embedding, per block (norm, q/k/v, attention core, o, norm, gate/up/down),
    /// final norm, LM head. `flops` are per token (attention core: per token per context token).
    public var layers: [Layer] {
        let h = Double(hidden), kv = Double(kvDimension), f = Double(ffnHidden), v = Double(vocabulary)
        var out: [Layer] = [Layer(name: "embed_tokens", kind: .embedding, component: "decoder", position: 0,
                                  parameters: v * h, flops: 0)]
        for b in 0..<blocks {
            let pos = (Double(b) + 0.5) / Double(blocks)
            func add(_ suffix: String, _ kind: LayerKind, _ params: Double, _ flops: Double, _ act: Double) {
                out.append(Layer(name: "blocks.\(b).\(suffix)", kind: kind, component: "decoder", position: pos,
                                 parameters: params, flops: flops, activationElements: act))
            }
            add("attn_norm", .norm, h, 4 * h, 2 * h)
            add("attn.q_proj", .attentionQKV, h * h, 2 * h * h, 2 * h)
            add("attn.k_proj", .attentionQKV, h * kv, 2 * h * kv, h + kv)
            add("attn.v_proj", .attentionQKV, h * kv, 2 * h * kv, h + kv)
            // QKᵀ and P·V over all query heads: 2·2·hidden FLOPs per context token; the KV
            // reads are charged separately from the KV cache.
            add("attn.core", .attentionCore, 0, 4 * h, 2 * h)
            add("attn.o_proj", .attentionOutput, h * h, 2 * h * h, 2 * h)
            add("ffn_norm", .norm, h, 4 * h, 2 * h)
            add("ffn.gate_proj", .ffnGate, h * f, 2 * h * f, h + f)
            add("ffn.up_proj", .ffnUp, h * f, 2 * h * f, h + f)
            add("ffn.down_proj", .ffnDown, f * h, 2 * f * h, 2 * f + h)
        }
        out.append(Layer(name: "norm", kind: .norm, component: "decoder", position: 1, parameters: h, flops: 4 * h,
                         activationElements: 2 * h))
        out.append(Layer(name: "lm_head", kind: .lmHead, component: "decoder", position: 1, parameters: h * v, flops: 2 * h * v,
                         activationElements: h + v))
        return out
    }

    /// Total weight parameters.
    public var parameters: Double { layers.reduce(0) { $0 + $1.parameters } }

    /// Llama-2-7B (Touvron et al. 2023, "Llama 2", arXiv:2307.09288; HF config `meta-llama/Llama-2-7b-hf`).
    public static let llama2_7B = LanguageModel(id: "llama-2-7b", name: "Llama-2-7B", blocks: 32, hidden: 4096, heads: 32,
                                                kvHeads: 32, ffnHidden: 11008, vocabulary: 32000)
    /// Llama-2-70B with grouped-query attention (8 KV heads) (same sources, `meta-llama/Llama-2-70b-hf`).
    public static let llama2_70B = LanguageModel(id: "llama-2-70b", name: "Llama-2-70B", blocks: 80, hidden: 8192, heads: 64,
                                                 kvHeads: 8, ffnHidden: 28672, vocabulary: 32000)
}
