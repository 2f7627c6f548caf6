/// What changed between a model a backend has loaded and the model it is asked to solve next.
///
/// Backends use this to apply only the changes and keep their basis (warm start). A change
/// set exists only when the new model *extends* the old one: same or more columns and rows,
/// the old matrix entries unchanged, and new entries only in new rows or new columns.
/// Computing it is O(rows + columns + nnz) with a fast path when the matrix storage is shared.
public struct ModelChanges: Sendable, Equatable {
    /// Columns (existing before) whose objective coefficient changed.
    public var objectiveColumns: [Int] = []
    /// Whether the optimization sense changed.
    public var senseChanged = false
    /// Whether the objective constant changed.
    public var objectiveConstantChanged = false
    /// Existing columns whose bounds changed.
    public var boundColumns: [Int] = []
    /// Existing columns whose kind changed.
    public var kindColumns: [Int] = []
    /// Existing rows whose bounds (right-hand side) changed.
    public var boundRows: [Int] = []
    /// Newly appended columns.
    public var newColumns: Range<Int> = 0..<0
    /// Newly appended rows.
    public var newRows: Range<Int> = 0..<0
    /// Newly appended matrix entries (positions in the triplet arrays).
    public var newEntries: Range<Int> = 0..<0

    /// Whether nothing changed.
    public var isEmpty: Bool {
        objectiveColumns.isEmpty && !senseChanged && !objectiveConstantChanged && boundColumns.isEmpty
            && kindColumns.isEmpty && boundRows.isEmpty && newColumns.isEmpty && newRows.isEmpty
    }

    /// Whether only the objective (coefficients, sense, constant) changed: the old basis
    /// stays primal feasible, so primal simplex is the natural warm start.
    public var onlyObjective: Bool {
        boundColumns.isEmpty && kindColumns.isEmpty && boundRows.isEmpty && newColumns.isEmpty && newRows.isEmpty
    }

    /// Whether only bounds, right-hand sides, or new rows changed: the old basis stays dual
    /// feasible, so dual simplex is the natural warm start.
    public var keepsDualFeasibility: Bool {
        objectiveColumns.isEmpty && !senseChanged && kindColumns.isEmpty && newColumns.isEmpty
    }

    /// The change set from `old` to `new`, or nil when `new` is not an extension of `old`
    /// (the backend must then reload from scratch).
    public static func between(_ old: Model, _ new: Model) -> ModelChanges? {
        let n0 = old.columnCount, m0 = old.rowCount, z0 = old.nonzeroCount
        guard new.columnCount >= n0, new.rowCount >= m0, new.nonzeroCount >= z0 else { return nil }
        guard prefixEqual(old.entryRow, new.entryRow, z0),
              prefixEqual(old.entryColumn, new.entryColumn, z0),
              prefixEqual(old.entryValue, new.entryValue, z0) else { return nil }
        var c = ModelChanges()
        for k in z0..<new.nonzeroCount where Int(new.entryRow[k]) < m0 && Int(new.entryColumn[k]) < n0 {
            return nil  // a new coefficient in an old row and an old column
        }
        c.newColumns = n0..<new.columnCount
        c.newRows = m0..<new.rowCount
        c.newEntries = z0..<new.nonzeroCount
        c.senseChanged = old.sense != new.sense
        c.objectiveConstantChanged = old.objectiveConstant != new.objectiveConstant
        for j in 0..<n0 {
            if old.objective[j] != new.objective[j] { c.objectiveColumns.append(j) }
            if old.columnLower[j] != new.columnLower[j] || old.columnUpper[j] != new.columnUpper[j] {
                c.boundColumns.append(j)
            }
            if old.columnKind[j] != new.columnKind[j] { c.kindColumns.append(j) }
        }
        for i in 0..<m0 where old.rowLower[i] != new.rowLower[i] || old.rowUpper[i] != new.rowUpper[i] {
            c.boundRows.append(i)
        }
        return c
    }

    private static func prefixEqual<T: Equatable>(_ a: [T], _ b: [T], _ n: Int) -> Bool {
        let same = a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress }
        }
        if same { return true }
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }
}
