import Workloads

// `WorkClass` itself lives in Workloads, shared with the planner.

/// The fraction of a card's time given to each work class (each in [0, 1], sum ≤ 1; the rest
/// of the card's time is planned idle). A plain value so the tick loop reads three fields
/// instead of a dictionary.
public struct ClassShares: Codable, Sendable, Hashable {
    /// Fraction of the card's time for interactive work.
    public var interactive: Double
    /// Fraction of the card's time for deferrable work.
    public var deferrable: Double
    /// Fraction of the card's time for elastic work.
    public var elastic: Double

    /// Shares for the three classes (default 0: the class is not served by the card).
    public init(interactive: Double = 0, deferrable: Double = 0, elastic: Double = 0) {
        self.interactive = interactive
        self.deferrable = deferrable
        self.elastic = elastic
    }

    /// The whole card for one class.
    public static func only(_ workClass: WorkClass) -> ClassShares {
        var s = ClassShares()
        s[workClass] = 1
        return s
    }

    /// The share of `workClass`.
    public subscript(workClass: WorkClass) -> Double {
        get {
            switch workClass {
            case .interactive: interactive
            case .deferrable: deferrable
            case .elastic: elastic
            }
        }
        set {
            switch workClass {
            case .interactive: interactive = newValue
            case .deferrable: deferrable = newValue
            case .elastic: elastic = newValue
            }
        }
    }

    /// Sum of the three shares.
    public var total: Double { interactive + deferrable + elastic }

    /// Checks each share is finite and in [0, 1] and the sum is at most 1.
    public func validate() throws(SimulatorError) {
        for c in WorkClass.allCases {
            let s = self[c]
            guard s.isFinite, s >= 0, s <= 1 else {
                throw .invalidInput(field: "classShares.\(c)", rule: "must be a finite fraction in [0, 1] (got \(s))")
            }
        }
        guard total <= 1 + 1e-9 else {
            throw .invalidInput(field: "classShares", rule: "shares must sum to at most 1 (got \(total))")
        }
    }
}
