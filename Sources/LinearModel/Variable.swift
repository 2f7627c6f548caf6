/// The domain of a decision variable.
public enum VariableKind: String, Sendable, Codable, CaseIterable {
    /// Any real value within the bounds.
    case continuous
    /// An integer value within the bounds.
    case integer
    /// An integer in {0, 1}; its bounds are always within [0, 1].
    case binary

    /// Whether the variable must take an integral value.
    public var isIntegral: Bool { self != .continuous }
}

/// A handle to one column of a ``Model``.
///
/// A `Variable` is only meaningful for the model that created it (or a copy of that model):
/// it is the column's position. Using a handle with another model is caught by
/// ``Model/validate()`` and reported as an unknown column, never a crash.
public struct Variable: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Zero-based column position in the model.
    public let index: Int

    /// Creates a handle for column `index` (zero-based).
    public init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
    public var description: String { "x#\(index)" }
}

/// A family of variables indexed by the elements of a collection, e.g. one per card or
/// one per (card, epoch) pair.
///
/// Lookup by key is O(1) expected; iteration follows the order of the keys given at creation.
public struct VariableFamily<Key: Hashable & Sendable>: Sendable, RandomAccessCollection {
    /// The keys in creation order.
    public let keys: [Key]
    /// The variables in the same order as ``keys``.
    public let variables: [Variable]
    private let position: [Key: Int]

    init(keys: [Key], variables: [Variable]) {
        self.keys = keys
        self.variables = variables
        var position = [Key: Int](minimumCapacity: keys.count)
        for (i, key) in keys.enumerated() { position[key] = i }
        self.position = position
    }

    /// The variable for `key`, or nil when the key was not part of the family.
    public subscript(key: Key) -> Variable? {
        guard let i = position[key] else { return nil }
        return variables[i]
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { variables.count }
    public subscript(position: Int) -> Variable { variables[position] }

    /// The sum of all the family's variables.
    public var sum: LinearExpression { LinearExpression(variables.lazy.map { ($0, 1.0) }) }
}
