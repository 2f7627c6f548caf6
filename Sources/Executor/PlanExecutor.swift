import Hardware
import Planner
import Simulator
import Workloads

/// What executing one epoch did.
public struct EpochExecutionReport: Codable, Sendable, Equatable {
    /// Executor epoch number (0-based).
    public var epoch: Int
    /// The schedules run, one per card.
    public var schedules: [CardSchedule]
    /// Precision-profile loads.
    public var profileLoads: Int
    /// Card-seconds spent loading profiles (idle, unavailable), s.
    public var loadTime: Double
    /// Extra (host-side) energy of the loads, J; not in the simulator's energy.
    public var switchingEnergy: Double
    /// DVFS level changes.
    public var frequencyChanges: Int
    /// Card-seconds of frequency settling, s (spent idle once a whole tick accumulates).
    public var settleTime: Double
    /// Card-seconds run at the interactive setting in place of another setting
    /// (``InteractivePreemption``), s.
    public var preemptedTime: Double = 0
    /// Card-seconds of displaced settings not given back by the epoch's end, s.
    public var preemptionDebt: Double = 0
    /// Events of the epoch (also kept in ``PlanExecutor/events``).
    public var events: [ControlEvent]
    /// The simulator's telemetry of the epoch.
    public var telemetry: EpochTelemetry

    /// Events of `kind` in the epoch.
    public func count(_ kind: ControlEvent.Kind) -> Int { events.filter { $0.kind == kind }.count }
}

/// Executes epoch plans on a `NodeSimulator`: per card, orders the plan's mix into a
/// schedule of segments (``SegmentScheduler``, ``SegmentOrder``), drives the simulator tick
/// by tick (`setOperatingPoint` with the segment's `ClassShares` at segment boundaries,
/// `setIdle` for idle time), charges switching costs (``SwitchingCosts``) and runs the
/// reactive thermal controller (``ThermalControlSettings``), logging every action.
///
/// **Service credit.** The simulator serves fluidly (capacity accrues per tick, whole requests
/// start when a class's credit reaches one) and drops a class's credit when the class's share
/// becomes zero or the card is set idle. So that short pieces lose no work, the executor
/// (1) gives every class the card serves in the epoch a share of at least ε = 1e-6 in every
/// running piece (the plan's shares scaled by 1 − nε), which keeps its credit and makes the
/// card work-conserving: capacity the piece's class cannot use (empty queue) goes to the
/// card's other classes with a backlog, as the simulator does — the planner already counts
/// the piece at full load power; and (2) "parks" a card for idle pieces instead of
/// `setIdle`: the last running point at the lowest DVFS level with ε shares, which draws the
/// same power as idle (lowest level's idle power + leakage) up to ε. A card that has not run
/// yet, or is loading a profile, is set idle.
///
/// Epochs are the simulator's epochs (`configuration.epochLength`); the simulator must be at
/// an epoch boundary, so each report carries the simulator's telemetry of exactly that epoch.
/// A value type; deterministic: the same simulator, plans and settings give identical reports.
public struct PlanExecutor {
    /// The node being driven (read it for per-card readings or telemetry).
    public private(set) var simulator: NodeSimulator
    /// The operating points the plans refer to.
    public let catalog: OperatingPointCatalog
    /// How segments are ordered.
    public var order: SegmentOrder
    /// Switching costs.
    public let switching: SwitchingCosts
    /// Reactive thermal control.
    public let control: ThermalControlSettings
    /// Interactive priority and preemption.
    public let preemption: InteractivePreemption
    /// Every event so far, in time order.
    public private(set) var events: [ControlEvent] = []
    /// Precision profile each card holds (nil: none loaded yet).
    public private(set) var loadedProfiles: [PrecisionProfile?]
    /// DVFS levels each card is currently held below its planned point by the controller.
    public private(set) var demotion: [Int]
    /// Epochs executed.
    public private(set) var epochsExecuted = 0

    private let ticksPerEpoch: Int
    private let topLevel: Int
    private let powerModel: PowerModel
    private var predictors: [TemperaturePredictor]
    private var lastDiePower: [Double]
    private var lastLevelChange: [Int]
    private var dvfsRule: [DVFSRuleState]
    private var applied: [CardSetting?]
    private var lastRunLevel: [Int]
    private var loadRemaining: [Int]
    private var settleDebt: [Double]
    private var awayUntil: [Int]
    private var borrowed: [(setting: CardSetting, until: Int)?]
    private var lastThrottle: [Int]
    private var demotedKeys: [OperatingPointKey: [Int: OperatingPointKey]] = [:]
    /// Classes each card serves in the current epoch (they keep an ε share).
    private var servedClasses: [[WorkClass]]
    /// The last point each card ran (parking point), nil after a load or before any run.
    private var lastRunning: [OperatingPointKey?]
    /// Per card: whether it is preempting for interactive work now.
    private var preempting: [Bool]
    /// Per card: ticks owed to displaced settings this epoch, in displacement order.
    private var owed: [[(setting: CardSetting, ticks: Int)]]
    /// Share that keeps a class's service credit alive.
    static let keepAliveShare = 1e-6

    /// An executor driving `simulator` (every card idle, no profile loaded: the first run of
    /// each card pays a profile load).
    public init(simulator: NodeSimulator, catalog: OperatingPointCatalog, order: SegmentOrder = .standard,
                switching: SwitchingCosts = SwitchingCosts(), control: ThermalControlSettings = ThermalControlSettings(),
                preemption: InteractivePreemption = InteractivePreemption()) throws(ExecutorError) {
        try switching.validate()
        try control.validate()
        try preemption.validate()
        self.preemption = preemption
        let cfg = simulator.configuration
        let ratio = cfg.epochLength / cfg.tick
        self.simulator = simulator
        self.catalog = catalog
        self.order = order
        self.switching = switching
        self.control = control
        ticksPerEpoch = Int(ratio.rounded())
        do { powerModel = try PowerModel(device: cfg.device) } catch { throw .simulator(.hardware(error)) }
        topLevel = max(cfg.device.dvfs.count - 1, 0)
        let n = simulator.cards, dies = simulator.dies
        predictors = Array(repeating: TemperaturePredictor(device: cfg.device, tick: cfg.tick), count: n * dies)
        lastDiePower = Array(repeating: 0, count: n * dies)
        loadedProfiles = Array(repeating: nil, count: n)
        demotion = Array(repeating: 0, count: n)
        lastLevelChange = Array(repeating: Int.min / 2, count: n)
        dvfsRule = Array(repeating: DVFSRuleState(), count: n)
        applied = Array(repeating: nil, count: n)
        lastRunLevel = Array(repeating: 0, count: n)
        loadRemaining = Array(repeating: 0, count: n)
        settleDebt = Array(repeating: 0, count: n)
        awayUntil = Array(repeating: 0, count: n)
        borrowed = Array(repeating: nil, count: n)
        lastThrottle = Array(repeating: 0, count: n)
        servedClasses = Array(repeating: [], count: n)
        lastRunning = Array(repeating: nil, count: n)
        preempting = Array(repeating: false, count: n)
        owed = Array(repeating: [], count: n)
        for c in 0..<n { lastThrottle[c] = (try? simulator.throttleEvents(card: c)) ?? 0 }
    }

    /// Appends an event to the log (e.g. the closed loop's plan fallbacks).
    public mutating func log(_ event: ControlEvent) { events.append(event) }

    /// The schedules the executor would run for `mixes` now (one per card; a card without a
    /// mix idles).
    public func schedules(for mixes: [CardMix]) throws(ExecutorError) -> [CardSchedule] {
        var out: [CardSchedule] = []
        for c in 0..<simulator.cards {
            let mix = mixes.first { $0.card == c } ?? CardMix(card: c, entries: [])
            try mix.validate(cards: simulator.cards)
            let catalog = self.catalog
            out.append(try SegmentScheduler.schedule(mix, order: order, ticks: ticksPerEpoch, tick: simulator.tickLength,
                                                     point: { catalog.point(for: $0) }, loadedProfile: loadedProfiles[c]))
        }
        return out
    }

    /// Executes the committed epoch of a plan.
    public mutating func execute(_ epoch: EpochPlan) throws(ExecutorError) -> EpochExecutionReport {
        try execute(CardMix.mixes(of: epoch))
    }

    /// Executes one epoch of `mixes` (one per card; missing cards idle) on the simulator.
    public mutating func execute(_ mixes: [CardMix]) throws(ExecutorError) -> EpochExecutionReport {
        guard simulator.tickCount % ticksPerEpoch == 0 else {
            throw .invalidInput(field: "simulator", rule: "must be at an epoch boundary (tick \(simulator.tickCount), \(ticksPerEpoch) ticks per epoch)")
        }
        let schedules = try schedules(for: mixes)
        let n = simulator.cards, dies = simulator.dies
        for c in 0..<n {
            let mix = mixes.first { $0.card == c }
            servedClasses[c] = WorkClass.allCases.filter { j in mix?.entries.contains { $0.workClass == j && $0.fraction > 0 } ?? false }
        }
        let firstEvent = events.count
        var report = EpochExecutionReport(epoch: epochsExecuted, schedules: schedules, profileLoads: 0, loadTime: 0,
                                          switchingEnergy: 0, frequencyChanges: 0, settleTime: 0, events: [],
                                          telemetry: simulator.telemetry(includePartialEpoch: false).summary)
        var cursor = Array(repeating: 0, count: n)
        let epochStartTick = simulator.tickCount
        let interactive = interactiveSettings(schedules)
        for c in 0..<n { preempting[c] = false; owed[c] = [] }
        var desiredAll = Array(repeating: CardSetting.idle, count: n)
        var eligible = Array(repeating: false, count: n)
        for k in 0..<ticksPerEpoch {
            let gt = simulator.tickCount
            var base: [CardSetting] = []
            var itemEnd: [Int] = []
            for c in 0..<n {
                let items = schedules[c].items
                while cursor[c] < items.count - 1, k >= items[cursor[c]].start + items[cursor[c]].ticks { cursor[c] += 1 }
                let it = items[cursor[c]]
                base.append(it.setting)
                itemEnd.append(epochStartTick + it.start + it.ticks)
            }
            if control.enabled, k % control.periodTicks == 0 {
                try controlStep(tick: gt, base: base, itemEnd: itemEnd, schedules: schedules, cursor: cursor, epochTick: k)
            }
            for c in 0..<n {
                var desired = base[c]
                eligible[c] = false
                if awayUntil[c] > gt {
                    desired = .idle
                } else if desired.isIdle, let b = borrowed[c], b.until > gt {
                    desired = b.setting
                } else if loadRemaining[c] == 0, let s = interactive[c].setting, s.point?.profile == loadedProfiles[c] {
                    eligible[c] = true
                }
                desiredAll[c] = desired
            }
            preempt(&desiredAll, base: base, eligible: eligible, interactive: interactive, report: &report)
            for c in 0..<n {
                var desired = desiredAll[c]
                if let p = desired.point { desired.point = demoted(p, by: demotion[c]) }
                try apply(card: c, desired: desired, tick: gt, report: &report)
            }
            simulator.step()
            for c in 0..<n {
                let cardPower = (try? simulator.cardPower(c)) ?? 0
                for d in 0..<dies {
                    let i = c * dies + d
                    let θ = (try? simulator.maxCoreTemperature(card: c, die: d)) ?? 0
                    lastDiePower[i] = cardPower / Double(dies)
                    predictors[i].observe(temperature: θ, power: lastDiePower[i])
                }
                let e = (try? simulator.throttleEvents(card: c)) ?? lastThrottle[c]
                if e > lastThrottle[c] {
                    let θ = (try? simulator.maxCoreTemperature(card: c)) ?? .nan
                    events.append(ControlEvent(time: simulator.time, card: c, kind: .hardwareThrottle, temperature: θ,
                                               reason: "hardware throttle engaged at \(θ.rounded(to: 2)) °C (last resort)"))
                    lastThrottle[c] = e
                }
            }
        }
        for c in 0..<n { report.preemptionDebt += Double(owed[c].reduce(0) { $0 + $1.ticks }) * simulator.tickLength }
        report.events = Array(events[firstEvent...])
        let tel = simulator.telemetry(includePartialEpoch: true)
        if let last = tel.epochs.last { report.telemetry = last }
        epochsExecuted += 1
        return report
    }

    // MARK: Interactive preemption (rule in ``InteractivePreemption``)

    /// Per card: the running setting with the most interactive time in its schedule (ties: the
    /// earlier one) and the oldest wait (s) at which the card preempts for it (+∞: never).
    private func interactiveSettings(_ schedules: [CardSchedule]) -> [(setting: CardSetting?, threshold: Double)] {
        let slo = simulator.configuration[.interactive].latencyObjective
        return schedules.map { schedule in
            guard preemption.enabled else { return (nil, .infinity) }
            var order: [CardSetting] = []
            var weight: [CardSetting: Double] = [:]
            for it in schedule.items where !it.setting.isIdle && it.setting.shares.interactive > 0 {
                if weight[it.setting] == nil { order.append(it.setting) }
                weight[it.setting, default: 0] += Double(it.ticks) * it.setting.shares.interactive
            }
            var best: CardSetting?
            for s in order where best == nil || weight[s]! > weight[best!]! { best = s }
            guard let s = best, let key = s.point, let point = catalog.point(for: key), let slo, slo.isFinite else {
                return (best, .infinity)
            }
            // Slack: the SLO minus the point's latency and the time the simulator's fluid service
            // takes to accrue one request at the point (1 / throughput) after the switch.
            let accrual = point.throughput > 0 ? 1 / point.throughput : .infinity
            return (s, preemption.waitFraction * max(0, slo - point.latency - accrual))
        }
    }

    /// Applies rules 2 and 3 of ``InteractivePreemption`` to this tick's desired settings.
    private mutating func preempt(_ desired: inout [CardSetting], base: [CardSetting], eligible: [Bool],
                                  interactive: [(setting: CardSetting?, threshold: Double)],
                                  report: inout EpochExecutionReport) {
        guard preemption.enabled else { return }
        let queued = simulator.queueLength(.interactive)
        let wait = simulator.oldestWait(.interactive)
        // Cards serving interactive work this tick by their schedule.
        var serving = desired.filter { !$0.isIdle && $0.shares.interactive > 0 }.count
        for c in 0..<desired.count {
            guard eligible[c], let target = interactive[c].setting else { preempting[c] = false; continue }
            if queued == 0 {
                preempting[c] = false
            } else if !preempting[c], base[c] != target, queued > serving, wait >= interactive[c].threshold {
                preempting[c] = true
                serving += 1
            }
            if base[c] == target {
                // Payback: give owed time back while no interactive request waits.
                if queued == 0, !owed[c].isEmpty {
                    desired[c] = owed[c][0].setting
                    owed[c][0].ticks -= 1
                    if owed[c][0].ticks == 0 { owed[c].removeFirst() }
                }
                preempting[c] = false
            } else if preempting[c] {
                if let i = owed[c].firstIndex(where: { $0.setting == base[c] }) {
                    owed[c][i].ticks += 1
                } else {
                    owed[c].append((base[c], 1))
                }
                desired[c] = target
                report.preemptedTime += simulator.tickLength
            }
        }
    }

    // MARK: Applying settings with switching costs

    private mutating func apply(card c: Int, desired: CardSetting, tick gt: Int, report: inout EpochExecutionReport) throws(ExecutorError) {
        let dt = simulator.tickLength
        if loadRemaining[c] == 0, let p = desired.point, p.profile != loadedProfiles[c] {
            let ticks = Int((switching.profileLoadTime / dt - 1e-9).rounded(.up))
            report.profileLoads += 1
            report.loadTime += Double(ticks) * dt
            report.switchingEnergy += switching.profileLoadPower * switching.profileLoadTime
            events.append(ControlEvent(time: simulator.time, card: c, kind: .profileLoad,
                                       reason: "load \(p.profile.rawValue) (was \(loadedProfiles[c]?.rawValue ?? "none")): \(switching.profileLoadTime) s idle"))
            loadedProfiles[c] = p.profile
            loadRemaining[c] = ticks
        }
        if loadRemaining[c] > 0 {
            loadRemaining[c] -= 1
            if applied[c] != .idle || lastRunning[c] != nil {
                applied[c] = nil
                try set(card: c, .idle, park: false)  // the model is being replaced: really idle
            }
            return
        }
        if let p = desired.point {
            if p.frequencyLevel != lastRunLevel[c] {
                report.frequencyChanges += 1
                settleDebt[c] += switching.frequencySettleTime
                lastRunLevel[c] = p.frequencyLevel
            }
            if settleDebt[c] >= dt {
                settleDebt[c] -= dt
                report.settleTime += dt
                try set(card: c, .idle)
                return
            }
        } else if lastRunLevel[c] != 0 {
            // An idle card drops to the lowest level.
            report.frequencyChanges += 1
            settleDebt[c] += switching.frequencySettleTime
            lastRunLevel[c] = 0
        }
        try set(card: c, desired)
    }

    private mutating func set(card c: Int, _ s: CardSetting, park: Bool = true) throws(ExecutorError) {
        guard applied[c] != s else { return }
        do {
            if let key = s.point {
                guard let point = catalog.point(for: key) else {
                    throw ExecutorError.invalidInput(field: "point", rule: "\(key) is not in the catalog")
                }
                try simulator.setOperatingPoint(card: c, point: point,
                                                classShares: keepAlive(s.shares, card: c, latency: point.latency),
                                                priority: preemption.enabled && s.shares.interactive > 0 ? .interactive : nil)
                lastRunning[c] = key
            } else if park, let last = lastRunning[c], let running = catalog.point(for: last) {
                // Park: the last point at the lowest level, ε shares (idle power, credit kept).
                var key = last
                key.frequencyLevel = 0
                var parked = catalog.point(for: key) ?? running
                parked.key = key
                try simulator.setOperatingPoint(card: c, point: parked, classShares: keepAlive(ClassShares(), card: c, latency: parked.latency))
            } else {
                try simulator.setIdle(card: c)
                lastRunning[c] = nil
            }
        } catch let e as SimulatorError {
            throw .simulator(e)
        } catch let e as ExecutorError {
            throw e
        } catch {
            throw .invalidInput(field: "card", rule: "\(error)")
        }
        applied[c] = s
    }

    /// `shares` scaled by 1 − nε plus ε for each of the n classes the card serves this epoch.
    /// With ``InteractivePreemption`` enabled, interactive work gets no ε share at a point whose
    /// `latency` exceeds its SLO (it would be served there and miss the SLO for certain; it
    /// waits for the interactive setting, which preempts, instead).
    private func keepAlive(_ shares: ClassShares, card c: Int, latency: Double) -> ClassShares {
        var classes = servedClasses[c]
        if preemption.enabled, shares.interactive == 0,
           latency > simulator.configuration[.interactive].latencyObjective ?? .infinity {
            classes.removeAll { $0 == .interactive }
        }
        guard !classes.isEmpty else { return shares }
        let eps = Self.keepAliveShare
        var out = shares
        let scale = 1 - Double(classes.count) * eps
        for j in WorkClass.allCases { out[j] = shares[j] * scale }
        for j in classes { out[j] += eps }
        return out
    }

    /// `key` run `levels` DVFS levels lower: the catalog's point with the same key at the
    /// highest available level ≤ the target (the key itself when none exists).
    private mutating func demoted(_ key: OperatingPointKey, by levels: Int) -> OperatingPointKey {
        guard levels > 0, key.frequencyLevel > 0 else { return key }
        if let k = demotedKeys[key]?[levels] { return k }
        var result = key
        var l = max(0, key.frequencyLevel - levels)
        while l >= 0 {
            var k = key
            k.frequencyLevel = l
            if catalog.point(for: k) != nil { result = k; break }
            l -= 1
        }
        demotedKeys[key, default: [:]][levels] = result
        return result
    }

    // MARK: Reactive control

    /// Die power (W) per tick over the look-ahead if `card` follows its schedule from epoch
    /// tick `k` with its current demotion: each point's load power (full load, conservative) or
    /// idle power, split over the dies, plus die leakage at `θ`.
    private mutating func plannedDiePowers(card c: Int, schedule: CardSchedule, cursor: Int, from k: Int, θ: Double) -> [Double] {
        let steps = max(Int((control.lookahead / simulator.tickLength).rounded()), 0)
        let dies = Double(simulator.dies)
        let leak = powerModel.dieLeakage(temperature: θ)
        let idle = powerModel.loadPower(level: 0, utilization: 0, memoryUtilization: 0)
        var out: [Double] = []
        out.reserveCapacity(steps)
        var i = cursor
        let items = schedule.items
        for t in k..<(k + steps) {
            while i < items.count - 1, t >= items[i].start + items[i].ticks { i += 1 }
            // Past the epoch's end: assume the last item continues.
            var load = idle
            if let key = items[i].setting.point, let p = catalog.point(for: demoted(key, by: demotion[c])) { load = p.loadPower }
            out.append(load / dies + leak)
        }
        return out
    }

    /// The hottest-core temperature (°C) die `d` of card `c` settles at if the card runs its
    /// epoch schedule `demotion` levels down: the steady state of the schedule's mean die power
    /// (each piece's full-load or idle power, split over the dies) plus leakage at the settling
    /// temperature (three fixed-point steps from `θ`).
    private mutating func settling(card c: Int, die d: Int, schedule: CardSchedule, demotion levels: Int, θ: Double) -> Double? {
        let idle = powerModel.loadPower(level: 0, utilization: 0, memoryUtilization: 0)
        var energy = 0.0, ticks = 0
        for item in schedule.items {
            var load = idle
            if let key = item.setting.point, let p = catalog.point(for: demoted(key, by: levels)) { load = p.loadPower }
            energy += load * Double(item.ticks)
            ticks += item.ticks
        }
        guard ticks > 0 else { return nil }
        let dynamic = energy / Double(ticks) / Double(simulator.dies)
        var t = θ
        for _ in 0..<3 {
            guard let next = predictors[c * simulator.dies + d].steadyState(plannedPower: dynamic + powerModel.dieLeakage(temperature: t)) else { return nil }
            t = next
        }
        return t
    }

    private mutating func controlStep(tick gt: Int, base: [CardSetting], itemEnd: [Int], schedules: [CardSchedule],
                                      cursor: [Int], epochTick k: Int) throws(ExecutorError) {
        let n = simulator.cards, dies = simulator.dies
        var hottest: [(card: Int, die: Int, now: Double, predicted: Double)] = []
        for c in 0..<n {
            var best = (card: c, die: 0, now: -Double.infinity, predicted: -Double.infinity)
            let onSchedule = awayUntil[c] <= gt && !(base[c].isIdle && (borrowed[c]?.until ?? 0) > gt)
            for d in 0..<dies {
                let i = c * dies + d
                let θ = (try? simulator.maxCoreTemperature(card: c, die: d)) ?? 0
                var p = θ
                if predictors[i].isIdentified {
                    // The schedule's planned powers when the card follows it; else its current power.
                    p = onSchedule
                        ? predictors[i].predict(plannedPowers: plannedDiePowers(card: c, schedule: schedules[c], cursor: cursor[c], from: k, θ: θ))
                        : predictors[i].predict(plannedPower: lastDiePower[i], horizon: control.lookahead)
                }
                if p > best.predicted { best = (c, d, θ, p) }
            }
            hottest.append(best)
        }
        let order = hottest.sorted { $0.predicted != $1.predicted ? $0.predicted > $1.predicted : $0.card < $1.card }
        let now = simulator.time
        for h in order {
            let c = h.card
            let running: CardSetting? = {
                if awayUntil[c] > gt { return nil }
                if !base[c].isIdle { return base[c] }
                if let b = borrowed[c], b.until > gt { return b.setting }
                return nil
            }()
            let level = running?.point.map { demoted($0, by: demotion[c]).frequencyLevel }
            // Where the die settles, now and one level up (only when the rule could use it).
            let settleNow = h.predicted > control.demoteAbove ? settling(card: c, die: h.die, schedule: schedules[c], demotion: demotion[c], θ: h.now) : nil
            let settleUp = demotion[c] > 0 ? settling(card: c, die: h.die, schedule: schedules[c], demotion: min(demotion[c], topLevel) - 1, θ: h.now) : nil
            dvfsRule[c].observe(predicted: h.predicted, settleNow: settleNow, settleUp: settleUp, tick: gt, settings: control)
            if h.predicted > control.migrateAbove, let work = running {
                let until = base[c].isIdle ? (borrowed[c]?.until ?? gt + control.periodTicks) : itemEnd[c]
                let target = hottest.filter { t in
                    t.card != c && awayUntil[t.card] <= gt && base[t.card].isIdle && !((borrowed[t.card]?.until ?? 0) > gt)
                        && loadRemaining[t.card] == 0 && t.now < control.demoteAbove
                }.min { $0.now != $1.now ? $0.now < $1.now : $0.card < $1.card }
                if let t = target {
                    borrowed[t.card] = (work, until)
                    awayUntil[c] = until
                    events.append(ControlEvent(time: now, card: c, die: h.die, kind: .migrate, temperature: h.now, predicted: h.predicted,
                                               targetCard: t.card,
                                               reason: "die predicted \(h.predicted.rounded(to: 2)) °C > \(control.migrateAbove) °C: work moved to card \(t.card) (\(t.now.rounded(to: 2)) °C) for \(Double(until - gt) * simulator.tickLength) s"))
                } else if let l = level, l > 0 {
                    demotion[c] = topLevel + 1
                    lastLevelChange[c] = gt
                    events.append(ControlEvent(time: now, card: c, die: h.die, kind: .reduce, temperature: h.now, predicted: h.predicted,
                                               level: work.point.map { demoted($0, by: topLevel + 1).frequencyLevel },
                                               reason: "die predicted \(h.predicted.rounded(to: 2)) °C > \(control.migrateAbove) °C and no card can take the work: lowest DVFS level"))
                } else {
                    awayUntil[c] = gt + control.periodTicks
                    events.append(ControlEvent(time: now, card: c, die: h.die, kind: .reduce, temperature: h.now, predicted: h.predicted,
                                               reason: "die predicted \(h.predicted.rounded(to: 2)) °C > \(control.migrateAbove) °C at the lowest level and no card can take the work: pause \(Double(control.periodTicks) * simulator.tickLength) s"))
                }
            } else if let l = level, l > 0,
                      dvfsRule[c].demotes(tick: gt, lastChange: lastLevelChange[c], settings: control, tickLength: simulator.tickLength) {
                demotion[c] = min(demotion[c] + 1, topLevel + 1)
                lastLevelChange[c] = gt
                events.append(ControlEvent(time: now, card: c, die: h.die, kind: .dvfsDown, temperature: h.now, predicted: h.predicted,
                                           level: running?.point.map { demoted($0, by: demotion[c]).frequencyLevel },
                                           reason: "die predicted \(h.predicted.rounded(to: 2)) °C > \(control.demoteAbove) °C\(settleNow.map { ", settling at \($0.rounded(to: 2)) °C" } ?? ""): one DVFS level down"))
            } else if demotion[c] > 0,
                      dvfsRule[c].restores(tick: gt, lastChange: lastLevelChange[c], settings: control, tickLength: simulator.tickLength) {
                // Give back one effective level (skip demotion steps that change nothing).
                demotion[c] = min(demotion[c], topLevel) - 1
                lastLevelChange[c] = gt
                events.append(ControlEvent(time: now, card: c, die: h.die, kind: .dvfsRestore, temperature: h.now, predicted: h.predicted,
                                           level: running?.point.map { demoted($0, by: demotion[c]).frequencyLevel },
                                           reason: "die predicted \(h.predicted.rounded(to: 2)) °C < \(control.restoreBelow) °C\(settleUp.map { ", settling at \($0.rounded(to: 2)) °C one level up," } ?? "") for \(control.restoreHold) s: one DVFS level back"))
            }
        }
    }
}

extension Double {
    /// Rounded to `digits` decimals (for messages).
    func rounded(to digits: Int) -> Double {
        var m = 1.0
        for _ in 0..<max(digits, 0) { m *= 10 }
        return (self * m).rounded() / m
    }
}
