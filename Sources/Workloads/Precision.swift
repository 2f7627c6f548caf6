import Foundation
import Hardware

/// Accuracy-loss parameters of one model: the loss budget of each precision profile and the
/// estimated loss of quantising every quantisable layer, with the metric and the sources.
///
/// These are model *parameters*, not outputs: the sensitivity analysis spends a profile's
/// budget greedily on the least sensitive layers, and the loss it reports is the sum of the
/// per-layer estimates it actually spent (≤ the budget).
public struct AccuracyParameters: Sendable, Hashable, Codable {
    /// Model identifier the parameters apply to.
    public var modelID: String
    /// What the loss is measured in, e.g. "MMLU 5-shot, percentage points".
    public var metric: String
    /// Estimated loss with every quantisable layer in INT8 (W8A8), same unit.
    public var fullINT8Loss: Double
    /// Loss budget of BALANCED, same unit.
    public var balancedBudget: Double
    /// Loss budget of ECO, same unit.
    public var ecoBudget: Double
    /// Where the numbers come from; "estimate:" marks modelling estimates.
    public var source: String

    /// Creates a parameter set; see `validate()`.
    public init(modelID: String, metric: String, fullINT8Loss: Double, balancedBudget: Double, ecoBudget: Double, source: String) {
        self.modelID = modelID
        self.metric = metric
        self.fullINT8Loss = fullINT8Loss
        self.balancedBudget = balancedBudget
        self.ecoBudget = ecoBudget
        self.source = source
    }

    /// Budgets must be non-negative and BALANCED ≤ ECO.
    public func validate() throws(WorkloadError) {
        for (f, v) in [("fullINT8Loss", fullINT8Loss), ("balancedBudget", balancedBudget), ("ecoBudget", ecoBudget)]
        where !(v >= 0 && v.isFinite) {
            throw WorkloadError(field: "accuracy.\(f)", rule: "must be a finite number ≥ 0 (got \(v))")
        }
        guard balancedBudget <= ecoBudget else {
            throw WorkloadError(field: "accuracy.balancedBudget", rule: "must not exceed ecoBudget (\(ecoBudget)) (got \(balancedBudget))")
        }
    }

    /// The loss budget of `profile` (0 for ULTRA_HIGH).
    public func budget(for profile: PrecisionProfile) -> Double {
        switch profile {
        case .ultraHigh: 0
        case .balanced: balancedBudget
        case .eco: ecoBudget
        }
    }

    /// The table for the built-in models; a conservative default for any other id.
    public static func defaults(for modelID: String) -> AccuracyParameters {
        switch modelID {
        case "llama-2-7b":
            AccuracyParameters(
                modelID: modelID, metric: "MMLU 5-shot, percentage points", fullINT8Loss: 1.0, balancedBudget: 0.5, ecoBudget: 0.7,
                source: "ECO 0.7 pp: the seed's measurement (ECO on Llama-7B, −0.7 % MMLU). Full W8A8 1.0 pp and BALANCED 0.5 pp: "
                    + "estimate: SmoothQuant (Xiao et al. 2023, arXiv:2211.10438) reports W8A8 within ≈1 point of FP16 on "
                    + "Llama-class 7B models; BALANCED keeps the sensitive layers FP16 so it spends about half")
        case "llama-2-70b":
            AccuracyParameters(
                modelID: modelID, metric: "MMLU 5-shot, percentage points", fullINT8Loss: 0.5, balancedBudget: 0.25, ecoBudget: 0.4,
                source: "estimate: larger models quantise better (SmoothQuant, LLM.int8() Dettmers et al. 2022 arXiv:2208.07339); "
                    + "half the 7B figures; MLPerf's llama2-70b accuracy target (99 % of FP32 ROUGE) is met by FP8/INT8 submissions")
        case "sdxl":
            AccuracyParameters(
                modelID: modelID, metric: "CLIP score, relative %", fullINT8Loss: 2.0, balancedBudget: 0.8, ecoBudget: 1.5,
                source: "estimate: Q-Diffusion (Li et al. 2023, arXiv:2302.04304) and PTQ4DM report small FID/CLIP changes at "
                    + "W8A8 with attention kept in higher precision; MLPerf SDXL INT8 submissions meet the FID/CLIP accuracy window")
        default:
            AccuracyParameters(modelID: modelID, metric: "task metric, percentage points", fullINT8Loss: 1.0, balancedBudget: 0.4,
                               ecoBudget: 0.8, source: "estimate: generic default, no model-specific data")
        }
    }
}

/// The per-layer precision file (the seed's `generated_mixed_precision.json` shape):
/// `{"layers":[{"name":"…","precision":"FP16"|"INT8"},…]}` in layer order.
public struct LayerPrecisionPlan: Codable, Sendable, Hashable {
    /// One layer's precision.
    public struct Entry: Codable, Sendable, Hashable {
        /// Layer name, as in the model's layer list.
        public var name: String
        /// FP16 or INT8.
        public var precision: NumericPrecision
        /// Creates an entry.
        public init(name: String, precision: NumericPrecision) {
            self.name = name
            self.precision = precision
        }
    }
    /// Every layer of the model, in the model's order.
    public var layers: [Entry]

    /// Creates a plan.
    public init(layers: [Entry]) { self.layers = layers }

    /// The JSON text: keys sorted, pretty-printed, no escaped slashes — byte-identical for identical plans.
    public func jsonData() throws(WorkloadError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch {
            throw WorkloadError(field: "layers", rule: "could not be encoded as JSON: \(error)")
        }
    }

    /// Reads a plan file; errors name the missing or invalid field.
    public static func decode(_ data: Data, file: String? = nil) throws(WorkloadError) -> LayerPrecisionPlan {
        do { return try JSONDecoder().decode(LayerPrecisionPlan.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw WorkloadError(field: codingPath(ctx.codingPath + [key]), rule: "is required", file: file)
        } catch let DecodingError.dataCorrupted(ctx) {
            throw WorkloadError(field: codingPath(ctx.codingPath),
                                rule: "must be \"FP16\" or \"INT8\" (\(ctx.debugDescription))", file: file)
        } catch {
            throw WorkloadError(field: "layers", rule: "is not a valid precision plan: \(error)", file: file)
        }
    }
}

/// One layer's sensitivity estimate.
public struct LayerSensitivity: Sendable, Hashable, Codable {
    /// Layer name.
    public var name: String
    /// What the layer does.
    public var kind: LayerKind
    /// Dimensionless sensitivity score: kind weight × position weight.
    public var score: Double
    /// The layer's share of the model's quantisable cost (½ parameter share + ½ FLOP share).
    public var share: Double
    /// Estimated accuracy loss if this layer alone runs INT8 (the model's metric).
    public var estimatedLoss: Double
}

/// Layer sensitivity analysis: scores every layer, then picks each profile's INT8 set greedily
/// within the profile's accuracy-loss budget.
///
/// Method (documented in docs/CALIBRATION.md §Precision):
/// 1. score sᵢ = `LayerKind.sensitivityWeight` × position weight, where the position weight
///    1 + 1.5·e^(−p/0.05) + 1.0·e^(−(1−p)/0.05) raises the first and last few percent of a
///    component's depth (quantisation error there is not averaged out by later layers);
/// 2. share wᵢ = ½·(params share) + ½·(FLOP share) among quantisable layers;
/// 3. loss ℓᵢ = κ·sᵢ·wᵢ with κ chosen so that all quantisable layers together lose
///    `fullINT8Loss` (first-order, additive — the HAWQ-style assumption);
/// 4. a profile's INT8 set: candidates sorted by ascending sᵢ (loss per unit of cost saved;
///    ties by layer order), taken while the running loss stays within the budget (layers that
///    do not fit are skipped, later cheaper ones may still fit). BALANCED never quantises
///    attention output, embeddings, LM head or norms; ECO may quantise any matmul layer.
public struct SensitivityAnalysis: Sendable, Hashable {
    /// The analysed layers, in model order.
    public let layers: [Layer]
    /// Per-layer estimates, in model order.
    public let sensitivities: [LayerSensitivity]
    /// The parameters used.
    public let accuracy: AccuracyParameters

    /// Analyses `layers` with `accuracy`'s full-INT8 loss.
    public init(layers: [Layer], accuracy: AccuracyParameters) throws(WorkloadError) {
        try accuracy.validate()
        guard !layers.isEmpty else { throw WorkloadError(field: "layers", rule: "must not be empty") }
        let quantizable = layers.filter { $0.kind.isQuantizable }
        let totalParams = quantizable.reduce(0) { $0 + $1.parameters }
        let totalFlops = quantizable.reduce(0) { $0 + $1.flops }
        func positionWeight(_ p: Double) -> Double { 1 + 1.5 * exp(-p / 0.05) + 1.0 * exp(-(1 - p) / 0.05) }
        let raw: [(score: Double, share: Double)] = layers.map { l in
            guard l.kind.isQuantizable else { return (l.kind.sensitivityWeight * positionWeight(l.position), 0) }
            let ps = totalParams > 0 ? l.parameters / totalParams : 0
            let fs = totalFlops > 0 ? l.flops / totalFlops : 0
            return (l.kind.sensitivityWeight * positionWeight(l.position), 0.5 * ps + 0.5 * fs)
        }
        let weighted = raw.reduce(0) { $0 + $1.score * $1.share }
        let kappa = weighted > 0 ? accuracy.fullINT8Loss / weighted : 0
        self.layers = layers
        self.accuracy = accuracy
        self.sensitivities = zip(layers, raw).map { l, r in
            LayerSensitivity(name: l.name, kind: l.kind, score: r.score, share: r.share, estimatedLoss: kappa * r.score * r.share)
        }
    }

    /// Kinds BALANCED keeps in FP16 whatever the budget.
    public static let balancedProtectedKinds: Set<LayerKind> = [.attentionOutput, .embedding, .lmHead, .norm, .attentionCore]

    /// The INT8 set of `profile` and its estimated loss (sum of the chosen layers' estimates).
    public func assignment(for profile: PrecisionProfile) -> (precisions: [NumericPrecision], estimatedLoss: Double) {
        var precisions = [NumericPrecision](repeating: .fp16, count: layers.count)
        let budget = accuracy.budget(for: profile)
        guard profile != .ultraHigh else { return (precisions, 0) }
        let candidates = layers.indices.filter { i in
            layers[i].kind.isQuantizable
                && (profile == .eco || !Self.balancedProtectedKinds.contains(layers[i].kind))
        }.sorted { a, b in
            let sa = sensitivities[a].score, sb = sensitivities[b].score
            return sa != sb ? sa < sb : a < b
        }
        var spent = 0.0
        let tolerance = 1e-12 * max(1, budget)
        for i in candidates where spent + sensitivities[i].estimatedLoss <= budget + tolerance {
            precisions[i] = .int8
            spent += sensitivities[i].estimatedLoss
        }
        return (precisions, spent)
    }

    /// The per-layer precision plan of `profile`.
    public func plan(for profile: PrecisionProfile) -> LayerPrecisionPlan {
        let a = assignment(for: profile).precisions
        return LayerPrecisionPlan(layers: zip(layers, a).map { LayerPrecisionPlan.Entry(name: $0.name, precision: $1) })
    }
}

/// A decoding path as a dotted field name: `layers.3.precision`.
func codingPath(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
}
