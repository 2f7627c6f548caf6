import Foundation

/// Physical quantities a scenario or presets file may write with a unit. A bare number is in
/// the SI unit (s, requests/s, W, °C, percentage points); a string may carry a unit, e.g.
/// `15m`, `2 h`, `120/min`, `300 W`, `1.5 kW`, `85 °C`, `0.5 pp`.
enum Quantity {
    /// Seconds: `s`, `sec`, `ms`, `m`/`min`, `h`, `d`.
    case duration
    /// Requests per second: `/s`, `/min`, `/h`, `/d` (e.g. `120/min`), or `rps`.
    case rate
    /// Watts: `W`, `kW`.
    case power
    /// Degrees Celsius: `C`, `°C`, `degC`.
    case temperature
    /// Percentage points: `pp`, `%`.
    case points

    var allowedUnits: String {
        switch self {
        case .duration: "s, ms, m or min, h, d (e.g. 15m); a bare number is seconds"
        case .rate: "/s, /min, /h, /d or rps (e.g. 120/min); a bare number is requests/s"
        case .power: "W or kW (e.g. 300 W); a bare number is watts"
        case .temperature: "°C, C or degC (e.g. 85 °C); a bare number is °C"
        case .points: "pp or % (e.g. 0.5 pp); a bare number is percentage points"
        }
    }

    var siUnit: String {
        switch self {
        case .duration: "s"
        case .rate: "requests/s"
        case .power: "W"
        case .temperature: "°C"
        case .points: "pp"
        }
    }

    /// Factor to the SI unit for `unit` (already trimmed, lower-cased), or nil if unknown.
    func factor(_ unit: String) -> Double? {
        switch self {
        case .duration:
            switch unit {
            case "", "s", "sec", "secs", "second", "seconds": 1
            case "ms": 1e-3
            case "m", "min", "mins", "minute", "minutes": 60
            case "h", "hr", "hrs", "hour", "hours": 3600
            case "d", "day", "days": 86_400
            default: nil
            }
        case .rate:
            switch unit.replacingOccurrences(of: " ", with: "") {
            case "", "/s", "/sec", "rps", "req/s", "requests/s", "/second": 1
            case "/m", "/min", "/minute", "rpm", "req/min", "requests/min": 1.0 / 60
            case "/h", "/hr", "/hour", "req/h", "requests/h": 1.0 / 3600
            case "/d", "/day", "req/d", "requests/day": 1.0 / 86_400
            default: nil
            }
        case .power:
            switch unit {
            case "", "w": 1
            case "kw": 1000
            default: nil
            }
        case .temperature:
            switch unit {
            case "", "c", "°c", "degc", "celsius": 1
            default: nil
            }
        case .points:
            switch unit {
            case "", "pp", "%": 1
            default: nil
            }
        }
    }
}

extension Quantity {
    /// The value of `text` in SI units, or the rule it breaks.
    func parse(_ raw: String) -> Result<Double, ScenarioError> {
        func fail(_ rule: String) -> Result<Double, ScenarioError> { .failure(ScenarioError(field: "", rule: rule)) }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let x = Double(text) {
            return x.isFinite ? .success(x) : fail("must be finite (got \(text))")
        }
        // Split the longest numeric prefix from the unit.
        var end = text.startIndex
        for i in text.indices where Double(text[text.startIndex...i]) != nil { end = text.index(after: i) }
        guard end > text.startIndex, let x = Double(text[..<end]), x.isFinite else {
            return fail("must be a number with an optional unit (\(allowedUnits)); got '\(text)'")
        }
        let unitText = text[end...].trimmingCharacters(in: .whitespaces)
        guard let f = factor(unitText.lowercased()) else {
            return fail("unknown unit '\(unitText)' in '\(text)'; allowed units: \(allowedUnits)")
        }
        return .success(x * f)
    }
}

extension YAMLValue {
    /// The value as a finite quantity in SI units (see `Quantity`).
    func quantity(_ kind: Quantity) throws(ScenarioError) -> Double {
        guard let raw = scalarText, !isNull else {
            throw error("must be a number or a string with a unit (\(kind.allowedUnits)); got \(describe)")
        }
        switch kind.parse(raw) {
        case .success(let x): return x
        case .failure(let e): throw error(e.rule)
        }
    }
}

/// Formats durations for messages and reports ("15 min", "1 h", "90 s").
public enum DurationText {
    /// "15 min", "1 h", "90 s" for a duration in seconds.
    public static func format(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return "\(seconds.shortText) s"
    }
}

extension Double {
    /// Shortest decimal text ("15", "0.25", "1e-06").
    public var shortText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}

/// Parsing of durations written on a command line (the same units as scenario files).
public enum DurationParser {
    /// Seconds for `text`: a bare number (seconds) or a number with a unit (`15m`, `1h`, `90 s`,
    /// `2 d`). Throws naming `field` and the allowed units.
    public static func seconds(_ text: String, field: String) throws(ScenarioError) -> Double {
        switch Quantity.duration.parse(text) {
        case .success(let x): return x
        case .failure(let e): throw ScenarioError(field: field, rule: e.rule)
        }
    }
}
