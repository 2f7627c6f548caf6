import CGLPK
import GLPKGuard
import LinearModel

/// Handing a validated ``Model`` to a `glp_prob`: a full load, or only the changes since the
/// previously loaded model. Every index and bound is checked here before the C call because
/// GLPK treats a bad argument as a fatal error.
enum GLPKLoading {
    /// Thrown when the (already validated) model still breaks a GLPK precondition, or GLPK
    /// raised an error that the guard caught.
    struct LoadFailure: Error { var message: String }

    /// GLPK bound type and values for `lower ≤ · ≤ upper` (validated: no NaN, lower ≤ upper,
    /// lower < +∞, upper > −∞).
    static func boundType(_ lower: Double, _ upper: Double) -> (type: Int32, lower: Double, upper: Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lower, 0)
        case (false, true): return (GLP_UP, 0, upper)
        case (true, true): return lower == upper ? (GLP_FX, lower, lower) : (GLP_DB, lower, upper)
        }
    }

    /// Checks what `Model.validate()` does not (GLPK's own limits), so nothing reaching the
    /// setters below can make GLPK abort.
    static func checkLimits(_ model: Model) throws(LoadFailure) {
        let limit = Int(Int32.max) - 1
        guard model.columnCount <= limit, model.rowCount <= limit, model.nonzeroCount <= limit else {
            throw LoadFailure(message: "the model is larger than GLPK's 32-bit index range")
        }
    }

    static func setColumn(_ P: OpaquePointer, _ model: Model, _ j: Int, objectiveScale: Double) {
        // GLP_BV would force [0, 1] bounds; integer kind plus the model's own bounds keeps
        // binaries that are fixed at 0 or 1.
        glp_set_col_kind(P, Int32(j + 1), model.columnKind[j] == .continuous ? GLP_CV : GLP_IV)
        let b = boundType(model.columnLower[j], model.columnUpper[j])
        glp_set_col_bnds(P, Int32(j + 1), b.type, b.lower, b.upper)
        glp_set_obj_coef(P, Int32(j + 1), model.objective[j] * objectiveScale)
    }

    static func setRow(_ P: OpaquePointer, _ model: Model, _ i: Int) {
        let b = boundType(model.rowLower[i], model.rowUpper[i])
        glp_set_row_bnds(P, Int32(i + 1), b.type, b.lower, b.upper)
    }

    static func setObjective(_ P: OpaquePointer, _ model: Model, objectiveScale: Double) {
        glp_set_obj_dir(P, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        // Column 0 of the objective row is GLPK's constant term; it is included in every
        // objective value GLPK reports (scaled like the coefficients, see ObjectiveScaling).
        glp_set_obj_coef(P, 0, model.objectiveConstant * objectiveScale)
    }

    /// Erases `P` and loads `model` into it, its objective multiplied by `objectiveScale`.
    ///
    /// `glp_load_matrix` treats an out-of-range index or a repeated (row, column) pair as a
    /// fatal error. A validated ``Model`` has neither (its storage invariant), so the triplets
    /// are passed as they are; the guard still catches a GLPK error if one slipped through.
    static func loadAll(_ P: OpaquePointer, _ model: Model, objectiveScale: Double) throws(LoadFailure) {
        try checkLimits(model)
        let m = model.rowCount, n = model.columnCount, nz = model.nonzeroCount
        glp_erase_prob(P)
        setObjective(P, model, objectiveScale: objectiveScale)
        if m > 0 { glp_add_rows(P, Int32(m)) }
        if n > 0 { glp_add_cols(P, Int32(n)) }
        for i in 0..<m { setRow(P, model, i) }
        for j in 0..<n { setColumn(P, model, j, objectiveScale: objectiveScale) }
        var ia = [Int32](repeating: 0, count: nz + 1)
        var ja = [Int32](repeating: 0, count: nz + 1)
        var ar = [Double](repeating: 0, count: nz + 1)
        for k in 0..<nz {
            ia[k + 1] = model.entryRow[k] + 1
            ja[k + 1] = model.entryColumn[k] + 1
            ar[k + 1] = model.entryValue[k]
        }
        if nz > 0 && epof_glpk_load_matrix(P, Int32(nz), ia, ja, ar) != 0 {
            throw LoadFailure(message: "GLPK rejected the constraint matrix")
        }
    }

    /// Applies `changes` (from the model loaded in `P` to `model`). New rows and columns are
    /// appended, and their entries set with whole-vector calls: first each new column, then each
    /// new row (which also covers entries in new rows *and* new columns — `glp_set_mat_row`
    /// replaces the entire row, so it is always passed the complete row).
    /// When `objectiveScale` differs from `previousScale` (the largest cost changed by a
    /// factor of two or more), every cost is set again.
    static func apply(_ changes: ModelChanges, to P: OpaquePointer, _ model: Model,
                      objectiveScale: Double, previousScale: Double) throws(LoadFailure) {
        try checkLimits(model)
        guard Int(glp_get_num_rows(P)) == changes.newRows.lowerBound,
              Int(glp_get_num_cols(P)) == changes.newColumns.lowerBound else {
            throw LoadFailure(message: "the kept GLPK problem does not match the previous model")
        }
        let rescaled = objectiveScale != previousScale
        if changes.senseChanged || changes.objectiveConstantChanged || rescaled {
            setObjective(P, model, objectiveScale: objectiveScale)
        }
        if rescaled {
            for j in 0..<changes.newColumns.lowerBound {
                glp_set_obj_coef(P, Int32(j + 1), model.objective[j] * objectiveScale)
            }
        } else {
            for j in changes.objectiveColumns { glp_set_obj_coef(P, Int32(j + 1), model.objective[j] * objectiveScale) }
        }
        // setColumn re-applies kind, bounds and cost together; cheap and keeps them consistent.
        for j in Set(changes.boundColumns).union(changes.kindColumns).sorted() {
            setColumn(P, model, j, objectiveScale: objectiveScale)
        }
        for i in changes.boundRows { setRow(P, model, i) }
        if !changes.newRows.isEmpty { glp_add_rows(P, Int32(changes.newRows.count)) }
        if !changes.newColumns.isEmpty { glp_add_cols(P, Int32(changes.newColumns.count)) }
        for i in changes.newRows { setRow(P, model, i) }
        for j in changes.newColumns { setColumn(P, model, j, objectiveScale: objectiveScale) }
        guard !changes.newEntries.isEmpty else { return }

        // Every entry of a new column or a new row is a new entry, so bucketing the new
        // triplets gives complete vectors.
        var byColumn: [Int: ([Int32], [Double])] = [:]
        var byRow: [Int: ([Int32], [Double])] = [:]
        for k in changes.newEntries {
            let i = Int(model.entryRow[k]), j = Int(model.entryColumn[k]), v = model.entryValue[k]
            if changes.newColumns.contains(j) { byColumn[j, default: ([0], [0])].0.append(Int32(i + 1)); byColumn[j]!.1.append(v) }
            if changes.newRows.contains(i) { byRow[i, default: ([0], [0])].0.append(Int32(j + 1)); byRow[i]!.1.append(v) }
        }
        for (j, vec) in byColumn.sorted(by: { $0.key < $1.key }) {
            if epof_glpk_set_mat_col(P, Int32(j + 1), Int32(vec.0.count - 1), vec.0, vec.1) != 0 {
                throw LoadFailure(message: "GLPK rejected new column \(j)")
            }
        }
        for (i, vec) in byRow.sorted(by: { $0.key < $1.key }) {
            if epof_glpk_set_mat_row(P, Int32(i + 1), Int32(vec.0.count - 1), vec.0, vec.1) != 0 {
                throw LoadFailure(message: "GLPK rejected new row \(i)")
            }
        }
    }
}
