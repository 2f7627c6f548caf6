import Foundation

/// The shape of an LLM request: prompt and output lengths.
public struct LLMRequestShape: Codable, Sendable, Hashable {
    /// Prompt (input) tokens per request.
    public var promptTokens: Int
    /// Generated (output) tokens per request.
    public var outputTokens: Int
    /// Creates a request shape; see `validate()`.
    public init(promptTokens: Int, outputTokens: Int) {
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
    }
    /// Both lengths must be ≥ 1.
    public func validate() throws(WorkloadError) {
        guard promptTokens >= 1 else { throw WorkloadError(field: "request.promptTokens", rule: "must be ≥ 1 (got \(promptTokens))") }
        guard outputTokens >= 1 else { throw WorkloadError(field: "request.outputTokens", rule: "must be ≥ 1 (got \(outputTokens))") }
    }
}

/// The shape of an image-generation request.
public struct ImageRequestShape: Codable, Sendable, Hashable {
    /// Denoising steps.
    public var steps: Int
    /// Image width, pixels (a multiple of the VAE scale, 8).
    public var width: Int
    /// Image height, pixels (a multiple of 8).
    public var height: Int
    /// Classifier-free guidance: two UNet passes per step (conditional + unconditional) and a
    /// negative-prompt text encoding.
    public var guidance: Bool
    /// Creates a request shape; see `validate()`.
    public init(steps: Int, width: Int, height: Int, guidance: Bool = true) {
        self.steps = steps
        self.width = width
        self.height = height
        self.guidance = guidance
    }
    /// Steps ≥ 1; width and height positive multiples of 8.
    public func validate() throws(WorkloadError) {
        guard steps >= 1 else { throw WorkloadError(field: "request.steps", rule: "must be ≥ 1 (got \(steps))") }
        for (f, v) in [("width", width), ("height", height)] where v < 8 || v % 8 != 0 {
            throw WorkloadError(field: "request.\(f)", rule: "must be a positive multiple of 8 pixels (got \(v))")
        }
    }
    /// UNet evaluations per step: 2 with guidance, else 1.
    public var passesPerStep: Int { guidance ? 2 : 1 }
}

/// What a catalog is built for: a model and the shape of its requests.
public enum Workload: Sendable, Hashable {
    /// LLM serving: each request prefills `promptTokens` and decodes `outputTokens`.
    case language(LanguageModel, LLMRequestShape)
    /// Image generation: each request is one image.
    case diffusion(DiffusionModel, ImageRequestShape)

    /// The model's identifier.
    public var modelID: String {
        switch self {
        case .language(let m, _): m.id
        case .diffusion(let m, _): m.id
        }
    }

    /// The unit of throughput: "request" or "image".
    public var workUnit: String {
        switch self {
        case .language: "request"
        case .diffusion: "image"
        }
    }

    /// The model's layer list (for a diffusion model, at the request's resolution).
    public var layers: [Layer] {
        switch self {
        case .language(let m, _): m.layers
        case .diffusion(let m, let r): m.layers(width: r.width, height: r.height)
        }
    }

    /// Checks the model and the request shape.
    public func validate() throws(WorkloadError) {
        switch self {
        case .language(let m, let r):
            try m.validate()
            try r.validate()
        case .diffusion(_, let r):
            try r.validate()
        }
    }

    /// Built-in models by identifier: `llama-2-7b`, `llama-2-70b`, `sdxl`.
    public static let knownModelIDs = ["llama-2-7b", "llama-2-70b", "sdxl"]

    /// Parses a workload file (JSON):
    ///
    ///     {"model": "llama-2-70b", "promptTokens": 1024, "outputTokens": 256}
    ///     {"model": "sdxl", "steps": 30, "width": 1024, "height": 1024, "guidance": true}
    ///
    /// A missing field, a wrong type or a value out of range gives a `WorkloadError` naming the
    /// field and the rule (and `file`, when given).
    public static func parse(_ data: Data, file: String? = nil) throws(WorkloadError) -> Workload {
        let raw: RawWorkloadFile
        do { raw = try JSONDecoder().decode(RawWorkloadFile.self, from: data) } catch let DecodingError.typeMismatch(type, ctx) {
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            let expected = type == Bool.self ? "true or false" : type == String.self ? "a string" : "an integer"
            throw WorkloadError(field: field.isEmpty ? "(document)" : field,
                                rule: field.isEmpty ? "must be a JSON object" : "must be \(expected)", file: file)
        } catch let DecodingError.dataCorrupted(ctx) {
            let field = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw WorkloadError(field: field.isEmpty ? "(document)" : field,
                                rule: field.isEmpty ? "must be a JSON object" : "must be an integer", file: file)
        } catch {
            throw WorkloadError(field: "(document)", rule: "must be a JSON object: \(error)", file: file)
        }
        func int(_ key: String, _ value: Int?) throws(WorkloadError) -> Int {
            guard let value else { throw WorkloadError(field: key, rule: "is required", file: file) }
            return value
        }
        guard let id = raw.model else { throw WorkloadError(field: "model", rule: "is required", file: file) }
        let workload: Workload
        switch id {
        case "llama-2-7b", "llama-2-70b":
            let shape = LLMRequestShape(promptTokens: try int("promptTokens", raw.promptTokens),
                                        outputTokens: try int("outputTokens", raw.outputTokens))
            workload = .language(id == "llama-2-7b" ? .llama2_7B : .llama2_70B, shape)
        case "sdxl":
            workload = .diffusion(.sdxl, ImageRequestShape(steps: try int("steps", raw.steps), width: try int("width", raw.width),
                                                           height: try int("height", raw.height), guidance: raw.guidance ?? true))
        default:
            throw WorkloadError(field: "model", rule: "must be one of \(knownModelIDs.joined(separator: ", ")) (got \"\(id)\")", file: file)
        }
        do { try workload.validate() } catch {
            throw WorkloadError(field: error.field.replacingOccurrences(of: "request.", with: ""), rule: error.rule, file: file)
        }
        return workload
    }
}

/// The workload file's fields, all optional so that a missing one is reported by name.
private struct RawWorkloadFile: Decodable {
    var model: String?
    var promptTokens: Int?
    var outputTokens: Int?
    var steps: Int?
    var width: Int?
    var height: Int?
    var guidance: Bool?
}
