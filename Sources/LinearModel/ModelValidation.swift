/// Why a model cannot be handed to a solver. Every case names the row or column concerned.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model has no columns.
    case empty
    /// A matrix coefficient is NaN or infinite.
    case nonFiniteCoefficient(row: String, column: String, value: Double)
    /// An objective coefficient (or the objective constant, `column == nil`) is NaN or infinite.
    case nonFiniteObjective(column: String?, value: Double)
    /// A column's bounds are NaN, cross (lower > upper), or are −∞..−∞ / +∞..+∞.
    case invalidColumnBounds(column: String, lower: Double, upper: Double)
    /// A row's bounds are NaN, cross, or are −∞..−∞ / +∞..+∞.
    case invalidRowBounds(row: String, lower: Double, upper: Double)
    /// An integer column has a fractional finite bound.
    case fractionalIntegerBound(column: String, lower: Double, upper: Double)
    /// A binary column has bounds outside [0, 1].
    case binaryBoundsOutsideUnitInterval(column: String, lower: Double, upper: Double)
    /// A term or modification names a column that does not exist.
    case unknownColumn(row: String?, column: Int, columnCount: Int)
    /// A modification names a row that does not exist.
    case unknownRow(Int, rowCount: Int)
    /// Parallel index/coefficient arrays of different lengths.
    case mismatchedTermArrays(row: String, indices: Int, coefficients: Int)

    public var description: String {
        switch self {
        case .empty:
            return "the model has no variables"
        case let .nonFiniteCoefficient(row, column, value):
            return "row '\(row)', column '\(column)': coefficient \(value) is not finite (NaN and ±inf are not allowed)"
        case let .nonFiniteObjective(column?, value):
            return "objective coefficient of column '\(column)' is \(value); it must be finite"
        case let .nonFiniteObjective(nil, value):
            return "objective constant is \(value); it must be finite"
        case let .invalidColumnBounds(column, lower, upper):
            return "column '\(column)': bounds [\(lower), \(upper)] are invalid (need lower ≤ upper, no NaN, lower < +inf, upper > -inf)"
        case let .invalidRowBounds(row, lower, upper):
            return "row '\(row)': bounds [\(lower), \(upper)] are invalid (need lower ≤ upper, no NaN, lower < +inf, upper > -inf)"
        case let .fractionalIntegerBound(column, lower, upper):
            return "integer column '\(column)': bounds [\(lower), \(upper)] must be integral"
        case let .binaryBoundsOutsideUnitInterval(column, lower, upper):
            return "binary column '\(column)': bounds [\(lower), \(upper)] must lie within [0, 1]"
        case let .unknownColumn(row?, column, count):
            return "row '\(row)' refers to column #\(column), but the model has \(count) columns"
        case let .unknownColumn(nil, column, count):
            return "column #\(column) does not exist (the model has \(count) columns)"
        case let .unknownRow(row, count):
            return "row #\(row) does not exist (the model has \(count) rows)"
        case let .mismatchedTermArrays(row, i, c):
            return "row '\(row)': \(i) column indices but \(c) coefficients"
        }
    }
}

/// A problem noticed while building, reported by `validate()`.
enum RecordedIssue: Sendable {
    case unknownColumn(row: Int?, column: Int)
    case unknownRow(Int)
    case mismatchedTermArrays(row: Int, indices: Int, coefficients: Int)
}

extension Model {
    /// Checks everything a solver relies on; throws the first problem found. O(rows + columns + nnz).
    ///
    /// Backends call this before any C call, so nothing invalid reaches GLPK (which aborts the
    /// process on a bad argument) or COIN.
    public func validate() throws(ModelError) {
        if let issue = issues.first {
            switch issue {
            case let .unknownColumn(row, column):
                throw .unknownColumn(row: row.map { displayName(Constraint(index: $0)) }, column: column, columnCount: columnCount)
            case let .unknownRow(i):
                throw .unknownRow(i, rowCount: rowCount)
            case let .mismatchedTermArrays(row, i, c):
                throw .mismatchedTermArrays(row: displayName(Constraint(index: row)), indices: i, coefficients: c)
            }
        }
        if columnCount == 0 { throw .empty }
        if !objectiveConstant.isFinite { throw .nonFiniteObjective(column: nil, value: objectiveConstant) }
        for j in 0..<columnCount {
            let lo = columnLower[j], up = columnUpper[j]
            // The name is built only for the error: formatting one per column made validation
            // (part of every solve's hand-off) about 3x slower on a 150k-column LP.
            func name() -> String { displayName(Variable(index: j)) }
            if !Self.boundsAreValid(lo, up) { throw .invalidColumnBounds(column: name(), lower: lo, upper: up) }
            if !objective[j].isFinite { throw .nonFiniteObjective(column: name(), value: objective[j]) }
            switch columnKind[j] {
            case .continuous: break
            case .integer:
                if (lo.isFinite && lo.rounded() != lo) || (up.isFinite && up.rounded() != up) {
                    throw .fractionalIntegerBound(column: name(), lower: lo, upper: up)
                }
            case .binary:
                if lo < 0 || up > 1 { throw .binaryBoundsOutsideUnitInterval(column: name(), lower: lo, upper: up) }
                if lo.rounded() != lo || up.rounded() != up {
                    throw .fractionalIntegerBound(column: name(), lower: lo, upper: up)
                }
            }
        }
        for i in 0..<rowCount where !Self.boundsAreValid(rowLower[i], rowUpper[i]) {
            throw .invalidRowBounds(row: displayName(Constraint(index: i)), lower: rowLower[i], upper: rowUpper[i])
        }
        assert(entriesAreUnique(), "Model invariant broken: a (row, column) pair is stored twice")
        for k in 0..<nonzeroCount {
            let j = Int(entryColumn[k])
            if Int(entryRow[k]) >= rowCount {
                throw .unknownRow(Int(entryRow[k]), rowCount: rowCount)
            }
            if j >= columnCount {
                throw .unknownColumn(row: displayName(Constraint(index: Int(entryRow[k]))), column: j, columnCount: columnCount)
            }
            if !entryValue[k].isFinite {
                throw .nonFiniteCoefficient(row: displayName(Constraint(index: Int(entryRow[k]))),
                                            column: displayName(Variable(index: j)), value: entryValue[k])
            }
        }
    }

    /// Debug-build check of the storage invariant: no (row, column) pair twice. O(nnz).
    func entriesAreUnique() -> Bool {
        var seen = Set<Int64>(minimumCapacity: nonzeroCount)
        for k in 0..<nonzeroCount where !seen.insert(Int64(entryRow[k]) << 32 | Int64(entryColumn[k])).inserted {
            return false
        }
        return true
    }

    static func boundsAreValid(_ lo: Double, _ up: Double) -> Bool {
        !lo.isNaN && !up.isNaN && lo <= up && lo != .infinity && up != -.infinity
    }
}
