import Foundation
import Hardware
import Planner
import Simulator
import Workloads

/// Requests served per work class and in total.
public struct ServedWork: Codable, Sendable, Equatable {
    /// Interactive requests served.
    public var interactive: Int
    /// Deferrable requests served.
    public var deferrable: Int
    /// Elastic requests served.
    public var elastic: Int
    /// All classes.
    public var total: Int
}

/// Mean, peak and the p5–p95 spread of a power series, W.
public struct PowerSpread: Codable, Sendable, Equatable {
    /// Time-weighted mean, W.
    public var mean: Double
    /// Largest tick value, W.
    public var peak: Double
    /// 5th percentile, W.
    public var p5: Double
    /// 95th percentile, W.
    public var p95: Double
    /// p95 − p5, W.
    public var spread: Double
}

/// The run's value of the preset's objective (``ObjectiveKind``: α·T/T_max + β·C_min/C by
/// default, CER/CER_max for `carbon-efficiency`, α·T/T_max + β·CER/CER_max for
/// `throughput-efficiency`), normalised by policy-independent constants so that the policies of
/// one scenario, horizon and seed are compared on the same scale: T_max, C_min and CER_max of
/// the whole run as the planner defines them (``ClosedLoop/objectiveBounds()``: the most work,
/// the least carbon and the best work per gCO₂ of any plan of the run, from the clairvoyant LP),
/// or analytic bounds when that LP fails (``normalisation`` says which). T is the requests
/// served, C the run's carbon. The value does not see constraint violations: read it with
/// ``RunMetrics/violations``.
public struct RunObjective: Codable, Sendable, Equatable {
    /// The objective (``ObjectiveKind`` raw value).
    public var kind: String
    /// Its formula.
    public var formula: String
    /// Weight of normalised throughput in effect (0 for `carbon-efficiency`).
    public var alpha: Double
    /// Weight of the carbon term in effect (1 for `carbon-efficiency`).
    public var beta: Double
    /// T_max, requests.
    public var maximumWork: Double
    /// C_min, gCO₂.
    public var minimumCarbon: Double
    /// CER_max, requests/gCO₂ (nil when no bound is available).
    public var maximumCarbonEfficiency: Double?
    /// Where T_max, C_min and CER_max came from.
    public var normalisation: ObjectiveBounds.Source
    /// α·T/T_max.
    public var throughputTerm: Double
    /// β·C_min/C, or β·CER/CER_max for the efficiency objectives (0 when C is 0).
    public var carbonTerm: Double
    /// throughputTerm + carbonTerm.
    public var value: Double
}

/// What a closed-loop run achieved (DESIGN §7 metrics), Codable with stable names. SI units:
/// requests, s, W, J, gCO₂, °C. Deterministic: planning time is left out.
public struct RunMetrics: Codable, Sendable, Equatable {
    /// The policy (``PolicyKind`` raw value).
    public var policy: String
    /// The scenario's name.
    public var scenario: String
    /// Seed of the simulator's random streams.
    public var seed: UInt64
    /// Epochs run.
    public var epochs: Int
    /// Simulated duration, s.
    public var duration: Double
    /// Cards on the node.
    public var cards: Int
    /// Requests served.
    public var served: ServedWork
    /// Requests served per second of the run (all classes), requests/s.
    public var throughput: Double
    /// Interactive requests that arrived.
    public var interactiveArrived: Int
    /// Interactive requests served within the latency SLO.
    public var interactiveWithinSLO: Int
    /// interactiveWithinSLO / interactiveArrived (requests still queued at the end count as
    /// misses); nil when none arrived.
    public var sloAttainment: Double?
    /// Latency SLO of interactive requests, s.
    public var latencySLO: Double
    /// Interactive end-to-end latency (wait + service) over the run, s: mean, median and 99th
    /// percentile (percentiles from the simulator's log histogram); nil when none was served.
    public var interactiveLatency: LatencySummary?
    /// Node energy, J: ∫ node power dt from the simulator (Σ tick power × tick).
    public var energy: Double
    /// Host-side energy of precision-profile loads, J (not in ``energy``; in ``carbon``).
    public var switchingEnergy: Double
    /// Carbon, gCO₂: Σ over epochs of the actual intensity × (energy + switching energy) / 3.6e6.
    public var carbon: Double
    /// Carbon efficiency, requests/gCO₂: served.total / carbon (0 when carbon is 0).
    public var cer: Double
    /// Node power over the run (p5/p95 from the simulator's histogram, within 0.39 %), W.
    public var nodePower: PowerSpread
    /// Per card: mean and peak exact; p5/p95 from tick samples every
    /// ``ClosedLoop/Configuration/tickRecordInterval`` ticks (nearest rank; the mean when no
    /// samples were recorded), W.
    public var cardPower: [PowerSpread]
    /// Hottest core temperature seen, °C.
    public var maxTemperature: Double
    /// Time some core of the node was above ``hotThreshold``, s.
    public var timeAboveHotThreshold: Double
    /// The hot threshold, °C (85 by default).
    public var hotThreshold: Double
    /// Times a card's hardware throttle engaged.
    public var throttleEvents: Int
    /// Reactive-controller actions of the executor (migrate, reduce, DVFS down).
    public var controlActions: Int
    /// DVFS level changes the reactive controller made, summed over cards: level drops,
    /// restores and reductions to the lowest level (what chatter shows up in).
    public var levelChanges: Int
    /// Accuracy loss weighted by planned work (Σ fraction × throughput × loss / Σ fraction ×
    /// throughput over every card's executed mix entries), percentage points.
    public var accuracyLoss: Double
    /// Requests whose deadline passed while waiting (all classes).
    public var deadlineMisses: Int
    /// Deferrable requests still queued at the end.
    public var deferrableBacklogEnd: Int
    /// Epochs not run as decided (planning failed: last good plan or safe default).
    public var planningFailures: Int
    /// The first such epoch and why ("epoch 3 (relaxedPlan): …"); nil when there was none.
    public var firstPlanningFailure: String?
    /// Where the run broke the preset's limits.
    public var violations: LimitViolations
    /// The objective with its normalisation.
    public var objective: RunObjective
}

/// A latency distribution's summary, s.
public struct LatencySummary: Codable, Sendable, Equatable {
    /// Mean, s.
    public var mean: Double
    /// Median, s.
    public var p50: Double
    /// 99th percentile, s.
    public var p99: Double
}

/// Where a run broke the preset's limits (the LP never plans beyond them; the rule-based
/// baselines do not know them). Power is compared per epoch, as the caps are epoch averages.
public struct LimitViolations: Codable, Sendable, Equatable {
    /// Epochs in which some card's mean power exceeded the card cap or the node's exceeded the
    /// node cap (by more than 0.1 %).
    public var epochsAbovePowerCap: Int
    /// Largest epoch-average excess over a cap (card or node), W (0 when none).
    public var worstPowerCapExcess: Double
    /// Window the caps are enforced over, s: the preset's ``SLAPreset/powerCapWindow`` (1 s
    /// when the preset averages over epochs).
    public var powerCapWindow: Double
    /// Windows of that length whose mean card power exceeded the card cap (summed over cards)
    /// or whose node power exceeded the node cap, by more than 0.1 %.
    public var windowsAbovePowerCap: Int
    /// Largest window-mean excess over a cap (card or node), W (0 when none).
    public var worstWindowExcess: Double
    /// Share of the executed work (Σ fraction × throughput over the mixes) run at points whose
    /// accuracy loss exceeds the preset's ceiling, in [0, 1].
    public var workAboveAccuracyCeiling: Double
    /// Card power cap, W.
    public var cardPowerCap: Double
    /// Node power cap, W.
    public var nodePowerCap: Double
    /// Accuracy-loss ceiling, percentage points.
    public var accuracyLossCeiling: Double
}

/// The normalisation constants of ``RunObjective`` and where they came from.
public struct ObjectiveBounds: Codable, Sendable, Equatable {
    /// How the bounds were obtained.
    public enum Source: String, Codable, Sendable {
        /// The whole-run clairvoyant LP (the planner's own definition of T_max and C_min).
        case clairvoyantLP = "clairvoyant-lp"
        /// The analytic bounds (that LP failed; see ``RunObjective``).
        case analytic
    }
    /// T_max, requests.
    public var maximumWork: Double
    /// C_min, gCO₂.
    public var minimumCarbon: Double
    /// CER_max, requests/gCO₂: the best ΣT/ΣC over the run's plans (nil when unknown).
    public var maximumCarbonEfficiency: Double?
    /// Where they came from.
    public var source: Source
}

extension ClosedLoop {
    /// The policy-independent normalisation of ``RunObjective`` for the epochs run so far: the
    /// planner's own definitions applied to the whole run — T_max the most work and C_min the
    /// least carbon of any plan of the run's epochs, from the clairvoyant LP (actual
    /// intensities, expected arrivals, the initial state; runs longer than
    /// ``Configuration/oracleMaxHorizon`` are bounded chunk by chunk and summed). With these
    /// constants the run's objective is the one every LP decision optimises, so the policies
    /// are ranked by the objective the user asked for. When that LP fails, the analytic bounds
    /// (``analyticObjectiveBounds()``) are used and the source says so.
    public func objectiveBounds() -> ObjectiveBounds {
        let e = records.count
        if let c = boundsCache, c.epochs == e { return c.bounds }
        let bounds = clairvoyantBounds(epochs: e) ?? {
            let a = analyticObjectiveBounds()
            // T_max/C_min bounds every run's T/C from above (no run reaches both).
            return ObjectiveBounds(maximumWork: a.maximumWork, minimumCarbon: a.minimumCarbon,
                                   maximumCarbonEfficiency: a.minimumCarbon > 0 ? a.maximumWork / a.minimumCarbon : nil,
                                   source: .analytic)
        }()
        boundsCache = (e, bounds)
        return bounds
    }

    /// T_max and C_min of the clairvoyant LP over `epochs` epochs; nil when a chunk fails.
    private func clairvoyantBounds(epochs: Int) -> ObjectiveBounds? {
        guard epochs > 0 else { return nil }
        let s = policySetup
        let planner = EpochPlanner(solver: s.scenario.solver, options: s.plannerOptions)
        let chunk = max(1, s.oracleMaxHorizon)
        var tMax = 0.0, cMin = 0.0
        var chunks: [[(t: Double, c: Double)]] = []
        var first = 0
        while first < epochs {
            let h = min(chunk, epochs - first)
            guard let request = try? OraclePolicy.clairvoyantRequest(
                s, epoch: first, globalEpoch: history + first, start: scenario.start + Double(first) * scenario.epochLength,
                horizon: h, backlog: 0, temperatures: s.initialTemperatures),
                let plan = try? planner.plan(request) else { return nil }
            tMax += plan.objective.maximumThroughput
            cMin += plan.objective.minimumCarbon
            chunks.append(plan.frontier.map { ($0.throughput, $0.carbon) })
            first += h
        }
        return ObjectiveBounds(maximumWork: tMax, minimumCarbon: cMin, maximumCarbonEfficiency: Self.bestRatio(chunks),
                               source: .clairvoyantLP)
    }

    /// max ΣT/ΣC choosing one extreme point per chunk (each chunk's best T/C plan lies at an
    /// extreme point of its frontier, and the chunks are independent), by Dinkelbach's
    /// iteration: pick each chunk's point maximising T − λ·C, set λ = ΣT/ΣC, repeat until λ
    /// stops growing (finitely many choices, λ strictly increases). Nil when C ≤ 0.
    static func bestRatio(_ chunks: [[(t: Double, c: Double)]]) -> Double? {
        guard !chunks.isEmpty, chunks.allSatisfy({ !$0.isEmpty }) else { return nil }
        var lambda = 0.0
        for _ in 0..<1000 {
            var t = 0.0, c = 0.0
            for pts in chunks {
                let best = pts.max { ($0.t - lambda * $0.c) < ($1.t - lambda * $1.c) }!
                t += best.t
                c += best.c
            }
            guard c > 0 else { return nil }
            let next = t / c
            if next <= lambda * (1 + 1e-12) { break }
            lambda = next
        }
        return lambda > 0 ? lambda : nil
    }

    /// Analytic, policy-independent bounds (the fallback of ``objectiveBounds()``):
    /// - `T_max` = Σ over epochs of cards × the catalog's largest per-card throughput × epoch
    ///   length (requests): no plan serves more;
    /// - `C_min` = the carbon of the node idling at the lowest DVFS level (cards × idle power ×
    ///   epoch length × actual intensity, summed over epochs) plus the must-serve work at its
    ///   least marginal energy: expected interactive requests of each epoch × e_min × that
    ///   epoch's intensity, and all expected deferrable requests × e_min × the run's lowest
    ///   intensity (they may shift), where e_min is the least (load power − idle power) /
    ///   throughput, J/request, over the SLO- and accuracy-feasible points (leakage left out).
    ///   A lower bound on the carbon of any run that serves the must-serve work.
    public func analyticObjectiveBounds() -> (maximumWork: Double, minimumCarbon: Double) {
        let n = Double(scenario.node.cards), dt = scenario.epochLength
        let e = records.count
        let fastest = catalog.points.map(\.throughput).max() ?? 0
        let tMax = Double(e) * n * fastest * dt
        let idle = (try? PowerModel(device: scenario.node.device))?.loadPower(level: 0, utilization: 0, memoryUtilization: 0) ?? 0
        let single = catalog.points.filter { $0.throughput > 0 }
        let feasible = single.filter { $0.latency <= preset.latencySLO && $0.accuracyLoss <= preset.accuracyLossCeiling }
        let pool = feasible.isEmpty ? single : feasible
        let eMin = max(0, pool.map { ($0.loadPower - idle) / $0.throughput }.min() ?? 0)
        var cMin = 0.0, deferrable = 0.0
        let intensities = records.map(\.actualIntensity)
        for (k, r) in records.enumerated() {
            let a = k < expectedArrivals.count ? expectedArrivals[k] : [:]
            let i = a[.interactive] ?? 0, d = a[.deferrable] ?? 0
            cMin += r.actualIntensity * (n * idle * dt + (i.isFinite ? i : 0) * eMin) / 3.6e6
            deferrable += d.isFinite ? d : 0
        }
        cMin += (intensities.min() ?? 0) * deferrable * eMin / 3.6e6
        return (tMax, cMin)
    }

    /// The metrics of the epochs run so far.
    public func metrics() -> RunMetrics {
        let tel = telemetry()
        let s = tel.summary
        func cls(_ j: WorkClass) -> ClassStatistics? { s.classes.first { $0.workClass == j } }
        let served = ServedWork(interactive: cls(.interactive)?.served ?? 0, deferrable: cls(.deferrable)?.served ?? 0,
                                elastic: cls(.elastic)?.served ?? 0, total: s.served)
        let arrived = cls(.interactive)?.arrived ?? 0
        let within = cls(.interactive)?.withinLatencyObjective ?? 0
        let switching = records.reduce(0) { $0 + $1.execution.switchingEnergy }
        let carbon = records.reduce(0) { $0 + $1.carbon }
        let n = tel.cards
        var cardPower: [PowerSpread] = []
        for c in 0..<n {
            let mean = c < s.cardMeanPower.count ? s.cardMeanPower[c] : 0
            let peak = c < s.cardPeakPower.count ? s.cardPeakPower[c] : 0
            var samples: [Double] = []
            if let t = tel.ticks, t.count > 0 {
                samples.reserveCapacity(t.count)
                for k in 0..<t.count where k * n + c < t.cardPower.count { samples.append(t.cardPower[k * n + c]) }
            }
            samples.sort()
            func pct(_ p: Double) -> Double {
                guard !samples.isEmpty else { return mean }
                let r = Int((p * Double(samples.count)).rounded(.up)) - 1
                return samples[min(max(r, 0), samples.count - 1)]
            }
            let p5 = pct(0.05), p95 = pct(0.95)
            cardPower.append(PowerSpread(mean: mean, peak: peak, p5: p5, p95: p95, spread: p95 - p5))
        }
        var lossWork = 0.0, work = 0.0, aboveCeiling = 0.0
        for r in records {
            for m in r.mixes {
                for e in m.entries {
                    guard let p = catalog.point(for: e.point) else { continue }
                    let w = e.fraction * p.throughput
                    lossWork += w * p.accuracyLoss
                    work += w
                    if p.accuracyLoss > preset.accuracyLossCeiling + 1e-9 { aboveCeiling += w }
                }
            }
        }
        let cardCap = preset.cardPowerCap, nodeCap = preset.nodePowerCap ?? Double(n) * preset.cardPowerCap
        var epochsAbove = 0, worstExcess = 0.0
        for ep in tel.epochs {
            let excess = max(ep.cardMeanPower.map { $0 - cardCap }.max() ?? 0, ep.nodePower.mean - nodeCap)
            if ep.cardMeanPower.contains(where: { $0 > cardCap * 1.001 }) || ep.nodePower.mean > nodeCap * 1.001 { epochsAbove += 1 }
            worstExcess = max(worstExcess, excess)
        }
        var windowsAbove = 0, worstWindow = 0.0
        for ep in tel.epochs {
            windowsAbove += ep.cardWindowsAboveCap + ep.nodeWindowsAboveCap
            worstWindow = max(worstWindow, (ep.cardPeakWindowPower.max() ?? 0) - cardCap, ep.nodePeakWindowPower - nodeCap)
        }
        let violations = LimitViolations(epochsAbovePowerCap: epochsAbove, worstPowerCapExcess: worstExcess,
                                         powerCapWindow: preset.powerCapWindow > 0 ? preset.powerCapWindow : SLAPreset.defaultPowerCapWindow,
                                         windowsAbovePowerCap: windowsAbove, worstWindowExcess: max(0, worstWindow),
                                         workAboveAccuracyCeiling: work > 0 ? aboveCeiling / work : 0,
                                         cardPowerCap: cardCap, nodePowerCap: nodeCap,
                                         accuracyLossCeiling: preset.accuracyLossCeiling)
        let bounds = objectiveBounds()
        let kind = preset.objective
        let alpha = kind == .carbonEfficiency ? 0 : preset.alpha, beta = kind == .carbonEfficiency ? 1 : preset.beta
        let tTerm = bounds.maximumWork > 0 ? alpha * Double(served.total) / bounds.maximumWork : 0
        let cTerm: Double
        switch kind {
        case .throughputCarbon: cTerm = carbon > 0 ? beta * bounds.minimumCarbon / carbon : 0
        case .carbonEfficiency, .throughputEfficiency:
            let cerMax = bounds.maximumCarbonEfficiency ?? 0
            cTerm = carbon > 0 && cerMax > 0 ? beta * (Double(served.total) / carbon) / cerMax : 0
        }
        let controlKinds: Set<ControlEvent.Kind> = [.migrate, .reduce, .dvfsDown]
        return RunMetrics(
            policy: policy.kind.rawValue, scenario: scenario.name, seed: configuration.seed, epochs: records.count,
            duration: s.duration, cards: n, served: served,
            throughput: s.duration > 0 ? Double(served.total) / s.duration : 0,
            interactiveArrived: arrived, interactiveWithinSLO: within,
            sloAttainment: arrived > 0 ? Double(within) / Double(arrived) : nil, latencySLO: preset.latencySLO,
            interactiveLatency: cls(.interactive).flatMap { c in
                guard let mean = c.latencyMean, let p50 = c.latencyP50, let p99 = c.latencyP99 else { return nil }
                return LatencySummary(mean: mean, p50: p50, p99: p99)
            },
            energy: s.energy, switchingEnergy: switching, carbon: carbon,
            cer: carbon > 0 ? Double(served.total) / carbon : 0,
            nodePower: PowerSpread(mean: s.nodePower.mean, peak: s.nodePower.peak, p5: s.nodePower.p5, p95: s.nodePower.p95,
                                   spread: s.nodePower.p95 - s.nodePower.p5),
            cardPower: cardPower, maxTemperature: s.maxTemperature, timeAboveHotThreshold: s.timeAboveHotThreshold,
            hotThreshold: configuration.hotThreshold, throttleEvents: s.throttleEvents,
            controlActions: executor.events.filter { controlKinds.contains($0.kind) }.count,
            levelChanges: executor.events.filter { $0.kind == .dvfsDown || $0.kind == .dvfsRestore || ($0.kind == .reduce && $0.level != nil) }.count,
            accuracyLoss: work > 0 ? lossWork / work : 0,
            deadlineMisses: s.classes.reduce(0) { $0 + $1.deadlineMisses },
            deferrableBacklogEnd: cls(.deferrable)?.queueLengthEnd ?? 0,
            planningFailures: records.filter { $0.source != .planned }.count,
            firstPlanningFailure: records.first { $0.source != .planned }.map {
                "epoch \($0.epoch) (\($0.source.rawValue)): \($0.planningError ?? "no reason recorded")"
            },
            violations: violations,
            objective: RunObjective(kind: kind.rawValue, formula: kind.formula, alpha: alpha, beta: beta,
                                    maximumWork: bounds.maximumWork, minimumCarbon: bounds.minimumCarbon,
                                    maximumCarbonEfficiency: bounds.maximumCarbonEfficiency, normalisation: bounds.source,
                                    throughputTerm: tTerm, carbonTerm: cTerm, value: tTerm + cTerm))
    }
}
