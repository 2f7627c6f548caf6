import Foundation
import HTTPTypes

/// An RFC 9457 problem document (`application/problem+json`): what every error answer carries.
public struct Problem: Error, Sendable, Encodable {
    /// A URI reference naming the kind of problem (`/problems/<kind>`).
    public var type: String
    /// A short summary of the kind.
    public var title: String
    /// The HTTP status code.
    public var status: Int
    /// The CLI's message for the same failure.
    public var detail: String
    /// Field errors (`file:line: field: rule`), for scenario and model errors.
    public var errors: [FieldError]?
    /// The planner's diagnosis, for an infeasible plan (raw JSON, inserted as is).
    public var diagnosisJSON: String?

    /// One field error.
    public struct FieldError: Sendable, Encodable {
        var field: String
        var rule: String
        var file: String?
        var line: Int?
        var message: String
    }

    /// A problem of kind `kind` with HTTP `status`.
    public init(_ kind: String, _ title: String, status: HTTPResponse.Status, detail: String, errors: [FieldProblem]? = nil,
                diagnosisJSON: String? = nil) {
        self.type = "/problems/\(kind)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors?.map { FieldError(field: $0.field, rule: $0.rule, file: $0.file, line: $0.line, message: $0.message) }
        self.diagnosisJSON = diagnosisJSON
    }

    private enum Key: String, CodingKey { case type, title, status, detail, errors }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(errors, forKey: .errors)
    }

    /// The document's bytes (sorted keys, as every EPOF JSON document).
    public var json: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard var text = (try? e.encode(self)).map({ String(decoding: $0, as: UTF8.self) }) else {
            return "{\"status\":\(status),\"title\":\"problem\",\"type\":\"/problems/internal\",\"detail\":\"\"}"
        }
        // The diagnosis is already JSON (the planner's Codable value): splice it in before the
        // final brace rather than decoding and re-encoding it.
        if let d = diagnosisJSON, text.hasSuffix("}") {
            text.removeLast()
            while text.last?.isWhitespace == true { text.removeLast() }
            text += ",\n  \"diagnosis\" : " + d.replacingOccurrences(of: "\n", with: "\n  ") + "\n}"
        }
        return text
    }

    /// The problem for an operation failure (the CLI's exit codes 2, 3, 1 → 400, 422, 500).
    public static func from(_ failure: OperationFailure) -> Problem {
        switch failure {
        case .invalidInput(let message, let errors):
            return Problem("invalid-input", "The request's input breaks a rule", status: .badRequest, detail: message,
                           errors: errors)
        case .infeasible(let message, let diagnosis):
            return Problem("infeasible", "No plan meets the scenario's constraints", status: .unprocessableContent,
                           detail: message, diagnosisJSON: diagnosis)
        case .solverFailure(let message):
            return Problem("solver-failure", "The solver failed", status: .internalServerError, detail: message)
        }
    }

    /// The problem for a refused job (503).
    public static func from(_ rejection: WorkerPool.Rejection) -> Problem {
        switch rejection {
        case .queueFull:
            return Problem("overloaded", "Every solver worker is busy and the queue is full", status: .serviceUnavailable,
                           detail: "the server is at capacity; retry after the Retry-After delay")
        case .expired:
            return Problem("overloaded", "The request waited past the solve timeout", status: .serviceUnavailable,
                           detail: "the request did not reach a solver worker within --solve-timeout; retry after the Retry-After delay")
        case .closed:
            return Problem("draining", "The server is shutting down", status: .serviceUnavailable,
                           detail: "the server is draining in-flight requests and takes no new ones")
        }
    }
}
