import Carbon
import Foundation
import Workloads

/// How requests of one work class arrive (DESIGN §5: a diurnal rate, or a replayed trace).
public enum ArrivalPattern: Sendable, Equatable {
    /// No requests of this class.
    case none
    /// A deterministic rate with a daily cycle (see `DiurnalPattern`); expected counts are its
    /// exact integral over each epoch.
    case diurnal(DiurnalPattern)
    /// A rate read from a CSV trace (see `ArrivalRateTrace`).
    case trace(ArrivalRateTrace)
    /// Unlimited best-effort work (elastic class only): the planner may serve any amount.
    case unlimited

    /// Expected requests arriving in `[start, end)` (Unix s); `utcOffset` (s) places the daily
    /// cycle in local time. `.infinity` for `.unlimited`.
    public func expectedCount(from start: Double, to end: Double, utcOffset: Double) throws(ScenarioError) -> Double {
        switch self {
        case .none: return 0
        case .diurnal(let r): return r.expectedCount(from: start, to: end, utcOffset: utcOffset)
        case .trace(let t): return try t.expectedCount(from: start, to: end)
        case .unlimited: return .infinity
        }
    }
}

/// A rate λ(t) = r · (1 + A · cos(2π (h(t) − h_peak) / 24 h)) requests/s, with h(t) the local
/// hour of day: mean `meanRate` over a day, highest at `peakHour`, lowest 12 h later.
public struct DiurnalPattern: Sendable, Equatable {
    /// Mean rate over a day, requests/s (≥ 0).
    public var meanRate: Double
    /// Relative amplitude A in [0, 1] (0: constant rate; 1: the rate touches 0 at the trough).
    public var amplitude: Double
    /// Local hour of the peak, in [0, 24).
    public var peakHour: Double

    /// A diurnal rate; see the type's documentation for the ranges.
    public init(meanRate: Double, amplitude: Double = 0, peakHour: Double = 12) {
        self.meanRate = meanRate
        self.amplitude = amplitude
        self.peakHour = peakHour
    }

    /// The rate at Unix time `t`, requests/s.
    public func rate(at t: Double, utcOffset: Double) -> Double {
        meanRate * (1 + amplitude * cos(phase(t, utcOffset)))
    }

    private func phase(_ t: Double, _ utcOffset: Double) -> Double {
        // Reduce modulo one day first so large Unix times keep full precision.
        var s = (t + utcOffset - peakHour * 3600).truncatingRemainder(dividingBy: 86_400)
        if s < 0 { s += 86_400 }
        return 2 * Double.pi * s / 86_400
    }

    /// ∫ λ dt over `[start, end)`: r·(b−a) + r·A·(86400/2π)·(sin φ(b) − sin φ(a)), exact.
    public func expectedCount(from start: Double, to end: Double, utcOffset: Double) -> Double {
        let base = meanRate * (end - start)
        guard amplitude != 0, meanRate != 0 else { return base }
        let swing = meanRate * amplitude * 86_400 / (2 * Double.pi) * (sin(phase(end, utcOffset)) - sin(phase(start, utcOffset)))
        return max(0, base + swing)
    }
}

/// A request rate replayed from a CSV file: `rates[i]` (requests/s) holds from `timestamps[i]`
/// until the next timestamp; the last sample holds for the smallest spacing in the file.
public struct ArrivalRateTrace: Sendable, Equatable {
    /// Where the trace came from (for messages).
    public var source: String
    /// Sample times, Unix s, strictly increasing.
    public var timestamps: [Double]
    /// Rate per sample, requests/s (≥ 0).
    public var rates: [Double]

    /// A trace; the arrays must be non-empty and of equal length (checked by the reader).
    public init(source: String, timestamps: [Double], rates: [Double]) {
        self.source = source
        self.timestamps = timestamps
        self.rates = rates
    }

    /// The end of the last sample's holding interval, Unix s.
    public var end: Double {
        var m = Double.infinity
        for i in 1..<max(1, timestamps.count) { m = min(m, timestamps[i] - timestamps[i - 1]) }
        return timestamps[timestamps.count - 1] + (m.isFinite ? m : 3600)
    }

    /// Exact integral of the step function over `[start, end)`; throws when the interval is
    /// not inside the trace.
    public func expectedCount(from a: Double, to b: Double) throws(ScenarioError) -> Double {
        guard let first = timestamps.first, a >= first, b <= end else {
            throw ScenarioError(field: "arrivals", rule: "the trace \(source) covers \(Timestamps.iso(timestamps.first ?? 0))…\(Timestamps.iso(end)) but [\(Timestamps.iso(a)), \(Timestamps.iso(b))) was needed")
        }
        var sum = 0.0
        for i in timestamps.indices {
            let lo = max(a, timestamps[i]), hi = min(b, i + 1 < timestamps.count ? timestamps[i + 1] : end)
            if hi > lo { sum += rates[i] * (hi - lo) }
        }
        return sum
    }

    /// Reads a CSV with a header: the timestamp column (first column unless named) and a rate
    /// column in requests/s. Errors name the file and line.
    public static func read(path: String, displayPath: String, timestampColumn: String?, rateColumn: String,
                            utcOffset: Double) throws(ScenarioError) -> ArrivalRateTrace {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(field: "trace", rule: "cannot read the arrival trace '\(displayPath)' (missing or not UTF-8)")
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, text: $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.text.isEmpty && !$0.text.hasPrefix("#") }
        guard !lines.isEmpty else { throw ScenarioError(field: "trace", rule: "is empty (no header row)", file: displayPath) }
        let header = lines.removeFirst()
        let names = header.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String) throws(ScenarioError) -> Int {
            if let i = names.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return i }
            throw ScenarioError(field: "column '\(name)'", rule: "not in the header (columns: \(names.joined(separator: ", ")))\(Suggest.didYouMean(name, names))",
                                file: displayPath, line: header.number)
        }
        let tCol = try timestampColumn.map { (n) throws(ScenarioError) in try column(n) } ?? 0
        let rCol = try column(rateColumn)
        var ts: [Double] = [], rs: [Double] = []
        for row in lines {
            let f = row.text.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count > max(tCol, rCol) else {
                throw ScenarioError(field: names[rCol], rule: "missing (the row has \(f.count) fields)", file: displayPath, line: row.number)
            }
            guard let t = TimestampParser.unixSeconds(f[tCol], utcOffset: utcOffset) else {
                throw ScenarioError(field: names[tCol], rule: "'\(f[tCol])' is not a timestamp (ISO 8601, 'YYYY-MM-DD HH:MM[:SS]' or Unix seconds)",
                                    file: displayPath, line: row.number)
            }
            guard let r = Double(f[rCol].trimmingCharacters(in: .whitespaces)), r.isFinite, r >= 0 else {
                throw ScenarioError(field: names[rCol], rule: "'\(f[rCol])' must be a finite rate ≥ 0 requests/s", file: displayPath, line: row.number)
            }
            if let last = ts.last, t <= last {
                throw ScenarioError(field: names[tCol], rule: "timestamps must increase", file: displayPath, line: row.number)
            }
            ts.append(t)
            rs.append(r)
        }
        guard !ts.isEmpty else { throw ScenarioError(field: "trace", rule: "has no data rows", file: displayPath) }
        return ArrivalRateTrace(source: displayPath, timestamps: ts, rates: rs)
    }
}

/// ISO 8601 rendering of Unix times for messages and reports.
public enum Timestamps {
    /// `2023-06-01T00:00:00Z` for Unix time `t` (whole seconds), shifted to local time and
    /// suffixed `±HH:MM` when `utcOffset` (s) is not 0.
    public static func iso(_ t: Double, utcOffset: Double = 0) -> String {
        let secs = Int((t + utcOffset).rounded(.down))
        var days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let sod = secs - days * 86_400
        // Civil from days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        let zone: String
        if utcOffset == 0 { zone = "Z" } else {
            let o = Int(abs(utcOffset)) / 60
            zone = (utcOffset < 0 ? "-" : "+") + two(o / 60) + ":" + two(o % 60)
        }
        return "\(y)-\(two(m))-\(two(d))T\(two(sod / 3600)):\(two(sod % 3600 / 60)):\(two(sod % 60))\(zone)"
    }
}
