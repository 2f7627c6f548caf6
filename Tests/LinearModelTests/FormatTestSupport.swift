import Testing
@testable import LinearModel

/// Where the COIN sample files live.
let sampleDirectory = "/usr/share/coin/Data/Sample"

/// A model in a form that ignores row/column order and entry order: everything keyed by name.
struct CanonicalModel: Equatable, CustomStringConvertible {
    var sense: ObjectiveSense
    var objectiveConstant: Double
    var columns: [String: [Double]]   // lower, upper, cost, kind code
    var rows: [String: [Double]]      // lower, upper
    var entries: [String: Double]     // "row\u{1}column"

    init(_ m: Model) {
        sense = m.sense
        objectiveConstant = m.objectiveConstant
        columns = [:]
        for j in 0..<m.columnCount {
            let kind: Double = m.columnKind[j] == .continuous ? 0 : (m.columnKind[j] == .integer ? 1 : 2)
            columns[m.displayName(Variable(index: j))] = [m.columnLower[j], m.columnUpper[j], m.objective[j], kind]
        }
        rows = [:]
        for i in 0..<m.rowCount {
            rows[m.displayName(Constraint(index: i))] = [m.rowLower[i], m.rowUpper[i]]
        }
        entries = [:]
        for k in 0..<m.nonzeroCount {
            let key = m.displayName(Constraint(index: Int(m.entryRow[k]))) + "\u{1}" + m.displayName(Variable(index: Int(m.entryColumn[k])))
            entries[key] = m.entryValue[k]
        }
    }

    var description: String { "\(columns.count) columns, \(rows.count) rows, \(entries.count) entries" }

    /// The first difference, for a readable failure message.
    func difference(from o: CanonicalModel) -> String? {
        if sense != o.sense { return "sense \(sense) vs \(o.sense)" }
        if objectiveConstant != o.objectiveConstant { return "objective constant \(objectiveConstant) vs \(o.objectiveConstant)" }
        for (k, v) in columns where o.columns[k] != v { return "column \(k): \(v) vs \(String(describing: o.columns[k]))" }
        for k in o.columns.keys where columns[k] == nil { return "extra column \(k)" }
        for (k, v) in rows where o.rows[k] != v { return "row \(k): \(v) vs \(String(describing: o.rows[k]))" }
        for k in o.rows.keys where rows[k] == nil { return "extra row \(k)" }
        for (k, v) in entries where o.entries[k] != v { return "entry \(k.replacingOccurrences(of: "\u{1}", with: "/")): \(v) vs \(String(describing: o.entries[k]))" }
        for k in o.entries.keys where entries[k] == nil { return "extra entry \(k)" }
        return nil
    }
}

/// Whether two models are identical including column and row order and names.
func sameInOrder(_ a: Model, _ b: Model) -> Bool {
    a.columnLower == b.columnLower && a.columnUpper == b.columnUpper && a.columnKind == b.columnKind
        && a.objective == b.objective && a.rowLower == b.rowLower && a.rowUpper == b.rowUpper
        && (0..<a.columnCount).map { a.displayName(Variable(index: $0)) } == (0..<b.columnCount).map { b.displayName(Variable(index: $0)) }
        && (0..<a.rowCount).map { a.displayName(Constraint(index: $0)) } == (0..<b.rowCount).map { b.displayName(Constraint(index: $0)) }
        && a.sense == b.sense && a.objectiveConstant == b.objectiveConstant && a.objectiveName == b.objectiveName
        && a.name == b.name && CanonicalModel(a) == CanonicalModel(b)
}

extension String {
    /// Replaces every occurrence of `a` (non-empty) with `b`.
    func replacingOccurrences(of a: String, with b: String) -> String {
        let s = Array(utf8), t = Array(a.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if i + t.count <= s.count && Array(s[i..<(i + t.count)]) == t {
                out += Array(b.utf8); i += t.count
            } else {
                out.append(s[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The error a throwing parse produced, or nil.
func parseError(_ body: () throws(FileFormatError) -> Model) -> FileFormatError? {
    do { _ = try body(); return nil } catch { return error }
}
