import Foundation

/// Long-lived threads, each owning one `State` value created on that thread and never handed
/// to another; work items are routed to a thread by a key, so a key's state (e.g. a node's
/// solver) is always used by the same thread.
///
/// Lifetime: the threads run until the pool is deinitialised (they are told to stop and the
/// pool waits for them). `map` may be called from one thread at a time.
final class PinnedThreadPool<State>: @unchecked Sendable {
    // @unchecked: `queues`, `stopping` and `running` are guarded by `condition`; each `State`
    // lives in its thread's stack frame and is passed only to jobs that thread runs.
    private let condition = NSCondition()
    private var queues: [[(State) -> Void]]
    private var stopping = false
    private var running = 0
    let threadCount: Int
    /// CPU time each thread spent in jobs, s (guarded by `condition`).
    private var busy: [Double]

    init(threads: Int, makeState: @escaping @Sendable () -> State) {
        threadCount = threads
        queues = Array(repeating: [], count: threads)
        busy = Array(repeating: 0, count: threads)
        for i in 0..<threads {
            let t = Thread { [unowned self] in self.run(i, makeState) }
            t.stackSize = 8 << 20
            t.name = "epof-fleet-\(i)"
            condition.lock(); running += 1; condition.unlock()
            t.start()
        }
    }

    deinit {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func run(_ i: Int, _ makeState: @Sendable () -> State) {
        let state = makeState()
        while true {
            condition.lock()
            while queues[i].isEmpty && !stopping { condition.wait() }
            if queues[i].isEmpty && stopping {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queues[i].removeFirst()
            condition.unlock()
            let before = Self.threadCPUTime()
            job(state)
            let spent = Self.threadCPUTime() - before
            condition.lock(); busy[i] += spent; condition.unlock()
        }
    }

    /// CPU seconds each thread has spent in jobs so far: on a machine shared with other work
    /// the wall-clock speed-up hides it, but max/sum shows how evenly the work is split.
    var busySeconds: [Double] { condition.lock(); defer { condition.unlock() }; return busy }

    /// The calling thread's CPU time, s.
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Applies `body` to every item on the thread `thread(item) mod threadCount`, each thread
    /// taking its items in order; returns the results in item order.
    func map<Item: Sendable, Result: Sendable>(_ items: [Item], thread: (Item) -> Int,
                                                 _ body: @escaping @Sendable (State, Item) -> Result) -> [Result] {
        let box = ResultBox<Result>(count: items.count)
        var byThread = [[Int]](repeating: [], count: threadCount)
        for (k, item) in items.enumerated() { byThread[((thread(item) % threadCount) + threadCount) % threadCount].append(k) }
        let group = DispatchGroup()
        condition.lock()
        for (i, ks) in byThread.enumerated() where !ks.isEmpty {
            group.enter()
            let mine = ks.map { ($0, items[$0]) }
            queues[i].append { state in
                for (k, item) in mine { box.set(k, body(state, item)) }
                group.leave()
            }
        }
        condition.broadcast()
        condition.unlock()
        group.wait()
        return box.values()
    }
}

/// Results written by several threads into distinct slots.
final class ResultBox<T>: @unchecked Sendable {
    // @unchecked: slots are written under `lock`, each once.
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ v: T) { lock.lock(); slots[k] = v; lock.unlock() }
    func values() -> [T] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}
