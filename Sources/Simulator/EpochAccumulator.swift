import Workloads

/// Running sums of one epoch (or of a whole run) that `NodeSimulator` updates every tick
/// and turns into an `EpochTelemetry` at the epoch's end. Flat arrays sized once; the tick
/// loop only adds and compares.
struct EpochAccumulator {
    let cards: Int
    let dies: Int
    var ticks = 0
    var arrived = [0, 0, 0]
    var served = [0, 0, 0]
    var withinObjective = [0, 0, 0]
    var deadlineMisses = [0, 0, 0]
    var queueLengthSum = [0.0, 0.0, 0.0]
    var queueLengthMax = [0, 0, 0]
    var latency = [LogHistogram(), LogHistogram(), LogHistogram()]
    var cardEnergy: [Double]
    var cardPeakPower: [Double]
    var cardHotTime: [Double]
    var cardThrottleEvents: [Int]
    var dieMaxTemperature: [Double]
    var hotTime = 0.0
    var throttledTime = 0.0
    var nodePeakPower = 0.0
    /// Node power of every tick of the epoch, W (for exact percentiles); preallocated.
    var nodePower: [Double]
    /// Node power histogram (whole-run summaries, where keeping every tick would grow).
    var powerHistogram = LogHistogram()
    /// Highest power-window mean per card and of the node, W; windows above the caps.
    var cardPeakWindowPower: [Double]
    var nodePeakWindowPower = 0.0
    var cardWindowsAboveCap = 0
    var nodeWindowsAboveCap = 0
    var powerWindows = 0

    init(cards: Int, dies: Int, capacity: Int) {
        self.cards = cards
        self.dies = dies
        cardEnergy = Array(repeating: 0, count: cards)
        cardPeakPower = Array(repeating: 0, count: cards)
        cardHotTime = Array(repeating: 0, count: cards)
        cardThrottleEvents = Array(repeating: 0, count: cards)
        dieMaxTemperature = Array(repeating: -Double.infinity, count: cards * dies)
        cardPeakWindowPower = Array(repeating: 0, count: cards)
        nodePower = []
        nodePower.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func recordNodePower(_ p: Double) {
        nodePower.append(p)
        if p > nodePeakPower { nodePeakPower = p }
    }

    /// Empties the sums, keeping storage.
    mutating func reset() {
        ticks = 0
        for j in 0..<WorkClass.count {
            arrived[j] = 0; served[j] = 0; withinObjective[j] = 0; deadlineMisses[j] = 0
            queueLengthSum[j] = 0; queueLengthMax[j] = 0
            latency[j].reset()
        }
        for c in 0..<cards {
            cardEnergy[c] = 0; cardPeakPower[c] = 0; cardHotTime[c] = 0; cardThrottleEvents[c] = 0
            cardPeakWindowPower[c] = 0
        }
        nodePeakWindowPower = 0
        cardWindowsAboveCap = 0
        nodeWindowsAboveCap = 0
        powerWindows = 0
        for i in dieMaxTemperature.indices { dieMaxTemperature[i] = -.infinity }
        hotTime = 0
        throttledTime = 0
        nodePeakPower = 0
        nodePower.removeAll(keepingCapacity: true)
    }

    /// Adds another period's sums (used to roll epochs into the whole-run summary).
    mutating func absorb(_ e: EpochAccumulator) {
        ticks += e.ticks
        for j in 0..<WorkClass.count {
            arrived[j] += e.arrived[j]; served[j] += e.served[j]
            withinObjective[j] += e.withinObjective[j]; deadlineMisses[j] += e.deadlineMisses[j]
            queueLengthSum[j] += e.queueLengthSum[j]; queueLengthMax[j] = max(queueLengthMax[j], e.queueLengthMax[j])
            latency[j].merge(e.latency[j])
        }
        for c in 0..<cards {
            cardEnergy[c] += e.cardEnergy[c]
            cardPeakPower[c] = max(cardPeakPower[c], e.cardPeakPower[c])
            cardHotTime[c] += e.cardHotTime[c]
            cardThrottleEvents[c] += e.cardThrottleEvents[c]
            cardPeakWindowPower[c] = max(cardPeakWindowPower[c], e.cardPeakWindowPower[c])
        }
        nodePeakWindowPower = max(nodePeakWindowPower, e.nodePeakWindowPower)
        cardWindowsAboveCap += e.cardWindowsAboveCap
        nodeWindowsAboveCap += e.nodeWindowsAboveCap
        powerWindows += e.powerWindows
        for i in dieMaxTemperature.indices { dieMaxTemperature[i] = max(dieMaxTemperature[i], e.dieMaxTemperature[i]) }
        hotTime += e.hotTime
        throttledTime += e.throttledTime
        nodePeakPower = max(nodePeakPower, e.nodePeakPower)
    }

    /// The period's telemetry. Power percentiles are exact (nearest rank over the stored tick
    /// values) when `exactPower`, else from `powerHistogram`.
    func telemetry(index: Int, start: Double, tickLength: Double, queues: [RequestQueue], exactPower: Bool) -> EpochTelemetry {
        let duration = Double(ticks) * tickLength
        let energy = cardEnergy.reduce(0, +)
        let p5: Double, p95: Double
        if exactPower {
            let sorted = nodePower.sorted()
            func rank(_ q: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
            }
            p5 = rank(0.05)
            p95 = rank(0.95)
        } else {
            p5 = powerHistogram.percentile(0.05) ?? 0
            p95 = powerHistogram.percentile(0.95) ?? 0
        }
        let classes = WorkClass.allCases.map { c in
            let j = c.rawValue
            let h = latency[j]
            return ClassStatistics(
                workClass: c, arrived: arrived[j], served: served[j],
                throughput: duration > 0 ? Double(served[j]) / duration : 0,
                latencyP50: h.percentile(0.5), latencyP99: h.percentile(0.99), latencyMean: h.mean,
                latencyMax: h.total > 0 ? h.maximum : nil,
                withinLatencyObjective: withinObjective[j],
                queueLengthEnd: queues[j].length,
                queueLengthMean: ticks > 0 ? queueLengthSum[j] / Double(ticks) : 0,
                queueLengthMax: queueLengthMax[j], deadlineMisses: deadlineMisses[j])
        }
        let servedTotal = served.reduce(0, +)
        return EpochTelemetry(
            index: index, start: start, duration: duration,
            nodePower: PowerStatistics(mean: duration > 0 ? energy / duration : 0, peak: nodePeakPower, p5: p5, p95: p95),
            cardMeanPower: cardEnergy.map { duration > 0 ? $0 / duration : 0 },
            cardPeakPower: cardPeakPower, energy: energy, cardEnergy: cardEnergy,
            maxTemperature: dieMaxTemperature.max() ?? -.infinity, dieMaxTemperature: dieMaxTemperature,
            timeAboveHotThreshold: hotTime, cardTimeAboveHotThreshold: cardHotTime,
            throttleEvents: cardThrottleEvents.reduce(0, +), cardThrottleEvents: cardThrottleEvents,
            throttledTime: throttledTime, served: servedTotal,
            throughput: duration > 0 ? Double(servedTotal) / duration : 0, classes: classes,
            powerWindows: powerWindows, cardPeakWindowPower: cardPeakWindowPower, nodePeakWindowPower: nodePeakWindowPower,
            cardWindowsAboveCap: cardWindowsAboveCap, nodeWindowsAboveCap: nodeWindowsAboveCap)
    }
}
