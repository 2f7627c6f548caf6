import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Hands a 200 document's bytes from the handler to the response without the generated
/// encoder in between.
///
/// Why: the bodies are the CLI's documents (plans of ~25 KB); decoding them into the generated
/// types (`OpenAPIObjectContainer`, which tries each JSON type in turn and throws on every
/// miss) and re-encoding them cost more than the plan itself. The handler still returns the
/// generated output case (so the status and content type are the contract's), with an empty
/// placeholder body, and leaves the document in the request's slot; this middleware, around
/// the generated handler, replaces the placeholder with it. The bytes are then exactly what
/// `epof … --format json` prints. Conformance of the documents to the contract is checked by
/// the contract test and schemathesis (`make check-serve`), not per request.
struct DocumentPassThrough: ServerMiddleware {
    /// One request's slot; set by the middleware, filled by the handler on its task.
    final class Slot: @unchecked Sendable {
        private let lock = NSLock()
        private var json: String?
        func store(_ text: String) { lock.withLock { json = text } }
        func take() -> String? { lock.withLock { defer { json = nil }; return json } }
    }

    @TaskLocal static var slot: Slot?

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        let slot = Slot()
        let (response, responseBody) = try await Self.$slot.withValue(slot) { try await next(request, body, metadata) }
        guard response.status == .ok, let json = slot.take() else { return (response, responseBody) }
        var head = response
        head.headerFields[.contentLength] = nil
        return (head, HTTPBody(json + "\n"))
    }
}
