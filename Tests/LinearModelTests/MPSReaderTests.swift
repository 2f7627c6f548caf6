import Testing
@testable import LinearModel

/// Sample files that are linear or mixed-integer models.
let readableSamples = [
    "afiro", "atm_5_10_1", "brandy", "e226", "exmip1.5", "exmip1", "finnis", "galenet",
    "galenetbnds", "hello", "lseu", "nw460", "p0033", "p0201", "p0548", "pack1", "retail3",
    "scOneInt", "tp3", "tp4", "tp5", "wedding_16",
]

/// Sample files with sections EPOF does not support, and the line of the first such section.
let unsupportedSamples: [(String, Int, String)] = [
    ("conic", 32, "SOS"),
    ("spec_sections", 39, "SOS"),
    ("share2qp", 498, "QUADOBJ"),
]

@Suite("MPS reader")
struct MPSReaderTests {
    @Test("every linear/MIP sample file parses", arguments: readableSamples)
    func samplesParse(name: String) throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/\(name).mps")
        #expect(m.columnCount > 0)
        try m.validate()
    }

    @Test("unsupported sample files give a line-numbered error", arguments: unsupportedSamples)
    func unsupportedSampleFiles(name: String, line: Int, section: String) {
        let path = "\(sampleDirectory)/\(name).mps"
        let e = parseError { () throws(FileFormatError) in try MPS.read(contentsOf: path) }
        #expect(e?.line == line)
        #expect(e?.file == path)
        #expect(e?.message.contains("section \(section)") == true)
        #expect(e?.message.contains("not supported") == true)
    }

    @Test func afiroSizes() throws {
        // afiro.mps: 28 ROWS entries = 1 objective (COST) + 27 constraints; 32 columns.
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/afiro.mps")
        #expect(m.rowCount == 27)
        #expect(m.columnCount == 32)
        #expect(m.objectiveName == "COST")
        #expect(m.name == "AFIRO")
        #expect(!m.isMixedInteger)
    }

    @Test func p0033Integers() throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/p0033.mps")
        #expect(m.columnCount == 33)
        #expect(m.rowCount == 16)
        #expect(m.columnKind.allSatisfy { $0 == .integer })
        // Every column is 0/1: seven by explicit UP 1 bounds, the rest by the MARKER default.
        #expect(m.columnLower.allSatisfy { $0 == 0 })
        #expect(m.columnUpper.allSatisfy { $0 == 1 })
    }

    @Test func e226ObjectiveConstant() throws {
        // e226.mps line 1683: "RHS ... ...000 -7.113" on the objective row ...000.
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/e226.mps")
        #expect(m.objectiveName == "...000")
        #expect(m.objectiveConstant == 7.113)
    }

    @Test func exmip1Details() throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/exmip1.mps")
        let rows = m.constraintsByName(), cols = m.variablesByName()
        let r4 = try #require(rows["ROW04"]), r5 = try #require(rows["ROW05"])
        #expect(m.rowLower[r4.index] == 1.8 && m.rowUpper[r4.index] == 1.8 + 3.2)   // G, range 3.2
        #expect(m.rowLower[r5.index] == 15 - 12 && m.rowUpper[r5.index] == 15)     // L, range 12
        let c3 = try #require(cols["COL03"])
        #expect(m.columnKind[c3.index] == .integer)
        #expect(m.columnUpper[c3.index] == 1)                                       // MARKER default
    }

    @Test func scOneIntDefaults() throws {
        // x1, x2 are integer with no BOUNDS entry → [0, 1]; x3 has "UP 7" → [0, 7].
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/scOneInt.mps")
        let c = m.variablesByName()
        #expect(m.columnUpper[try #require(c["x1"]).index] == 1)
        #expect(m.columnUpper[try #require(c["x3"]).index] == 7)
    }

    @Test func freeFormatAndObjsense() throws {
        let text = """
        NAME test FREE
        OBJSENSE MAXIMIZE
        ROWS
         N profit
         N spare
         L cap
         E bal
         G low
        COLUMNS
         long_name_x profit 3 cap 1
         long_name_x spare 9
         y profit 2 cap 1
         y bal 1 low 1
        RHS
         rhs profit 10 cap 4
         bal 2
        RANGES
         rng bal -1.5 low 2
        BOUNDS
         UP bnd y -1
         MI bnd long_name_x
         BV bnd z_missing_is_error
        ENDATA
        """
        let e = parseError { () throws(FileFormatError) in try MPS.parse(text, file: "t.mps") }
        #expect(e?.line == 22)
        #expect(e?.message.contains("unknown column 'z_missing_is_error'") == true)

        let fixedText = text.replacingOccurrences(of: " BV bnd z_missing_is_error\n", with: "")
        let m = try MPS.parse(fixedText, file: "t.mps")
        #expect(m.sense == .maximize)
        #expect(m.objectiveConstant == -10)
        #expect(m.rowCount == 3)                  // the second N row is dropped
        let r = m.constraintsByName(), c = m.variablesByName()
        let bal = try #require(r["bal"]), low = try #require(r["low"]), y = try #require(c["y"])
        #expect(m.rowLower[bal.index] == 0.5 && m.rowUpper[bal.index] == 2)
        #expect(m.rowLower[low.index] == 0 && m.rowUpper[low.index] == 2)
        #expect(m.columnLower[y.index] == -.infinity && m.columnUpper[y.index] == -1)   // negative UP
    }

    @Test func objsenseOnNextLine() throws {
        let m = try MPS.parse("NAME\nOBJSENSE\n    MAX\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n UP B x 4\nENDATA\n")
        #expect(m.sense == .maximize)
        #expect(m.columnUpper == [4])
    }

    @Test func fixedFormatNamesWithSpaces() throws {
        let text = """
        NAME          SPACES
        ROWS
         N  COST
         L  ROW ONE
        COLUMNS
            COL A     COST               1.0   ROW ONE            2.0
                      ROW TWO            1.0
        ENDATA
        """
        // The continuation line names an unknown row: checks fixed parsing reaches it.
        let e = parseError { () throws(FileFormatError) in try MPS.parse(text, format: .fixed) }
        #expect(e?.line == 7)
        #expect(e?.message.contains("unknown row 'ROW TWO'") == true)
        let ok = text.replacingOccurrences(of: "ROW TWO", with: "ROW ONE")
        // Same row twice in one column is a duplicate entry.
        #expect(parseError { () throws(FileFormatError) in try MPS.parse(ok, format: .fixed) }?.line == 7)
        var lines = ok.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 6)                  // the continuation line (line 7)
        let good = lines.joined(separator: "\n")
        let m = try MPS.parse(good)          // detection falls back to fixed columns
        #expect(m.variablesByName()["COL A"] != nil)
        #expect(m.constraintsByName()["ROW ONE"] != nil)
        #expect(m.entryValue == [2])
    }

    /// A large file reads completely and correctly (its speed is measured in bench/, not here).
    @Test func readsLargeFiles() throws {
        // 20k columns, 2 entries each, free MPS.
        var s = "NAME big\nROWS\n N obj\n"
        for i in 0..<1000 { s += " L r\(i)\n" }
        s += "COLUMNS\n"
        for j in 0..<20_000 {
            s += " x\(j) obj 1 r\(j % 1000) 2\n x\(j) r\((j * 7 + 1) % 1000) 3\n"
        }
        s += "RHS\n rhs r0 5\nENDATA\n"
        let m = try MPS.parse(s)
        #expect(m.columnCount == 20_000)
        #expect(m.rowCount == 1000)
        // j and 7j + 1 never agree mod 1000 (6j + 1 is odd), so every column has two entries.
        #expect(m.nonzeroCount == 40_000)
        #expect(m.rowUpper[0] == 5)
    }
}
