/// The constraint families the elastic relaxation can move (DESIGN §3, "When it cannot be
/// satisfied").
public enum ConstraintFamily: String, Codable, Sendable, CaseIterable {
    /// No operating point meets the latency SLO (for interactive work).
    case latencySLO
    /// No operating point is within the accuracy-loss ceiling.
    case accuracyCeiling
    /// Interactive demand that must be served in its epoch.
    case interactiveDemand
    /// The deferrable backlog's deadline.
    case deferrableDeadline
    /// The per-card power cap.
    case cardPowerCap
    /// The node power cap.
    case nodePowerCap
    /// The die-temperature ceiling.
    case thermalLimit
    /// Interactive capacity for the latency percentile (cards missing; queueing check).
    case interactiveCapacity
}

/// One constraint that must move, and by how much.
public struct DiagnosisFinding: Codable, Sendable, Hashable {
    /// Which constraint.
    public var constraint: ConstraintFamily
    /// Epoch index (0 = now) for per-epoch findings, nil otherwise.
    public var epoch: Int?
    /// The limit or demand as requested (unit in ``unit``).
    public var current: Double
    /// The value that would make the request feasible (moving only this family, unless the
    /// message says otherwise).
    public var required: Double
    /// Unit of ``current`` and ``required``: "s", "pp", "W", "°C", or the work unit.
    public var unit: String
    /// The finding in the user's terms.
    public var message: String

    /// A finding.
    public init(constraint: ConstraintFamily, epoch: Int? = nil, current: Double, required: Double, unit: String, message: String) {
        self.constraint = constraint
        self.epoch = epoch
        self.current = current
        self.required = required
        self.unit = unit
        self.message = message
    }
}

/// Why a request is infeasible: the constraints that must move and by how much, in the user's
/// terms (e.g. "latency SLO 0.5 s cannot be met for sdxl on ascend-910b; the fastest feasible
/// operating point takes 0.71 s").
///
/// Built by checking the offered operating points first (SLO, accuracy ceiling, idle power
/// against the caps), then by elastic relaxations of the epoch LP: each constraint family
/// (interactive demand, deadline, card cap, node cap, thermal limit) is relaxed alone with a
/// slack whose cost is its amount, and the least relaxation that restores feasibility is
/// reported; when no single family suffices, all are relaxed together with slacks weighted by
/// their limits (relative violations) and the combined moves are reported.
public struct Diagnosis: Codable, Sendable, CustomStringConvertible {
    /// Each way out, most specific first. Findings from single-family relaxations are
    /// alternatives ("raise the cap … or shed …"); ``combined`` says when they must all move.
    public var findings: [DiagnosisFinding]
    /// True when no single family suffices and every finding must be applied together.
    public var combined: Bool

    /// A diagnosis.
    public init(findings: [DiagnosisFinding], combined: Bool = false) {
        self.findings = findings
        self.combined = combined
    }

    /// The families named by the findings, in order, without repeats.
    public var families: [ConstraintFamily] {
        var out: [ConstraintFamily] = []
        for f in findings where !out.contains(f.constraint) { out.append(f.constraint) }
        return out
    }

    /// The findings joined into one message: findings of one family (e.g. several epochs'
    /// demand) together, families as alternatives ("; or ") unless ``combined``.
    public var description: String {
        guard !findings.isEmpty else { return "no plan satisfies the constraints (no single constraint family explains it)" }
        let parts = families.map { f in findings.filter { $0.constraint == f }.map(\.message).joined(separator: ", and ") }
        let body = parts.joined(separator: combined ? "; and " : "; or ")
        return combined ? "all of these must move together: " + body : body
    }
}
