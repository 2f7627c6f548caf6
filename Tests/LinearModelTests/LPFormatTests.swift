import Foundation
import Testing
@testable import LinearModel

/// Samples whose names are valid LP names. The others are rejected by the LP writer with a
/// clear error: e226 ("...000" starts with '.'), brandy ("10000A" starts with a digit),
/// wedding_16 and retail3 (',' or '[' in names), atm_5_10_1 (',' in names).
let lpSamples = ["afiro", "exmip1", "galenet", "galenetbnds", "hello", "lseu", "nw460",
                 "p0033", "p0201", "p0548", "pack1", "scOneInt", "tp3", "tp4", "tp5"]

@Suite("CPLEX LP format")
struct LPFormatTests {
    @Test func exmip1LPMatchesMPS() throws {
        let lp = try LPFile.read(contentsOf: "\(sampleDirectory)/exmip1.lp")
        let mps = try MPS.read(contentsOf: "\(sampleDirectory)/exmip1.mps")
        #expect(lp.columnCount == 8 && lp.rowCount == 5)
        #expect(lp.name == "exmip1.mps")
        // The .lp declares COL03, COL04 binary; the .mps makes them MARKER integers in [0, 1].
        var lpAsInteger = lp
        for v in lp.variables where lp.columnKind[v.index] == .binary { lpAsInteger.setKind(v, .integer) }
        let a = CanonicalModel(lpAsInteger), b = CanonicalModel(mps)
        #expect(a == b, "\(a.difference(from: b) ?? "")")
        #expect(lp.columnKind.filter { $0 == .binary }.count == 2)
    }

    @Test("LP round trip is exact", arguments: lpSamples)
    func lpRoundTrip(name: String) throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/\(name).mps")
        let lpText = try LPFile.write(m)
        let viaLP = try LPFile.parse(lpText, file: "\(name).lp")
        #expect(sameInOrder(m, viaLP), "\(CanonicalModel(m).difference(from: CanonicalModel(viaLP)) ?? "order or names differ")")
        // LP → LP
        let again = try LPFile.parse(try LPFile.write(viaLP))
        #expect(sameInOrder(viaLP, again))
        // MPS → LP → MPS
        let mpsAgain = try MPS.parse(try MPS.write(viaLP))
        #expect(sameInOrder(m, mpsAgain))
    }

    @Test func lpNamesRejected() {
        do {
            let m = try MPS.read(contentsOf: "\(sampleDirectory)/e226.mps")
            _ = try LPFile.write(m)
            Issue.record("e226 names were accepted")
        } catch {
            #expect(error.message.contains("starts with a digit or '.'"))
        }
    }

    @Test func syntaxVariants() throws {
        let text = """
        \\ comment line
        MAXIMUM
          profit: 3 x + 2y - 4
          + z
        s.t.
         c1: x + y <= 4 + z
         c2: 2 >= x - 1
         -5 <= x + y <= 5
         c4: x + y
           - 2 z =< 10
         c5: x => -3
        Bound
         x <= 10
         -inf <= y <= +inf
         z free
         1 <= w
         x >= -2
        Integers
         y
        bin
         b
        end
        """
        let m = try LPFile.parse(text, file: "v.lp")
        #expect(m.sense == .maximize)
        #expect(m.objectiveName == "profit")
        #expect(m.objectiveConstant == -4)
        #expect(m.rowCount == 5)
        let c = m.variablesByName()
        let x = try #require(c["x"]), y = try #require(c["y"]), z = try #require(c["z"])
        let w = try #require(c["w"]), b = try #require(c["b"])
        #expect(m.objective[x.index] == 3 && m.objective[y.index] == 2 && m.objective[z.index] == 1)
        #expect(m.rowUpper[0] == 4 && m.rowLower[0] == -.infinity)                   // x + y - z <= 4
        #expect(m.rowLower[1] == -3)                                                // -x >= -3
        #expect(m.rowLower[2] == -5 && m.rowUpper[2] == 5 && m.rowName[2] == nil)
        #expect(m.rowUpper[3] == 10)
        #expect(m.rowLower[4] == -3)
        #expect(m.columnLower[x.index] == -2 && m.columnUpper[x.index] == 10)
        #expect(m.columnLower[y.index] == -.infinity && m.columnKind[y.index] == .integer)
        #expect(m.columnLower[z.index] == -.infinity && m.columnUpper[z.index] == .infinity)
        #expect(m.columnLower[w.index] == 1)
        #expect(m.columnKind[b.index] == .binary && m.columnUpper[b.index] == 1)
    }

    struct BadLP: Sendable, CustomStringConvertible {
        var label: String, text: String, line: Int, fragment: String
        var description: String { label }
    }

    static let base = "Minimize\n obj: x + y\nSubject To\n c1: x + y >= 1\nBounds\n x <= 4\nGenerals\n y\nEnd\n"

    static let badCases: [BadLP] = [
        BadLP(label: "empty", text: "", line: 1, fragment: "empty"),
        BadLP(label: "no sense", text: "Minimize\n obj: x\nSubject To\n c1: x + y 1\nEnd\n", line: 4, fragment: "missing comparison"),
        BadLP(label: "bad number", text: base.replacingOccurrences(of: ">= 1", with: ">= 1.2.3"), line: 4, fragment: "found \"1.2.3\""),
        BadLP(label: "quadratic", text: base.replacingOccurrences(of: "x + y\nSubject", with: "x + [ x ^ 2 ]\nSubject"), line: 2, fragment: "quadratic terms"),
        BadLP(label: "duplicate row", text: base.replacingOccurrences(of: "Bounds", with: " c1: x >= 0\nBounds"), line: 5, fragment: "duplicate constraint name 'c1' (first defined on line 4)"),
        BadLP(label: "after end", text: base + "x\n", line: 10, fragment: "after End"),
        BadLP(label: "bad bound", text: base.replacingOccurrences(of: "x <= 4", with: "x <= <= 4"), line: 6, fragment: "invalid bound"),
        BadLP(label: "nan", text: base.replacingOccurrences(of: ">= 1", with: ">= nan"), line: 4, fragment: "NaN and infinite values are not allowed"),
        BadLP(label: "inf coefficient", text: base.replacingOccurrences(of: "obj: x", with: "obj: inf x"), line: 2, fragment: "NaN and infinite values are not allowed"),
        BadLP(label: "sos", text: base.replacingOccurrences(of: "End", with: "SOS\n s1: x:1 y:2\nEnd"), line: 9, fragment: "not supported"),
    ]

    @Test("bad LP input names the line", arguments: badCases)
    func bad(_ c: BadLP) {
        let e = parseError { () throws(FileFormatError) in try LPFile.parse(c.text, file: "bad.lp") }
        #expect(e?.file == "bad.lp")
        #expect(e?.line == c.line, "\(e?.description ?? "no error")")
        #expect(e?.message.contains(c.fragment) == true, "\(e?.description ?? "no error")")
    }

    @Test func modelFileByExtension() throws {
        let m = try MPS.read(contentsOf: "\(sampleDirectory)/exmip1.mps")
        let dir = "/tmp/epof-formats-test-\(m.columnCount)-\(UInt32.random(in: 0...UInt32.max))"
        for ext in ["mps", "LP", "Mps"] {
            let path = dir + "." + ext
            try ModelFile.write(m, to: path)
            let back = try ModelFile.read(contentsOf: path)
            #expect(sameInOrder(m, back))
        }
        do { _ = try ModelFile.read(contentsOf: "/tmp/model.txt"); Issue.record("accepted .txt") } catch {
            #expect(error.message.contains("allowed extensions: .mps, .lp"))
            #expect(error.file == "/tmp/model.txt")
        }
        do { _ = try ModelFile.read(contentsOf: "/nonexistent/dir/m.mps"); Issue.record("read a missing file") } catch {
            #expect(error.file == "/nonexistent/dir/m.mps")
            #expect(error.message.contains("cannot open"))
        }
    }
}

@Suite("Compressed model files")
struct CompressedModelFileTests {
    /// Runs gzip to make the compressed copy, as a user's download would be.
    func gzip(_ source: String, to destination: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "gzip -c '\(source)' > '\(destination)'"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    /// netlib and MIPLIB ship `.mps.gz`: read through zlib, identical to the plain file.
    @Test func gzipCompressedMPSReadsLikeThePlainFile() throws {
        let plain = "/usr/share/coin/Data/Sample/p0033.mps"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-gz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let gz = "\(dir)/p0033.mps.gz"
        try gzip(plain, to: gz)
        let a = try ModelFile.read(contentsOf: plain)
        let b = try ModelFile.read(contentsOf: gz)
        #expect(a.columnCount == b.columnCount && a.rowCount == b.rowCount)
        #expect(a.entryValue == b.entryValue && a.objective == b.objective && a.columnKind == b.columnKind)
        #expect(b.name == a.name)
        // Writing compressed is refused with a clear message; a corrupt archive is an error.
        #expect(throws: FileFormatError.self) { try ModelFile.write(a, to: "\(dir)/out.mps.gz") }
        let bad = "\(dir)/bad.mps.gz"
        FileManager.default.createFile(atPath: bad, contents: Data([0x1f, 0x8b, 0x08, 0x00, 0x42, 0x42, 0x42]))
        #expect(throws: FileFormatError.self) { try ModelFile.read(contentsOf: bad) }
    }
}
