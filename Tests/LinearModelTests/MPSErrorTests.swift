import Testing
@testable import LinearModel

/// A small valid free MPS model; the bad-input cases each change one thing.
let goodMPS = """
NAME bad
ROWS
 N obj
 L c1
COLUMNS
 x obj 1 c1 2
 y c1 1
RHS
 rhs c1 4
BOUNDS
 UP bnd x 3
ENDATA
"""

struct BadMPS: Sendable, CustomStringConvertible {
    var label: String
    var text: String
    var line: Int
    var fragment: String
    var description: String { label }
}

let badMPSCases: [BadMPS] = [
    BadMPS(label: "truncated", text: goodMPS.replacingOccurrences(of: "ENDATA", with: ""), line: 11, fragment: "truncated: expected ENDATA"),
    BadMPS(label: "unknown row", text: goodMPS.replacingOccurrences(of: " y c1 1", with: " y c9 1"), line: 7, fragment: "unknown row 'c9'"),
    BadMPS(label: "bad number", text: goodMPS.replacingOccurrences(of: "c1 2", with: "c1 1.2.3"), line: 6, fragment: "found \"1.2.3\""),
    BadMPS(label: "unknown bound type", text: goodMPS.replacingOccurrences(of: "UP bnd", with: "XX bnd"), line: 11, fragment: "unknown bound type \"XX\""),
    BadMPS(label: "unsupported section", text: goodMPS.replacingOccurrences(of: "ENDATA", with: "QUADOBJ\n x x 1\nENDATA"), line: 12, fragment: "section QUADOBJ (quadratic objective) is not supported; EPOF reads linear and mixed-integer models"),
    BadMPS(label: "NaN coefficient", text: goodMPS.replacingOccurrences(of: "c1 2", with: "c1 nan"), line: 6, fragment: "found \"nan\""),
    BadMPS(label: "infinite coefficient", text: goodMPS.replacingOccurrences(of: "y c1 1", with: "y c1 inf"), line: 7, fragment: "found \"inf\""),
    BadMPS(label: "overflowing number", text: goodMPS.replacingOccurrences(of: "rhs c1 4", with: "rhs c1 1e999"), line: 9, fragment: "found \"1e999\""),
    BadMPS(label: "duplicate row", text: goodMPS.replacingOccurrences(of: " L c1\n", with: " L c1\n G c1\n"), line: 5, fragment: "duplicate row name 'c1' (first declared on line 4)"),
    BadMPS(label: "non-contiguous column", text: goodMPS.replacingOccurrences(of: " y c1 1\n", with: " y c1 1\n x c1 1\n"), line: 8, fragment: "must be contiguous"),
    BadMPS(label: "empty file", text: "", line: 1, fragment: "empty"),
    BadMPS(label: "data before section", text: " x obj 1\n" + goodMPS, line: 1, fragment: "data line before any section"),
    BadMPS(label: "RHS on free N row", text: goodMPS.replacingOccurrences(of: " L c1\n", with: " L c1\n N spare\n").replacingOccurrences(of: "rhs c1 4", with: "rhs spare 4"), line: 10, fragment: "free N row"),
    BadMPS(label: "missing fields", text: goodMPS.replacingOccurrences(of: " y c1 1", with: " y c1"), line: 7, fragment: "found 2 fields"),
    BadMPS(label: "second RHS vector", text: goodMPS.replacingOccurrences(of: "rhs c1 4", with: "rhs c1 4\n rhs2 c1 5"), line: 10, fragment: "second RHS vector 'rhs2'"),
    BadMPS(label: "SC bound", text: goodMPS.replacingOccurrences(of: "UP bnd x 3", with: "SC bnd x 3"), line: 11, fragment: "SC (semi-continuous) is not supported"),
    BadMPS(label: "unknown section", text: goodMPS.replacingOccurrences(of: "RHS\n", with: "RHSS\n"), line: 8, fragment: "unknown section 'RHSS'"),
]

@Suite("MPS errors")
struct MPSErrorTests {
    @Test("the valid base model parses")
    func baseParses() throws {
        let m = try MPS.parse(goodMPS)
        #expect(m.columnCount == 2 && m.rowCount == 1)
    }

    @Test("bad input names the file and line", arguments: badMPSCases)
    func bad(_ c: BadMPS) {
        let e = parseError { () throws(FileFormatError) in try MPS.parse(c.text, file: "bad.mps", format: .free) }
        #expect(e?.file == "bad.mps")
        #expect(e?.line == c.line, "\(e?.description ?? "no error")")
        #expect(e?.message.contains(c.fragment) == true, "\(e?.description ?? "no error")")
    }

    @Test func descriptionFormat() {
        let e = FileFormatError(file: "model.mps", line: 17, message: "expected a numeric value in field 3, found \"1.2.3\"")
        #expect(e.description == "model.mps:17: expected a numeric value in field 3, found \"1.2.3\"")
        #expect(FileFormatError(file: "m.lp", message: "x").description == "m.lp: x")
    }
}
