import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The wire format of an error answer (HTTP 422): a pricing problem that has no answer for a
/// reason that another worker would meet too (infeasible node LP, solver failure).
public struct SubproblemFailure: Codable, Sendable, Equatable {
    /// "infeasible", "notOptimal" or "solver".
    public var kind: String
    public var node: Int
    public var message: String

    public init(_ e: SubproblemError) {
        switch e {
        case let .infeasible(n): (kind, node, message) = ("infeasible", n, "\(e)")
        case let .notOptimal(n, t): (kind, node, message) = ("notOptimal", n, t)
        case let .solver(n, m): (kind, node, message) = ("solver", n, m)
        case let .transport(_, m): (kind, node, message) = ("solver", -1, m)
        }
    }

    var error: SubproblemError {
        switch kind {
        case "infeasible": return .infeasible(node: node)
        case "notOptimal": return .notOptimal(node: node, termination: message)
        default: return .solver(node: node, message: message)
        }
    }
}

/// Pricing problems sent to stateless `epof fleet worker` instances: `POST {url}/v1/fleet/subproblem`
/// with a JSON ``SubproblemRequest``; the answer is a ``SubproblemResponse`` (200) or a
/// ``SubproblemFailure`` (422).
///
/// Fault tolerance: a worker that refuses the connection, times out (``timeout``) or answers
/// anything else is marked dead for the rest of this transport's life and its problem is
/// re-issued to a live worker; the answer is the same because requests are self-contained and
/// the backends deterministic. Only when every worker is dead do requests fail.
///
/// Threads: each batch runs `concurrency` requests per live worker, each on its own thread
/// (blocking URLSession calls); the transport keeps no solver.
public final class HTTPTransport: SubproblemTransport, @unchecked Sendable {
    // @unchecked: `alive` is guarded by `lock`; the rest is immutable.
    public let workers: [URL]
    public let timeout: Double
    public let concurrency: Int
    private let session: URLSession
    private let lock = NSLock()
    private var alive: [Bool]

    /// A transport over `workers` (base URLs), waiting `timeout` seconds per request.
    public init(workers: [URL], timeout: Double = 30, concurrency: Int = 2) {
        self.workers = workers
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        alive = Array(repeating: true, count: workers.count)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.httpMaximumConnectionsPerHost = self.concurrency
        session = URLSession(configuration: config)
    }

    public var description: String { "http (\(workers.count) worker\(workers.count == 1 ? "" : "s"))" }

    /// Which workers are still considered alive.
    public var liveWorkers: [URL] { lock.lock(); defer { lock.unlock() }; return zip(workers, alive).filter(\.1).map(\.0) }

    private func isAlive(_ w: Int) -> Bool { lock.lock(); defer { lock.unlock() }; return alive[w] }
    private func markDead(_ w: Int) { lock.lock(); alive[w] = false; lock.unlock() }

    public func solve(_ requests: [SubproblemRequest]) -> [Result<SubproblemResponse, SubproblemError>] {
        let results = ResultBox<Result<SubproblemResponse, SubproblemError>?>(count: requests.count)
        for k in requests.indices { results.set(k, nil) }
        let pending = IndexQueue(Array(requests.indices))
        let encoded = requests.map { r -> Data? in try? FleetJSON.encoder().encode(r) }
        // Rounds: when a worker dies its problem goes back to the queue; slots that found the
        // queue empty have left, so another round picks the leftovers up.
        while !pending.isEmpty {
            let live = (0..<workers.count).filter(isAlive)
            guard !live.isEmpty else { break }
            let group = DispatchGroup()
            for w in live {
                for _ in 0..<concurrency {
                    group.enter()
                    let t = Thread { [self] in
                        defer { group.leave() }
                        while isAlive(w), let k = pending.pop() {
                            guard let body = encoded[k] else {
                                results.set(k, .failure(.solver(node: requests[k].node, message: "the request cannot be encoded as JSON")))
                                continue
                            }
                            switch post(body, to: w) {
                            case .success(let r): results.set(k, .success(r))
                            case .failure(let e) where e.isRetryable:
                                markDead(w)
                                pending.push(k)
                            case .failure(let e): results.set(k, .failure(e))
                            }
                        }
                    }
                    t.start()
                }
            }
            group.wait()
        }
        return results.values().enumerated().map { k, r in
            r ?? .failure(.transport(worker: workers.map(\.absoluteString).joined(separator: ","),
                                     message: "every worker failed; node \(requests[k].node) was not solved"))
        }
    }

    private func post(_ body: Data, to w: Int) -> Result<SubproblemResponse, SubproblemError> {
        let url = workers[w].appendingPathComponent("v1/fleet/subproblem")
        var req = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        req.httpMethod = "POST"
        req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        req.httpBody = body
        let box = ResultBox<(Data?, URLResponse?, Error?)>(count: 1)
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: req) { d, r, e in box.set(0, (d, r, e)); done.signal() }.resume()
        // The session's own timeout fires first; this bound only guards against a lost callback.
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            return .failure(.transport(worker: workers[w].absoluteString, message: "no answer within \(timeout) s"))
        }
        let (data, response, error) = box.values()[0]
        let name = workers[w].absoluteString
        if let error { return .failure(.transport(worker: name, message: "\(error.localizedDescription)")) }
        guard let http = response as? HTTPURLResponse, let data else { return .failure(.transport(worker: name, message: "no HTTP response")) }
        switch http.statusCode {
        case 200:
            guard let r = try? FleetJSON.decoder().decode(SubproblemResponse.self, from: data) else {
                return .failure(.transport(worker: name, message: "the answer is not a subproblem response"))
            }
            return .success(r)
        case 422:
            guard let f = try? FleetJSON.decoder().decode(SubproblemFailure.self, from: data) else {
                return .failure(.transport(worker: name, message: "HTTP 422 without a failure body"))
            }
            return .failure(f.error)
        default:
            return .failure(.transport(worker: name, message: "HTTP \(http.statusCode)"))
        }
    }
}

/// A queue of indices shared by threads.
final class IndexQueue: @unchecked Sendable {
    // @unchecked: `items` is guarded by `lock`.
    private let lock = NSLock()
    private var items: [Int]
    init(_ items: [Int]) { self.items = items.reversed() }
    func pop() -> Int? { lock.lock(); defer { lock.unlock() }; return items.popLast() }
    func push(_ k: Int) { lock.lock(); items.append(k); lock.unlock() }
    var isEmpty: Bool { lock.lock(); defer { lock.unlock() }; return items.isEmpty }
}
