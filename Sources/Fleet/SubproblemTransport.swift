/// Where pricing problems are solved: threads in this process, or `epof` workers over HTTP.
///
/// Contract: `solve` answers every request (a result per request, in request order) and may
/// run them concurrently; it is called from one coordinator thread at a time. Requests are
/// self-contained, so an implementation may send a request to any worker, and re-send it to
/// another when the first fails: the answer is the same.
public protocol SubproblemTransport: Sendable {
    /// For reports: "in-process (2 threads)", "http (3 workers)".
    var description: String { get }
    /// Solves a batch of pricing problems.
    func solve(_ requests: [SubproblemRequest]) -> [Result<SubproblemResponse, SubproblemError>]
}

/// Pricing problems solved by threads of this process: node i always goes to thread
/// i mod threads, which keeps that node's model and solver (warm starts from the previous
/// price vector's basis). Solver objects are created, used and freed on their thread only.
public final class InProcessTransport: SubproblemTransport {
    private let pool: PinnedThreadPool<SolverShelf>

    /// A transport with `threads` solver threads (at least 1).
    public init(threads: Int) {
        pool = PinnedThreadPool(threads: max(1, threads)) { SolverShelf() }
    }

    /// CPU seconds each solver thread has spent solving so far (its load; see bench/README.md).
    public var threadCPUSeconds: [Double] { pool.busySeconds }

    public var description: String { "in-process (\(pool.threadCount) thread\(pool.threadCount == 1 ? "" : "s"))" }

    public func solve(_ requests: [SubproblemRequest]) -> [Result<SubproblemResponse, SubproblemError>] {
        pool.map(requests, thread: { $0.node }) { shelf, request in
            Result { () throws(SubproblemError) in try shelf.solver(for: request.node).solve(request) }
        }
    }
}

/// One thread's solvers, one per node (thread-confined: lives inside its pool thread).
final class SolverShelf {
    private var solvers: [Int: SubproblemSolver] = [:]
    func solver(for node: Int) -> SubproblemSolver {
        if let s = solvers[node] { return s }
        let s = SubproblemSolver()
        solvers[node] = s
        return s
    }
}
