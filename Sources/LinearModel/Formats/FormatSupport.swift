/// Helpers shared by the MPS and LP readers and writers.
enum FormatSupport {
    /// The shortest text that reads back as exactly `value` (Swift's `description` is
    /// round-trip exact); integral values drop the trailing ".0" (`5`, not `5.0`).
    static func number(_ value: Double) -> String {
        var s = value.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// Parses a decimal number (`12`, `-1.5`, `.5`, `1.`, `3e-4`, `0.88E+01`) from UTF-8 bytes.
    /// Returns nil for anything else, including `nan`, `inf`, hex floats and values that
    /// overflow to infinity: a file must write infinite bounds with the format's own keywords.
    static func parseNumber(_ bytes: ArraySlice<UInt8>) -> Double? {
        guard let first = bytes.first else { return nil }
        // Cheap screen so strtod never sees words such as "nan", "inf" or "0x1p3".
        var sawDigit = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit, first != UInt8(ascii: "e"), first != UInt8(ascii: "E") else { return nil }
        guard let v = Double(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// The text of a byte range.
    @inline(__always)
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Builds a model from rows gathered column-wise or row-wise. Columns are added first, then
    /// each row with its entries in increasing column order (the model's O(n) path).
    struct Assembly {
        var name = ""
        var sense = ObjectiveSense.minimize
        var objectiveName = "obj"
        var objectiveConstant = 0.0
        var columnName: [String] = []
        var columnLower: [Double] = []
        var columnUpper: [Double] = []
        var columnKind: [VariableKind] = []
        var cost: [Double] = []
        var rowName: [String?] = []
        var rowLower: [Double] = []
        var rowUpper: [Double] = []
        /// Matrix entries as parallel arrays (any order; no duplicate (row, column) pairs).
        var entryRow: [Int32] = []
        var entryColumn: [Int32] = []
        var entryValue: [Double] = []

        func build() -> Model {
            var m = Model(name: name)
            m.sense = sense
            m.objectiveName = objectiveName
            m.objectiveConstant = objectiveConstant
            m.reserveColumns(columnName.count)
            for j in columnName.indices {
                // Kind is set afterwards: `addVariable(kind: .binary)` would clamp, and the
                // readers already decided the final bounds.
                let v = m.addVariable(columnName[j], kind: .continuous, lower: columnLower[j],
                                      upper: columnUpper[j], objective: cost[j])
                if columnKind[j] != .continuous { m.setKind(v, columnKind[j]) }
            }
            // Row-wise buckets (counting sort keeps each row's columns increasing when the
            // entries arrive column-major, and in arrival order otherwise).
            let rows = rowName.count
            var start = [Int](repeating: 0, count: rows + 1)
            for r in entryRow { start[Int(r) + 1] += 1 }
            for i in 0..<rows { start[i + 1] += start[i] }
            var next = start
            var cols = [Int](repeating: 0, count: entryRow.count)
            var vals = [Double](repeating: 0, count: entryRow.count)
            for k in entryRow.indices {
                let i = Int(entryRow[k])
                cols[next[i]] = Int(entryColumn[k])
                vals[next[i]] = entryValue[k]
                next[i] += 1
            }
            m.reserve(rows: rows, nonzeros: entryRow.count)
            for i in 0..<rows {
                m.addRow(indices: Array(cols[start[i]..<start[i + 1]]),
                         coefficients: Array(vals[start[i]..<start[i + 1]]),
                         lower: rowLower[i], upper: rowUpper[i], name: rowName[i])
            }
            return m
        }
    }

    /// Checks what every writer needs: finite coefficients, valid bounds. Names come from
    /// ``Model/displayName(_:)``.
    static func checkWritable(_ model: Model, file: String) throws(FileFormatError) {
        func fail(_ s: String) -> FileFormatError { FileFormatError(file: file, message: s) }
        if !model.objectiveConstant.isFinite {
            throw fail("the objective constant is \(model.objectiveConstant); only finite values can be written")
        }
        for j in 0..<model.columnCount {
            let v = Variable(index: j)
            let lo = model.columnLower[j], up = model.columnUpper[j]
            if !Model.boundsAreValid(lo, up) {
                throw fail("column '\(model.displayName(v))' has bounds [\(lo), \(up)]; they must not be NaN, must not cross, and lower < +inf, upper > -inf")
            }
            if !model.objective[j].isFinite {
                throw fail("column '\(model.displayName(v))' has objective coefficient \(model.objective[j]); only finite values can be written")
            }
        }
        for i in 0..<model.rowCount {
            let lo = model.rowLower[i], up = model.rowUpper[i]
            if !Model.boundsAreValid(lo, up) {
                throw fail("row '\(model.displayName(Constraint(index: i)))' has bounds [\(lo), \(up)]; they must not be NaN, must not cross, and lower < +inf, upper > -inf")
            }
        }
        for k in 0..<model.nonzeroCount {
            let i = Int(model.entryRow[k]), j = Int(model.entryColumn[k])
            guard j >= 0 && j < model.columnCount && i >= 0 && i < model.rowCount else {
                throw fail("matrix entry #\(k) refers to row #\(i), column #\(j), which do not exist")
            }
            if !model.entryValue[k].isFinite {
                throw fail("row '\(model.displayName(Constraint(index: i)))', column '\(model.displayName(Variable(index: j)))': coefficient \(model.entryValue[k]) is not finite")
            }
        }
    }

    /// Column and row names as written: the model's names, or generated `C<n>` / `R<n>`;
    /// duplicates are an error naming both positions.
    static func uniqueNames(_ model: Model, file: String) throws(FileFormatError) -> (columns: [String], rows: [String]) {
        var columns: [String] = []
        columns.reserveCapacity(model.columnCount)
        var seen = [String: Int](minimumCapacity: model.columnCount)
        for j in 0..<model.columnCount {
            let n = model.displayName(Variable(index: j))
            if let first = seen.updateValue(j, forKey: n) {
                throw FileFormatError(file: file, message: "duplicate column name '\(n)' (columns \(first + 1) and \(j + 1)); names must be unique to be written")
            }
            columns.append(n)
        }
        var rows: [String] = []
        rows.reserveCapacity(model.rowCount)
        seen.removeAll(keepingCapacity: true)
        seen[model.objectiveName] = -1
        for i in 0..<model.rowCount {
            let n = model.displayName(Constraint(index: i))
            if let first = seen.updateValue(i, forKey: n) {
                if first < 0 {
                    throw FileFormatError(file: file, message: "row \(i + 1) is named '\(n)', the same as the objective; names must be unique to be written")
                }
                throw FileFormatError(file: file, message: "duplicate row name '\(n)' (rows \(first + 1) and \(i + 1)); names must be unique to be written")
            }
            rows.append(n)
        }
        return (columns, rows)
    }
}
