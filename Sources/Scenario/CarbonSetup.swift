import Carbon
import Foundation

/// Where a scenario's carbon intensity comes from.
public enum ScenarioCarbonSource: Sendable {
    /// The seed's regional table (Beijing, Sichuan) with its peak window and UTC offset.
    case region(RegionalIntensityTable)
    /// A CSV trace (read when the scenario was loaded).
    case csv(CSVCarbonSource)

    /// A one-line description for reports, e.g. "sichuan (peak 180/210 gCO₂/kWh)".
    public var summary: String {
        switch self {
        case .region(let t):
            return "regional table \(t.peakIntensity.shortText)/\(t.offPeakIntensity.shortText) gCO₂/kWh (peak/off-peak), peak \(hour(t.peak.start))–\(hour(t.peak.end)) local"
        case .csv(let c):
            return "CSV \(c.path)\(c.isFallback ? " (generated stand-in for \(c.requestedPath))" : "")"
        }
    }

    private func hour(_ s: Double) -> String {
        let h = Int(s / 3600), m = Int(s.truncatingRemainder(dividingBy: 3600) / 60)
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}

/// A carbon trace read from CSV, and where it came from.
public struct CSVCarbonSource: Sendable {
    /// The path the scenario asked for (as written in the file).
    public var requestedPath: String
    /// The path actually read (relative to the scenario's folder when written relative).
    public var path: String
    /// Whether `path` is the scenario's `fallback` because `requestedPath` was absent.
    public var isFallback: Bool
    /// The series read.
    public var series: CarbonSeries
}

/// Which carbon forecaster a scenario plans with (DESIGN §6).
public enum ForecasterChoice: String, Sendable, CaseIterable, Codable {
    /// The perfect forecast (the trace's own future values).
    case oracle
    /// Every future epoch equals the last observed one.
    case persistence
    /// Seasonal naive with a 24 h period (the epoch length must divide a day).
    case dayAgo = "day-ago"
    /// The CSV's forecast column (`carbon.forecastColumn`).
    case column
}

extension Scenario {
    /// The actual intensity (gCO₂/kWh) of `count` epochs from `from` (Unix s), each the
    /// time-weighted mean over its epoch.
    func actualTrace(from: Double, count: Int) throws(ScenarioError) -> CarbonTrace {
        do {
            switch carbon {
            case .region(let t):
                return try t.trace(start: from, step: epochLength, count: count)
            case .csv(let c):
                let native = try c.series.trace()
                return try native.trace(start: from, step: epochLength, count: count)
            }
        } catch {
            throw carbonRangeError(error, from: from, count: count)
        }
    }

    private func carbonRangeError(_ error: CarbonError, from: Double, count: Int) -> ScenarioError {
        if case .csv(let c) = carbon {
            let end = from + Double(count) * epochLength
            return ScenarioError(field: "carbon.csv",
                                 rule: "the trace \(c.path) covers \(Timestamps.iso(c.series.timestamps[0]))…\(Timestamps.iso(c.series.end)); planning needs \(Timestamps.iso(from))…\(Timestamps.iso(end)) (start, horizon and the forecaster's history): \(error)",
                                 file: file, line: line(of: "carbon.csv"))
        }
        return ScenarioError(field: "carbon", rule: "\(error)", file: file, line: line(of: "carbon"))
    }

    /// The carbon forecast (gCO₂/kWh) for the `horizon` epochs from `epochStart`, made by the
    /// scenario's forecaster with the history it needs, plus the actual values for reference.
    public func carbonForecast(epochStart: Double) throws(ScenarioError) -> (forecast: [Double], actual: [Double]) {
        let history: Int
        switch forecaster {
        case .oracle, .column: history = 0
        case .persistence: history = 1
        case .dayAgo:
            let r = 86_400 / epochLength
            guard r == r.rounded(), r >= 1 else {
                throw ScenarioError(field: "forecaster", rule: "day-ago needs an epoch length that divides 24 h (got \(DurationText.format(epochLength)))",
                                    file: file, line: line(of: "forecaster"))
            }
            history = Int(r)
        }
        let from = epochStart - Double(history) * epochLength
        let trace = try actualTrace(from: from, count: history + horizon)
        let actual = Array(trace.values[history...])
        do {
            switch forecaster {
            case .oracle: return (try OracleForecaster().forecast(trace, at: history, horizon: horizon), actual)
            case .persistence: return (try PersistenceForecaster().forecast(trace, at: history, horizon: horizon), actual)
            case .dayAgo: return (try DayAgoForecaster().forecast(trace, at: history, horizon: horizon), actual)
            case .column:
                guard case .csv(let c) = carbon, c.series.forecasts != nil else {
                    throw ScenarioError(field: "forecaster", rule: "'column' needs a CSV carbon source with a forecastColumn",
                                        file: file, line: line(of: "forecaster"))
                }
                let f = try c.series.forecastTrace().trace(start: from, step: epochLength, count: history + horizon)
                return (try ColumnForecaster(forecastTrace: f).forecast(trace, at: history, horizon: horizon), actual)
            }
        } catch let e as ScenarioError {
            throw e
        } catch let e as CarbonError {
            throw carbonRangeError(e, from: from, count: history + horizon)
        } catch {
            throw ScenarioError(field: "forecaster", rule: "\(error)", file: file, line: line(of: "forecaster"))
        }
    }
}
