import Hardware
import Simulator
import Workloads

/// What a card is told to do: run a point with class shares, or idle.
public struct CardSetting: Codable, Sendable, Hashable {
    /// The operating point; nil means idle.
    public var point: OperatingPointKey?
    /// Shares of the card's running time per class (sum 1 when running; zero when idle).
    public var shares: ClassShares

    /// A running setting.
    public init(point: OperatingPointKey, shares: ClassShares) {
        self.point = point
        self.shares = shares
    }

    /// Idle.
    public static let idle = CardSetting(idlePoint: ())

    private init(idlePoint: Void) {
        point = nil
        shares = ClassShares()
    }

    /// Whether the card idles.
    public var isIdle: Bool { point == nil }
}

/// One stretch of a card's epoch: `setting` for `ticks` ticks starting at tick `start`
/// (ticks counted from the start of the epoch).
public struct ScheduledItem: Codable, Sendable, Hashable {
    /// First tick (0-based within the epoch).
    public var start: Int
    /// Length, ticks (≥ 1).
    public var ticks: Int
    /// What the card runs.
    public var setting: CardSetting
}

/// One card's ordered schedule for one epoch: consecutive items covering every tick.
public struct CardSchedule: Codable, Sendable, Hashable {
    /// Card index.
    public var card: Int
    /// Items in time order; their tick counts sum to the epoch's ticks.
    public var items: [ScheduledItem]

    /// Ticks the schedule runs `point` (any class), or idles when `point` is nil.
    public func ticks(running point: OperatingPointKey?) -> Int {
        items.filter { $0.setting.point == point }.reduce(0) { $0 + $1.ticks }
    }

    /// The item covering `tick`, by binary search (nil outside the schedule).
    public func item(at tick: Int) -> ScheduledItem? {
        var lo = 0, hi = items.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let it = items[mid]
            if tick < it.start { hi = mid - 1 } else if tick >= it.start + it.ticks { lo = mid + 1 } else { return it }
        }
        return nil
    }
}

/// How the executor orders a card's segments inside an epoch.
///
/// - `naive`: the plan's order, one contiguous block per operating point, idle at the end.
/// - `interleaved(slice:)`: the thermal rule (default, slice 2 s):
///   1. entries at the same operating point are merged into one setting whose class shares
///      are proportional to their fractions (the simulator serves the classes together);
///   2. settings are grouped by precision profile, because a profile change reloads the model
///      (``SwitchingCosts``): the profile loaded at the end of the previous epoch goes first,
///      then the others by decreasing time, so each profile is loaded at most once per epoch;
///   3. the epoch's idle time is spread over the groups in proportion to their length;
///   4. each group's span is cut into slices of about `slice` seconds; every slice repeats the
///      group's settings, each for its fraction of the slice, ordered hottest, coolest (idle
///      counts as the coolest), second hottest, second coolest, … (hot by the point's load
///      power). With a slice much shorter than the die's sink time constant (≈30 s on the
///      presets) the die sees nearly the epoch-average power, which is what the planner's
///      thermal row constrains, instead of a long hot block that overshoots;
///   5. a piece may cut a batch: diffusion pauses between denoising steps and LLM serving
///      between decode iterations, and the simulator's service is fluid (capacity accrues per
///      tick). The executor keeps the service credit across pieces (see ``PlanExecutor``), so
///      short pieces lose no work;
///   6. boundaries are rounded to ticks per setting (each setting's cumulative time is rounded,
///      so its total is within one tick of planned); the idle time absorbs the remainder.
///   Cost: about two DVFS changes per slice (``SwitchingCosts/frequencySettleTime`` each).
///   Benefit beyond temperature: interactive requests wait at most about a slice minus their
///   point's share of it (a long block would make them wait most of the epoch); the default
///   4 s slice keeps that wait within a few seconds. Interactive work whose profile differs from
///   the other work's is only served during its profile group (a limitation: one load per
///   profile and epoch).
public enum SegmentOrder: Codable, Sendable, Hashable {
    /// Plan order, one block per point, idle last.
    case naive
    /// Hot/cool interleaving in slices of about `slice` seconds (see the type's rule).
    case interleaved(slice: Double)

    /// The default: interleaved 4 s slices.
    public static let standard = SegmentOrder.interleaved(slice: 4)
}

/// Turns a card's mix into an ordered, tick-aligned schedule (see ``SegmentOrder``).
public enum SegmentScheduler {
    /// The schedule of `mix` over an epoch of `ticks` ticks of `tick` seconds.
    /// - Parameters:
    ///   - point: the catalog's point for a key (its load power orders hot and cool settings);
    ///     unknown keys are an error.
    ///   - loadedProfile: the profile the card holds at the start (scheduled first).
    public static func schedule(_ mix: CardMix, order: SegmentOrder, ticks: Int, tick: Double,
                                point: (OperatingPointKey) -> OperatingPoint?,
                                loadedProfile: PrecisionProfile?) throws(ExecutorError) -> CardSchedule {
        guard ticks >= 1 else { throw .invalidInput(field: "ticks", rule: "must be ≥ 1 (got \(ticks))") }
        guard tick.isFinite, tick > 0 else { throw .invalidInput(field: "tick", rule: "must be > 0 s (got \(tick))") }
        // 1. Merge by point, keeping first-occurrence order.
        var order_: [OperatingPointKey] = []
        var fraction: [OperatingPointKey: Double] = [:]
        var classTime: [OperatingPointKey: ClassShares] = [:]
        for (i, e) in mix.entries.enumerated() where point(e.point) == nil {
            throw .invalidInput(field: "mix[\(mix.card)].entries[\(i)].point", rule: "is not in the catalog")
        }
        func power(_ k: OperatingPointKey) -> Double { point(k)?.loadPower ?? 0 }
        for e in mix.entries where e.fraction > 0 {
            if fraction[e.point] == nil { order_.append(e.point); fraction[e.point] = 0; classTime[e.point] = ClassShares() }
            fraction[e.point]! += e.fraction
            classTime[e.point]![e.workClass] += e.fraction
        }
        let busy = order_.reduce(0) { $0 + fraction[$1]! }
        let scale = busy > 1 ? 1 / busy : 1  // tolerate round-off above 1
        func setting(_ k: OperatingPointKey) -> CardSetting {
            let f = fraction[k]!
            var s = classTime[k]!
            for c in WorkClass.allCases { s[c] = min(1, s[c] / f) }
            return CardSetting(point: k, shares: s)
        }
        // Pieces in continuous time (fractions of the epoch).
        var pieces: [(CardSetting, Double)] = []
        let idle = max(0, 1 - busy * scale)
        switch order {
        case .naive:
            for k in order_ { pieces.append((setting(k), fraction[k]! * scale)) }
            pieces.append((.idle, idle))
        case .interleaved(let slice):
            guard slice.isFinite, slice > 0 else {
                throw .invalidInput(field: "order.slice", rule: "must be a positive duration in s (got \(slice))")
            }
            // 2. Group by profile.
            var groups: [(PrecisionProfile, [OperatingPointKey])] = []
            for k in order_ {
                if let i = groups.firstIndex(where: { $0.0 == k.profile }) { groups[i].1.append(k) } else { groups.append((k.profile, [k])) }
            }
            let groupTime = { (g: [OperatingPointKey]) in g.reduce(0) { $0 + fraction[$1]! } }
            groups.sort { a, b in
                if (a.0 == loadedProfile) != (b.0 == loadedProfile) { return a.0 == loadedProfile }
                let ta = groupTime(a.1), tb = groupTime(b.1)
                if ta != tb { return ta > tb }
                return a.0.rawValue < b.0.rawValue
            }
            if groups.isEmpty { pieces.append((.idle, 1)) }
            let epochSeconds = Double(ticks) * tick
            for (_, keys) in groups {
                let gBusy = groupTime(keys) * scale
                // 3. Idle in proportion to the group's length.
                let gIdle = busy > 0 ? idle * groupTime(keys) / busy : 0
                let span = gBusy + gIdle
                let slices = max(1, Int((span * epochSeconds / slice).rounded()))
                // 4. Hottest, coolest, second hottest, … (idle as power 0).
                var items: [(CardSetting, Double, Double)] = keys.map { (setting($0), fraction[$0]! * scale, power($0)) }
                if gIdle > 0 { items.append((.idle, gIdle, 0)) }
                items.sort { $0.2 != $1.2 ? $0.2 > $1.2 : ($0.0.point.map(keyText) ?? "") < ($1.0.point.map(keyText) ?? "") }
                var alternating: [(CardSetting, Double, Double)] = []
                var lo = 0, hi = items.count - 1
                while lo <= hi {
                    alternating.append(items[lo]); lo += 1
                    if lo <= hi { alternating.append(items[hi]); hi -= 1 }
                }
                for _ in 0..<slices {
                    for (s, f, _) in alternating { pieces.append((s, f / Double(slices))) }
                }
            }
        }
        // 6. Per-setting cumulative rounding to ticks; idle absorbs the remainder; merge equal neighbours.
        var cumulative: [CardSetting: Double] = [:]
        var rounded: [(CardSetting, Int)] = []
        var used = 0
        for (s, f) in pieces where f > 0 {
            let before = cumulative[s, default: 0]
            let after = before + f * Double(ticks)
            cumulative[s] = after
            let n = Int(after.rounded()) - Int(before.rounded())
            if n > 0 { rounded.append((s, n)); used += n }
        }
        // Fix the total: shorten or lengthen idle pieces (from the end), else the last piece.
        var excess = used - ticks
        var i = rounded.count - 1
        while excess != 0, i >= 0 {
            if rounded[i].0.isIdle || i == 0 {
                let n = max(rounded[i].1 - excess, 0)
                excess -= rounded[i].1 - n
                rounded[i].1 = n
            }
            i -= 1
        }
        if excess < 0 { rounded.append((.idle, -excess)) }
        var items: [ScheduledItem] = []
        var last = 0
        for (s, n) in rounded where n > 0 {
            if let p = items.last, p.setting == s {
                items[items.count - 1].ticks += n
            } else {
                items.append(ScheduledItem(start: last, ticks: n, setting: s))
            }
            last += n
        }
        if last < ticks { items.append(ScheduledItem(start: last, ticks: ticks - last, setting: .idle)) }
        return CardSchedule(card: mix.card, items: items)
    }

    private static func keyText(_ k: OperatingPointKey) -> String {
        "\(k.profile.rawValue)/\(k.frequencyLevel)/\(k.batchSize)/\(k.placement)"
    }
}
