import Testing
@testable import LinearModel

/// Samples whose names and numbers fit fixed MPS fields (≤ 8 characters, ≤ 12 digits).
let fixedRoundTripSamples = ["afiro", "brandy", "e226", "exmip1", "galenet", "lseu", "p0033", "p0201", "p0548", "scOneInt"]

@Suite("MPS writer")
struct MPSWriterTests {
    @Test("free MPS round trip is exact", arguments: readableSamples)
    func freeRoundTrip(name: String) throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/\(name).mps")
        let text = try MPS.write(m)
        let back = try MPS.parse(text, file: "\(name)-written.mps", format: .free)
        #expect(sameInOrder(m, back), "\(CanonicalModel(m).difference(from: CanonicalModel(back)) ?? "order or names differ")")
    }

    @Test("fixed MPS round trip is exact", arguments: fixedRoundTripSamples)
    func fixedRoundTrip(name: String) throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/\(name).mps")
        let text = try MPS.write(m, format: .fixed)
        let back = try MPS.parse(text, file: "\(name)-written.mps", format: .fixed)
        #expect(sameInOrder(m, back), "\(CanonicalModel(m).difference(from: CanonicalModel(back)) ?? "order or names differ")")
    }

    @Test func builtModelRoundTrip() throws {
        var m = Model(name: "built")
        let x = m.addVariable("x", lower: -.infinity, upper: 2.5, objective: 0.1 + 0.2)
        let y = m.addVariable(nil, kind: .integer, lower: -3, upper: .infinity, objective: -1)
        let z = m.addVariable("z", kind: .binary)
        let w = m.addVariable("w", kind: .binary, lower: 1, upper: 1)       // narrower binary
        _ = m.addVariable("empty")                                           // no entries, no cost
        let v = m.addVariable("v", lower: -2, upper: -1e-300)                // negative UP after LO
        m.addRow(indices: [x.index, y.index], coefficients: [1.0 / 3.0, 2], lower: 0.1, upper: 0.3, name: "rng")
        m.addRow(indices: [y.index, z.index, w.index], coefficients: [1, 1, 1], lower: -.infinity, upper: 7, name: nil)
        m.addRow(indices: [z.index, v.index], coefficients: [1e-300, 4], lower: 5, upper: 5, name: "eq")
        m.sense = .maximize
        m.objectiveConstant = -12.75
        let text = try MPS.write(m)
        let back = try MPS.parse(text)
        #expect(back.objectiveConstant == -12.75)
        #expect(back.sense == .maximize)
        #expect(back.rowLower[0] == 0.1 && back.rowUpper[0] == 0.3)
        #expect(back.columnKind[w.index] == .integer && back.columnLower[w.index] == 1)
        #expect(back.columnLower[v.index] == -2 && back.columnUpper[v.index] == -1e-300)
        #expect(back.columnKind[z.index] == .binary)
        #expect(back.displayName(y) == "C2")
        var expected = m
        expected.setKind(w, .integer)
        #expect(CanonicalModel(expected) == CanonicalModel(back), "\(CanonicalModel(expected).difference(from: CanonicalModel(back)) ?? "")")
    }

    @Test func writerErrors() {
        var m = Model()
        m.addVariable("a b")
        let free = { () throws(FileFormatError) -> String in try MPS.write(m) }
        #expect(throws: FileFormatError.self) { try free() }
        var long = Model()
        long.addVariable("ninechars")
        #expect(throws: FileFormatError.self) { try MPS.write(long, format: .fixed) }
        var dup = Model()
        dup.addVariable("x"); dup.addVariable("x")
        do { _ = try MPS.write(dup); Issue.record("duplicate names accepted") } catch {
            #expect(error.message.contains("duplicate column name 'x' (columns 1 and 2)"))
        }
        var nan = Model()
        let x = nan.addVariable("x")
        nan.addRow(indices: [x.index], coefficients: [.nan], lower: 0, upper: 1)
        #expect(throws: FileFormatError.self) { try MPS.write(nan) }
        var wide = Model()
        wide.addVariable("x", objective: 0.1 + 0.2)
        #expect(throws: FileFormatError.self) { try MPS.write(wide, format: .fixed) }
    }
}
