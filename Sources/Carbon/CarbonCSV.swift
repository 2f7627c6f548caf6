import Foundation

/// A carbon-intensity time series as read from a file: increasing timestamps (Unix s) with an
/// intensity (gCO₂/kWh) each, and optionally a forecast of the same intensity per timestamp.
///
/// Sample `i` is taken to hold from `timestamps[i]` until `timestamps[i+1]` (the usual meaning
/// of an hourly trace stamped at the start of its hour); the last sample holds for the
/// smallest spacing seen in the series (or 3600 s for a one-sample series).
public struct CarbonSeries: Sendable, Equatable {
    /// Where the series came from (a path or a label), used in messages.
    public let source: String
    /// Sample times, Unix seconds, strictly increasing.
    public let timestamps: [Double]
    /// Intensity per sample, gCO₂/kWh.
    public let intensities: [Double]
    /// Forecast intensity per sample, gCO₂/kWh, when the file has a forecast column.
    public let forecasts: [Double]?

    /// A series; throws unless the arrays are non-empty, the same length, the timestamps
    /// strictly increasing and finite, and the intensities finite and ≥ 0.
    public init(source: String, timestamps: [Double], intensities: [Double], forecasts: [Double]? = nil) throws(CarbonError) {
        guard !timestamps.isEmpty else { throw .noDataRows(file: source) }
        guard timestamps.count == intensities.count else {
            throw .mismatch(what: "\(source): intensities per timestamp", expected: timestamps.count, found: intensities.count)
        }
        if let f = forecasts, f.count != timestamps.count {
            throw .mismatch(what: "\(source): forecasts per timestamp", expected: timestamps.count, found: f.count)
        }
        for i in timestamps.indices {
            guard timestamps[i].isFinite, i == 0 || timestamps[i] > timestamps[i - 1] else {
                throw .invalidArgument(name: "\(source): timestamps[\(i)]", value: "\(timestamps[i])",
                                       allowed: "finite and later than the previous timestamp")
            }
            guard intensities[i].isFinite, intensities[i] >= 0 else {
                throw .invalidArgument(name: "\(source): intensities[\(i)]", value: "\(intensities[i])",
                                       allowed: "a finite intensity ≥ 0 gCO2/kWh")
            }
            if let f = forecasts, !(f[i].isFinite && f[i] >= 0) {
                throw .invalidArgument(name: "\(source): forecasts[\(i)]", value: "\(f[i])",
                                       allowed: "a finite intensity ≥ 0 gCO2/kWh")
            }
        }
        self.source = source
        self.timestamps = timestamps
        self.intensities = intensities
        self.forecasts = forecasts
    }

    /// The smallest spacing between consecutive samples, s (3600 for a single sample).
    public var minimumSpacing: Double {
        var m = Double.infinity
        for i in 1..<max(1, timestamps.count) { m = min(m, timestamps[i] - timestamps[i - 1]) }
        return m.isFinite ? m : 3600
    }

    /// The end of the last sample's holding interval, Unix s.
    public var end: Double { timestamps[timestamps.count - 1] + minimumSpacing }

    /// The intensities as a regular trace of `step`-second epochs from the first timestamp
    /// (default: the smallest spacing), each epoch the exact time-weighted mean of the
    /// step-function series over it (gaps are bridged by holding the previous sample).
    public func trace(step: Double? = nil) throws(CarbonError) -> CarbonTrace {
        try regular(intensities, step: step)
    }

    /// The forecast column as a regular trace aligned with ``trace(step:)``; throws when the
    /// series has no forecast column.
    public func forecastTrace(step: Double? = nil) throws(CarbonError) -> CarbonTrace {
        guard let forecasts else {
            throw .invalidArgument(name: "forecast column", value: "none", allowed: "a series read with a forecast column")
        }
        return try regular(forecasts, step: step)
    }

    private func regular(_ values: [Double], step: Double?) throws(CarbonError) -> CarbonTrace {
        let step = step ?? minimumSpacing
        guard step > 0, step.isFinite else {
            throw .invalidArgument(name: "step", value: "\(step)", allowed: "a positive number of seconds")
        }
        // Exact integral of the step function over each epoch.
        let start = timestamps[0], end = self.end
        let count = max(1, Int(((end - start) / step - 1e-9).rounded(.up)))
        var out: [Double] = []
        out.reserveCapacity(count)
        var i = 0
        for k in 0..<count {
            let a = start + Double(k) * step, b = min(start + Double(k + 1) * step, end)
            while i + 1 < timestamps.count && timestamps[i + 1] <= a { i += 1 }
            var sum = 0.0, j = i
            while j < timestamps.count {
                let lo = max(a, timestamps[j])
                let hi = min(b, j + 1 < timestamps.count ? timestamps[j + 1] : end)
                if hi > lo { sum += values[j] * (hi - lo) }
                if j + 1 >= timestamps.count || timestamps[j + 1] >= b { break }
                j += 1
            }
            out.append(b > a ? sum / (b - a) : values[values.count - 1])
        }
        return try CarbonTrace(start: start, step: step, values: out)
    }
}

/// Reads carbon-intensity time series from CSV files such as the public hourly traces of
/// Electricity Maps, ENTSO-E/SMARD exports or WattTime/CAISO.
///
/// **Shape.** A header row names the columns; every further non-blank row is a sample. Fields
/// are separated by commas, semicolons or tabs (detected from the header: the most frequent of
/// the three outside quotes). Fields may be quoted with `"`, a doubled `""` inside quotes is a
/// quote, and quoted fields may contain separators and line breaks. A UTF-8 byte-order mark,
/// `\r\n` line ends, blank lines and lines starting with `#` before the header are accepted.
///
/// **Columns by name.** The timestamp column and the intensity column (and an optional forecast
/// column) are chosen by name, compared case-insensitively and ignoring surrounding spaces. If
/// no header matches exactly, a header matches when it equals the name after removing a unit
/// — bracketed groups such as `(gCO2eq/kWh)` or `[g/kWh]` and bare tokens with a `/` — so
/// `carbon_intensity` finds `carbon_intensity (gCO2eq/kWh)`. A name matching several headers is
/// an error listing them.
///
/// **Units.** A unit in the intensity (or forecast) column's header is converted to gCO₂/kWh:
/// g/kWh and gCO2(eq)/kWh ×1; kg/kWh ×1000; kg/MWh ×1; t/MWh ×1000; lb/MWh (lbs) ×0.453592.
/// A header without a unit is taken as gCO₂/kWh; an unrecognised unit is an error.
///
/// **Numbers.** Decimal point; with `;` as separator a decimal comma is also accepted
/// (`412,5`; `1.234,5`). Empty fields and `NA`, `NaN`, `null`, `-` count as missing values:
/// an error naming the line, unless ``Options/skipMissing`` is set, which drops that row.
///
/// **Timestamps.** See ``TimestampParser``; zone-less times use ``Options/utcOffset``.
/// Timestamps must strictly increase.
public enum CarbonCSV {
    /// Reading options.
    public struct Options: Sendable, Equatable {
        /// Name of the timestamp column; nil = the first column.
        public var timestampColumn: String?
        /// Name of the intensity column.
        public var intensityColumn: String
        /// Name of an intensity-forecast column, if the file has one.
        public var forecastColumn: String?
        /// Local time minus UTC (s) for timestamps without a zone (default 0: UTC).
        public var utcOffset: Double
        /// Drop rows whose intensity (or forecast) is missing instead of failing.
        public var skipMissing: Bool

        /// Options naming the intensity column; everything else defaulted.
        public init(timestampColumn: String? = nil, intensityColumn: String, forecastColumn: String? = nil,
                    utcOffset: Double = 0, skipMissing: Bool = false) {
            self.timestampColumn = timestampColumn
            self.intensityColumn = intensityColumn
            self.forecastColumn = forecastColumn
            self.utcOffset = utcOffset
            self.skipMissing = skipMissing
        }
    }

    /// Reads the file at `path`. Errors name the file, line and column.
    public static func read(contentsOf path: String, options: Options) throws(CarbonError) -> CarbonSeries {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(file: path, reason: "\(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(file: path, reason: "not UTF-8 text")
        }
        return try parse(text, source: path, options: options)
    }

    /// Parses CSV `text`; `source` names it in messages (a path or a label).
    public static func parse(_ text: String, source: String, options: Options) throws(CarbonError) -> CarbonSeries {
        guard options.utcOffset.isFinite, abs(options.utcOffset) <= 18 * 3600 else {
            throw .invalidArgument(name: "utcOffset", value: "\(options.utcOffset)", allowed: "seconds within ±64800 (±18 h)")
        }
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }

        // Find the header line: the first non-blank line not starting with '#'.
        var lineNumber = 1
        var headerLine: Substring?
        while !body.isEmpty {
            let (line, rest) = splitLine(body)
            let t = line.trimmingSpaces()
            if !t.isEmpty && !t.hasPrefix("#") { headerLine = line; body = rest; break }
            body = rest
            lineNumber += 1
        }
        guard let headerLine else { throw .emptyFile(file: source) }
        let delimiter = detectDelimiter(headerLine)
        var headerRecords = Tokenizer(text: headerLine, delimiter: delimiter, line: lineNumber)
        guard let header = headerRecords.next()?.fields.map({ String($0.trimmingSpaces()) }) else {
            throw .emptyFile(file: source)
        }
        let headerLineNumber = lineNumber

        func resolve(_ name: String) throws(CarbonError) -> Int {
            try column(named: name, in: header, file: source, line: headerLineNumber)
        }
        let tCol = try options.timestampColumn.map { (n) throws(CarbonError) in try resolve(n) } ?? 0
        let iCol = try resolve(options.intensityColumn)
        let fCol = try options.forecastColumn.map { (n) throws(CarbonError) in try resolve(n) }
        let iScale = try unitScale(header[iCol], file: source, line: headerLineNumber)
        let fScale = try fCol.map { (c) throws(CarbonError) in try unitScale(header[c], file: source, line: headerLineNumber) }

        var times: [Double] = [], values: [Double] = [], forecasts: [Double] = []
        var previousLine = 0
        var tokenizer = Tokenizer(text: body, delimiter: delimiter, line: headerLineNumber + 1)
        while let record = tokenizer.next() {
            let fields = record.fields
            if fields.count == 1 && fields[0].trimmingSpaces().isEmpty { continue }  // blank line
            let line = record.line
            func field(_ c: Int) throws(CarbonError) -> Substring {
                guard c < fields.count else {
                    throw .missingField(file: source, line: line, column: header[c], fieldCount: fields.count)
                }
                return fields[c].trimmingSpaces()
            }
            let tText = try field(tCol)
            guard let t = TimestampParser.unixSeconds(tText, utcOffset: options.utcOffset) else {
                throw .badTimestamp(file: source, line: line, column: header[tCol], text: String(tText))
            }
            let vText = try field(iCol)
            let fText = try fCol.map { (c) throws(CarbonError) in try field(c) }
            if isMissing(vText) || (fText.map(isMissing) ?? false) {
                if options.skipMissing { continue }
                let (c, s) = isMissing(vText) ? (iCol, vText) : (fCol ?? iCol, fText ?? vText)
                throw .badNumber(file: source, line: line, column: header[c], text: String(s))
            }
            let v = try number(vText, delimiter: delimiter, file: source, line: line, column: header[iCol]) * iScale
            guard v >= 0 else { throw .negativeIntensity(file: source, line: line, column: header[iCol], value: v) }
            if let fCol, let fText, let fScale {
                let f = try number(fText, delimiter: delimiter, file: source, line: line, column: header[fCol]) * fScale
                guard f >= 0 else { throw .negativeIntensity(file: source, line: line, column: header[fCol], value: f) }
                forecasts.append(f)
            }
            if let last = times.last, !(t > last) {
                throw .nonIncreasingTimestamp(file: source, line: line, column: header[tCol],
                                              previousLine: previousLine, text: String(tText))
            }
            times.append(t)
            values.append(v)
            previousLine = line
        }
        guard !times.isEmpty else { throw .noDataRows(file: source) }
        return try CarbonSeries(source: source, timestamps: times, intensities: values,
                                forecasts: fCol == nil ? nil : forecasts)
    }

    // MARK: Columns and units

    static func normalized(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// The header name without its unit: bracketed groups and tokens containing '/' removed.
    static func baseName(_ header: String) -> String {
        var out = ""
        var depth = 0
        for ch in header {
            if ch == "(" || ch == "[" { depth += 1; continue }
            if ch == ")" || ch == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { out.append(ch) }
        }
        let tokens = out.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter { !$0.contains("/") }
        var name = normalized(tokens.joined(separator: " "))
        while let l = name.last, l == "_" || l == "-" || l == "," { name.removeLast() }
        return name
    }

    /// The unit in a header: the text of a bracketed group or a bare token containing '/'.
    static func unit(in header: String) -> String? {
        var depth = 0
        var group = ""
        var groups: [String] = []
        for ch in header {
            if ch == "(" || ch == "[" { depth += 1; if depth == 1 { group = "" }; continue }
            if ch == ")" || ch == "]" { depth = max(0, depth - 1); if depth == 0 { groups.append(group) }; continue }
            if depth > 0 { group.append(ch) }
        }
        if let g = groups.first(where: { $0.contains("/") }) { return g.trimmingCharacters(in: .whitespaces) }
        var outside = ""
        depth = 0
        for ch in header {
            if ch == "(" || ch == "[" { depth += 1; continue }
            if ch == ")" || ch == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 { outside.append(ch) }
        }
        return outside.split(separator: " ").first(where: { $0.contains("/") }).map(String.init)
    }

    static func column(named name: String, in header: [String], file: String, line: Int) throws(CarbonError) -> Int {
        let q = normalized(name)
        let exact = header.indices.filter { normalized(header[$0]) == q }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 {
            throw .ambiguousColumn(file: file, line: line, column: name, candidates: exact.map { header[$0] })
        }
        let loose = header.indices.filter { baseName(header[$0]) == baseName(name) }
        if loose.count == 1 { return loose[0] }
        if loose.count > 1 {
            throw .ambiguousColumn(file: file, line: line, column: name, candidates: loose.map { header[$0] })
        }
        throw .missingColumn(file: file, line: line, column: name, available: header)
    }

    /// The factor converting the header's unit to gCO₂/kWh (1 when there is no unit).
    static func unitScale(_ header: String, file: String, line: Int) throws(CarbonError) -> Double {
        guard let u = unit(in: header) else { return 1 }
        let key = u.lowercased()
            .replacingOccurrences(of: "₂", with: "2")
            .replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "co2eq", with: "")
            .replacingOccurrences(of: "co2e", with: "")
            .replacingOccurrences(of: "co2", with: "")
        switch key {
        case "g/kwh", "kg/mwh": return 1
        case "kg/kwh", "t/mwh", "tonnes/mwh", "tons/mwh": return 1000
        case "lb/mwh", "lbs/mwh": return 0.453_592_37
        default: throw .unknownUnit(file: file, line: line, column: header, unit: u)
        }
    }

    // MARK: Fields

    static func isMissing(_ s: Substring) -> Bool {
        let l = s.lowercased()
        return l.isEmpty || l == "na" || l == "n/a" || l == "nan" || l == "null" || l == "-" || l == "none"
    }

    static func number(_ s: Substring, delimiter: Character, file: String, line: Int, column: String) throws(CarbonError) -> Double {
        var text = String(s)
        if delimiter == ";" && text.contains(",") {
            text = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        }
        guard let v = Double(text), v.isFinite else {
            throw .badNumber(file: file, line: line, column: column, text: String(s))
        }
        return v
    }

    static func splitLine(_ s: Substring) -> (Substring, Substring) {
        guard let nl = s.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) else { return (s, s[s.endIndex...]) }
        return (s[..<nl], s[s.index(after: nl)...])
    }

    static func detectDelimiter(_ header: Substring) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for ch in header {
            if ch == "\"" { quoted.toggle(); continue }
            if !quoted, counts[ch] != nil { counts[ch, default: 0] += 1 }
        }
        let order: [Character] = [",", ";", "\t"]
        return order.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && order.firstIndex(of: $0)! > order.firstIndex(of: $1)!) } ?? ","
    }

    /// Splits CSV text into records, tracking the line each starts on.
    struct Tokenizer {
        let text: Substring
        let delimiter: Character
        var position: Substring.Index
        var line: Int

        init(text: Substring, delimiter: Character, line: Int) {
            self.text = text
            self.delimiter = delimiter
            self.position = text.startIndex
            self.line = line
        }

        mutating func next() -> (fields: [Substring], line: Int)? {
            guard position < text.endIndex else { return nil }
            let startLine = line
            var fields: [Substring] = []
            var i = position
            var fieldStart = i
            var inQuotes = false
            var wasQuoted = false
            var current = ""
            func flush(_ end: Substring.Index) {
                if wasQuoted { fields.append(Substring(current)) } else { fields.append(text[fieldStart..<end]) }
                current = ""
                wasQuoted = false
            }
            while i < text.endIndex {
                let ch = text[i]
                if inQuotes {
                    if ch == "\"" {
                        let n = text.index(after: i)
                        if n < text.endIndex && text[n] == "\"" { current.append("\""); i = text.index(after: n); continue }
                        inQuotes = false
                    } else {
                        if ch == "\n" || ch == "\r\n" || ch == "\r" { line += 1 }
                        current.append(ch)
                    }
                    i = text.index(after: i)
                    continue
                }
                if ch == "\"" && text[fieldStart..<i].allSatisfy({ $0 == " " || $0 == "\t" }) && !wasQuoted {
                    inQuotes = true
                    wasQuoted = true
                    i = text.index(after: i)
                    continue
                }
                if ch == delimiter {
                    flush(i)
                    i = text.index(after: i)
                    fieldStart = i
                    continue
                }
                if ch == "\n" || ch == "\r\n" || ch == "\r" {
                    flush(i)
                    line += 1
                    position = text.index(after: i)
                    return (fields, startLine)
                }
                if wasQuoted {
                    // Text after a closing quote (e.g. spaces): keep non-space characters.
                    if ch != " " && ch != "\t" { current.append(ch) }
                }
                i = text.index(after: i)
            }
            flush(i)
            position = text.endIndex
            return (fields, startLine)
        }
    }
}
