import Foundation

/// A recorded arrival trace of one work class: rows of (timestamp, value), read from CSV.
///
/// CSV shape: one row per line, `timestamp,value`; timestamps in seconds from the start of
/// the simulation, strictly increasing; an optional header line `timestamp,count` or
/// `timestamp,rate` says what the value column is; blank lines and lines starting with `#`
/// are skipped; surrounding spaces and CRLF line ends are accepted.
///
/// Row i covers [tᵢ, tᵢ₊₁); the last row lasts as long as the row before it. A `count` row
/// says how many requests arrived in its interval (spread uniformly, replayed exactly); a
/// `rate` row gives a constant Poisson rate (requests/s) over its interval. Outside the
/// trace there are no arrivals.
public struct ArrivalTrace: Codable, Sendable, Hashable {
    /// What a trace row's value means.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Requests that arrived during the row's interval.
        case count
        /// Mean arrival rate during the row's interval, requests/s.
        case rate
    }

    /// What the values mean.
    public var kind: Kind
    /// Row start times, s, strictly increasing.
    public var times: [Double]
    /// Row values: requests (count) or requests/s (rate), each ≥ 0.
    public var values: [Double]
    /// Where the trace came from (a file path, or a name), used in error messages.
    public var source: String

    /// A trace from rows already in memory; checked by `validate()`.
    public init(kind: Kind, times: [Double], values: [Double], source: String = "trace") {
        self.kind = kind
        self.times = times
        self.values = values
        self.source = source
    }

    /// End of each row's interval, s (the next row's start; the last row as long as the one before).
    public var intervalEnds: [Double] {
        guard times.count >= 2 else { return times }
        var ends = Array(times.dropFirst())
        ends.append(times[times.count - 1] + (times[times.count - 1] - times[times.count - 2]))
        return ends
    }

    /// Checks the rows: at least two, finite non-negative strictly increasing timestamps,
    /// finite non-negative values.
    public func validate() throws(SimulatorError) {
        guard times.count == values.count else {
            throw .trace(file: source, line: nil, field: "values",
                         rule: "needs one value per timestamp (got \(times.count) timestamps, \(values.count) values)")
        }
        guard !times.isEmpty else {
            throw .trace(file: source, line: nil, field: "rows", rule: "the trace is empty: it needs at least two data rows")
        }
        guard times.count >= 2 else {
            throw .trace(file: source, line: nil, field: "rows",
                         rule: "needs at least two data rows (the last row lasts as long as the one before it)")
        }
        for i in times.indices {
            guard times[i].isFinite, times[i] >= 0 else {
                throw .trace(file: source, line: nil, field: "timestamp[\(i)]", rule: "must be a finite time ≥ 0 s (got \(times[i]))")
            }
            if i > 0, times[i] <= times[i - 1] {
                throw .trace(file: source, line: nil, field: "timestamp[\(i)]",
                             rule: "timestamps must increase strictly (\(times[i]) after \(times[i - 1]))")
            }
            guard values[i].isFinite, values[i] >= 0 else {
                throw .trace(file: source, line: nil, field: "\(kind.rawValue)[\(i)]", rule: "must be finite and ≥ 0 (got \(values[i]))")
            }
        }
    }

    /// Reads a CSV trace file. `kind` says what the value column is when the file has no
    /// header; with a header, the header decides and a different `kind` is an error.
    public static func load(path: String, kind: Kind? = nil) throws(SimulatorError) -> ArrivalTrace {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .trace(file: path, line: nil, field: "file", rule: "cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(csv: text, source: path, kind: kind)
    }

    /// Parses CSV text (see the type's description); `source` names it in errors.
    public static func parse(csv text: String, source: String, kind: Kind? = nil) throws(SimulatorError) -> ArrivalTrace {
        var resolvedKind = kind
        var times: [Double] = []
        var values: [Double] = []
        var sawHeader = false
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw .trace(file: source, line: lineNumber, field: "row",
                             rule: "expected 2 comma-separated fields (timestamp,count or timestamp,rate), got \(fields.count): \"\(line)\"")
            }
            if times.isEmpty && !sawHeader && Double(fields[0]) == nil {
                // A header: the second column's name says what the values are.
                sawHeader = true
                let name = fields[1].lowercased()
                let headerKind: Kind
                switch name {
                case "count", "requests", "arrivals": headerKind = .count
                case "rate", "requests_per_s", "rate_per_s": headerKind = .rate
                default:
                    throw .trace(file: source, line: lineNumber, field: "header",
                                 rule: "second column must be named count or rate (got \"\(fields[1])\")")
                }
                if let kind, kind != headerKind {
                    throw .trace(file: source, line: lineNumber, field: "header",
                                 rule: "the file says \(headerKind.rawValue) but \(kind.rawValue) was asked for")
                }
                resolvedKind = headerKind
                continue
            }
            guard let t = Double(fields[0]), t.isFinite, t >= 0 else {
                throw .trace(file: source, line: lineNumber, field: "timestamp",
                             rule: "must be a finite number of seconds ≥ 0 (got \"\(fields[0])\")")
            }
            if let last = times.last, t <= last {
                throw .trace(file: source, line: lineNumber, field: "timestamp",
                             rule: "timestamps must increase strictly (\(fields[0]) after \(last))")
            }
            let valueName = resolvedKind?.rawValue ?? "value"
            guard let v = Double(fields[1]), v.isFinite, v >= 0 else {
                throw .trace(file: source, line: lineNumber, field: valueName,
                             rule: "must be a finite number ≥ 0 (got \"\(fields[1])\")")
            }
            times.append(t)
            values.append(v)
        }
        guard let finalKind = resolvedKind else {
            throw .trace(file: source, line: nil, field: "header",
                         rule: "no header line (timestamp,count or timestamp,rate) and no kind given")
        }
        let trace = ArrivalTrace(kind: finalKind, times: times, values: values, source: source)
        try trace.validate()
        return trace
    }
}
