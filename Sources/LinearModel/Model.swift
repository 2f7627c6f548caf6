/// Whether the objective is minimized or maximized.
public enum ObjectiveSense: String, Sendable, Codable {
    case minimize
    case maximize
}

/// A linear or mixed-integer program: columns (variables), rows (constraints), a sparse
/// constraint matrix and an objective with a constant term.
///
/// `Model` is a value type (copy-on-write arrays), so a model can be copied, handed to another
/// task, and modified independently. It never talks to a solver; backends read its storage
/// (the `public private(set)` arrays below) and ``Solver/solve(_:parameters:)`` validates it
/// before anything reaches C.
///
/// Storage is append-only for the matrix: each nonzero is one (row, column, value) triplet.
/// Adding a column or a row is amortized O(its nonzeros); ``columnMajor()`` and ``rowMajor()``
/// convert in O(nnz + rows + columns).
///
/// Input problems (NaN coefficients, lower > upper, fractional bounds on an integer column,
/// terms naming columns that do not exist) are accepted while building so that modeling code
/// needs no `try` on every line; ``validate()`` reports the first one, naming the row or column.
public struct Model: Sendable {
    /// The problem's name (MPS NAME line); may be empty.
    public var name: String = ""

    // Columns.
    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var columnKind: [VariableKind] = []
    public private(set) var columnName: [String?] = []
    /// Objective coefficient per column.
    public private(set) var objective: [Double] = []

    // Rows.
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    public private(set) var rowName: [String?] = []

    // Matrix triplets (row, column, value), in insertion order. Invariant (checked in debug
    // builds by validate()): every entry is in a row that exists, and a (row, column) pair
    // appears at most once — duplicates are merged on insertion, and every entry belongs to a
    // row or a column that was new when it was added. Backends rely on this.
    public private(set) var entryRow: [Int32] = []
    public private(set) var entryColumn: [Int32] = []
    public private(set) var entryValue: [Double] = []

    /// Minimize or maximize.
    public var sense: ObjectiveSense = .minimize
    /// Constant added to the objective value.
    public var objectiveConstant: Double = 0
    /// Name of the objective row (MPS N row); defaults to "obj".
    public var objectiveName: String = "obj"

    /// An empty model.
    public init(name: String = "") { self.name = name }

    /// Number of columns (variables).
    public var columnCount: Int { columnLower.count }
    /// Number of rows (constraints).
    public var rowCount: Int { rowLower.count }
    /// Number of stored matrix nonzeros.
    public var nonzeroCount: Int { entryValue.count }
    /// Whether any column is integer or binary.
    public var isMixedInteger: Bool { columnKind.contains { $0 != .continuous } }
    /// All variables, in column order.
    public var variables: [Variable] { (0..<columnCount).map(Variable.init(index:)) }
    /// All constraints, in row order.
    public var constraints: [Constraint] { (0..<rowCount).map(Constraint.init(index:)) }

    // MARK: Adding columns

    /// Adds one variable. Binary variables get bounds [0, 1] unless tighter bounds are given.
    /// Amortized O(1).
    @discardableResult
    public mutating func addVariable(_ name: String? = nil, kind: VariableKind = .continuous,
                                     lower: Double = 0, upper: Double = .infinity,
                                     objective cost: Double = 0) -> Variable {
        let v = Variable(index: columnCount)
        columnLower.append(kind == .binary ? max(lower, 0) : lower)
        columnUpper.append(kind == .binary ? min(upper, 1) : upper)
        columnKind.append(kind)
        columnName.append(name)
        objective.append(cost)
        return v
    }

    /// Adds `count` variables with the same bounds and kind; `name` gives each one's name from
    /// its position in the batch (nil for unnamed). O(count).
    public mutating func addVariables(count: Int, kind: VariableKind = .continuous,
                                      lower: Double = 0, upper: Double = .infinity,
                                      objective cost: Double = 0,
                                      name: ((Int) -> String)? = nil) -> [Variable] {
        var out: [Variable] = []
        out.reserveCapacity(max(count, 0))
        reserveColumns(max(count, 0))
        for i in 0..<max(count, 0) {
            out.append(addVariable(name.map { $0(i) }, kind: kind, lower: lower, upper: upper, objective: cost))
        }
        return out
    }

    /// Adds one variable per key, e.g. one per card or per (card, epoch). O(keys).
    public mutating func addVariables<Key: Hashable & Sendable, Keys: Sequence>(
        over keys: Keys, kind: VariableKind = .continuous,
        lower: Double = 0, upper: Double = .infinity, objective cost: Double = 0,
        name: ((Key) -> String)? = nil
    ) -> VariableFamily<Key> where Keys.Element == Key {
        let keyArray = Array(keys)
        reserveColumns(keyArray.count)
        let vars = keyArray.map { addVariable(name?($0), kind: kind, lower: lower, upper: upper, objective: cost) }
        return VariableFamily(keys: keyArray, variables: vars)
    }

    /// Adds a variable together with its coefficients in existing rows (a column-wise add).
    /// O(entries).
    @discardableResult
    public mutating func addVariable(_ name: String? = nil, kind: VariableKind = .continuous,
                                     lower: Double = 0, upper: Double = .infinity,
                                     objective cost: Double = 0,
                                     entries: [(Constraint, Double)]) -> Variable {
        let v = addVariable(name, kind: kind, lower: lower, upper: upper, objective: cost)
        var seen = Set<Int>()
        for (row, value) in entries where value != 0 {
            // A repeated row in one column: keep the sum, as for rows.
            if !seen.insert(row.index).inserted {
                if let k = lastEntry(row: row.index, column: v.index) { entryValue[k] += value }
                continue
            }
            appendEntry(row: row.index, column: v.index, value: value)
        }
        return v
    }

    /// Pre-allocates storage for `n` more columns.
    public mutating func reserveColumns(_ n: Int) {
        columnLower.reserveCapacity(columnCount + n)
        columnUpper.reserveCapacity(columnCount + n)
        columnKind.reserveCapacity(columnCount + n)
        columnName.reserveCapacity(columnCount + n)
        objective.reserveCapacity(columnCount + n)
    }

    /// Pre-allocates storage for `rows` more rows and `nonzeros` more matrix entries.
    public mutating func reserve(rows: Int, nonzeros: Int) {
        rowLower.reserveCapacity(rowCount + rows)
        rowUpper.reserveCapacity(rowCount + rows)
        rowName.reserveCapacity(rowCount + rows)
        entryRow.reserveCapacity(nonzeroCount + nonzeros)
        entryColumn.reserveCapacity(nonzeroCount + nonzeros)
        entryValue.reserveCapacity(nonzeroCount + nonzeros)
    }

    // MARK: Adding rows

    /// Adds `constraint` as a row; the expression's constant moves to the bounds and repeated
    /// variables are merged. O(n) for terms in increasing column order, O(n log n) otherwise.
    @discardableResult
    public mutating func addConstraint(_ constraint: LinearConstraint, name: String? = nil) -> Constraint {
        let (idx, coef) = constraint.expression.merged()
        let c = constraint.expression.constant
        return addRow(indices: idx, coefficients: coef,
                      lower: constraint.lower - c, upper: constraint.upper - c, name: name, merged: true)
    }

    /// Adds the ranged row `lower ≤ expression ≤ upper`.
    @discardableResult
    public mutating func addConstraint(_ expression: LinearExpression, lower: Double, upper: Double,
                                       name: String? = nil) -> Constraint {
        addConstraint(LinearConstraint(expression, lower: lower, upper: upper), name: name)
    }

    /// Adds a row from parallel arrays of column positions and coefficients, the fastest path
    /// for bulk building. Repeated columns are summed. O(n) when `indices` is strictly
    /// increasing, O(n log n) otherwise.
    @discardableResult
    public mutating func addRow(indices: [Int], coefficients: [Double], lower: Double, upper: Double,
                                name: String? = nil) -> Constraint {
        addRow(indices: indices, coefficients: coefficients, lower: lower, upper: upper, name: name, merged: false)
    }

    private mutating func addRow(indices: [Int], coefficients: [Double], lower: Double, upper: Double,
                                 name: String?, merged: Bool) -> Constraint {
        let row = Constraint(index: rowCount)
        rowLower.append(lower)
        rowUpper.append(upper)
        rowName.append(name)
        let n = min(indices.count, coefficients.count)
        if indices.count != coefficients.count {
            issues.append(.mismatchedTermArrays(row: row.index, indices: indices.count, coefficients: coefficients.count))
        }
        if merged {
            appendRowEntries(row: row.index, indices[0..<n], coefficients[0..<n])
        } else {
            var expr = LinearExpression()
            expr.reserveCapacity(n)
            for k in 0..<n { expr.add(Variable(index: indices[k]), coefficients[k]) }
            let (mi, mc) = expr.merged()
            appendRowEntries(row: row.index, mi[...], mc[...])
        }
        return row
    }

    private mutating func appendRowEntries(row: Int, _ indices: ArraySlice<Int>, _ coefficients: ArraySlice<Double>) {
        entryRow.reserveCapacity(nonzeroCount + indices.count)
        entryColumn.reserveCapacity(nonzeroCount + indices.count)
        entryValue.reserveCapacity(nonzeroCount + indices.count)
        for (j, c) in zip(indices, coefficients) where c != 0 {
            appendEntry(row: row, column: j, value: c)
        }
    }

    private mutating func appendEntry(row: Int, column: Int, value: Double) {
        if row < 0 || row >= rowCount {
            issues.append(.unknownRow(row))
            return
        }
        if column < 0 || column >= Int(Int32.max) {
            issues.append(.unknownColumn(row: row, column: column))
            return
        }
        entryRow.append(Int32(row))
        entryColumn.append(Int32(column))
        entryValue.append(value)
    }

    private func lastEntry(row: Int, column: Int) -> Int? {
        var k = nonzeroCount - 1
        while k >= 0, entryColumn[k] == Int32(column) {
            if entryRow[k] == Int32(row) { return k }
            k -= 1
        }
        return nil
    }

    /// Problems recorded while building (e.g. mismatched term arrays) that ``validate()`` reports.
    var issues: [RecordedIssue] = []

    // MARK: Objective

    /// Replaces the objective with `expression` (its constant becomes ``objectiveConstant``).
    /// O(columns + terms).
    public mutating func setObjective(_ expression: LinearExpression, sense: ObjectiveSense) {
        self.sense = sense
        for j in objective.indices { objective[j] = 0 }
        for (j, c) in zip(expression.indices, expression.coefficients) {
            if j >= 0 && j < columnCount {
                objective[j] += c
            } else {
                issues.append(.unknownColumn(row: nil, column: j))
            }
        }
        objectiveConstant = expression.constant
    }

    /// Sets one objective coefficient.
    public mutating func setObjectiveCoefficient(_ variable: Variable, _ value: Double) {
        guard checkColumn(variable.index) else { return }
        objective[variable.index] = value
    }

    /// The objective as an expression (constant included).
    public var objectiveExpression: LinearExpression {
        LinearExpression(objective.enumerated().lazy.filter { $0.element != 0 }.map { (Variable(index: $0.offset), $0.element) },
                         constant: objectiveConstant)
    }

    // MARK: Modifying

    /// Sets both bounds of a variable (use ±∞ for none).
    public mutating func setBounds(_ variable: Variable, lower: Double, upper: Double) {
        guard checkColumn(variable.index) else { return }
        columnLower[variable.index] = lower
        columnUpper[variable.index] = upper
    }

    /// Sets both bounds of a row (its right-hand side; use ±∞ for a one-sided row).
    public mutating func setBounds(_ constraint: Constraint, lower: Double, upper: Double) {
        guard checkRow(constraint.index) else { return }
        rowLower[constraint.index] = lower
        rowUpper[constraint.index] = upper
    }

    /// Changes a variable's kind. Making it binary clamps its bounds to [0, 1].
    public mutating func setKind(_ variable: Variable, _ kind: VariableKind) {
        guard checkColumn(variable.index) else { return }
        columnKind[variable.index] = kind
        if kind == .binary {
            columnLower[variable.index] = max(columnLower[variable.index], 0)
            columnUpper[variable.index] = min(columnUpper[variable.index], 1)
        }
    }

    /// Renames a variable.
    public mutating func setName(_ variable: Variable, _ name: String?) {
        guard checkColumn(variable.index) else { return }
        columnName[variable.index] = name
    }

    /// Renames a constraint.
    public mutating func setName(_ constraint: Constraint, _ name: String?) {
        guard checkRow(constraint.index) else { return }
        rowName[constraint.index] = name
    }

    /// Drops the integrality of every column (the LP relaxation).
    public mutating func relaxIntegrality() {
        for j in columnKind.indices { columnKind[j] = .continuous }
    }

    private mutating func checkColumn(_ j: Int) -> Bool {
        if j >= 0 && j < columnCount { return true }
        issues.append(.unknownColumn(row: nil, column: j)); return false
    }

    private mutating func checkRow(_ i: Int) -> Bool {
        if i >= 0 && i < rowCount { return true }
        issues.append(.unknownRow(i)); return false
    }

    // MARK: Reading

    /// The name of a column, or a generated one (`C<n>`, 1-based) when it has none.
    public func displayName(_ variable: Variable) -> String {
        columnName[variable.index] ?? "C\(variable.index + 1)"
    }

    /// The name of a row, or a generated one (`R<n>`, 1-based) when it has none.
    public func displayName(_ constraint: Constraint) -> String {
        rowName[constraint.index] ?? "R\(constraint.index + 1)"
    }

    /// The sense of a row given its bounds.
    public func rowSense(_ constraint: Constraint) -> RowSense {
        RowSense(lower: rowLower[constraint.index], upper: rowUpper[constraint.index])
    }

    /// A map from column name to variable (named columns only). O(columns).
    public func variablesByName() -> [String: Variable] {
        var d = [String: Variable](minimumCapacity: columnCount)
        for (j, n) in columnName.enumerated() { if let n { d[n] = Variable(index: j) } }
        return d
    }

    /// A map from row name to constraint (named rows only). O(rows).
    public func constraintsByName() -> [String: Constraint] {
        var d = [String: Constraint](minimumCapacity: rowCount)
        for (i, n) in rowName.enumerated() { if let n { d[n] = Constraint(index: i) } }
        return d
    }

    /// The matrix in compressed sparse column form: column `j`'s entries are
    /// `rows[starts[j]..<starts[j+1]]` and `values[…]`, in insertion order. O(nnz + columns).
    /// Call only on a validated model.
    public func columnMajor() -> (starts: [Int32], rows: [Int32], values: [Double]) {
        compress(major: entryColumn, minor: entryRow, majorCount: columnCount)
    }

    /// The matrix in compressed sparse row form. O(nnz + rows). Call only on a validated model.
    public func rowMajor() -> (starts: [Int32], columns: [Int32], values: [Double]) {
        let r = compress(major: entryRow, minor: entryColumn, majorCount: rowCount)
        return (r.starts, r.rows, r.values)
    }

    private func compress(major: [Int32], minor: [Int32], majorCount: Int)
        -> (starts: [Int32], rows: [Int32], values: [Double]) {
        var starts = [Int32](repeating: 0, count: majorCount + 1)
        for m in major { starts[Int(m) + 1] += 1 }
        for j in 0..<majorCount { starts[j + 1] += starts[j] }
        var next = starts
        var outMinor = [Int32](repeating: 0, count: major.count)
        var outValue = [Double](repeating: 0, count: major.count)
        for k in 0..<major.count {
            let m = Int(major[k])
            let p = Int(next[m])
            outMinor[p] = minor[k]
            outValue[p] = entryValue[k]
            next[m] += 1
        }
        return (starts, outMinor, outValue)
    }

    /// Row activities Σⱼ aᵢⱼ·xⱼ at the given column values. O(nnz).
    public func rowActivities(_ values: [Double]) -> [Double] {
        var act = [Double](repeating: 0, count: rowCount)
        for k in 0..<nonzeroCount {
            act[Int(entryRow[k])] += entryValue[k] * values[Int(entryColumn[k])]
        }
        return act
    }

    /// The objective value (constant included) at the given column values. O(columns).
    public func objectiveValue(_ values: [Double]) -> Double {
        var s = objectiveConstant
        for j in 0..<min(columnCount, values.count) { s += objective[j] * values[j] }
        return s
    }
}
