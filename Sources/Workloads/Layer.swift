/// What a layer does; decides its sensitivity to quantisation and whether it can run in INT8.
public enum LayerKind: String, Codable, Sendable, CaseIterable {
    /// Token embedding table (a lookup: no matmul FLOPs; only the looked-up rows are read).
    case embedding
    /// Query/key/value projections of self-attention.
    case attentionQKV
    /// Attention scores and weighted sum (QKᵀ, softmax, ·V): context-dependent FLOPs, no weights.
    case attentionCore
    /// Attention output projection.
    case attentionOutput
    /// Key/value projections of cross-attention (from text embeddings; cost independent of image size).
    case crossAttentionKV
    /// FFN gate projection (SwiGLU/GEGLU).
    case ffnGate
    /// FFN up projection.
    case ffnUp
    /// FFN down projection.
    case ffnDown
    /// Normalisation (RMSNorm, LayerNorm, GroupNorm): tiny, always FP16.
    case norm
    /// Language-model head (hidden → vocabulary logits).
    case lmHead
    /// Convolution (UNet/VAE resnet blocks, up/down sampling, stems).
    case conv
    /// Other linear projections (proj_in/out, time/text embedding MLPs).
    case projection

    /// Whether the layer has a weight matmul that can be quantised to INT8.
    public var isQuantizable: Bool {
        switch self {
        case .norm, .attentionCore: false
        default: true
        }
    }

    /// Prior sensitivity to INT8 quantisation (dimensionless, 1 = an FFN matmul).
    ///
    /// Ordering follows the quantisation literature (LLM.int8(), SmoothQuant, Q-Diffusion):
    /// embeddings and the LM head see outlier-heavy inputs and map straight to outputs; the
    /// attention output projection receives the softmax-weighted outlier channels; QKV is
    /// intermediate; FFN matmuls are the most tolerant. These are modelling estimates.
    public var sensitivityWeight: Double {
        switch self {
        case .embedding: 4
        case .lmHead: 5
        case .attentionOutput: 2.5
        case .attentionQKV: 1.5
        case .crossAttentionKV: 1.5
        case .ffnGate, .ffnUp: 1
        case .ffnDown: 1.3
        case .conv: 1.2
        case .projection: 1.5
        case .norm, .attentionCore: 10
        }
    }
}

/// One layer of a model: what it is, where it sits, how big it is and what it costs.
public struct Layer: Codable, Sendable, Hashable {
    /// Unique name within the model, e.g. `blocks.3.ffn.up` or `unet.down.1.attn.0.ff.up`.
    public var name: String
    /// What the layer does.
    public var kind: LayerKind
    /// Sub-network: `decoder` (LLM), `unet`, `vae`, `textEncoder`.
    public var component: String
    /// Depth position in the component, 0 (input) … 1 (output).
    public var position: Double
    /// Weight parameters (count).
    public var parameters: Double
    /// FLOPs of one application: per token for an LLM (attention core: per token per context
    /// token), per network pass for a diffusion component at the model's resolution.
    public var flops: Double
    /// Activation elements read and written by one application (same unit as `flops`; the
    /// attention core counts Q, K, V and O once, as a fused flash-attention kernel does).
    public var activationElements: Double

    /// Creates a layer description.
    public init(name: String, kind: LayerKind, component: String, position: Double, parameters: Double, flops: Double,
                activationElements: Double = 0) {
        self.name = name
        self.kind = kind
        self.component = component
        self.position = position
        self.parameters = parameters
        self.flops = flops
        self.activationElements = activationElements
    }
}
