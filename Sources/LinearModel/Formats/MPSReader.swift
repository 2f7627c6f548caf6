/// The two layouts of MPS data lines.
public enum MPSFormat: Sendable, Equatable {
    /// Fixed MPS: fields in card columns 2–3, 5–12, 15–22, 25–36, 40–47 and 50–61; names are at
    /// most 8 characters and may contain spaces.
    case fixed
    /// Free MPS: fields separated by blanks; names may be long but contain no spaces.
    case free
}

/// Reading and writing MPS files (fixed and free).
///
/// Conventions (shared with COIN-OR's CoinMpsIO unless noted):
/// - **Objective row.** The first `N` row is the objective. Further `N` rows are free rows: they
///   constrain nothing, so they are dropped (their COLUMNS entries are ignored); an RHS or RANGES
///   entry on one of them is an error because its meaning is unclear.
/// - **Objective constant.** An RHS value `v` on the objective row means the objective constant
///   is `−v` (CLP/HiGHS convention: the row reads `obj − v`, i.e. "objective = RHS" moves to the
///   left-hand side). The writer writes `−constant` there.
/// - **RANGES** (value `R`, right-hand side `b`): `E` row: `R > 0` → `[b, b+|R|]`, `R < 0` →
///   `[b−|R|, b]`, `R = 0` → `[b, b]`; `L` row → `[b−|R|, b]`; `G` row → `[b, b+|R|]`.
/// - **One vector per section.** Only one RHS, RANGES and BOUNDS vector (set name) is read; a
///   line naming a second one is an error rather than being silently ignored.
/// - **Integer columns** inside `MARKER INTORG/INTEND` with no BOUNDS entry at all get bounds
///   `[0, 1]`, as CoinMpsIO does (its default integer upper bound is 1) and GLPK too. Any BOUNDS
///   entry for the column (even `PL`) keeps the usual defaults `[0, +∞)`.
/// - **Negative UP bound.** `UP` with a negative value on a column whose lower bound has not
///   been set in BOUNDS makes the lower bound −∞ (CoinMpsIO does this, with a warning). After an
///   explicit `LO`, the bounds are taken as given.
/// - **BV** makes a column binary with bounds `[0, 1]`; `LI`/`UI` make it integer. A binary
///   column whose later bounds leave `[0, 1]` becomes integer.
/// - **Numbers** are decimal; `nan`, `inf` and values overflowing a Double are rejected with
///   their line. Values are kept exactly (no "1e30 means infinity" rule).
/// - **Unsupported sections** (QUADOBJ, QMATRIX, QSECTION, QCMATRIX, CSECTION, SOS, SETS,
///   INDICATORS, …) and the SC bound are errors naming the line, never silently skipped.
/// - **Format detection** (`format == nil`): a NAME line ending in `FREE` (as CoinMpsIO writes,
///   e.g. `NAME model FREE`, or `NAME FREE` for an unnamed model) means free MPS. Otherwise the
///   text is read as free MPS; if that fails it is
///   read with fixed columns, and if that also fails the free-format error is reported. Free MPS
///   accepts every fixed file whose names contain no spaces and whose fields are not blank, so
///   fixed columns are only used when the file needs them.
public enum MPS {
    /// Reads an MPS file. `format` nil detects fixed or free (see ``MPS``).
    public static func read(contentsOf path: String, format: MPSFormat? = nil) throws(FileFormatError) -> Model {
        let text = try FileIO.readText(path)
        return try parse(text, file: path, format: format)
    }

    /// Parses MPS text; `file` names it in errors. `format` nil detects fixed or free.
    /// Linear in the size of the text.
    public static func parse(_ text: String, file: String = "<string>", format: MPSFormat? = nil) throws(FileFormatError) -> Model {
        let bytes = Array(text.utf8)
        if let format {
            var p = MPSParser(bytes: bytes, file: file, format: format)
            return try p.parse()
        }
        var free = MPSParser(bytes: bytes, file: file, format: .free)
        do {
            return try free.parse()
        } catch let freeError {
            if free.declaredFree { throw freeError }
            var fixed = MPSParser(bytes: bytes, file: file, format: .fixed)
            if let m = try? fixed.parse() { return m }
            throw freeError
        }
    }
}

/// One pass over MPS text. Names are looked up in dictionaries; nothing is quadratic.
struct MPSParser {
    let bytes: [UInt8]
    let file: String
    let format: MPSFormat
    /// Whether the NAME line carried the FREE keyword (then fixed is never tried).
    var declaredFree = false

    private enum Section: String {
        case none, name = "NAME", objsense = "OBJSENSE", rows = "ROWS", columns = "COLUMNS",
             rhs = "RHS", ranges = "RANGES", bounds = "BOUNDS", endata = "ENDATA"
    }
    private enum RowType { case n, e, l, g }
    /// Row codes in the name table: ≥ 0 is a constraint row, these mark N rows.
    private static let objectiveCode: Int32 = -1
    private static let freeRowCode: Int32 = -2

    private var line = 0
    private var section = Section.none
    private var seenSections = Set<String>()
    private var asm = FormatSupport.Assembly()

    // Rows.
    private var rowIndex: [String: Int32] = [:]
    private var rowLine: [Int] = []
    private var rowType: [RowType] = []
    private var objectiveLine = 0
    private var rhs: [Double] = []
    private var rhsLine: [Int] = []
    private var range: [Double?] = []
    private var rangeLine: [Int] = []
    private var objectiveRHSLine = 0

    // Columns.
    private var columnIndex: [String: Int32] = [:]
    private var columnLine: [Int] = []
    private var currentColumn = -1
    private var inIntegerBlock = false
    private var markerLine = 0
    /// Last column that wrote each row (duplicate-entry check in O(1)).
    private var rowTouchedBy: [Int32] = []
    private var objectiveTouchedBy: Int32 = -1
    private var lowerSet: [Bool] = []
    private var anyBound: [Bool] = []

    // Vector names.
    private var rhsSet: (name: String, line: Int)?
    private var rangeSet: (name: String, line: Int)?
    private var boundSet: (name: String, line: Int)?

    init(bytes: [UInt8], file: String, format: MPSFormat) {
        self.bytes = bytes
        self.file = file
        self.format = format
    }

    private func fail(_ message: String) -> FileFormatError {
        FileFormatError(file: file, line: line, message: message)
    }

    private static let unsupported: [String: String] = [
        "QUADOBJ": "quadratic objective", "QMATRIX": "quadratic objective",
        "QSECTION": "quadratic objective", "QCMATRIX": "quadratic constraint",
        "CSECTION": "conic constraint", "SOS": "special ordered sets", "SETS": "special ordered sets",
        "INDICATORS": "indicator constraints", "GENCONS": "general constraints",
        "PWLOBJ": "piecewise-linear objective", "LAZYCONS": "lazy constraints",
        "USERCUTS": "user cuts", "BRANCH": "branching priorities", "OBJNAME": "objective selection",
        "SCENARIOS": "stochastic scenarios", "STOCH": "stochastic data", "PERIODS": "stochastic periods",
        "TIME": "stochastic periods", "BLOCKS": "stochastic blocks", "INDEP": "stochastic data",
    ]

    private static func unsupportedMessage(_ word: String, _ what: String) -> String {
        "section \(word) (\(what)) is not supported; EPOF reads linear and mixed-integer models"
    }

    mutating func parse() throws(FileFormatError) -> Model {
        var pos = 0
        let n = bytes.count
        if n == 0 || bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            line = 1
            throw fail("the file is empty; expected an MPS model (NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA)")
        }
        var fields: [Range<Int>] = []
        fields.reserveCapacity(8)
        while pos < n {
            line += 1
            var end = pos
            while end < n && bytes[end] != 10 { end += 1 }
            let next = end + 1
            var stop = end
            if stop > pos && bytes[stop - 1] == 13 { stop -= 1 }
            defer { pos = next }
            if stop == pos { continue }                          // blank line
            let first = bytes[pos]
            if first == UInt8(ascii: "*") { continue }           // comment card
            if first != 32 && first != 9 {
                if try header(pos, stop) { return try finish(afterEndata: next) }
                continue
            }
            // Data line.
            tokenize(pos, stop, into: &fields)
            if fields.isEmpty { continue }
            try data(pos, stop, fields)
        }
        line = max(line, 1)
        throw fail("truncated: expected ENDATA before the end of the file")
    }

    /// Whitespace-separated tokens (free format, and every header line); a token starting with
    /// `$` starts a comment in free format.
    private func tokenize(_ start: Int, _ stop: Int, into out: inout [Range<Int>]) {
        out.removeAll(keepingCapacity: true)
        var i = start
        while i < stop {
            while i < stop && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            if i >= stop { break }
            if format == .free && bytes[i] == UInt8(ascii: "$") && !out.isEmpty { break }
            let s = i
            while i < stop && bytes[i] != 32 && bytes[i] != 9 { i += 1 }
            out.append(s..<i)
        }
    }

    /// The trimmed text of fixed card columns `from...to` (1-based, inclusive).
    private func fixedField(_ start: Int, _ stop: Int, _ from: Int, _ to: Int) -> Range<Int> {
        var a = start + from - 1, b = min(start + to, stop)
        if a >= b { return stop..<stop }
        while a < b && (bytes[a] == 32 || bytes[a] == 9) { a += 1 }
        while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9) { b -= 1 }
        return a..<b
    }

    private func str(_ r: Range<Int>) -> String { FormatSupport.text(bytes[r]) }

    private func upper(_ r: Range<Int>) -> String {
        String(decoding: bytes[r].map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
    }

    private func number(_ r: Range<Int>, _ what: String) throws(FileFormatError) -> Double {
        if r.isEmpty { throw fail("missing \(what); expected a number") }
        guard let v = FormatSupport.parseNumber(bytes[r]) else {
            throw fail("expected a numeric value for \(what), found \"\(str(r))\" (NaN, infinities and non-decimal numbers are not allowed)")
        }
        return v
    }

    // MARK: Headers

    /// Handles a section line; returns true at ENDATA.
    private mutating func header(_ start: Int, _ stop: Int) throws(FileFormatError) -> Bool {
        var toks: [Range<Int>] = []
        var i = start
        while i < stop {
            while i < stop && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            if i >= stop { break }
            let s = i
            while i < stop && bytes[i] != 32 && bytes[i] != 9 { i += 1 }
            toks.append(s..<i)
        }
        let word = upper(toks[0])
        guard let s = Section(rawValue: word) else {
            if let what = Self.unsupported[word] { throw fail(Self.unsupportedMessage(word, what)) }
            throw fail("unknown section '\(str(toks[0]))'; expected one of NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES, BOUNDS, ENDATA")
        }
        if s != .endata && !seenSections.insert(word).inserted {
            throw fail("section \(word) appears a second time")
        }
        switch s {
        case .name:
            if section != .none { throw fail("NAME must be the first section") }
            if format == .fixed {
                asm.name = str(fixedField(start, stop, 15, stop - start))
            } else if toks.count == 2 && upper(toks[1]) == "FREE" {
                declaredFree = true                  // "NAME FREE": unnamed free-format model
            } else if toks.count > 1 {
                asm.name = str(toks[1])
                if toks.count > 2 && upper(toks[toks.count - 1]) == "FREE" { declaredFree = true }
            }
        case .objsense:
            if section == .columns || section == .rhs || section == .ranges || section == .bounds {
                throw fail("OBJSENSE must come before COLUMNS")
            }
            if toks.count > 1 { try setSense(toks[1]) }
        case .rows:
            if section != .none && section != .name && section != .objsense {
                throw fail("ROWS must come before \(section.rawValue)")
            }
        case .columns:
            if section != .rows { throw fail("COLUMNS must follow ROWS") }
            rowTouchedBy = [Int32](repeating: -1, count: asm.rowName.count)
        case .rhs, .ranges, .bounds:
            if !seenSections.contains("COLUMNS") { throw fail("\(word) must follow COLUMNS") }
        case .endata:
            if !seenSections.contains("ROWS") { throw fail("ENDATA before any ROWS section") }
        case .none:
            break
        }
        // A COLUMNS section may end inside an integer block (nw460.mps, tp3.mps): the block
        // closes there, as CoinMpsIO reads it.
        if section == .columns { inIntegerBlock = false }
        section = s
        return s == .endata
    }

    private mutating func setSense(_ r: Range<Int>) throws(FileFormatError) {
        switch upper(r) {
        case "MIN", "MINIMIZE", "MINIMISE": asm.sense = .minimize
        case "MAX", "MAXIMIZE", "MAXIMISE": asm.sense = .maximize
        default: throw fail("OBJSENSE: expected MIN, MAX, MINIMIZE or MAXIMIZE, found \"\(str(r))\"")
        }
    }

    // MARK: Data lines

    private mutating func data(_ start: Int, _ stop: Int, _ toks: [Range<Int>]) throws(FileFormatError) {
        switch section {
        case .none, .name:
            throw fail("data line before any section; expected a section header such as NAME or ROWS in column 1")
        case .objsense:
            try setSense(toks[0])
        case .rows:
            let (t, nm) = format == .fixed
                ? (fixedField(start, stop, 2, 3), fixedField(start, stop, 5, 12))
                : (toks[0], toks.count > 1 ? toks[1] : stop..<stop)
            try addRow(t, nm)
        case .columns:
            try columnLine(start, stop, toks)
        case .rhs, .ranges:
            try rhsOrRangeLine(start, stop, toks)
        case .bounds:
            try boundLine(start, stop, toks)
        case .endata:
            break
        }
    }

    private mutating func addRow(_ typeField: Range<Int>, _ nameField: Range<Int>) throws(FileFormatError) {
        if nameField.isEmpty { throw fail("ROWS: missing row name; expected a type (N, E, L, G) and a name") }
        let type: RowType
        switch upper(typeField) {
        case "N": type = .n
        case "E": type = .e
        case "L": type = .l
        case "G": type = .g
        default: throw fail("ROWS: unknown row type \"\(str(typeField))\"; expected N, E, L or G")
        }
        let name = str(nameField)
        if rowIndex[name] != nil {
            let first: Int
            switch rowIndex[name]! {
            case Self.objectiveCode: first = objectiveLine
            case Self.freeRowCode: first = 0
            case let i: first = rowLine[Int(i)]
            }
            throw fail("duplicate row name '\(name)'" + (first > 0 ? " (first declared on line \(first))" : ""))
        }
        if type == .n {
            if objectiveLine == 0 {
                objectiveLine = line
                asm.objectiveName = name
                rowIndex[name] = Self.objectiveCode
            } else {
                rowIndex[name] = Self.freeRowCode       // extra N rows are dropped
            }
            return
        }
        rowIndex[name] = Int32(asm.rowName.count)
        asm.rowName.append(name)
        rowType.append(type)
        rowLine.append(line)
        rhs.append(0)
        rhsLine.append(0)
        range.append(nil)
        rangeLine.append(0)
    }

    private mutating func columnLine(_ start: Int, _ stop: Int, _ toks: [Range<Int>]) throws(FileFormatError) {
        var colField: Range<Int>
        var pairs: [(Range<Int>, Range<Int>)] = []
        if format == .fixed {
            colField = fixedField(start, stop, 5, 12)
            let f3 = fixedField(start, stop, 15, 22)
            if upper(f3) == "'MARKER'" {
                return try marker(fixedField(start, stop, 40, 47))
            }
            pairs.append((f3, fixedField(start, stop, 25, 36)))
            let f5 = fixedField(start, stop, 40, 47)
            let f6 = fixedField(start, stop, 50, 61)
            if !f5.isEmpty || !f6.isEmpty { pairs.append((f5, f6)) }
            if colField.isEmpty {
                // A blank name field continues the previous column (fixed MPS only).
                guard currentColumn >= 0 else { throw fail("COLUMNS: missing column name in field 2") }
                colField = stop..<stop
            }
        } else {
            if toks.count >= 2 && upper(toks[1]) == "'MARKER'" {
                guard toks.count >= 3 else { throw fail("MARKER line: expected 'INTORG' or 'INTEND' after 'MARKER'") }
                return try marker(toks[2])
            }
            guard toks.count == 3 || toks.count == 5 else {
                throw fail("COLUMNS: expected a column name and one or two (row, value) pairs, found \(toks.count) field\(toks.count == 1 ? "" : "s")")
            }
            colField = toks[0]
            pairs.append((toks[1], toks[2]))
            if toks.count == 5 { pairs.append((toks[3], toks[4])) }
        }
        // Column.
        var j = currentColumn
        if !colField.isEmpty {
            let name = str(colField)
            if j < 0 || asm.columnName[j] != name {
                if let k = columnIndex[name] {
                    throw fail("COLUMNS: entries of column '\(name)' must be contiguous; it already appeared on line \(columnLine[Int(k)])")
                }
                j = asm.columnName.count
                columnIndex[name] = Int32(j)
                asm.columnName.append(name)
                asm.columnLower.append(0)
                asm.columnUpper.append(.infinity)
                asm.columnKind.append(inIntegerBlock ? .integer : .continuous)
                asm.cost.append(0)
                columnLine.append(line)
                lowerSet.append(false)
                anyBound.append(false)
                currentColumn = j
            }
        }
        for (rf, vf) in pairs {
            if rf.isEmpty { throw fail("COLUMNS: missing row name for column '\(asm.columnName[j])'") }
            let value = try number(vf, "the coefficient of column '\(asm.columnName[j])' in row '\(str(rf))'")
            let rname = str(rf)
            guard let code = rowIndex[rname] else {
                throw fail("COLUMNS: unknown row '\(rname)' (column '\(asm.columnName[j])'); rows must be declared in ROWS")
            }
            switch code {
            case Self.objectiveCode:
                if objectiveTouchedBy == Int32(j) { throw fail("COLUMNS: column '\(asm.columnName[j])' has a second entry in the objective row '\(rname)'") }
                objectiveTouchedBy = Int32(j)
                asm.cost[j] = value
            case Self.freeRowCode:
                continue
            default:
                let i = Int(code)
                if rowTouchedBy[i] == Int32(j) {
                    throw fail("COLUMNS: column '\(asm.columnName[j])' has a second entry in row '\(rname)'")
                }
                rowTouchedBy[i] = Int32(j)
                if value != 0 {
                    asm.entryRow.append(code)
                    asm.entryColumn.append(Int32(j))
                    asm.entryValue.append(value)
                }
            }
        }
    }

    private mutating func marker(_ kindField: Range<Int>) throws(FileFormatError) {
        switch upper(kindField) {
        case "'INTORG'":
            if inIntegerBlock { throw fail("MARKER 'INTORG' inside an integer block already opened on line \(markerLine)") }
            inIntegerBlock = true
            markerLine = line
        case "'INTEND'":
            if !inIntegerBlock { throw fail("MARKER 'INTEND' without a matching 'INTORG'") }
            inIntegerBlock = false
        case "'SOSORG'", "'SOSEND'":
            throw fail("special ordered set markers ('SOSORG'/'SOSEND') are not supported; EPOF reads linear and mixed-integer models")
        default:
            throw fail("MARKER: expected 'INTORG' or 'INTEND', found \"\(str(kindField))\"")
        }
        currentColumn = -1
    }

    /// Checks that a line's vector name is the first one seen in its section.
    private func checkVector(_ set: inout (name: String, line: Int)?, _ field: Range<Int>, _ what: String) throws(FileFormatError) {
        let name = str(field)
        if field.isEmpty { if set == nil { set = ("", line) }; return }
        guard let s = set else { set = (name, line); return }
        if s.name.isEmpty { set = (name, s.line); return }
        if s.name != name {
            throw fail("a second \(what) vector '\(name)' is not supported (the first one, '\(s.name)', starts on line \(s.line)); EPOF reads one \(what) vector")
        }
    }

    private mutating func rhsOrRangeLine(_ start: Int, _ stop: Int, _ toks: [Range<Int>]) throws(FileFormatError) {
        let isRHS = section == .rhs
        var setField = stop..<stop
        var pairs: [(Range<Int>, Range<Int>)] = []
        if format == .fixed {
            setField = fixedField(start, stop, 5, 12)
            pairs.append((fixedField(start, stop, 15, 22), fixedField(start, stop, 25, 36)))
            let f5 = fixedField(start, stop, 40, 47), f6 = fixedField(start, stop, 50, 61)
            if !f5.isEmpty || !f6.isEmpty { pairs.append((f5, f6)) }
        } else {
            var t = toks[...]
            switch toks.count {
            case 3, 5: setField = toks[0]; t = toks.dropFirst()
            case 2, 4: break
            default:
                throw fail("\(section.rawValue): expected an optional vector name and one or two (row, value) pairs, found \(toks.count) fields")
            }
            var k = t.startIndex
            while k < t.endIndex { pairs.append((t[k], t[k + 1])); k += 2 }
        }
        if isRHS { try checkVector(&rhsSet, setField, "RHS") } else { try checkVector(&rangeSet, setField, "RANGES") }
        for (rf, vf) in pairs {
            if rf.isEmpty { throw fail("\(section.rawValue): missing row name") }
            let rname = str(rf)
            let value = try number(vf, "the \(isRHS ? "right-hand side" : "range") of row '\(rname)'")
            guard let code = rowIndex[rname] else {
                throw fail("\(section.rawValue): unknown row '\(rname)'; rows must be declared in ROWS")
            }
            if code == Self.freeRowCode {
                throw fail("\(section.rawValue): row '\(rname)' is a free N row (only the first N row, '\(asm.objectiveName)', is the objective); it cannot have a \(isRHS ? "right-hand side" : "range")")
            }
            if code == Self.objectiveCode {
                if !isRHS { throw fail("RANGES: the objective row '\(rname)' cannot have a range") }
                if objectiveRHSLine > 0 { throw fail("RHS: second right-hand side for the objective row '\(rname)' (first on line \(objectiveRHSLine))") }
                objectiveRHSLine = line
                asm.objectiveConstant = -value          // CLP/HiGHS convention: constant = −RHS
                continue
            }
            let i = Int(code)
            if isRHS {
                if rhsLine[i] > 0 { throw fail("RHS: second right-hand side for row '\(rname)' (first on line \(rhsLine[i]))") }
                rhsLine[i] = line
                rhs[i] = value
            } else {
                if rangeLine[i] > 0 { throw fail("RANGES: second range for row '\(rname)' (first on line \(rangeLine[i]))") }
                rangeLine[i] = line
                range[i] = value
            }
        }
    }

    private mutating func boundLine(_ start: Int, _ stop: Int, _ toks: [Range<Int>]) throws(FileFormatError) {
        let typeField: Range<Int>, setField: Range<Int>, colField: Range<Int>, valueField: Range<Int>
        let empty = stop..<stop
        if format == .fixed {
            typeField = fixedField(start, stop, 2, 3)
            setField = fixedField(start, stop, 5, 12)
            colField = fixedField(start, stop, 15, 22)
            valueField = fixedField(start, stop, 25, 36)
        } else {
            typeField = toks[0]
            let needsValue = ["UP", "LO", "FX", "LI", "UI", "SC"].contains(upper(typeField))
            switch (toks.count, needsValue) {
            case (4, _): (setField, colField, valueField) = (toks[1], toks[2], toks[3])
            case (3, true): (setField, colField, valueField) = (empty, toks[1], toks[2])
            case (3, false): (setField, colField, valueField) = (toks[1], toks[2], empty)
            case (2, false): (setField, colField, valueField) = (empty, toks[1], empty)
            default:
                throw fail("BOUNDS: expected a bound type, an optional vector name, a column name\(needsValue ? " and a value" : ""), found \(toks.count) field\(toks.count == 1 ? "" : "s")")
            }
        }
        let type = upper(typeField)
        let valued: Bool
        switch type {
        case "UP", "LO", "FX", "LI", "UI": valued = true
        case "FR", "MI", "PL", "BV": valued = false
        case "SC": throw fail("bound type SC (semi-continuous) is not supported; EPOF reads linear and mixed-integer models")
        default: throw fail("BOUNDS: unknown bound type \"\(str(typeField))\"; expected one of UP, LO, FX, FR, MI, PL, BV, LI, UI")
        }
        try checkVector(&boundSet, setField, "BOUNDS")
        if colField.isEmpty { throw fail("BOUNDS: missing column name") }
        let cname = str(colField)
        guard let code = columnIndex[cname] else {
            throw fail("BOUNDS: bound on unknown column '\(cname)'; columns must be declared in COLUMNS")
        }
        let j = Int(code)
        let value = valued ? try number(valueField, "the \(type) bound of column '\(cname)'") : 0
        anyBound[j] = true
        switch type {
        case "UP":
            if value < 0 && !lowerSet[j] && asm.columnLower[j] == 0 { asm.columnLower[j] = -.infinity }
            asm.columnUpper[j] = value
        case "LO":
            asm.columnLower[j] = value; lowerSet[j] = true
        case "FX":
            asm.columnLower[j] = value; asm.columnUpper[j] = value; lowerSet[j] = true
        case "FR":
            asm.columnLower[j] = -.infinity; asm.columnUpper[j] = .infinity; lowerSet[j] = true
        case "MI":
            asm.columnLower[j] = -.infinity; lowerSet[j] = true
        case "PL":
            asm.columnUpper[j] = .infinity
        case "BV":
            asm.columnKind[j] = .binary; asm.columnLower[j] = 0; asm.columnUpper[j] = 1; lowerSet[j] = true
        case "LI":
            if asm.columnKind[j] == .continuous { asm.columnKind[j] = .integer }
            asm.columnLower[j] = value; lowerSet[j] = true
        default: // UI
            if asm.columnKind[j] == .continuous { asm.columnKind[j] = .integer }
            asm.columnUpper[j] = value
        }
    }

    // MARK: Finish

    /// After ENDATA: only comments, blank lines or a NAME line may follow; an unsupported section
    /// there (e.g. a QUADOBJ appended after the linear part) is reported, not ignored.
    private mutating func finish(afterEndata start: Int) throws(FileFormatError) -> Model {
        var pos = start
        let endataLine = line
        while pos < bytes.count {
            line += 1
            var end = pos
            while end < bytes.count && bytes[end] != 10 { end += 1 }
            defer { pos = end + 1 }
            var i = pos
            while i < end && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13) { i += 1 }
            if i == end || bytes[pos] == UInt8(ascii: "*") { continue }
            var e = i
            while e < end && bytes[e] != 32 && bytes[e] != 9 && bytes[e] != 13 { e += 1 }
            let word = upper(i..<e)
            if word == "NAME" && i == pos { continue }
            if let what = Self.unsupported[word] { throw fail(Self.unsupportedMessage(word, what)) }
            throw fail("unexpected content after ENDATA (line \(endataLine)): \"\(str(i..<end))\"")
        }
        line = endataLine
        // Row bounds from type, RHS and RANGES.
        let m = asm.rowName.count
        asm.rowLower = [Double](repeating: 0, count: m)
        asm.rowUpper = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let b = rhs[i]
            var lo: Double, up: Double
            switch rowType[i] {
            case .e: (lo, up) = (b, b)
            case .l: (lo, up) = (-.infinity, b)
            case .g: (lo, up) = (b, .infinity)
            case .n: (lo, up) = (-.infinity, .infinity)
            }
            if let r = range[i] {
                switch rowType[i] {
                case .e: if r > 0 { up = b + r } else if r < 0 { lo = b - (-r) }
                case .l: lo = b - abs(r)
                case .g: up = b + abs(r)
                case .n: break
                }
            }
            asm.rowLower[i] = lo
            asm.rowUpper[i] = up
        }
        // Integer defaults (CoinMpsIO): a MARKER integer column with no BOUNDS entry is [0, 1].
        for j in asm.columnName.indices {
            switch asm.columnKind[j] {
            case .integer where !anyBound[j]:
                asm.columnUpper[j] = 1
            case .binary where asm.columnLower[j] < 0 || asm.columnUpper[j] > 1:
                asm.columnKind[j] = .integer
            default: break
            }
        }
        return asm.build()
    }
}
