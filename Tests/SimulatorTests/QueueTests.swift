import Hardware
import Testing
@testable import Simulator

@Suite struct QueueAndHistogramTests {
    @Test func fifoServesOldestFirstAndRecordsWaiting() {
        var q = RequestQueue(capacity: 2)
        var h = LogHistogram()
        var within = 0
        q.enqueue(3, tick: 0)
        q.enqueue(2, tick: 5)
        #expect(q.length == 5)
        let s1 = q.serve(4, now: 10, tickLength: 0.1, serviceLatency: 0.5, objective: 1.2, latencies: &h, withinObjective: &within)
        #expect(s1 == 4 && q.length == 1)
        // 3 waited 1.0 s (+0.5), 1 waited 0.5 s (+0.5)
        #expect(h.total == 4)
        #expect(abs(h.sum - (3 * 1.5 + 1.0)) < 1e-12)
        #expect(within == 1)
        let s2 = q.serve(10, now: 10, tickLength: 0.1, serviceLatency: 0.5, objective: 10, latencies: &h, withinObjective: &within)
        #expect(s2 == 1 && q.length == 0)
        #expect(q.serve(3, now: 11, tickLength: 0.1, serviceLatency: 0, objective: 1, latencies: &h, withinObjective: &within) == 0)
    }

    @Test func ringBufferGrowsAndKeepsOrder() {
        var q = RequestQueue(capacity: 16)
        var h = LogHistogram()
        var within = 0
        for t in 0..<100 { q.enqueue(1, tick: t) }
        _ = q.serve(30, now: 100, tickLength: 1, serviceLatency: 0, objective: .infinity, latencies: &h, withinObjective: &within)
        for t in 100..<200 { q.enqueue(1, tick: t) }
        #expect(q.length == 170)
        #expect(q.oldestWait(now: 200, tickLength: 1) == 170)
        h.reset()
        _ = q.serve(170, now: 200, tickLength: 1, serviceLatency: 0, objective: .infinity, latencies: &h, withinObjective: &within)
        #expect(h.maximum == 170 && h.total == 170)
    }

    @Test func deadlineMissesAreCountedOnce() {
        var q = RequestQueue()
        var h = LogHistogram()
        var within = 0
        q.enqueue(4, tick: 0)
        q.enqueue(6, tick: 3)
        // deadline 5 ticks: bucket 0 misses at the end of tick 5 unless served
        #expect(q.countDeadlineMisses(now: 4, deadlineTicks: 5) == 0)
        _ = q.serve(1, now: 5, tickLength: 1, serviceLatency: 0, objective: 1, latencies: &h, withinObjective: &within)
        #expect(q.countDeadlineMisses(now: 5, deadlineTicks: 5) == 3)
        #expect(q.countDeadlineMisses(now: 6, deadlineTicks: 5) == 0)
        _ = q.serve(5, now: 7, tickLength: 1, serviceLatency: 0, objective: 1, latencies: &h, withinObjective: &within)
        #expect(q.countDeadlineMisses(now: 8, deadlineTicks: 5) == 4)
        #expect(q.countDeadlineMisses(now: 100, deadlineTicks: 5) == 0)
    }

    @Test func histogramPercentilesHaveBoundedRelativeError() {
        var h = LogHistogram()
        var values: [Double] = []
        var rng = SplitMix64(seed: 5)
        for _ in 0..<50_000 {
            let v = 0.001 * Foundation_exp(8 * rng.nextUnit())  // 1 ms … 3 s, log-uniform
            values.append(v)
            h.record(v)
        }
        values.sort()
        for q in [0.01, 0.5, 0.9, 0.99, 1.0] {
            let exact = values[max(0, Int((q * Double(values.count)).rounded(.up)) - 1)]
            let approx = h.percentile(q)!
            #expect(abs(approx - exact) / exact <= 1.0 / 256 + 1e-12, "q=\(q): \(approx) vs \(exact)")
        }
        #expect(LogHistogram().percentile(0.5) == nil)
        var z = LogHistogram()
        z.record(0, weight: 3)
        #expect(z.percentile(0.99) == 0)
        z.record(1e12)
        #expect(z.percentile(1) == 1e12)
    }
}

import Foundation
private func Foundation_exp(_ x: Double) -> Double { Foundation.exp(x) }
