import ArgumentParser
import Dispatch
import Foundation
import Service

/// `epof serve`: the planner as a web API (Sources/Service), over the same calls as the CLI.
public struct ServeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the planner as a web API (openapi.yaml) for schedulers in any language.",
        discussion: """
        Endpoints (the contract is openapi.yaml, also served at GET /openapi.yaml): POST /v1/plan, \
        /v1/pareto, /v1/whatif (plan-only, bounded), /v1/solve, /v1/validate; GET /v1/presets, \
        /healthz, /readyz, /metrics (Prometheus). Each 200 body is the JSON document the matching \
        command prints with --format json; errors are RFC 9457 problem documents (400 bad input \
        with the field path, 413 body over --max-body, 415 content type, 422 infeasible with the \
        diagnosis, 503 overload with Retry-After).

        Solves run on --workers solver threads (one solver per thread; nothing crosses threads) \
        behind a queue of --queue waiting requests; a request beyond that, or one that waited \
        longer than --solve-timeout, is answered 503 at once. --solve-timeout is also /v1/solve's \
        solver time limit.

        Relative paths inside a scenario body (device, node, trace, presets files) resolve \
        against --scenario-root. SIGTERM or SIGINT: stop accepting, finish in-flight requests, \
        exit 0.
        """
    )

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port (0: any free port; the chosen one is printed).")
    var port: Int = 8080

    @Option(help: "Solver worker threads (default: the active processor count).")
    var workers: Int?

    @Option(help: "Requests that may wait for a worker (default: 4 per worker).")
    var queue: Int?

    @Option(name: .customLong("max-body"), help: "Largest request body: bytes or with a unit (KiB, MiB).")
    var maxBody: String = "8MiB"

    @Option(name: .customLong("solve-timeout"), help: "Per-request time limit, seconds (0: none).")
    var solveTimeout: Double = 30

    @Option(name: .customLong("scenario-root"), help: "Folder against which relative paths in scenario bodies resolve.")
    var scenarioRoot: String = "."

    public init() {}

    public func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535 (got \(port))") }
        if let w = workers, !(1...256).contains(w) { throw ValidationError("--workers must be in 1…256 (got \(w))") }
        if let q = queue, !(0...100_000).contains(q) { throw ValidationError("--queue must be in 0…100000 (got \(q))") }
        guard solveTimeout.isFinite, solveTimeout >= 0 else { throw ValidationError("--solve-timeout must be ≥ 0 seconds (got \(solveTimeout))") }
        guard Self.bytes(maxBody) != nil else { throw ValidationError("--max-body must be a size such as 8MiB, 512KiB or 1048576 (got \(maxBody))") }
    }

    /// `8MiB`, `512KiB`, `1MB`, `1048576` → bytes (1 B to 1 GiB).
    static func bytes(_ text: String) -> Int? {
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3),
                                         ("kB", 1e3), ("B", 1)]
        var number = text.trimmingCharacters(in: .whitespaces), scale = 1.0
        for (u, s) in units where number.hasSuffix(u) {
            number = String(number.dropLast(u.count)).trimmingCharacters(in: .whitespaces)
            scale = s
            break
        }
        guard let x = Double(number), x.isFinite, x > 0 else { return nil }
        let n = x * scale
        return n >= 1 && n <= 1_073_741_824 ? Int(n) : nil
    }

    public func run() throws {
        var settings = ServiceSettings()
        settings.host = host
        settings.port = port
        if let workers { settings.workers = workers }
        settings.queueCapacity = queue
        settings.maxBody = Self.bytes(maxBody) ?? settings.maxBody
        settings.solveTimeout = solveTimeout > 0 ? solveTimeout : nil
        settings.requestName = scenarioRoot == "." ? "request.yaml" : (scenarioRoot as NSString).appendingPathComponent("request.yaml")
        let service = EPOFService(backend: CommandBackend(), settings: settings)
        let (host, workers, queue) = (settings.host, settings.workers, service.pool.queueCapacity)
        // The service is async; this command is not (the root command is synchronous), so it
        // runs on a task and the main thread waits for it.
        let done = DispatchSemaphore(value: 0)
        let outcome = ServeOutcome()
        Task {
            do {
                try await service.run { port in
                    FileHandle.standardError.write(Data("epof serve: listening on http://\(host):\(port) (\(workers) solver workers, queue \(queue))\n".utf8))
                }
            } catch {
                outcome.error = "\(error)"
            }
            done.signal()
        }
        done.wait()
        if let e = outcome.error { throw fail(.solverFailure, "serve: \(e)") }
        FileHandle.standardError.write(Data("epof serve: stopped\n".utf8))
    }
}

/// The serving task's error, read by the main thread after the semaphore.
private final class ServeOutcome: @unchecked Sendable {
    var error: String?
}
