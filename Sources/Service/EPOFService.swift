import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// `epof serve`'s settings, as typed values (the CLI validates the option text).
public struct ServiceSettings: Sendable, Hashable {
    /// Address to bind (loopback by default: exposing the planner is an operator's decision).
    public var host: String = "127.0.0.1"
    /// Port (0: any free port, reported through `onListening`).
    public var port: Int = 8080
    /// Solver worker threads.
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Requests that may wait for a worker beyond those running; more are refused with 503.
    public var queueCapacity: Int?
    /// Largest request body, bytes (413 beyond).
    public var maxBody: Int = 8 << 20
    /// Per-request time limit, s: the longest a request may wait for a worker, and `/v1/solve`'s
    /// solver time limit. Nil: no limit.
    public var solveTimeout: Double? = 30
    /// Cases one `/v1/whatif` may sweep.
    public var whatIfCaseLimit: Int = 32
    /// Seconds a 503 asks the client to wait.
    public var retryAfter: Int = 1
    /// The name a request's scenario goes by in `file:line: field: rule` messages; relative paths
    /// inside it resolve against this path's folder (`--scenario-root`).
    public var requestName: String = "request.yaml"

    /// The documented defaults.
    public init() {}

    /// Waiting jobs allowed: the setting or 4 per worker.
    var effectiveQueueCapacity: Int { queueCapacity ?? 4 * workers }

    var queueTimeout: Duration? { solveTimeout.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) } }
}

/// Flags shared by the handlers and the lifecycle.
final class ServiceState: @unchecked Sendable {
    private let lock = NSLock()
    private var _draining = false
    /// Set once graceful shutdown starts: `/readyz` answers 503 from then on.
    var draining: Bool {
        get { lock.withLock { _draining } }
        set { lock.withLock { _draining = newValue } }
    }
}

/// The contract, as the server serves it at `GET /openapi.yaml`.
enum ContractDocument {
    static let text: String = {
        if let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
           let data = try? Data(contentsOf: url) {
            return String(decoding: data, as: UTF8.self)
        }
        return "openapi: 3.0.3\ninfo: {title: EPOF service, version: unknown}\npaths: {}\n"
    }()
}

/// The EPOF web service: a Hummingbird 2 application whose routes are generated from
/// openapi.yaml, in front of a ``WorkerPool`` running a ``ServiceBackend``.
///
/// Lifetime: ``run(onListening:)`` runs until SIGTERM or SIGINT (or the task is cancelled); graceful
/// shutdown stops accepting connections, lets in-flight requests finish, then stops the pool's
/// workers (after the jobs they hold) and returns normally.
public struct EPOFService: Sendable {
    /// The settings.
    public let settings: ServiceSettings
    let backend: any ServiceBackend
    /// The metrics `/metrics` prints.
    public let metrics: ServiceMetrics
    /// The solver workers.
    public let pool: WorkerPool
    let state = ServiceState()

    /// A service over `backend` (its workers start now).
    public init(backend: any ServiceBackend, settings: ServiceSettings) {
        self.settings = settings
        self.backend = backend
        let metrics = ServiceMetrics()
        self.metrics = metrics
        self.pool = WorkerPool(workers: settings.workers, queueCapacity: settings.effectiveQueueCapacity) { metrics.load($0) }
    }

    /// The router: the generated routes behind the service middleware (body limit, problem
    /// documents for errors, metrics).
    public func router() throws -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ServiceMiddleware(metrics: metrics, maxBody: settings.maxBody, retryAfter: settings.retryAfter))
        let handler = APIHandler(backend: backend, pool: pool, metrics: metrics, settings: settings, state: state)
        try handler.registerHandlers(on: router, middlewares: [DocumentPassThrough()])
        return router
    }

    /// The Hummingbird application (for tests: HummingbirdTesting drives it without a socket).
    public func application(onListening: (@Sendable (Int) -> Void)? = nil) throws -> some ApplicationProtocol {
        var logger = Logger(label: "epof.serve")
        logger.logLevel = .notice
        return Application(
            router: try router(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "epof"),
            onServerRunning: { channel in
                onListening?(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
    }

    /// Serves until SIGTERM/SIGINT, then drains and returns.
    public func run(onListening: (@Sendable (Int) -> Void)? = nil) async throws {
        let app = try application(onListening: onListening)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: DrainWatcher(state: state), successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "epof.serve.lifecycle")))
        try await group.run()
        pool.shutdown()
    }

    /// Stops the workers after the jobs they hold (for tests that drive `application()` directly).
    public func stopWorkers() { pool.shutdown() }
}

/// Marks the service draining once graceful shutdown begins (`/readyz` then answers 503).
struct DrainWatcher: Service {
    let state: ServiceState
    func run() async throws {
        try? await gracefulShutdown()
        state.draining = true
    }
}

/// Hummingbird middleware around every route: the body limit (413), errors as problem
/// documents (malformed bodies and unknown fields 400, wrong content type 415, unknown route
/// 404), and the per-route request metrics.
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics
    let maxBody: Int
    let retryAfter: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let response: Response
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBody {
            metrics.rejected("too_large")
            response = problem(.init("too-large", "The body is too large", status: .contentTooLarge,
                                          detail: "the body has \(length) bytes; the limit (--max-body) is \(maxBody)"))
        } else {
            do {
                _ = try await request.collectBody(upTo: maxBody)
                response = try await next(request, context)
            } catch let error as NIOTooManyBytesError {
                _ = error
                metrics.rejected("too_large")
                response = problem(.init("too-large", "The body is too large", status: .contentTooLarge,
                                              detail: "the body exceeds the limit (--max-body) of \(maxBody) bytes"))
            } catch let error as ServerError {
                response = problem(Self.problem(for: error))
            } catch let error as any HTTPResponseError {
                response = problem(.init(error.status == .notFound ? "not-found" : "http-error", error.status.reasonPhrase,
                                              status: error.status, detail: "\(request.method) \(request.uri.path): \(error.status.reasonPhrase)"))
            } catch {
                response = problem(.init("internal", "Internal error", status: .internalServerError, detail: "\(error)"))
            }
        }
        let route = context.endpointPath ?? (response.status == .notFound ? "unmatched" : request.uri.path)
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    /// What the generated layer's error means for the client.
    static func problem(for error: ServerError) -> Problem {
        let cause = error.underlyingError
        if cause is DecodingError || "\(type(of: cause))".contains("Decoding") {
            return Problem("malformed-body", "The body cannot be read", status: .badRequest,
                           detail: "\(error.operationID): \(Self.describe(cause))",
                           errors: Self.fieldErrors(cause))
        }
        let status = error.httpStatus
        if status.code >= 400 && status.code < 500 {
            return Problem(status == .unsupportedMediaType ? "unsupported-media-type" : "bad-request", status.reasonPhrase,
                           status: status, detail: "\(error.operationID): \(error.causeDescription)")
        }
        return Problem("internal", "Internal error", status: .internalServerError, detail: "\(error.operationID): \(error.causeDescription): \(cause)")
    }

    /// A decoding error in a sentence, with the JSON path.
    static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "(body)" : String(p.drop { $0 == "." })
        }
        switch e {
        case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
        case .keyNotFound(let k, let c): return "\(path(c).replacingOccurrences(of: "(body)", with: "")).\(k.stringValue): is required".trimmingCharacters(in: CharacterSet(charactersIn: "."))
        case .typeMismatch(let t, let c): return "\(path(c)): must be \(t)"
        case .valueNotFound(let t, let c): return "\(path(c)): must be \(t), not null"
        @unknown default: return "\(e)"
        }
    }

    static func fieldErrors(_ error: any Error) -> [FieldProblem] {
        let message = describe(error)
        guard let colon = message.range(of: ": ") else { return [FieldProblem(field: "(body)", rule: message, message: message)] }
        return [FieldProblem(field: String(message[..<colon.lowerBound]), rule: String(message[colon.upperBound...]), message: message)]
    }

    func problem(_ p: Problem) -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if p.status == 503 { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: p.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: p.json + "\n")))
    }
}
