/// Reading and writing the CPLEX LP format, in the subset that CPLEX, GLPK (`glpsol --lp`) and
/// COIN-OR (CoinLpIO, used by CBC) share.
///
/// What the reader accepts:
/// - `\` starts a comment to the end of the line; a leading `\Problem name: X` comment gives
///   the model name. Blank lines are ignored.
/// - Section keywords, case-insensitive, at the start of a line: `Minimize`/`Minimum`/`Min`,
///   `Maximize`/`Maximum`/`Max`; `Subject To`/`Such That`/`st`/`s.t.`/`st.`; `Bounds`/`Bound`;
///   `General`/`Generals`/`Gen`/`Integer`/`Integers`/`Int`; `Binary`/`Binaries`/`Bin`; `End`.
///   Nothing but comments may follow `End`.
/// - Objective: `[name:] linear form`, possibly over several lines, with constant terms allowed
///   (their sum becomes the objective constant).
/// - Constraints: each starts on a new line, `[name:] form sense form`, with senses `<= =< <`,
///   `>= => >`, `=`; variables and constants may appear on either side (constants move to the
///   right, variables to the left). The right-hand side must end on the line of the sense, so
///   a constraint may continue over several lines only before its sense. A double inequality
///   `c1 <= form <= c2` (or with `>=`) is read as a ranged row; it is an extension (GLPK does
///   not read it), the writer does not produce it.
/// - Ranged rows, as CPLEX writes them (see `exmip1.lp`): `R: form - RgR = b` together with a
///   bound `l <= RgR <= u` stands for `b + l <= form <= b + u`. A column named `Rg` + the row's
///   name that is continuous, has no objective coefficient and appears only in that equality row
///   with coefficient −1 is folded back into the row. GLPK and CBC read the same file as a model
///   with one extra column, which has the same feasible set.
/// - Bounds, one per line: `x <= u`, `x >= l`, `l <= x`, `u >= x`, `l <= x <= u`, `x = v`,
///   `x free`; values may be `inf`, `infinity` (signed). The last bound given wins; a bound or an
///   integer declaration may introduce a column not seen before (as CPLEX and GLPK do).
/// - `Generals` make columns integer; `Binaries` make them binary with bounds `[0, 1]`
///   intersected with any explicit bounds (as CoinLpIO).
/// - Quadratic terms (`[ ]`), SOS, semi-continuous and indicator sections are errors naming
///   the line.
public enum LPFile {
    /// Reads a CPLEX LP file.
    public static func read(contentsOf path: String) throws(FileFormatError) -> Model {
        let text = try FileIO.readText(path)
        return try parse(text, file: path)
    }

    /// Parses CPLEX LP text; `file` names it in errors. Linear in the size of the text.
    public static func parse(_ text: String, file: String = "<string>") throws(FileFormatError) -> Model {
        var p = LPParser(file: file)
        return try p.parse(Array(text.utf8))
    }
}

struct LPParser {
    let file: String
    init(file: String) { self.file = file }

    enum Token: Equatable {
        case name(String)
        case number(Double)
        case plus, minus, colon
        case sense(Sense)
    }
    enum Sense { case le, ge, eq }
    struct Tok { var token: Token; var line: Int }

    private enum Section { case start, objective, constraints, bounds, generals, binaries, end }

    private var line = 0
    private var section = Section.start
    private var sawObjective = false, sawConstraints = false

    // Columns.
    private var columnIndex: [String: Int] = [:]
    private var columnName: [String] = []
    private var lower: [Double] = [], upper: [Double] = []
    private var lowerGiven: [Bool] = [], upperGiven: [Bool] = []
    private var kind: [VariableKind] = []
    private var cost: [Double] = []
    private var costGiven: [Bool] = []
    private var uses: [Int] = []                // number of rows a column appears in

    // Rows.
    private struct Row {
        var name: String?
        var columns: [Int]
        var values: [Double]
        var lower: Double
        var upper: Double
        var line: Int
    }
    private var rows: [Row] = []
    private var rowIndex: [String: Int] = [:]

    private var modelName = ""
    private var objectiveName = "obj"
    private var objectiveConstant = 0.0
    private var sense = ObjectiveSense.minimize
    private var objectiveTokens: [Tok] = []
    private var pending: [Tok] = []            // a constraint being gathered
    private var pendingLine = 0

    private func fail(_ message: String, at l: Int? = nil) -> FileFormatError {
        FileFormatError(file: file, line: l ?? line, message: message)
    }

    // MARK: Lines and keywords

    mutating func parse(_ bytes: [UInt8]) throws(FileFormatError) -> Model {
        let n = bytes.count
        var pos = 0
        var sawContent = false
        while pos < n {
            line += 1
            var end = pos
            while end < n && bytes[end] != 10 { end += 1 }
            defer { pos = end + 1 }
            var stop = end
            // Comment.
            var k = pos
            while k < stop && bytes[k] != UInt8(ascii: "\\") { k += 1 }
            if k < stop {
                if section == .start {
                    let c = FormatSupport.text(bytes[(k + 1)..<stop])
                    let trimmed = c.drop(while: { $0 == " " || $0 == "*" })
                    if trimmed.lowercased().hasPrefix("problem name:") {
                        modelName = String(trimmed.dropFirst("problem name:".count)).trimmingBlanks()
                    }
                }
                stop = k
            }
            var a = pos
            while a < stop && (bytes[a] == 32 || bytes[a] == 9 || bytes[a] == 13) { a += 1 }
            var b = stop
            while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9 || bytes[b - 1] == 13) { b -= 1 }
            if a == b { continue }
            sawContent = true
            let rest = try keyword(bytes, a, b)
            if rest.lowerBound == b && rest.upperBound == b && section != .start { continue }
            try content(bytes, rest)
        }
        if !sawContent {
            line = 1
            throw fail("the file is empty; expected an LP model starting with Minimize or Maximize")
        }
        line = max(line, 1)
        if section != .end {
            try flushConstraint()
            if !sawObjective { throw fail("no objective: expected a Minimize or Maximize section") }
        }
        return try assemble()
    }

    /// Recognizes a section keyword at the start of the line; returns the rest of the line.
    private mutating func keyword(_ bytes: [UInt8], _ a: Int, _ b: Int) throws(FileFormatError) -> Range<Int> {
        // First word (letters, dots, hyphens) in lower case.
        var e = a
        while e < b && (isLetter(bytes[e]) || bytes[e] == UInt8(ascii: ".") || bytes[e] == UInt8(ascii: "-")) { e += 1 }
        if e < b && bytes[e] != 32 && bytes[e] != 9 { return a..<b }   // e.g. "min2:" is a name
        let word = String(decoding: bytes[a..<e].map { $0 | 0x20 }, as: UTF8.self)
        var rest = e
        func skipBlanks() { while rest < b && (bytes[rest] == 32 || bytes[rest] == 9) { rest += 1 } }
        skipBlanks()
        var next: Section
        switch word {
        case "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max":
            next = .objective
            if sawObjective { throw fail("a second objective section '\(word)'; an LP file has one objective") }
            sense = word.hasPrefix("max") ? .maximize : .minimize
            sawObjective = true
        case "subject", "such":
            // Two words: "subject to", "such that".
            var e2 = rest
            while e2 < b && isLetter(bytes[e2]) { e2 += 1 }
            let second = String(decoding: bytes[rest..<e2].map { $0 | 0x20 }, as: UTF8.self)
            guard (word == "subject" && second == "to") || (word == "such" && second == "that") else { return a..<b }
            rest = e2; skipBlanks()
            next = .constraints
        case "st", "s.t.", "st.":
            next = .constraints
        case "bounds", "bound":
            next = .bounds
        case "general", "generals", "gen", "integer", "integers", "int":
            next = .generals
        case "binary", "binaries", "bin":
            next = .binaries
        case "end":
            next = .end
        case "semi-continuous", "semi-continuous:", "semis", "semi", "sos", "sos1", "sos2", "pwl", "lazy", "user":
            throw fail("section '\(String(decoding: bytes[a..<e], as: UTF8.self))' is not supported; EPOF reads linear and mixed-integer models")
        default:
            return a..<b
        }
        try enter(next)
        return rest..<b
    }

    private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    private mutating func enter(_ next: Section) throws(FileFormatError) {
        if section == .end { throw fail("content after End; nothing but comments may follow it") }
        if section == .constraints { try flushConstraint() }
        switch next {
        case .objective:
            if section != .start { throw fail("the objective must come first") }
        case .constraints:
            if section != .objective { throw fail(sawConstraints ? "a second Subject To section" : "Subject To must follow the objective") }
            try finishObjective()
            sawConstraints = true
        case .bounds:
            if section == .objective { try finishObjective() }
            if section != .constraints && section != .objective { throw fail("Bounds must follow the constraints and come before General/Binary sections") }
        case .generals, .binaries, .end:
            if section == .objective { try finishObjective() }
            if section == .start { throw fail("expected Minimize or Maximize before this section") }
        case .start:
            break
        }
        section = next
    }

    // MARK: Tokens

    private static func isNameChar(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "!\"#$%&(),.;?@_`'{}~|".utf8.contains(c) || c >= 0x80
        }
    }

    private func tokens(_ bytes: [UInt8], _ r: Range<Int>) throws(FileFormatError) -> [Tok] {
        var out: [Tok] = []
        var i = r.lowerBound
        let b = r.upperBound
        while i < b {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 13 { i += 1; continue }
            switch c {
            case UInt8(ascii: "+"): out.append(Tok(token: .plus, line: line)); i += 1
            case UInt8(ascii: "-"): out.append(Tok(token: .minus, line: line)); i += 1
            case UInt8(ascii: ":"): out.append(Tok(token: .colon, line: line)); i += 1
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="):
                var j = i + 1
                if j < b && (bytes[j] == UInt8(ascii: "=") || bytes[j] == UInt8(ascii: "<") || bytes[j] == UInt8(ascii: ">")) { j += 1 }
                let op = FormatSupport.text(bytes[i..<j])
                let s: Sense
                switch op {
                case "<", "<=", "=<": s = .le
                case ">", ">=", "=>": s = .ge
                case "=", "==": s = .eq
                default: throw fail("unknown operator '\(op)'; expected <=, >=, =, =<, =>, < or >")
                }
                out.append(Tok(token: .sense(s), line: line)); i = j
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."):
                var j = i
                while j < b && ((bytes[j] >= 48 && bytes[j] <= 57) || bytes[j] == UInt8(ascii: ".")) { j += 1 }
                if j < b && (bytes[j] | 0x20) == UInt8(ascii: "e") {
                    var k = j + 1
                    if k < b && (bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-")) { k += 1 }
                    if k < b && bytes[k] >= 48 && bytes[k] <= 57 {
                        while k < b && bytes[k] >= 48 && bytes[k] <= 57 { k += 1 }
                        j = k
                    }
                }
                guard let v = FormatSupport.parseNumber(bytes[i..<j]) else {
                    throw fail("expected a numeric value, found \"\(FormatSupport.text(bytes[i..<j]))\"")
                }
                out.append(Tok(token: .number(v), line: line)); i = j
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "^"), UInt8(ascii: "*"):
                throw fail("quadratic terms ('\(Character(Unicode.Scalar(c)))') are not supported; EPOF reads linear and mixed-integer models")
            default:
                guard Self.isNameChar(c) else {
                    throw fail("unexpected character '\(Character(Unicode.Scalar(c)))'")
                }
                var j = i
                while j < b && Self.isNameChar(bytes[j]) { j += 1 }
                out.append(Tok(token: .name(FormatSupport.text(bytes[i..<j])), line: line)); i = j
            }
        }
        return out
    }

    // MARK: Sections

    private mutating func content(_ bytes: [UInt8], _ r: Range<Int>) throws(FileFormatError) {
        switch section {
        case .start:
            throw fail("expected Minimize or Maximize (or a comment) at the start of the file, found \"\(FormatSupport.text(bytes[r]))\"")
        case .end:
            throw fail("content after End: \"\(FormatSupport.text(bytes[r]))\"; nothing but comments may follow End")
        case .objective:
            objectiveTokens += try tokens(bytes, r)
        case .constraints:
            let toks = try tokens(bytes, r)
            if pending.isEmpty { pendingLine = line }
            pending += toks
            // The right-hand side ends on the line of the (last) sense.
            if toks.contains(where: { if case .sense = $0.token { return true } else { return false } }) {
                try flushConstraint()
            }
        case .bounds:
            try bound(try tokens(bytes, r))
        case .generals, .binaries:
            for t in try tokens(bytes, r) {
                guard case let .name(n) = t.token else {
                    throw fail("\(section == .generals ? "General" : "Binary") section: expected variable names, found \(describe(t.token))")
                }
                let j = column(n)
                kind[j] = section == .generals ? .integer : .binary
            }
        }
    }

    private func describe(_ t: Token) -> String {
        switch t {
        case let .name(n): return "'\(n)'"
        case let .number(v): return "the number \(FormatSupport.number(v))"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .colon: return "':'"
        case .sense: return "a comparison operator"
        }
    }

    private mutating func column(_ name: String) -> Int {
        if let j = columnIndex[name] { return j }
        let j = columnName.count
        columnIndex[name] = j
        columnName.append(name)
        lower.append(0); upper.append(.infinity)
        lowerGiven.append(false); upperGiven.append(false)
        kind.append(.continuous)
        cost.append(0); costGiven.append(false)
        uses.append(0)
        return j
    }

    /// Parses a linear form: terms `[sign] [number] name` and constants `[sign] number`.
    /// Returns the terms (in order) and the constant.
    private mutating func form(_ toks: ArraySlice<Tok>, _ what: String) throws(FileFormatError) -> (terms: [(Int, Double)], constant: Double) {
        var terms: [(Int, Double)] = []
        var constant = 0.0
        var i = toks.startIndex
        while i < toks.endIndex {
            var sign = 1.0
            var sawSign = false
            while i < toks.endIndex, toks[i].token == .plus || toks[i].token == .minus {
                if toks[i].token == .minus { sign = -sign }
                sawSign = true
                i += 1
            }
            if !sawSign && !terms.isEmpty || !sawSign && constant != 0 {
                throw fail("\(what): expected '+' or '-' between terms, found \(describe(toks[i].token))", at: toks[i].line)
            }
            guard i < toks.endIndex else { throw fail("\(what): a term is missing after the sign", at: toks[toks.endIndex - 1].line) }
            switch toks[i].token {
            case let .number(v):
                if i + 1 < toks.endIndex, case let .name(n) = toks[i + 1].token {
                    if ["inf", "infinity", "nan"].contains(n.lowercased()) {
                        throw fail("\(what): found '\(n)'; NaN and infinite values are not allowed in a linear form", at: toks[i + 1].line)
                    }
                    terms.append((column(n), sign * v)); i += 2
                } else {
                    constant += sign * v; i += 1
                }
            case let .name(n):
                if ["inf", "infinity", "nan"].contains(n.lowercased()) {
                    throw fail("\(what): found '\(n)'; NaN and infinite values are not allowed in a linear form", at: toks[i].line)
                }
                terms.append((column(n), sign)); i += 1
            default:
                throw fail("\(what): expected a coefficient or a variable name, found \(describe(toks[i].token))", at: toks[i].line)
            }
        }
        return (terms, constant)
    }

    /// Splits off a leading `name:`.
    private func label(_ toks: [Tok]) -> (String?, ArraySlice<Tok>) {
        if toks.count >= 2, case let .name(n) = toks[0].token, toks[1].token == .colon {
            return (n, toks[2...])
        }
        return (nil, toks[...])
    }

    private mutating func finishObjective() throws(FileFormatError) {
        let (name, rest) = label(objectiveTokens)
        if let name { objectiveName = name }
        if rest.contains(where: { if case .sense = $0.token { return true }; return $0.token == .colon }) {
            throw fail("the objective contains a comparison or ':'; is the Subject To line missing?", at: rest.first(where: { if case .sense = $0.token { return true }; return $0.token == .colon })?.line)
        }
        let (terms, c) = try form(rest, "objective")
        for (j, v) in terms { cost[j] += v; costGiven[j] = true }
        objectiveConstant = c
        objectiveTokens = []
    }

    private mutating func flushConstraint() throws(FileFormatError) {
        guard !pending.isEmpty else { return }
        let toks = pending
        pending = []
        let at = pendingLine
        let (name, body) = label(toks)
        let rowLabel = name.map { "constraint '\($0)'" } ?? "constraint"
        var senses: [(Int, Sense)] = []
        for k in body.indices { if case let .sense(s) = body[k].token { senses.append((k, s)) } }
        if body.contains(where: { $0.token == .colon }) {
            throw fail("\(rowLabel): unexpected ':'; a constraint name must come first and be followed by ':'", at: at)
        }
        var lo: Double, up: Double
        var terms: [(Int, Double)]
        switch senses.count {
        case 0:
            throw fail("\(rowLabel): missing comparison operator (<=, >=, =) and right-hand side", at: at)
        case 1:
            let (k, s) = senses[0]
            let left = try form(body[body.startIndex..<k], rowLabel)
            let right = try form(body[(k + 1)...], rowLabel)
            if body[(k + 1)...].isEmpty { throw fail("\(rowLabel): missing right-hand side after the comparison", at: at) }
            terms = left.terms + right.terms.map { ($0.0, -$0.1) }
            let rhs = right.constant - left.constant
            switch s {
            case .le: (lo, up) = (-.infinity, rhs)
            case .ge: (lo, up) = (rhs, .infinity)
            case .eq: (lo, up) = (rhs, rhs)
            }
        case 2:
            let (k1, s1) = senses[0], (k2, s2) = senses[1]
            let a = try form(body[body.startIndex..<k1], rowLabel)
            let mid = try form(body[(k1 + 1)..<k2], rowLabel)
            let c = try form(body[(k2 + 1)...], rowLabel)
            guard a.terms.isEmpty, c.terms.isEmpty, s1 == s2, s1 != .eq,
                  !body[body.startIndex..<k1].isEmpty, !body[(k2 + 1)...].isEmpty else {
                throw fail("\(rowLabel): a double inequality must read 'number <= form <= number' or 'number >= form >= number'", at: at)
            }
            terms = mid.terms
            let (l, u) = s1 == .le ? (a.constant, c.constant) : (c.constant, a.constant)
            (lo, up) = (l - mid.constant, u - mid.constant)
        default:
            throw fail("\(rowLabel): too many comparison operators", at: at)
        }
        if let name {
            if let first = rowIndex[name] {
                throw fail("duplicate constraint name '\(name)' (first defined on line \(rows[first].line))", at: at)
            }
            rowIndex[name] = rows.count
        }
        // Merge repeated columns, keeping first-appearance order.
        var cols: [Int] = [], vals: [Double] = []
        var slot: [Int: Int] = [:]
        for (j, v) in terms {
            if let p = slot[j] { vals[p] += v } else { slot[j] = cols.count; cols.append(j); vals.append(v) }
        }
        for j in cols { uses[j] += 1 }
        rows.append(Row(name: name, columns: cols, values: vals, lower: lo, upper: up, line: at))
    }

    private mutating func boundValue(_ toks: [Tok], _ i: inout Int) -> Double? {
        var sign = 1.0
        if i < toks.count, toks[i].token == .plus { i += 1 } else if i < toks.count, toks[i].token == .minus { sign = -1; i += 1 }
        guard i < toks.count else { return nil }
        switch toks[i].token {
        case let .number(v): i += 1; return sign * v
        case let .name(n) where ["inf", "infinity"].contains(n.lowercased()): i += 1; return sign * .infinity
        default: return nil
        }
    }

    private mutating func bound(_ toks: [Tok]) throws(FileFormatError) {
        let bad = "invalid bound: expected 'x <= u', 'x >= l', 'l <= x <= u', 'x = v' or 'x free'"
        func isVariable(_ t: Tok) -> String? {
            if case let .name(n) = t.token, !["inf", "infinity", "free"].contains(n.lowercased()) { return n }
            return nil
        }
        // "x free"
        if toks.count == 2, let n = isVariable(toks[0]), case let .name(f) = toks[1].token, f.lowercased() == "free" {
            let j = column(n)
            (lower[j], upper[j]) = (-.infinity, .infinity)
            (lowerGiven[j], upperGiven[j]) = (true, true)
            return
        }
        var i = 0
        if let n = toks.first.flatMap(isVariable) {
            // x op v
            i = 1
            guard i < toks.count, case let .sense(s) = toks[i].token else { throw fail(bad) }
            i += 1
            guard let v = boundValue(toks, &i), i == toks.count else { throw fail(bad) }
            let j = column(n)
            try setBound(j, s, v, variableFirst: true)
            return
        }
        // v op x [op v]
        guard let v1 = boundValue(toks, &i), i < toks.count, case let .sense(s1) = toks[i].token else { throw fail(bad) }
        i += 1
        guard i < toks.count, let n = isVariable(toks[i]) else { throw fail(bad) }
        i += 1
        let j = column(n)
        try setBound(j, s1, v1, variableFirst: false)
        if i == toks.count { return }
        guard case let .sense(s2) = toks[i].token, s2 == s1, s1 != .eq else { throw fail(bad) }
        i += 1
        guard let v2 = boundValue(toks, &i), i == toks.count else { throw fail(bad) }
        try setBound(j, s2, v2, variableFirst: true)
    }

    /// Applies `x s v` (variableFirst) or `v s x`.
    private mutating func setBound(_ j: Int, _ s: Sense, _ v: Double, variableFirst: Bool) throws(FileFormatError) {
        let upperBound: Bool
        switch s {
        case .eq:
            if v.isInfinite { throw fail("a variable cannot be fixed at an infinite value") }
            (lower[j], upper[j], lowerGiven[j], upperGiven[j]) = (v, v, true, true)
            return
        case .le: upperBound = variableFirst      // x <= v, or v <= x
        case .ge: upperBound = !variableFirst     // x >= v, or v >= x
        }
        if upperBound {
            if v == -.infinity { throw fail("'-inf' cannot be an upper bound") }
            upper[j] = v; upperGiven[j] = true
        } else {
            if v == .infinity { throw fail("'+inf' cannot be a lower bound") }
            lower[j] = v; lowerGiven[j] = true
        }
    }

    // MARK: Assembly

    private mutating func assemble() throws(FileFormatError) -> Model {
        if !sawConstraints { throw fail("missing Subject To section (an LP file needs one, even if empty)") }
        // Binary columns: [0, 1] intersected with explicit bounds.
        for j in columnName.indices where kind[j] == .binary {
            lower[j] = max(lowerGiven[j] ? lower[j] : 0, 0)
            upper[j] = min(upperGiven[j] ? upper[j] : 1, 1)
        }
        // Fold CPLEX-style range columns ("Rg" + row name) back into their rows.
        var removed = [Bool](repeating: false, count: columnName.count)
        for (i, row) in rows.enumerated() {
            guard let name = row.name, row.lower == row.upper, let j = columnIndex["Rg" + name],
                  uses[j] == 1, kind[j] == .continuous, cost[j] == 0,
                  let p = row.columns.firstIndex(of: j), row.values[p] == -1 else { continue }
            rows[i].lower = row.lower + lower[j]
            rows[i].upper = row.upper + upper[j]
            rows[i].columns.remove(at: p)
            rows[i].values.remove(at: p)
            removed[j] = true
        }
        var newIndex = [Int](repeating: -1, count: columnName.count)
        var asm = FormatSupport.Assembly()
        asm.name = modelName
        asm.sense = sense
        asm.objectiveName = objectiveName
        asm.objectiveConstant = objectiveConstant
        for j in columnName.indices where !removed[j] {
            newIndex[j] = asm.columnName.count
            asm.columnName.append(columnName[j])
            asm.columnLower.append(lower[j])
            asm.columnUpper.append(upper[j])
            asm.columnKind.append(kind[j])
            asm.cost.append(cost[j])
        }
        for (i, row) in rows.enumerated() {
            asm.rowName.append(row.name)
            asm.rowLower.append(row.lower)
            asm.rowUpper.append(row.upper)
            for (j, v) in zip(row.columns, row.values) where v != 0 {
                asm.entryRow.append(Int32(i))
                asm.entryColumn.append(Int32(newIndex[j]))
                asm.entryValue.append(v)
            }
        }
        return asm.build()
    }
}

extension String {
    /// The string without leading and trailing blanks.
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
