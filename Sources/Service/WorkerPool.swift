import Foundation

/// A fixed pool of solver-worker threads behind a bounded FIFO queue.
///
/// **Thread and lifetime contract.**
/// - `workers` OS threads are started by `init` and live until ``shutdown()`` returns. They run
///   nothing but submitted jobs; Swift concurrency's cooperative threads (and NIO's event
///   loops) never run a solve, so a long solve cannot starve request parsing or `/healthz`.
/// - A job runs start to end on one worker thread. Everything it creates there — the planner,
///   the GLPK/CLP/CBC objects, the scenario — is dropped before the job returns: solver objects
///   never cross threads and nothing outlives the request, so memory stays flat under load.
/// - At most `queueCapacity` jobs wait; a submission beyond that is refused at once with
///   ``Rejection/queueFull`` (the service answers 503 with Retry-After) instead of queueing
///   without bound. A job that waited past its deadline is not started (``Rejection/expired``).
/// - ``shutdown()`` refuses new jobs (``Rejection/closed``), lets the workers finish every job
///   already accepted, then joins them.
///
/// The queue and counters are guarded by one `NSCondition`; `@unchecked Sendable` rests on that.
public final class WorkerPool: @unchecked Sendable {
    /// Why a job was not run.
    public enum Rejection: Error, Sendable, Hashable {
        /// Every worker is busy and the queue is full.
        case queueFull
        /// The job waited in the queue past its deadline.
        case expired
        /// The pool is shutting down.
        case closed
    }

    /// Counts for metrics and readiness.
    public struct Load: Sendable, Hashable {
        /// Jobs waiting for a worker.
        public var queued: Int
        /// Jobs running (solves in flight).
        public var running: Int
    }

    private struct Job {
        let deadline: ContinuousClock.Instant?
        /// Runs the body; returns what resumes the caller (called once the counters are updated).
        let run: () -> () -> Void
        let reject: (Rejection) -> Void
    }

    /// Worker threads.
    public let workers: Int
    /// Jobs that may wait for a worker.
    public let queueCapacity: Int

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var running = 0
    private var closed = false
    private var alive = 0
    private let observer: (@Sendable (Load) -> Void)?

    /// Starts `workers` threads (≥ 1) with a queue of `queueCapacity` (≥ 0) waiting jobs;
    /// `observer` is told the load after every change (called with the lock held: keep it short).
    public init(workers: Int, queueCapacity: Int, observer: (@Sendable (Load) -> Void)? = nil) {
        self.workers = max(1, workers)
        self.queueCapacity = max(0, queueCapacity)
        self.observer = observer
        alive = self.workers
        for i in 0..<self.workers {
            let t = Thread { [self] in work() }
            t.name = "epof-solver-\(i)"
            // The YAML reader and the planner recurse; give them a main-thread-sized stack.
            t.stackSize = 16 << 20
            t.start()
        }
    }

    /// The current load.
    public var load: Load {
        condition.lock()
        defer { condition.unlock() }
        return Load(queued: queue.count - head, running: running)
    }

    /// Whether a new job would be queued rather than refused.
    public var accepting: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !closed && queue.count - head + running < workers + queueCapacity
    }

    /// Runs `body` on a worker thread and returns its value; refuses when full or closing,
    /// and gives up when the job has not started within `timeout`.
    public func run<T: Sendable>(timeout: Duration?, _ body: @escaping @Sendable () -> T) async throws(Rejection) -> T {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let result: Result<T, Rejection> = await withCheckedContinuation { continuation in
            let job = Job(deadline: deadline,
                          run: {
                              let value = body()
                              return { continuation.resume(returning: .success(value)) }
                          },
                          reject: { continuation.resume(returning: .failure($0)) })
            if let refusal = enqueue(job) { continuation.resume(returning: .failure(refusal)) }
        }
        return try result.get()
    }

    private func enqueue(_ job: Job) -> Rejection? {
        condition.lock()
        defer { condition.unlock() }
        if closed { return .closed }
        // Admitted = waiting + running; idle workers take jobs at once, only the excess waits.
        if queue.count - head + running >= workers + queueCapacity { return .queueFull }
        queue.append(job)
        notify()
        condition.signal()
        return nil
    }

    private func notify() { observer?(Load(queued: queue.count - head, running: running)) }

    private func work() {
        while true {
            condition.lock()
            while head == queue.count && !closed { condition.wait() }
            if head == queue.count {
                alive -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            running += 1
            notify()
            condition.unlock()

            let resume: () -> Void
            if let d = job.deadline, ContinuousClock.now > d { resume = { job.reject(.expired) } } else { resume = job.run() }

            // Free the slot before the caller resumes, so what it sees next (/readyz, a new
            // request) counts this job as done.
            condition.lock()
            running -= 1
            notify()
            condition.unlock()
            resume()
        }
    }

    /// Refuses new jobs, runs the queued ones, and returns when every worker has exited.
    public func shutdown() {
        condition.lock()
        closed = true
        condition.broadcast()
        while alive > 0 { condition.wait() }
        condition.unlock()
    }
}
