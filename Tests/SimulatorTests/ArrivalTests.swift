import Hardware
import Foundation
import Testing
@testable import Simulator

@Suite struct RandomAndArrivalTests {
    @Test func splitMixIsDeterministicAndSeedDependent() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xa = (0..<8).map { _ in a.next() }
        let xb = (0..<8).map { _ in b.next() }
        let xc = (0..<8).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
        // Reference value of SplitMix64 with seed 0 (Vigna's splitmix64.c).
        var z = SplitMix64(seed: 0)
        #expect(z.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test(arguments: [0.05, 0.7, 3.0, 9.5, 10.0, 42.0, 1_000.0])
    func poissonMeanAndVariance(mean: Double) {
        var rng = SplitMix64(seed: 7)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n {
            let k = Double(rng.nextPoisson(mean: mean))
            sum += k
            sumSq += k * k
        }
        let m = sum / Double(n)
        let v = sumSq / Double(n) - m * m
        // Standard error of the mean is sqrt(mean/n); allow 5 of them.
        #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot(), "mean \(m) for \(mean)")
        #expect(abs(v - mean) / mean < 0.03, "variance \(v) for \(mean)")
    }

    @Test func poissonDegenerateMeans() {
        var rng = SplitMix64(seed: 1)
        #expect(rng.nextPoisson(mean: 0) == 0)
        #expect(rng.nextPoisson(mean: -3) == 0)
        #expect(rng.nextPoisson(mean: .nan) == 0)
    }

    @Test func diurnalRateShape() {
        let r = DiurnalRate(base: 10, amplitude: 0.5, phase: 3_600)
        #expect(abs(r.rate(at: 3_600) - 10) < 1e-12)
        #expect(abs(r.rate(at: 3_600 + 21_600) - 15) < 1e-9)
        #expect(abs(r.rate(at: 3_600 + 64_800) - 5) < 1e-9)
    }

    @Test func poissonArrivalsFollowTheRate() {
        var g = ArrivalGenerator(process: .poisson(DiurnalRate(base: 50, amplitude: 0.8)), seed: 3)
        var total = 0
        let dt = 0.1
        for k in 0..<864_000 { total += g.arrivals(start: Double(k) * dt, end: Double(k + 1) * dt) }
        // Over a whole day the sine averages out: expect 50/s × 86 400 s ± 5σ.
        let expected = 50.0 * 86_400
        #expect(abs(Double(total) - expected) < 5 * expected.squareRoot())
    }

    @Test func badRatesAreRejected() {
        #expect(throws: SimulatorError.invalidInput(field: "interactive.arrivals.base", rule: "must be a finite rate ≥ 0 requests/s (got -1.0)")) {
            try DiurnalRate(base: -1).validate(field: "interactive.arrivals")
        }
        #expect(throws: SimulatorError.self) { try DiurnalRate(base: 1, amplitude: 1.5).validate(field: "x") }
        #expect(throws: SimulatorError.self) { try DiurnalRate(base: .infinity).validate(field: "x") }
    }
}

@Suite struct TraceTests {
    @Test func countTraceIsReplayedExactly() throws {
        let trace = try ArrivalTrace.parse(csv: "timestamp,count\n0,10\n1,0\n2,7\r\n\n# comment\n3,5\n", source: "t.csv")
        #expect(trace.kind == .count)
        #expect(trace.times == [0, 1, 2, 3])
        var g = ArrivalGenerator(process: .trace(trace), seed: 0)
        var perTick: [Int] = []
        for k in 0..<50 { perTick.append(g.arrivals(start: Double(k) * 0.1, end: Double(k + 1) * 0.1)) }
        #expect(perTick.reduce(0, +) == 22)
        #expect(perTick[0..<10].reduce(0, +) == 10)
        #expect(perTick[10..<20].reduce(0, +) == 0)
        #expect(perTick[20..<30].reduce(0, +) == 7)
        #expect(perTick[30..<40].reduce(0, +) == 5)  // the last row lasts as long as the one before
        #expect(perTick[40..<50].reduce(0, +) == 0)
    }

    @Test func rateTraceIntegratesTheRate() throws {
        let trace = try ArrivalTrace.parse(csv: "0,100\n100,0\n200,300\n", source: "r.csv", kind: .rate)
        var g = ArrivalGenerator(process: .trace(trace), seed: 9)
        var first = 0, second = 0, third = 0
        for k in 0..<3_000 {
            let n = g.arrivals(start: Double(k) * 0.1, end: Double(k + 1) * 0.1)
            if k < 1_000 { first += n } else if k < 2_000 { second += n } else { third += n }
        }
        #expect(abs(Double(first) - 10_000) < 500)
        #expect(second == 0)
        #expect(abs(Double(third) - 30_000) < 900)
    }

    @Test func emptyTraceIsAnError() {
        #expect(throws: SimulatorError.trace(file: "e.csv", line: nil, field: "rows", rule: "the trace is empty: it needs at least two data rows")) {
            try ArrivalTrace.parse(csv: "timestamp,count\n# nothing\n", source: "e.csv")
        }
    }

    @Test func badLinesNameFileLineAndField() {
        do {
            _ = try ArrivalTrace.parse(csv: "timestamp,rate\n0,1\n5,abc\n", source: "bad.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error == .trace(file: "bad.csv", line: 3, field: "rate", rule: "must be a finite number ≥ 0 (got \"abc\")"))
            #expect(error.description.hasPrefix("bad.csv:3: rate:"))
        }
        #expect(throws: SimulatorError.trace(file: "b.csv", line: 2, field: "timestamp", rule: "timestamps must increase strictly (1 after 1.0)")) {
            try ArrivalTrace.parse(csv: "1,2\n1,3\n", source: "b.csv", kind: .count)
        }
        #expect(throws: SimulatorError.self) { try ArrivalTrace.parse(csv: "0,1,2\n", source: "c.csv", kind: .count) }
        #expect(throws: SimulatorError.self) { try ArrivalTrace.parse(csv: "0,-1\n1,2\n", source: "c.csv", kind: .count) }
        #expect(throws: SimulatorError.self) { try ArrivalTrace.parse(csv: "time,speed\n0,1\n", source: "h.csv") }
        #expect(throws: SimulatorError.self) { try ArrivalTrace.parse(csv: "0,1\n1,1\n", source: "n.csv") }  // no header, no kind
        #expect(throws: SimulatorError.self) { try ArrivalTrace.parse(csv: "timestamp,count\n0,1\n1,1\n", source: "k.csv", kind: .rate) }
    }

    @Test func missingFileIsAnError() {
        do {
            _ = try ArrivalTrace.load(path: "/nonexistent/trace.csv")
            Issue.record("expected an error")
        } catch {
            guard case let .trace(file, line, field, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(file == "/nonexistent/trace.csv" && line == nil && field == "file")
        }
    }

    @Test func loadsFromDisk() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("epof-trace-\(UInt32.random(in: 0...UInt32.max)).csv").path
        try "timestamp,rate\n0,2\n60,4\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t = try ArrivalTrace.load(path: path)
        #expect(t.kind == .rate && t.values == [2, 4] && t.intervalEnds == [60, 120])
    }
}
