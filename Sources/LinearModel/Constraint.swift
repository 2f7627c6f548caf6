/// A handle to one row of a ``Model`` (its zero-based position).
public struct Constraint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Zero-based row position in the model.
    public let index: Int

    /// Creates a handle for row `index` (zero-based).
    public init(index: Int) { self.index = index }

    public static func < (lhs: Constraint, rhs: Constraint) -> Bool { lhs.index < rhs.index }
    public var description: String { "row#\(index)" }
}

/// A linear constraint not yet added to a model: `lower ≤ expression ≤ upper`.
///
/// Made by the comparison operators (`expr <= 4`, `x + y == 1`, `2 <= expr` is written
/// `expr >= 2`) or by ``init(_:lower:upper:)`` for a ranged row. The expression's constant is
/// moved to the bounds when the row enters the model.
public struct LinearConstraint: Sendable {
    /// The left-hand side.
    public var expression: LinearExpression
    /// Lower bound (−∞ for none).
    public var lower: Double
    /// Upper bound (+∞ for none).
    public var upper: Double

    /// `lower ≤ expression ≤ upper`; pass ±∞ for a one-sided row.
    public init(_ expression: LinearExpression, lower: Double, upper: Double) {
        self.expression = expression
        self.lower = lower
        self.upper = upper
    }
}

/// How a row constrains its activity.
public enum RowSense: String, Sendable, Codable {
    /// activity ≤ upper
    case lessOrEqual
    /// activity ≥ lower
    case greaterOrEqual
    /// activity = lower = upper
    case equal
    /// lower ≤ activity ≤ upper, both finite and different
    case ranged
    /// no finite bound (a free row)
    case free

    /// The sense of a row with the given bounds.
    public init(lower: Double, upper: Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (true, true): self = lower == upper ? .equal : .ranged
        case (true, false): self = .greaterOrEqual
        case (false, true): self = .lessOrEqual
        case (false, false): self = .free
        }
    }
}

// MARK: - Comparison operators building constraints

public func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lower: -.infinity, upper: rhs)
}
public func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lower: rhs, upper: .infinity)
}
public func == (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lower: rhs, upper: rhs)
}
public func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    (lhs - rhs) <= 0
}
public func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    (lhs - rhs) >= 0
}
public func == (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    (lhs - rhs) == 0
}
public func <= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) <= rhs }
public func >= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) >= rhs }
public func == (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) == rhs }
public func <= (lhs: Variable, rhs: Variable) -> LinearConstraint { (lhs - rhs) <= 0 }
public func >= (lhs: Variable, rhs: Variable) -> LinearConstraint { (lhs - rhs) >= 0 }
public func <= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint { (lhs - rhs) <= 0 }
public func >= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint { (lhs - rhs) >= 0 }
public func == (lhs: LinearExpression, rhs: Variable) -> LinearConstraint { (lhs - rhs) == 0 }
