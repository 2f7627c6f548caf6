extension LPFile {
    /// Writes `model` in CPLEX LP format; ``parse(_:file:)`` reads the text back with every
    /// bound, coefficient, kind, name and the column order unchanged, and glpsol and CBC accept
    /// it (one exception: GLPK does not read an objective constant, which is written as a
    /// trailing constant term when nonzero, as CPLEX and CoinLpIO read it).
    ///
    /// - Every column is listed in the objective, in column order, with `0` coefficients where
    ///   needed, so empty columns survive and the column order is kept.
    /// - Numbers use the shortest text that reads back bit for bit.
    /// - A ranged row `l ≤ form ≤ u` is written as `R: form - RgR = 0` with the bound
    ///   `l <= RgR <= u` (CPLEX's convention, see ``LPFile``); a row with no finite bound is
    ///   written the same way with `RgR free`, so it is kept rather than dropped.
    /// - Names must be valid LP names: letters, digits and ``!"#$%&().;?@_`'{}~``, not starting
    ///   with a digit or `.`, not `e`/`E` followed by a digit or `e` (exponent notation), not a
    ///   keyword, at most 255 characters; unnamed columns and rows get `C<n>` / `R<n>`.
    ///   Invalid or duplicate names, and a column named like a range column (`Rg` + row name),
    ///   are errors.
    public static func write(_ model: Model) throws(FileFormatError) -> String {
        let file = "<LP writer>"
        func fail(_ s: String) -> FileFormatError { FileFormatError(file: file, message: s) }
        try FormatSupport.checkWritable(model, file: file)
        let (cols, rows) = try FormatSupport.uniqueNames(model, file: file)
        try checkName(model.objectiveName, "the objective", fail)
        var columnSet = Set<String>(minimumCapacity: cols.count)
        for n in cols { try checkName(n, "column", fail); columnSet.insert(n) }
        for n in rows {
            try checkName(n, "row", fail)
            if columnSet.contains("Rg" + n) {
                throw fail("column 'Rg\(n)' would be read as the range column of row '\(n)'; rename it")
            }
        }

        var out = ""
        out.reserveCapacity(32 * (model.nonzeroCount + model.columnCount + model.rowCount))
        if !model.name.isEmpty && !model.name.contains(where: { $0 == "\n" || $0 == "\r" }) {
            out += "\\Problem name: \(model.name)\n\n"
        }
        var lineLength = 0
        func emit(_ piece: String) {
            if lineLength + piece.utf8.count > 78 && lineLength > 0 {
                out += "\n  "
                lineLength = 2
            }
            out += piece
            lineLength += piece.utf8.count
        }
        func newline() { out += "\n"; lineLength = 0 }
        func term(_ v: Double, _ name: String, first: Bool) -> String {
            if v == 1 { return first ? name : " + " + name }
            if v == -1 { return first ? "- " + name : " - " + name }
            if v < 0 { return (first ? "- " : " - ") + FormatSupport.number(-v) + " " + name }
            return (first ? "" : " + ") + FormatSupport.number(v) + " " + name
        }

        out += model.sense == .maximize ? "Maximize\n" : "Minimize\n"
        emit(" \(model.objectiveName):")
        for j in 0..<model.columnCount {
            emit(" " + term(model.objective[j], cols[j], first: j == 0).drop(while: { $0 == " " }))
        }
        let c = model.objectiveConstant
        if c != 0 { emit(c < 0 ? " - " + FormatSupport.number(-c) : (model.columnCount == 0 ? " " : " + ") + FormatSupport.number(c)) }
        newline()

        out += "Subject To\n"
        let csr = model.rowMajor()
        var rangeBounds: [(String, Double, Double)] = []
        for i in 0..<model.rowCount {
            emit(" \(rows[i]):")
            let s = Int(csr.starts[i]), e = Int(csr.starts[i + 1])
            for k in s..<e {
                emit(term(csr.values[k], cols[Int(csr.columns[k])], first: false))
            }
            let lo = model.rowLower[i], up = model.rowUpper[i]
            let ranged = !(lo == up || lo == -.infinity && up.isFinite || up == .infinity && lo.isFinite)
            if s == e && (model.columnCount > 0) && !ranged { emit(" 0 " + cols[0]) }
            if ranged {
                emit(" - Rg" + rows[i])
                emit(" = 0")
                rangeBounds.append(("Rg" + rows[i], lo, up))
            } else if lo == up {
                emit(" = " + FormatSupport.number(lo))
            } else if lo == -.infinity {
                emit(" <= " + FormatSupport.number(up))
            } else {
                emit(" >= " + FormatSupport.number(lo))
            }
            newline()
        }

        // Bounds: range columns first, then columns whose bounds differ from [0, +inf) (and
        // binary columns whose bounds differ from [0, 1]).
        var bounds: [String] = []
        func boundLine(_ name: String, _ lo: Double, _ up: Double) -> String {
            if lo == up { return " \(name) = \(FormatSupport.number(lo))" }
            if lo == -.infinity && up == .infinity { return " \(name) free" }
            if up == .infinity { return " \(name) >= \(FormatSupport.number(lo))" }
            let l = lo == -.infinity ? "-inf" : FormatSupport.number(lo)
            return " \(l) <= \(name) <= \(FormatSupport.number(up))"
        }
        for (n, lo, up) in rangeBounds { bounds.append(boundLine(n, lo, up)) }
        var generals: [String] = [], binaries: [String] = []
        for j in 0..<model.columnCount {
            let lo = model.columnLower[j], up = model.columnUpper[j]
            switch model.columnKind[j] {
            case .binary:
                binaries.append(cols[j])
                if lo == 0 && up == 1 { continue }
            case .integer:
                generals.append(cols[j])
            case .continuous:
                break
            }
            if lo == 0 && up == .infinity { continue }
            bounds.append(boundLine(cols[j], lo, up))
        }
        if !bounds.isEmpty {
            out += "Bounds\n"
            for b in bounds { out += b; out += "\n" }
        }
        for (title, names) in [("Generals", generals), ("Binaries", binaries)] where !names.isEmpty {
            out += title + "\n"
            for n in names { emit(" " + n) }
            newline()
        }
        out += "End\n"
        return out
    }

    private static let keywords: Set<String> = [
        "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max",
        "subject", "such", "st", "s.t.", "st.", "bounds", "bound", "general", "generals", "gen",
        "integer", "integers", "int", "binary", "binaries", "bin", "end", "free", "inf", "infinity", "nan",
        "semi", "semis", "sos", "sos1", "sos2",
    ]

    private static func checkName(_ name: String, _ what: String,
                                  _ fail: (String) -> FileFormatError) throws(FileFormatError) {
        let u = Array(name.utf8)
        guard let first = u.first else { throw fail("\(what) has an empty name") }
        if u.count > 255 { throw fail("\(what) '\(name)' is longer than 255 characters, the LP format limit") }
        if (first >= 48 && first <= 57) || first == UInt8(ascii: ".") {
            throw fail("\(what) '\(name)' starts with a digit or '.', which LP names cannot")
        }
        for c in u {
            let ok = (c | 0x20) >= 97 && (c | 0x20) <= 122 || (c >= 48 && c <= 57) || "!\"#$%&().;?@_`'{}~".utf8.contains(c)
            if !ok { throw fail("\(what) '\(name)' contains '\(Character(Unicode.Scalar(c)))'; LP names may use letters, digits and !\"#$%&().;?@_`'{}~") }
        }
        if (first | 0x20) == UInt8(ascii: "e") && (u.count == 1 || (u[1] >= 48 && u[1] <= 57) || (u[1] | 0x20) == UInt8(ascii: "e")) {
            throw fail("\(what) '\(name)' looks like exponent notation (e followed by a digit or e), which LP names cannot")
        }
        if keywords.contains(name.lowercased()) { throw fail("\(what) '\(name)' is an LP keyword") }
    }
}
