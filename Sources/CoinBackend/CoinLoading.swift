import CCbc
import CClp
import LinearModel

/// COIN-OR's infinity (`COIN_DBL_MAX`). CLP turns ±inf into it on `Clp_loadProblem`, but the
/// `Clp_chg*` setters and CBC are not documented to, so every bound we pass is converted.
let coinInfinity = Double.greatestFiniteMagnitude

/// `values` with ±∞ replaced by ±`COIN_DBL_MAX`. O(count), one copy.
func coinBounds<C: Collection>(_ values: C) -> [Double] where C.Element == Double {
    var out = [Double]()
    out.reserveCapacity(values.count)
    for v in values { out.append(v == .infinity ? coinInfinity : (v == -.infinity ? -coinInfinity : v)) }
    return out
}

/// The dimensions of `model` as C ints. Validation guarantees counts fit (indices are Int32).
func coinDimensions(_ model: Model) -> (columns: Int32, rows: Int32) {
    (Int32(truncatingIfNeeded: model.columnCount), Int32(truncatingIfNeeded: model.rowCount))
}

/// The objective multiplied by `scale` (see ``ObjectiveScaling``). O(columns).
func scaledObjective<C: Collection>(_ objective: C, _ scale: Double) -> [Double] where C.Element == Double {
    scale == 1 ? Array(objective) : objective.map { $0 * scale }
}

/// Hands the whole model to a CLP simplex object, its objective multiplied by
/// `objectiveScale`: one CSC conversion, the arrays passed by pointer (CLP copies them),
/// O(nnz + rows + columns).
func clpLoad(_ simplex: UnsafeMutableRawPointer, _ model: Model, objectiveScale: Double) {
    let (n, m) = coinDimensions(model)
    let csc = model.columnMajor()
    let colLower = coinBounds(model.columnLower), colUpper = coinBounds(model.columnUpper)
    let rowLower = coinBounds(model.rowLower), rowUpper = coinBounds(model.rowUpper)
    let objective = scaledObjective(model.objective, objectiveScale)
    csc.starts.withUnsafeBufferPointer { starts in
        csc.rows.withUnsafeBufferPointer { index in
            csc.values.withUnsafeBufferPointer { value in
                Clp_loadProblem(simplex, n, m, starts.baseAddress, index.baseAddress, value.baseAddress,
                                colLower, colUpper, objective, rowLower, rowUpper)
            }
        }
    }
    Clp_setOptimizationDirection(simplex, model.sense == .minimize ? 1 : -1)
}

/// Same as ``clpLoad(_:_:objectiveScale:)`` (unscaled) for a CBC model, plus the integrality marks.
func cbcLoad(_ cbc: UnsafeMutableRawPointer, _ model: Model) {
    let (n, m) = coinDimensions(model)
    let csc = model.columnMajor()
    let colLower = coinBounds(model.columnLower), colUpper = coinBounds(model.columnUpper)
    let rowLower = coinBounds(model.rowLower), rowUpper = coinBounds(model.rowUpper)
    csc.starts.withUnsafeBufferPointer { starts in
        csc.rows.withUnsafeBufferPointer { index in
            csc.values.withUnsafeBufferPointer { value in
                model.objective.withUnsafeBufferPointer { obj in
                    Cbc_loadProblem(cbc, n, m, starts.baseAddress, index.baseAddress, value.baseAddress,
                                    colLower, colUpper, obj.baseAddress, rowLower, rowUpper)
                }
            }
        }
    }
    for (j, kind) in model.columnKind.enumerated() where kind.isIntegral {
        Cbc_setInteger(cbc, Int32(truncatingIfNeeded: j))
    }
    Cbc_setObjSense(cbc, model.sense == .minimize ? 1 : -1)
}

/// Applies an incremental change set to a CLP simplex object that holds `old`, so that it
/// holds `new`, keeping its basis (status arrays).
///
/// Order matters: bounds and costs of existing columns and rows first (arrays of the old
/// size), then new columns with their entries in *old* rows (`Clp_addColumns` can only refer
/// to rows that exist), then new rows with all their entries, which may touch old and new
/// columns alike. O(changed + new entries), plus O(columns) for an objective or bound change
/// because the `Clp_chg*` calls take whole arrays.
/// The objective is passed multiplied by `objectiveScale`; when that differs from
/// `previousScale`, every cost is set again.
func clpApply(_ c: ModelChanges, old: Model, new model: Model, to simplex: UnsafeMutableRawPointer,
              objectiveScale: Double, previousScale: Double) {
    let n0 = old.columnCount, m0 = old.rowCount
    if !c.objectiveColumns.isEmpty || objectiveScale != previousScale {
        Clp_chgObjCoefficients(simplex, scaledObjective(model.objective[0..<n0], objectiveScale))
    }
    if c.senseChanged {
        Clp_setOptimizationDirection(simplex, model.sense == .minimize ? 1 : -1)
    }
    if !c.boundColumns.isEmpty {
        Clp_chgColumnLower(simplex, coinBounds(model.columnLower[0..<n0]))
        Clp_chgColumnUpper(simplex, coinBounds(model.columnUpper[0..<n0]))
    }
    if !c.boundRows.isEmpty {
        Clp_chgRowLower(simplex, coinBounds(model.rowLower[0..<m0]))
        Clp_chgRowUpper(simplex, coinBounds(model.rowUpper[0..<m0]))
    }
    if !c.newColumns.isEmpty {
        // Entries of new columns in old rows, grouped by column (counting sort).
        let count = c.newColumns.count
        var starts = [Int32](repeating: 0, count: count + 1)
        for k in c.newEntries where Int(model.entryRow[k]) < m0 {
            starts[Int(model.entryColumn[k]) - n0 + 1] += 1
        }
        for j in 0..<count { starts[j + 1] += starts[j] }
        var next = starts
        var rows = [Int32](repeating: 0, count: Int(starts[count]))
        var values = [Double](repeating: 0, count: Int(starts[count]))
        for k in c.newEntries where Int(model.entryRow[k]) < m0 {
            let j = Int(model.entryColumn[k]) - n0
            let p = Int(next[j])
            rows[p] = model.entryRow[k]
            values[p] = model.entryValue[k]
            next[j] += 1
        }
        let objective = scaledObjective(model.objective[c.newColumns], objectiveScale)
        Clp_addColumns(simplex, Int32(count), coinBounds(model.columnLower[c.newColumns]),
                       coinBounds(model.columnUpper[c.newColumns]), objective, starts, rows, values)
    }
    if !c.newRows.isEmpty {
        // All entries of new rows, grouped by row.
        let count = c.newRows.count
        var starts = [Int32](repeating: 0, count: count + 1)
        for k in c.newEntries where Int(model.entryRow[k]) >= m0 {
            starts[Int(model.entryRow[k]) - m0 + 1] += 1
        }
        for i in 0..<count { starts[i + 1] += starts[i] }
        var next = starts
        var columns = [Int32](repeating: 0, count: Int(starts[count]))
        var values = [Double](repeating: 0, count: Int(starts[count]))
        for k in c.newEntries where Int(model.entryRow[k]) >= m0 {
            let i = Int(model.entryRow[k]) - m0
            let p = Int(next[i])
            columns[p] = model.entryColumn[k]
            values[p] = model.entryValue[k]
            next[i] += 1
        }
        Clp_addRows(simplex, Int32(count), coinBounds(model.rowLower[c.newRows]),
                    coinBounds(model.rowUpper[c.newRows]), starts, columns, values)
    }
}

/// Copies `count` doubles from a C array (nil → empty).
func copyDoubles(_ p: UnsafePointer<Double>?, _ count: Int) -> [Double] {
    guard let p, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: p, count: count))
}

/// Whether `values` (with row activities `activities`) satisfies the bounds of `model` within
/// an absolute 1e-6, relative for bounds larger than 1 in magnitude.
func isPrimalFeasible(_ model: Model, values: [Double], activities: [Double]) -> Bool {
    let tol = 1e-6
    func inside(_ v: Double, _ lo: Double, _ up: Double) -> Bool {
        v.isFinite && v >= lo - tol * max(1, abs(lo)) && v <= up + tol * max(1, abs(up))
    }
    guard values.count == model.columnCount, activities.count == model.rowCount else { return false }
    for j in 0..<model.columnCount where !inside(values[j], model.columnLower[j], model.columnUpper[j]) {
        return false
    }
    for i in 0..<model.rowCount where !inside(activities[i], model.rowLower[i], model.rowUpper[i]) {
        return false
    }
    return true
}

/// Whether reduced costs and duals (model sense) satisfy the optimality sign conditions for the
/// given basis: at lower → ≥ 0, at upper → ≤ 0, basic or free → 0 (for a minimization; signs
/// flip for a maximization), within 1e-6 relative to the largest objective coefficient.
func isDualFeasible(_ model: Model, basis: Basis, reducedCosts: [Double], duals: [Double]) -> Bool {
    let scale = max(1, model.objective.lazy.map { abs($0) }.max() ?? 1)
    let tol = 1e-6 * scale
    let sign: Double = model.sense == .minimize ? 1 : -1
    func ok(_ status: BasisStatus, _ d: Double) -> Bool {
        let v = sign * d
        switch status {
        case .atLower: return v >= -tol
        case .atUpper: return v <= tol
        case .basic, .free: return abs(v) <= tol
        case .fixed: return v.isFinite
        }
    }
    for (s, d) in zip(basis.columns, reducedCosts) where !ok(s, d) { return false }
    for (s, y) in zip(basis.rows, duals) where !ok(s, y) { return false }
    return true
}

/// Elapsed seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// COIN log level for a verbosity (0 = silent).
func coinLogLevel(_ v: Verbosity) -> Int32 {
    switch v {
    case .silent: return 0
    case .summary: return 1
    case .detailed: return 3
    }
}

/// Validates the model and maps its error.
func validateModel(_ model: Model) throws(SolverError) {
    do { try model.validate() } catch { throw .invalidModel(error) }
}
