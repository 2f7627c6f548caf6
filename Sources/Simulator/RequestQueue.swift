/// The FIFO queue of one work class, stored compactly: one bucket per tick with arrivals
/// (arrival tick, requests), in a growable ring buffer. Requests in one bucket are
/// indistinguishable, so waiting times are resolved to the tick: a request that arrived in
/// tick a and starts service in tick k waited (k − a)·Δt (error below one tick).
///
/// Deadlines (deferrable work): a request misses its deadline D when its service has not
/// started within D of its arrival, i.e. it is still queued at the end of tick a + ⌊D/Δt⌋.
/// A missed request is counted once and stays queued (late work is still done).
struct RequestQueue {
    private var arrivalTicks: [Int]
    private var counts: [Int]
    private var mask: Int
    /// Absolute positions; the ring index is position & mask.
    private var head = 0, tail = 0
    /// Buckets before this absolute position have been counted as missed.
    private var missCursor = 0
    /// Requests waiting.
    private(set) var length = 0

    init(capacity: Int = 1024) {
        var c = 16
        while c < capacity { c <<= 1 }
        arrivalTicks = Array(repeating: 0, count: c)
        counts = Array(repeating: 0, count: c)
        mask = c - 1
    }

    /// Adds `count` requests that arrived in tick `tick` (ticks must not decrease).
    mutating func enqueue(_ count: Int, tick: Int) {
        guard count > 0 else { return }
        length += count
        if tail > head, arrivalTicks[(tail - 1) & mask] == tick {
            counts[(tail - 1) & mask] += count
            return
        }
        if tail - head == counts.count { grow() }
        arrivalTicks[tail & mask] = tick
        counts[tail & mask] = count
        tail += 1
    }

    private mutating func grow() {
        let n = counts.count
        var newTicks = Array(repeating: 0, count: 2 * n)
        var newCounts = Array(repeating: 0, count: 2 * n)
        for i in 0..<(tail - head) {
            newTicks[i] = arrivalTicks[(head + i) & mask]
            newCounts[i] = counts[(head + i) & mask]
        }
        missCursor -= head
        tail -= head
        head = 0
        arrivalTicks = newTicks
        counts = newCounts
        mask = 2 * n - 1
    }

    /// Serves up to `limit` requests from the head in tick `now`; records each one's latency
    /// (waiting time + `serviceLatency`, s) in `latencies`; counts those within `objective`
    /// into `withinObjective`. Returns the number served.
    mutating func serve(_ limit: Int, now: Int, tickLength: Double, serviceLatency: Double,
                        objective: Double, latencies: inout LogHistogram, withinObjective: inout Int) -> Int {
        var remaining = min(limit, length)
        let served = remaining
        while remaining > 0 {
            let slot = head & mask
            let take = min(remaining, counts[slot])
            let latency = Double(now - arrivalTicks[slot]) * tickLength + serviceLatency
            latencies.record(latency, weight: take)
            if latency <= objective { withinObjective += take }
            remaining -= take
            counts[slot] -= take
            if counts[slot] == 0 { head += 1 }
        }
        length -= served
        if missCursor < head { missCursor = head }
        return served
    }

    /// At the end of tick `now`: counts the requests whose deadline passes with this tick
    /// (arrived in a tick a with a + `deadlineTicks` ≤ now, not yet counted) and returns them.
    mutating func countDeadlineMisses(now: Int, deadlineTicks: Int) -> Int {
        var missed = 0
        while missCursor < tail && arrivalTicks[missCursor & mask] + deadlineTicks <= now {
            missed += counts[missCursor & mask]
            missCursor += 1
        }
        return missed
    }

    /// Waiting time of the oldest request at tick `now`, s (0 when empty).
    func oldestWait(now: Int, tickLength: Double) -> Double {
        length > 0 ? Double(now - arrivalTicks[head & mask]) * tickLength : 0
    }
}
