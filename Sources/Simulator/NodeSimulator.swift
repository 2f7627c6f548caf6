import Hardware
import Workloads

/// A deterministic discrete-time simulation of one accelerator node: per-class request
/// queues, N cards each with one `DieThermalModel` per die and a `HardwareThrottle`, power
/// from the operating points and the device's `PowerModel`, and telemetry per tick and per
/// epoch.
///
/// A plan executor drives it: `setOperatingPoint(card:point:classShares:)` and
/// `setIdle(card:)` between ticks, `step()` / `run(ticks:)` / `run(seconds:)` to advance.
/// Each tick (length Δt, tick k covers [kΔt, (k+1)Δt)):
/// 1. arrivals of the tick join the class queues (Poisson or trace, seeded);
/// 2. per card, the hardware throttle turns the requested DVFS level into the effective one
///    from the hottest core at the start of the tick; the card runs its point at that level
///    (the catalog's point with the same key at the lower level);
/// 3. service: each class the card serves gets `throughput · Δt · share` of capacity; whole
///    requests are drawn from the head of the class queue (capacity below one request is
///    carried to the next tick); capacity a class cannot use goes to the card's other
///    classes with a backlog; latency = waiting time (tick-resolved) + the point's latency.
///    With a priority class (`setOperatingPoint(card:point:classShares:priority:)`) that
///    class is offered the whole capacity first and the others share what it leaves, by
///    their shares (preemptive priority at tick resolution, see `serve`);
/// 4. power = idle power at the effective level + busy fraction × (the point's load power −
///    that idle power), split evenly over the dies, plus each die's leakage at its hottest
///    core temperature (the temperature the `PowerModel` is calibrated at); an idle card
///    draws the lowest level's idle power plus leakage;
/// 5. every die's thermal network steps with its power; deadlines are checked; telemetry is
///    accumulated.
///
/// Determinism: everything random comes from SplitMix64 streams derived from the
/// configuration's seed; the same configuration and controller calls give bit-identical
/// telemetry.
///
/// Thread confinement: a value type holding mutable state; use an instance from one task at
/// a time (it is not `Sendable` because of the optional point-lookup closure). Parallel
/// sweeps build one simulator per task. Copying a simulator forks an independent run.
public struct NodeSimulator {
    /// The configuration the simulator was built from.
    public let configuration: SimulationConfiguration
    /// Cards on the node.
    public let cards: Int
    /// Dies per card.
    public let dies: Int
    /// Tick, s.
    public let tickLength: Double
    /// Ticks simulated so far.
    public private(set) var tickCount = 0

    // MARK: Models
    private let powerModel: PowerModel
    private let levels: Int
    private let pointLookup: ((OperatingPointKey) -> OperatingPoint?)?
    private var thermal: [DieThermalModel]
    private var throttles: [HardwareThrottle]
    private var generators: [ArrivalGenerator]
    private var queues: [RequestQueue]
    /// Per class: deadline in ticks (Int.max: none), latency objective (s, +∞: none).
    private let deadlineTicks: [Int]
    private let latencyObjective: [Double]
    /// Idle (no-load) power per DVFS level without leakage, W.
    private let idleLoadPower: [Double]

    // MARK: Per-card controller state (flat, card-major)
    /// Requested level; −1 when the card is idle.
    private var requestedLevel: [Int]
    /// The card's point per effective level (card · levels + level).
    private var levelThroughput: [Double]
    private var levelLatency: [Double]
    private var levelLoadPower: [Double]
    /// Class shares and carried service credit (card · 3 + class).
    private var shares: [Double]
    private var credit: [Double]
    /// Priority class per card (`WorkClass.rawValue`; −1: none).
    private var priorityClass: [Int]
    /// Hottest core per die after the last tick, °C (card · dies + die).
    private var dieMax: [Double]
    /// Last tick's figures per card.
    private var lastCardPower: [Double]
    /// Energy of the current power window per card and of the node, J.
    private var windowCardEnergy: [Double]
    private var windowNodeEnergy = 0.0
    private let ticksPerPowerWindow: Int
    private var lastEffectiveLevel: [Int]
    private var lastThrottleEvents: [Int]

    // MARK: Telemetry
    private var epoch: EpochAccumulator
    private var run: EpochAccumulator
    private var epochs: [EpochTelemetry] = []
    private var trace: TickTrace?
    private var totalEnergy = 0.0
    private var lastServed = [0, 0, 0]

    /// Builds the node: validates the configuration, builds one thermal network per die (the
    /// hardware model rejects a tick too long for its time constants) and one throttle per
    /// card, and derives one random stream per work class from the seed. Every card starts
    /// idle. `pointLookup` (e.g. `catalog.point(for:)`) supplies the point a card falls back
    /// to when throttled; without it, or for a key it does not know, the lower-level point is
    /// derived from the requested one (see `setOperatingPoint`).
    public init(configuration: SimulationConfiguration,
                pointLookup: ((OperatingPointKey) -> OperatingPoint?)? = nil) throws(SimulatorError) {
        try configuration.validate()
        let device = configuration.device
        do {
            try device.validate()
        } catch {
            throw .hardware(error)
        }
        let die: DieThermalModel
        do {
            powerModel = try PowerModel(device: device)
            die = try DieThermalModel(device: device, tick: configuration.tick)
        } catch {
            throw .hardware(error)
        }
        self.configuration = configuration
        self.pointLookup = pointLookup
        cards = configuration.cards
        dies = device.dies
        tickLength = configuration.tick
        levels = device.dvfs.count
        var start = die
        start.reset(to: configuration.initialTemperature ?? device.thermal.ambient)
        thermal = Array(repeating: start, count: cards * dies)
        throttles = Array(repeating: HardwareThrottle(device: device), count: cards)
        var seeder = SplitMix64(seed: configuration.seed)
        generators = WorkClass.allCases.map { ArrivalGenerator(process: configuration[$0].arrivals, seed: seeder.next()) }
        queues = Array(repeating: RequestQueue(), count: WorkClass.count)
        deadlineTicks = WorkClass.allCases.map { c in
            guard let d = configuration[c].deadline else { return Int.max }
            // Service must start within d: tick-resolved, small tolerance for round-off in d/Δt.
            return Int((d / configuration.tick + 1e-9).rounded(.down))
        }
        latencyObjective = WorkClass.allCases.map { configuration[$0].latencyObjective ?? .infinity }
        let pm = powerModel
        idleLoadPower = (0..<device.dvfs.count).map { pm.loadPower(level: $0, utilization: 0, memoryUtilization: 0) }
        requestedLevel = Array(repeating: -1, count: cards)
        levelThroughput = Array(repeating: 0, count: cards * levels)
        levelLatency = Array(repeating: 0, count: cards * levels)
        levelLoadPower = Array(repeating: 0, count: cards * levels)
        shares = Array(repeating: 0, count: cards * WorkClass.count)
        credit = Array(repeating: 0, count: cards * WorkClass.count)
        priorityClass = Array(repeating: -1, count: cards)
        dieMax = Array(repeating: start.maxCoreTemperature, count: cards * dies)
        lastCardPower = Array(repeating: 0, count: cards)
        windowCardEnergy = Array(repeating: 0, count: cards)
        ticksPerPowerWindow = configuration.ticksPerPowerWindow
        lastEffectiveLevel = Array(repeating: -1, count: cards)
        lastThrottleEvents = Array(repeating: 0, count: cards)
        epoch = EpochAccumulator(cards: cards, dies: dies, capacity: configuration.ticksPerEpoch)
        run = EpochAccumulator(cards: cards, dies: dies, capacity: 0)
        if configuration.tickRecordInterval > 0 { trace = TickTrace(interval: configuration.tickRecordInterval) }
    }

    /// Builds the node with `catalog` supplying the points a throttled card falls back to.
    public init(configuration: SimulationConfiguration, catalog: OperatingPointCatalog) throws(SimulatorError) {
        try self.init(configuration: configuration, pointLookup: { catalog.point(for: $0) })
    }

    // MARK: Controller API

    /// Runs `point` on `card` (0-based) from the next tick on, serving the work classes in
    /// the proportions `classShares` (the rest of the card's time is planned idle).
    ///
    /// When the hardware throttle lowers the level, the card runs the point with the same key
    /// at the lower level, looked up once here (not per tick) through the simulator's point
    /// lookup; when the lookup has no such point, it is derived from `point`: throughput × f/f₀,
    /// latency × f₀/f, load power from the device's `PowerModel` at the same utilisations.
    /// Carried service credit is kept for the classes the card still serves.
    ///
    /// `priority` (default none) makes one class preemptive on this card: each tick it is
    /// offered the card's whole capacity and the other classes share only what it leaves (in
    /// proportion to their `classShares`), so its requests never wait behind the others'
    /// shares. The priority class must have a share > 0 (else the card does not serve it and
    /// the priority is ignored); the shares still decide how the leftover is split.
    public mutating func setOperatingPoint(card: Int, point: OperatingPoint, classShares: ClassShares,
                                           priority: WorkClass? = nil) throws(SimulatorError) {
        try checkCard(card)
        try classShares.validate()
        let level = point.key.frequencyLevel
        guard level >= 0, level < levels else {
            throw .invalidInput(field: "point.key.frequencyLevel", rule: "must index the device's DVFS table 0..<\(levels) (got \(level))")
        }
        try Self.checkPoint(point, field: "point")
        var table: [(throughput: Double, latency: Double, loadPower: Double)] = []
        table.reserveCapacity(level + 1)
        let f0 = configuration.device.dvfs[level].frequency
        for l in 0...level {
            var candidate: OperatingPoint? = l == level ? point : nil
            if candidate == nil, let lookup = pointLookup {
                var key = point.key
                key.frequencyLevel = l
                if let p = lookup(key) {
                    do {
                        try Self.checkPoint(p, field: "catalog point at level \(l)")
                    } catch {
                        throw error
                    }
                    candidate = p
                }
            }
            if let p = candidate {
                table.append((p.throughput, p.latency, p.loadPower))
            } else {
                let ratio = configuration.device.dvfs[l].frequency / f0
                table.append((point.throughput * ratio, point.latency / ratio,
                              powerModel.loadPower(level: l, utilization: point.utilization, memoryUtilization: point.memoryUtilization)))
            }
        }
        let base = card * levels
        for l in 0..<levels {
            let row = table[min(l, level)]
            levelThroughput[base + l] = row.throughput
            levelLatency[base + l] = row.latency
            levelLoadPower[base + l] = row.loadPower
        }
        requestedLevel[card] = level
        priorityClass[card] = priority.map { classShares[$0] > 0 ? $0.rawValue : -1 } ?? -1
        for c in WorkClass.allCases {
            let i = card * WorkClass.count + c.rawValue
            shares[i] = classShares[c]
            if classShares[c] == 0 { credit[i] = 0 }
        }
    }

    /// Stops `card`'s work from the next tick on: it drops to the lowest DVFS level and draws
    /// idle power (plus leakage); its carried service credit is discarded.
    public mutating func setIdle(card: Int) throws(SimulatorError) {
        try checkCard(card)
        requestedLevel[card] = -1
        priorityClass[card] = -1
        for j in 0..<WorkClass.count {
            shares[card * WorkClass.count + j] = 0
            credit[card * WorkClass.count + j] = 0
        }
    }

    private func checkDie(card: Int, die: Int) throws(SimulatorError) {
        try checkCard(card)
        guard die >= 0 && die < dies else {
            throw .invalidInput(field: "die", rule: "must be in 0..<\(dies) (got \(die))")
        }
    }

    private func checkCard(_ card: Int) throws(SimulatorError) {
        guard card >= 0, card < cards else {
            throw .invalidInput(field: "card", rule: "must be in 0..<\(cards) (got \(card))")
        }
    }

    private static func checkPoint(_ p: OperatingPoint, field: String) throws(SimulatorError) {
        guard p.throughput.isFinite, p.throughput >= 0 else {
            throw .invalidInput(field: "\(field).throughput", rule: "must be finite and ≥ 0 requests/s (got \(p.throughput))")
        }
        guard p.latency.isFinite, p.latency >= 0 else {
            throw .invalidInput(field: "\(field).latency", rule: "must be finite and ≥ 0 s (got \(p.latency))")
        }
        guard p.loadPower.isFinite, p.loadPower >= 0 else {
            throw .invalidInput(field: "\(field).loadPower", rule: "must be finite and ≥ 0 W (got \(p.loadPower))")
        }
    }

    // MARK: Running

    /// Advances one tick.
    public mutating func step() {
        let k = tickCount
        let dt = tickLength
        let start = Double(k) * dt
        let end = Double(k + 1) * dt
        let classCount = WorkClass.count
        if trace != nil { for j in 0..<classCount { lastServed[j] = 0 } }
        var tickThrottleEvents = 0

        for j in 0..<classCount {
            let n = generators[j].arrivals(start: start, end: end)
            if n > 0 {
                queues[j].enqueue(n, tick: k)
                epoch.arrived[j] += n
            }
        }

        var nodePower = 0.0
        var nodeHot = false
        let hotThreshold = configuration.hotThreshold
        let perDie = 1 / Double(dies)
        for c in 0..<cards {
            var hottest = dieMax[c * dies]
            for d in 1..<max(dies, 1) { hottest = max(hottest, dieMax[c * dies + d]) }
            let requested = requestedLevel[c]
            let effective = min(throttles[c].update(maxCoreTemperature: hottest, requestedLevel: max(requested, 0)),
                                max(requested, 0))
            var load: Double
            if requested >= 0 {
                let row = c * levels + effective
                let busy = serve(card: c, tick: k, capacity: levelThroughput[row] * dt, latency: levelLatency[row])
                let idle = idleLoadPower[effective]
                load = idle + busy * (levelLoadPower[row] - idle)
                if effective < requested { epoch.throttledTime += dt }
            } else {
                load = idleLoadPower[effective]
            }
            var cardPower = 0.0
            var cardMax = -Double.infinity
            for d in 0..<dies {
                let i = c * dies + d
                let p = load * perDie + powerModel.dieLeakage(temperature: dieMax[i])
                thermal[i].step(power: p)
                let t = thermal[i].maxCoreTemperature
                dieMax[i] = t
                if t > epoch.dieMaxTemperature[i] { epoch.dieMaxTemperature[i] = t }
                cardMax = max(cardMax, t)
                cardPower += p
            }
            if cardMax > hotThreshold {
                epoch.cardHotTime[c] += dt
                nodeHot = true
            }
            let events = throttles[c].events
            epoch.cardThrottleEvents[c] += events - lastThrottleEvents[c]
            tickThrottleEvents += events - lastThrottleEvents[c]
            lastThrottleEvents[c] = events
            epoch.cardEnergy[c] += cardPower * dt
            if cardPower > epoch.cardPeakPower[c] { epoch.cardPeakPower[c] = cardPower }
            lastCardPower[c] = cardPower
            lastEffectiveLevel[c] = requested >= 0 ? effective : -1
            nodePower += cardPower
        }
        if nodeHot { epoch.hotTime += dt }
        for c in 0..<cards { windowCardEnergy[c] += lastCardPower[c] * dt }
        windowNodeEnergy += nodePower * dt
        if (k + 1) % ticksPerPowerWindow == 0 { closePowerWindow(length: Double(ticksPerPowerWindow) * dt) }
        epoch.recordNodePower(nodePower)
        run.powerHistogram.record(nodePower)
        totalEnergy += nodePower * dt

        for j in 0..<classCount {
            if deadlineTicks[j] != Int.max {
                epoch.deadlineMisses[j] += queues[j].countDeadlineMisses(now: k, deadlineTicks: deadlineTicks[j])
            }
            let length = queues[j].length
            epoch.queueLengthSum[j] += Double(length)
            if length > epoch.queueLengthMax[j] { epoch.queueLengthMax[j] = length }
        }

        if var t = trace, k % t.interval == 0 {
            trace = nil  // keep the trace's storage uniquely referenced while appending
            t.times.append(start)
            t.cumulativeEnergy.append(totalEnergy)
            t.throttleEvents.append(tickThrottleEvents)
            for c in 0..<cards {
                t.cardPower.append(lastCardPower[c])
                t.effectiveLevel.append(lastEffectiveLevel[c])
                for d in 0..<dies { t.dieMaxTemperature.append(dieMax[c * dies + d]) }
            }
            for j in 0..<classCount {
                t.served.append(lastServed[j])
                t.queueLength.append(queues[j].length)
            }
            trace = t
        }

        tickCount = k + 1
        epoch.ticks += 1
        if epoch.ticks == configuration.ticksPerEpoch { closeEpoch() }
    }

    /// Ends a power window: records its card and node means against the caps, restarts the sums.
    private mutating func closePowerWindow(length: Double) {
        let cardCap = configuration.cardPowerLimit.map { $0 * 1.001 } ?? .infinity
        let nodeCap = configuration.nodePowerLimit.map { $0 * 1.001 } ?? .infinity
        for c in 0..<cards {
            let mean = windowCardEnergy[c] / length
            if mean > epoch.cardPeakWindowPower[c] { epoch.cardPeakWindowPower[c] = mean }
            if mean > cardCap { epoch.cardWindowsAboveCap += 1 }
            windowCardEnergy[c] = 0
        }
        let node = windowNodeEnergy / length
        if node > epoch.nodePeakWindowPower { epoch.nodePeakWindowPower = node }
        if node > nodeCap { epoch.nodeWindowsAboveCap += 1 }
        epoch.powerWindows += 1
        windowNodeEnergy = 0
    }

    /// Serves `card`'s classes for one tick with `capacity` requests of service; returns the
    /// busy fraction of the tick in [0, 1].
    ///
    /// With a priority class p: p's credit grows by the whole capacity; it serves what it can.
    /// While p still has a backlog the tick is fully used by p and the other classes' credit
    /// does not grow. Once p's queue runs dry, p keeps no credit and its unused credit is
    /// offered to the other classes in proportion to their shares, then served by the usual
    /// rule (carried credit, work-conserving spare). Credit is conserved: nothing p leaves is lost to a class with a
    /// share. A request of p that finds less than one request's credit starts at once on credit
    /// borrowed from the other class with the largest share (at most one request outstanding
    /// per card, repaid from p's leftover), which models pausing the other work at a batch
    /// boundary rather than making the request wait for the point's 1/throughput.
    private mutating func serve(card c: Int, tick k: Int, capacity: Double, latency: Double) -> Double {
        guard capacity > 0 else { return 0 }
        let base = c * WorkClass.count
        var busy = 0.0
        var spare = 0.0
        // Capacity offered to the non-priority classes (all of it without a priority class).
        var rest = capacity
        var restShares = 1.0
        let p = priorityClass[c]
        if p >= 0 {
            let ownDebt = max(0, -credit[base + p])
            var cr = credit[base + p] + capacity
            var selfBorrow = 0.0
            if cr < 1, queues[p].length > 0 {
                // Preemptive start: the card pauses the other classes' work (between denoising
                // steps or decode iterations) and starts the waiting request now, borrowing the
                // missing credit from the other class with the largest share. At most one
                // request's credit is outstanding per card; the lender repays it from what p
                // leaves in later ticks (its credit is negative meanwhile).
                var outstanding = 0.0
                var lender = -1
                for j in 0..<WorkClass.count where j != p {
                    outstanding += max(0, -credit[base + j])
                    if shares[base + j] > 0, lender < 0 || shares[base + j] > shares[base + lender] { lender = j }
                }
                let borrow = min(1 - cr, max(0, 1 - outstanding))
                if lender >= 0, borrow > 0 {
                    credit[base + lender] -= borrow
                    cr += borrow
                } else if lender < 0, ownDebt == 0, cr < 1 {
                    // No other class on the card to pause: an idle server starts the request at
                    // once (a batch pipeline does not wait to accrue a whole request's service
                    // first); the credit is borrowed from the class's own later capacity and
                    // repaid while the card works it off (at most one request outstanding).
                    selfBorrow = 1 - cr
                    cr = 1
                }
            }
            let n = max(0, min(Int(cr), queues[p].length))
            if n > 0 {
                cr -= Double(n)
                record(served: n, class: p, tick: k, latency: latency)
            }
            cr -= selfBorrow
            if queues[p].length > 0 {
                credit[base + p] = cr
                return 1
            }
            // Busy for what p used of this tick's capacity: its requests and any repayment of a
            // borrowed start (all of it while the debt is not repaid).
            busy += min(1, max(Double(n), capacity - max(0, cr)) / capacity)
            // p keeps no credit while it has no backlog (its next request starts on borrowed
            // credit, below): what it did not use goes to the others, who repay any loan. A
            // self-borrowed start stays owed (negative credit) until repaid.
            credit[base + p] = min(0, cr)
            rest = max(0, cr)
            restShares = 0
            for j in 0..<WorkClass.count where j != p { restShares += shares[base + j] }
            guard restShares > 0 else { return busy }
        }
        for j in 0..<WorkClass.count where j != p {
            let share = shares[base + j]
            guard share > 0 else { continue }
            let offered = p >= 0 ? rest * share / restShares : capacity * share
            // Busy fraction of the offer (exactly `share` without a priority class).
            let part = p >= 0 ? offered / capacity : share
            var cr = credit[base + j] + offered
            let n = max(0, min(Int(cr), queues[j].length))
            if n > 0 {
                cr -= Double(n)
                record(served: n, class: j, tick: k, latency: latency)
            }
            if queues[j].length > 0 {
                busy += part
            } else {
                // The queue ran dry: the card worked n requests' worth; the class's unused
                // capacity (beyond the part of a request carried over) goes to other classes.
                busy += min(part, Double(n) / capacity)
                if cr > 1 {
                    spare += cr - 1
                    cr = 1
                }
            }
            credit[base + j] = cr
        }
        if spare >= 1 {
            for j in 0..<WorkClass.count where j != p && shares[base + j] > 0 && queues[j].length > 0 {
                let n = min(Int(spare), queues[j].length)
                guard n > 0 else { break }
                record(served: n, class: j, tick: k, latency: latency)
                spare -= Double(n)
                busy += Double(n) / capacity
            }
        }
        return min(busy, 1)
    }

    @inline(__always)
    private mutating func record(served n: Int, class j: Int, tick k: Int, latency: Double) {
        _ = queues[j].serve(n, now: k, tickLength: tickLength, serviceLatency: latency,
                            objective: latencyObjective[j], latencies: &epoch.latency[j],
                            withinObjective: &epoch.withinObjective[j])
        epoch.served[j] += n
        if trace != nil { lastServed[j] += n }
    }

    /// Advances `ticks` ticks.
    public mutating func run(ticks: Int) {
        guard ticks > 0 else { return }
        for _ in 0..<ticks { step() }
    }

    /// Advances by `seconds` of simulated time, rounded to whole ticks.
    public mutating func run(seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        run(ticks: Int((seconds / tickLength).rounded()))
    }

    private mutating func closeEpoch() {
        let index = epochs.count
        let e = epoch.telemetry(index: index, start: Double(tickCount - epoch.ticks) * tickLength,
                                tickLength: tickLength, queues: queues, exactPower: true)
        epochs.append(e)
        run.absorb(epoch)
        epoch.reset()
    }

    // MARK: State

    /// Simulated time, s.
    public var time: Double { Double(tickCount) * tickLength }

    /// Requests of `workClass` waiting now.
    public func queueLength(_ workClass: WorkClass) -> Int { queues[workClass.rawValue].length }

    /// Waiting time of the oldest queued request of `workClass`, s (tick-resolved; 0 when empty).
    public func oldestWait(_ workClass: WorkClass) -> Double {
        queues[workClass.rawValue].oldestWait(now: tickCount, tickLength: tickLength)
    }

    // Per-card readings validate their indices: an index from another node's configuration
    // must fail loudly, not read a neighbouring card's slot.

    /// Power `card` drew during the last tick, W.
    public func cardPower(_ card: Int) throws(SimulatorError) -> Double {
        try checkCard(card)
        return lastCardPower[card]
    }

    /// DVFS level `card` ran at during the last tick (after throttling; −1 when idle).
    public func effectiveLevel(_ card: Int) throws(SimulatorError) -> Int {
        try checkCard(card)
        return lastEffectiveLevel[card]
    }

    /// Hottest core temperature of `die` on `card` now, °C.
    public func maxCoreTemperature(card: Int, die: Int) throws(SimulatorError) -> Double {
        try checkDie(card: card, die: die)
        return dieMax[card * dies + die]
    }

    /// Hottest core temperature of `card` now, °C.
    public func maxCoreTemperature(card: Int) throws(SimulatorError) -> Double {
        try checkCard(card)
        return (0..<dies).map { dieMax[card * dies + $0] }.max() ?? -.infinity
    }

    /// The thermal network of `die` on `card` (a copy: core and spreader temperatures, °C).
    public func thermalModel(card: Int, die: Int) throws(SimulatorError) -> DieThermalModel {
        try checkDie(card: card, die: die)
        return thermal[card * dies + die]
    }

    /// Per-core temperatures of every die of every card now (°C), e.g. for `ascii()` or JSON.
    /// Allocates: call it on request, not every tick of a long run.
    public func thermalMap() -> ThermalMap {
        ThermalMap(time: time, models: (0..<cards).map { c in Array(thermal[(c * dies)..<((c + 1) * dies)]) })
    }

    /// Throttling engagements of `card` since the start.
    public func throttleEvents(card: Int) throws(SimulatorError) -> Int {
        try checkCard(card)
        return throttles[card].events
    }

    /// Node energy since the start, J.
    public var energy: Double { totalEnergy }

    /// Telemetry so far: the completed epochs, the current partial epoch (when
    /// `includePartialEpoch` and some ticks are pending), a whole-run summary and the tick
    /// trace. Does not change the simulator.
    public func telemetry(includePartialEpoch: Bool = true) -> SimulationTelemetry {
        var all = epochs
        var total = run
        if includePartialEpoch && epoch.ticks > 0 {
            all.append(epoch.telemetry(index: epochs.count, start: Double(tickCount - epoch.ticks) * tickLength,
                                       tickLength: tickLength, queues: queues, exactPower: true))
        }
        if epoch.ticks > 0 { total.absorb(epoch) }
        let summary = total.telemetry(index: -1, start: 0, tickLength: tickLength, queues: queues, exactPower: false)
        return SimulationTelemetry(deviceID: configuration.device.id, cards: cards, dies: dies, tick: tickLength,
                                   epochLength: configuration.epochLength, seed: configuration.seed,
                                   epochs: all, summary: summary, ticks: trace)
    }
}
