import Planner
import Workloads

/// One part of a card's epoch mix: run `point` for `workClass` during `fraction` of the epoch.
public struct MixEntry: Codable, Sendable, Hashable {
    /// The operating point (looked up in the executor's catalog).
    public var point: OperatingPointKey
    /// The class served.
    public var workClass: WorkClass
    /// Fraction of the epoch, in (0, 1].
    public var fraction: Double

    /// An entry.
    public init(point: OperatingPointKey, workClass: WorkClass, fraction: Double) {
        self.point = point
        self.workClass = workClass
        self.fraction = fraction
    }
}

/// What one card should do in one epoch, without an order: time fractions per (operating
/// point, class); the rest of the epoch is idle. The executor's input, built from a plan's
/// `CardPlan` (or by hand, e.g. for a safe default or a test).
public struct CardMix: Codable, Sendable, Hashable {
    /// Card index (0-based).
    public var card: Int
    /// Entries with positive fraction.
    public var entries: [MixEntry]

    /// A mix for `card`.
    public init(card: Int, entries: [MixEntry]) {
        self.card = card
        self.entries = entries
    }

    /// The mix of a planned card epoch (its segments; its idle fraction is the rest).
    public init(_ plan: CardPlan) {
        self.init(card: plan.card, entries: plan.segments.map {
            MixEntry(point: $0.point, workClass: $0.workClass, fraction: $0.fraction)
        })
    }

    /// Fraction of the epoch with work planned.
    public var busyFraction: Double { entries.reduce(0) { $0 + $1.fraction } }

    /// Fraction of the epoch planned idle (never negative).
    public var idleFraction: Double { max(0, 1 - busyFraction) }

    /// The mixes of every card of a planned epoch, by card index.
    public static func mixes(of epoch: EpochPlan) -> [CardMix] {
        epoch.cards.sorted { $0.card < $1.card }.map(CardMix.init)
    }

    /// Checks fractions (finite, in (0, 1], summing to at most 1 + 1e-6) and the card index
    /// against `cards`.
    public func validate(cards: Int) throws(ExecutorError) {
        guard card >= 0, card < cards else {
            throw .invalidInput(field: "mix.card", rule: "must be in 0..<\(cards) (got \(card))")
        }
        for (i, e) in entries.enumerated() where !(e.fraction.isFinite && e.fraction > 0 && e.fraction <= 1) {
            throw .invalidInput(field: "mix[\(card)].entries[\(i)].fraction", rule: "must be in (0, 1] (got \(e.fraction))")
        }
        guard busyFraction <= 1 + 1e-6 else {
            throw .invalidInput(field: "mix[\(card)]", rule: "fractions must sum to at most 1 (got \(busyFraction))")
        }
    }
}
