import Foundation
import Testing

@Suite("epof solve and convert, end to end")
struct SolveCommandTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: ["cbc", "glpk"])
    func p0548IsSolvedToItsOptimum(_ solver: String) throws {
        let r = try EPOFProcess.run(["solve", "/usr/share/coin/Data/Sample/p0548.mps", "--solver", solver, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        #expect(j["status"] as? String == "optimal")
        #expect(j["solver"] as? String == solver)
        let objective = try #require(j["objective"] as? Double)
        #expect(abs(objective - 8691) <= 1e-6 * 8691)
        let primal = try #require(j["primal"] as? [String: Double])
        #expect(primal.count == 548)
        #expect(j["seconds"] is Double)
        #expect(j["iterations"] is Int)
    }

    @Test func bundledExampleReportsDualsByRowName() throws {
        let path = EPOFProcess.root.appendingPathComponent("Problems/tiny-epoch.lp").path
        let r = try EPOFProcess.run(["solve", path, "--solver", "clp", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        let duals = try #require(j["duals"] as? [String: Double])
        #expect(Set(duals.keys) == ["share_0", "share_1", "power_0", "power_1", "node_power", "interactive"])
        let primal = try #require(j["primal"] as? [String: Double])
        #expect(primal.keys.contains("x_0_fp16"))
        // Both power caps hold in the reported plan.
        let p0 = try #require(primal["p_0"]), p1 = try #require(primal["p_1"])
        #expect(p0 + p1 <= 450 + 1e-6)
    }

    @Test func truncatedMPSGivesALineNumberedErrorAndExitCode2() throws {
        let text = try String(contentsOfFile: "/usr/share/coin/Data/Sample/afiro.mps", encoding: .utf8)
        // The sample files end lines with CR LF, which Swift treats as one Character.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let path = EPOFProcess.temporaryPath("mps")
        try lines.prefix(40).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try EPOFProcess.run(["solve", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains(path))
        #expect(r.stderr.contains("ENDATA"))
        #expect(r.stderr.range(of: #":\d+:"#, options: .regularExpression) != nil, "\(r.stderr)")
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try EPOFProcess.run(["solve", "/nonexistent/model.mps"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/model.mps"))
    }

    @Test(arguments: [("infeasible", Int32(3)), ("unbounded", Int32(4))])
    func statusesHaveDistinctExitCodes(_ kind: String, _ code: Int32) throws {
        let lp = kind == "infeasible"
            ? "Minimize\n obj: x + y\nSubject To\n need: x + y >= 4\n cap: x + 2 y <= 2\nEnd\n"
            : "Maximize\n obj: x + y\nSubject To\n r: x - y <= 1\nEnd\n"
        let path = EPOFProcess.temporaryPath("lp")
        try lp.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for solver in ["glpk", "clp"] {
            let r = try EPOFProcess.run(["solve", path, "--solver", solver, "--format", "json"])
            #expect(r.status == code, "\(solver): \(r.stdout) \(r.stderr)")
            #expect(try json(r.stdout)["status"] as? String == kind)
        }
    }

    @Test func unsupportedSettingIsRejectedWithExitCode2() throws {
        let r = try EPOFProcess.run(["solve", "/usr/share/coin/Data/Sample/p0033.mps", "--solver", "glpk", "--node-limit", "10"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("glpk"))
        let gapOnLP = try EPOFProcess.run(["solve", "/usr/share/coin/Data/Sample/afiro.mps", "--solver", "clp", "--mip-gap", "0.01"])
        #expect(gapOnLP.status == 2)
    }

    @Test func convertRoundTripKeepsTheOptimum() throws {
        let lp = EPOFProcess.temporaryPath("lp")
        let mps = EPOFProcess.temporaryPath("mps")
        defer { try? FileManager.default.removeItem(atPath: lp); try? FileManager.default.removeItem(atPath: mps) }
        #expect(try EPOFProcess.run(["convert", "/usr/share/coin/Data/Sample/afiro.mps", lp]).status == 0)
        #expect(try EPOFProcess.run(["convert", lp, mps]).status == 0)
        for path in [lp, mps] {
            let r = try EPOFProcess.run(["solve", path, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let objective = try #require(try json(r.stdout)["objective"] as? Double)
            #expect(abs(objective - (-464.75314286)) <= 1e-6 * 464.75)
        }
    }

    /// e226's row names ("...000") are not valid LP names: the conversion says so and writes nothing.
    @Test func convertRefusesNamesTheTargetFormatCannotHold() throws {
        let lp = EPOFProcess.temporaryPath("lp")
        let r = try EPOFProcess.run(["convert", "/usr/share/coin/Data/Sample/e226.mps", lp])
        #expect(r.status == 2)
        #expect(r.stderr.contains("...000"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lp))
    }

    @Test func writeSolutionWritesEveryColumn() throws {
        let out = EPOFProcess.temporaryPath("json")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try EPOFProcess.run(["solve", "/usr/share/coin/Data/Sample/afiro.mps", "--write-solution", out])
        #expect(r.status == 0)
        #expect(r.stdout.contains("optimal"))
        let j = try json(try String(contentsOfFile: out, encoding: .utf8))
        #expect((j["primal"] as? [String: Double])?.count == 32)
        #expect((j["duals"] as? [String: Double])?.count == 27)
    }

    @Test func sensitivityReportsRangesThatContainTheCurrentData() throws {
        let path = EPOFProcess.root.appendingPathComponent("Problems/tiny-epoch.lp").path
        let r = try EPOFProcess.run(["solve", path, "--solver", "glpk", "--sensitivity", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        // Unbounded ends are written as the strings "inf" / "-inf" (JSON has no infinity).
        func range(_ v: Any?) throws -> [Double] {
            let items = try #require(v as? [Any])
            return items.compactMap { ($0 as? Double) ?? ($0 as? String).flatMap { Double($0) } }
        }
        let costs = try #require(j["objectiveRanges"] as? [String: Any])
        let x = try range(costs["x_0_int8"])
        #expect(x.count == 2 && x[0] == -.infinity && 27 <= x[1])
        let rhs = try #require(j["rightHandSideRanges"] as? [String: Any])
        let cap = try range(rhs["node_power"])
        #expect(cap[0] <= 450 && 450 <= cap[1])
        // A backend without ranging is refused before solving.
        let clp = try EPOFProcess.run(["solve", path, "--solver", "clp", "--sensitivity"])
        #expect(clp.status == 2)
        #expect(clp.stderr.contains("glpk"))
    }

    @Test func negativeTableLengthIsAUsageError() throws {
        let r = try EPOFProcess.run(["solve", "/usr/share/coin/Data/Sample/afiro.mps", "--show=-3"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--show"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let r = try EPOFProcess.run(["solve", "--help"])
        #expect(r.status == 0)
        for code in ["0  optimal", "2  input error", "3  infeasible", "4  unbounded", "6  limit reached"] {
            #expect(r.stdout.contains(code), "missing '\(code)'")
        }
    }
}
