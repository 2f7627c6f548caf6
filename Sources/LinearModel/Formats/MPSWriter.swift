extension MPS {
    /// Writes `model` as MPS text (free by default) that ``parse(_:file:format:)`` reads back
    /// with every bound, coefficient, kind and name unchanged.
    ///
    /// - Numbers use the shortest text that reads back bit for bit.
    /// - Free MPS marks itself with `NAME <name> FREE`, so CoinMpsIO reads it as free.
    /// - Unnamed columns and rows get ``Model/displayName(_:)`` names (`C<n>`, `R<n>`);
    ///   duplicate names are an error.
    /// - `OBJSENSE MAX` is written when maximizing; the objective constant `c` is written as the
    ///   RHS `−c` of the objective row (see ``MPS`` for the convention).
    /// - Integer columns go inside `MARKER INTORG/INTEND` with explicit bounds (so no reader's
    ///   integer default applies); binary columns with bounds `[0, 1]` get a `BV` bound; a binary
    ///   column with narrower bounds is written as an integer column with those bounds.
    /// - Ranged rows use RANGES. A row with no finite bound is written as an `N` row, which
    ///   readers (this one, CoinMpsIO) drop.
    /// - Fixed MPS rejects names longer than 8 characters or with leading/trailing blanks and
    ///   numbers longer than 12 characters; free MPS rejects names containing blanks or starting
    ///   with `$`.
    public static func write(_ model: Model, format: MPSFormat = .free) throws(FileFormatError) -> String {
        var w = MPSWriter(model: model, format: format)
        return try w.write()
    }
}

struct MPSWriter {
    let model: Model
    let format: MPSFormat
    let file = "<MPS writer>"
    var out = ""

    init(model: Model, format: MPSFormat) {
        self.model = model
        self.format = format
    }

    private func fail(_ s: String) -> FileFormatError { FileFormatError(file: file, message: s) }

    private func checkName(_ name: String, _ what: String) throws(FileFormatError) {
        if name.isEmpty { throw fail("\(what) has an empty name") }
        switch format {
        case .free:
            if name.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
                throw fail("\(what) '\(name)' contains a blank; free MPS names cannot (use fixed MPS for names of up to 8 characters with blanks)")
            }
            if name.hasPrefix("$") { throw fail("\(what) '\(name)' starts with '$', which begins a comment in free MPS") }
        case .fixed:
            if name.utf8.count > 8 { throw fail("\(what) '\(name)' has \(name.utf8.count) characters; fixed MPS allows at most 8 (use free MPS)") }
            if name.hasPrefix(" ") || name.hasSuffix(" ") || name.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 }) {
                throw fail("\(what) '\(name)' has leading or trailing blanks or control characters, which fixed MPS cannot keep")
            }
        }
    }

    private func num(_ v: Double, _ what: @autoclosure () -> String) throws(FileFormatError) -> String {
        let s = FormatSupport.number(v)
        if format == .fixed && s.utf8.count > 12 {
            throw fail("\(what()) is \(s), which needs \(s.utf8.count) characters; fixed MPS fields hold 12 (use free MPS for exact values)")
        }
        return s
    }

    private func pad(_ s: String, _ width: Int) -> String {
        let n = s.utf8.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// One data line: field 1 (type), 2 (name), then up to two (name, value) pairs.
    private mutating func card(_ f1: String, _ f2: String, _ f3: String = "", _ f4: String = "",
                               _ f5: String = "", _ f6: String = "") {
        var s: String
        switch format {
        case .free:
            s = " " + (f1.isEmpty ? "   " : pad(f1, 2) + " ") + f2
            for f in [f3, f4, f5, f6] where !f.isEmpty { s += "  " + f }
        case .fixed:
            s = " " + pad(f1, 2) + " " + pad(f2, 8) + "  " + pad(f3, 8) + "  " + pad(f4, 12)
            if !f5.isEmpty || !f6.isEmpty { s += "   " + pad(f5, 8) + "  " + f6 }
            while s.hasSuffix(" ") { s.removeLast() }
        }
        out += s
        out += "\n"
    }

    mutating func write() throws(FileFormatError) -> String {
        try FormatSupport.checkWritable(model, file: file)
        let (cols, rows) = try FormatSupport.uniqueNames(model, file: file)
        let obj = model.objectiveName
        try checkName(obj, "the objective row")
        for n in cols { try checkName(n, "column") }
        for n in rows { try checkName(n, "row") }
        if format == .free && model.name.utf8.contains(where: { $0 == 32 || $0 == 9 }) {
            throw fail("the model name '\(model.name)' contains a blank; free MPS cannot keep it")
        }
        out.reserveCapacity(64 * (model.nonzeroCount + model.columnCount + model.rowCount))

        switch format {
        case .fixed: out += model.name.isEmpty ? "NAME\n" : pad("NAME", 14) + model.name + "\n"
        // The FREE keyword tells CoinMpsIO (CBC, CLP) to split on blanks; GLPK ignores it.
        case .free: out += model.name.isEmpty ? "NAME FREE\n" : "NAME \(model.name) FREE\n"
        }
        if model.sense == .maximize { out += "OBJSENSE\n    MAX\n" }

        // ROWS, and for each row the RHS and range that reproduce its bounds exactly.
        out += "ROWS\n"
        card("N", obj)
        var rhsCards: [(String, Double)] = []
        var rangeCards: [(String, Double)] = []
        if model.objectiveConstant != 0 { rhsCards.append((obj, -model.objectiveConstant)) }
        for i in 0..<model.rowCount {
            let lo = model.rowLower[i], up = model.rowUpper[i]
            let type: String
            switch (lo.isFinite, up.isFinite) {
            case (false, false): type = "N"
            case (true, false): type = "G"; if lo != 0 { rhsCards.append((rows[i], lo)) }
            case (false, true): type = "L"; if up != 0 { rhsCards.append((rows[i], up)) }
            case (true, true):
                if lo == up {
                    type = "E"; if lo != 0 { rhsCards.append((rows[i], lo)) }
                } else {
                    let (t, b, r) = Self.exactRange(lo, up)
                    type = t
                    if b != 0 { rhsCards.append((rows[i], b)) }
                    rangeCards.append((rows[i], r))
                }
            }
            card(type, rows[i])
        }

        // COLUMNS, column by column; integer runs inside markers.
        out += "COLUMNS\n"
        let csc = model.columnMajor()
        var inMarker = false
        var markers = 0
        func isMarkerInteger(_ j: Int) -> Bool {
            switch model.columnKind[j] {
            case .continuous: return false
            case .integer: return true
            case .binary: return !(model.columnLower[j] == 0 && model.columnUpper[j] == 1)
            }
        }
        for j in 0..<model.columnCount {
            let integer = isMarkerInteger(j)
            if integer != inMarker {
                if integer { markers += 1 }
                card("", "MARKER", "'MARKER'", "", integer ? "'INTORG'" : "'INTEND'")
                inMarker = integer
            }
            var wrote = false
            if model.objective[j] != 0 {
                card("", cols[j], obj, try num(model.objective[j], "the objective coefficient of column '\(cols[j])'"))
                wrote = true
            }
            for k in Int(csc.starts[j])..<Int(csc.starts[j + 1]) {
                let i = Int(csc.rows[k])
                card("", cols[j], rows[i], try num(csc.values[k], "the coefficient of column '\(cols[j])' in row '\(rows[i])'"))
                wrote = true
            }
            // An empty column still has to be declared.
            if !wrote { card("", cols[j], obj, "0") }
        }
        if inMarker { card("", "MARKER", "'MARKER'", "", "'INTEND'") }

        if !rhsCards.isEmpty {
            out += "RHS\n"
            for (r, v) in rhsCards { card("", "RHS", r, try num(v, "the right-hand side of row '\(r)'")) }
        }
        if !rangeCards.isEmpty {
            out += "RANGES\n"
            for (r, v) in rangeCards { card("", "RNG", r, try num(v, "the range of row '\(r)'")) }
        }

        // BOUNDS: only what differs from the defaults, except integer columns (always explicit).
        var boundsHeader = false
        func bound(_ type: String, _ c: String, _ v: String = "") {
            if !boundsHeader { out += "BOUNDS\n"; boundsHeader = true }
            card(type, "BND", c, v)
        }
        for j in 0..<model.columnCount {
            let lo = model.columnLower[j], up = model.columnUpper[j], c = cols[j]
            if model.columnKind[j] == .binary && !isMarkerInteger(j) { bound("BV", c); continue }
            if lo == up { bound("FX", c, try num(lo, "the bound of column '\(c)'")); continue }
            if isMarkerInteger(j) {
                if lo == -.infinity { bound("MI", c) } else { bound("LO", c, try num(lo, "the lower bound of column '\(c)'")) }
                if up == .infinity { bound("PL", c) } else { bound("UP", c, try num(up, "the upper bound of column '\(c)'")) }
                continue
            }
            if lo == -.infinity && up == .infinity { bound("FR", c); continue }
            if lo == -.infinity {
                bound("MI", c)
            } else if lo != 0 || up < 0 {
                // An explicit LO keeps a negative UP from meaning "lower = −∞".
                bound("LO", c, try num(lo, "the lower bound of column '\(c)'"))
            }
            if up != .infinity { bound("UP", c, try num(up, "the upper bound of column '\(c)'")) }
        }
        out += "ENDATA\n"
        return out
    }

    /// A row type, right-hand side and range that the reader turns back into exactly
    /// `[lo, up]`: `L` with `b = up` needs `up − R == lo`, `G` with `b = lo` needs `lo + R == up`.
    /// `up − lo` is usually exact; otherwise neighbouring values of R are tried.
    static func exactRange(_ lo: Double, _ up: Double) -> (String, Double, Double) {
        let d = up - lo
        var candidates = [d]
        var a = d, b = d
        for _ in 0..<8 { a = a.nextUp; b = b.nextDown; candidates.append(a); candidates.append(b) }
        for r in candidates where r > 0 {
            if up - r == lo { return ("L", up, r) }
            if lo + r == up { return ("G", lo, r) }
        }
        return ("L", up, d)   // not reachable for finite bounds in practice; documented as ≤ 1 ulp
    }
}
