import Carbon
import Foundation

/// Where a scenario's carbon intensity comes from.
public enum ScenarioCarbonSource: Sendable {
    /// The seed's regional table (Beijing, Sichuan) with its peak window and UTC offset.
    case region(RegionalIntensityTable)
    /// A trace file (read when the scenario was loaded): a CSV export, or a saved WattTime or
    /// Carbon Aware SDK JSON response (`CSVCarbonSource.format`).
    case csv(CSVCarbonSource)

    /// A one-line description for reports, e.g. "sichuan (peak 180/210 gCO₂/kWh)".
    public var summary: String {
        switch self {
        case .region(let t):
            return "regional table \(t.peakIntensity.shortText)/\(t.offPeakIntensity.shortText) gCO₂/kWh (peak/off-peak), peak \(hour(t.peak.start))–\(hour(t.peak.end)) local"
        case .csv(let c):
            let kind = c.format == .csv ? "CSV" : "\(c.format.rawValue) JSON"
            return "\(kind) \(c.path)\(c.isFallback ? " (generated stand-in for \(c.requestedPath))" : ""), \(c.signal.rawValue) intensity (\(c.unitNote))"
        }
    }

    private func hour(_ s: Double) -> String {
        let h = Int(s / 3600), m = Int(s.truncatingRemainder(dividingBy: 3600) / 60)
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}

/// A carbon trace read from a file (CSV or a JSON feed), where it came from and what it measures.
public struct CSVCarbonSource: Sendable {
    /// The path the scenario asked for (as written in the file).
    public var requestedPath: String
    /// The path actually read (relative to the scenario's folder when written relative).
    public var path: String
    /// Whether `path` is the scenario's `fallback` because `requestedPath` was absent.
    public var isFallback: Bool
    /// The series read.
    public var series: CarbonSeries
    /// The file's format.
    public var format: CarbonFeedFormat = .csv
    /// Average or marginal intensity (`carbon.signal`; WattTime files say which they hold).
    public var signal: CarbonSignal = .average
    /// The unit the file gave and its conversion to gCO₂/kWh.
    public var unitNote: String = "gCO2/kWh"
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
    /// Per-lead ridge regression on day-ago, week-ago, last and daily-mean values, refitted on
    /// the last four observed weeks (`SeasonalRegressionForecaster`).
    case seasonalRidge = "seasonal-ridge"
}

extension ForecasterChoice {
    /// Epochs of observed history the forecaster is given before the first planned epoch with
    /// `epochLength`-second epochs; nil when it needs a period (24 h) that is not a whole
    /// number of epochs.
    public func historyEpochs(epochLength: Double) -> Int? {
        switch self {
        case .oracle, .column: return 0
        case .persistence: return 1
        case .dayAgo, .seasonalRidge:
            let r = 86_400 / epochLength
            guard r == r.rounded(), r >= 1 else { return nil }
            if self == .dayAgo { return Int(r) }
            // Week-ago feature + the full four-week training window.
            return Int(r) * (7 + SeasonalRegressionForecaster.defaultTrainingPeriods)
        }
    }

    /// The forecaster, for a trace of `count` epochs of `epochLength` s from `from` (Unix s)
    /// taken from `carbon` (the column forecaster reads the file's forecast column over the same epochs).
    public func makeForecaster(carbon: ScenarioCarbonSource, from: Double, epochLength: Double,
                               count: Int) throws -> any CarbonForecaster {
        switch self {
        case .oracle: return OracleForecaster()
        case .persistence: return PersistenceForecaster()
        case .dayAgo: return try DayAgoForecaster()
        case .seasonalRidge: return try SeasonalRegressionForecaster()
        case .column:
            guard case .csv(let c) = carbon, c.series.forecasts != nil else {
                throw ScenarioError(field: "forecaster", rule: "'column' needs a CSV carbon source with a forecastColumn")
            }
            return ColumnForecaster(forecastTrace: try c.series.forecastTrace().trace(start: from, step: epochLength, count: count))
        }
    }
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
            let key = c.format == .csv ? "carbon.csv" : "carbon.json"
            return ScenarioError(field: key,
                                 rule: "the trace \(c.path) covers \(Timestamps.iso(c.series.timestamps[0]))…\(Timestamps.iso(c.series.end)); planning needs \(Timestamps.iso(from))…\(Timestamps.iso(end)) (start, horizon and the forecaster's history): \(error)",
                                 file: file, line: line(of: key))
        }
        return ScenarioError(field: "carbon", rule: "\(error)", file: file, line: line(of: "carbon"))
    }

    /// The carbon forecast (gCO₂/kWh) for the `horizon` epochs from `epochStart`, made by the
    /// scenario's forecaster with the history it needs, plus the actual values for reference.
    public func carbonForecast(epochStart: Double) throws(ScenarioError) -> (forecast: [Double], actual: [Double]) {
        guard let history = forecaster.historyEpochs(epochLength: epochLength) else {
            throw ScenarioError(field: "forecaster", rule: "\(forecaster.rawValue) needs an epoch length that divides 24 h (got \(DurationText.format(epochLength)))",
                                file: file, line: line(of: "forecaster"))
        }
        let from = epochStart - Double(history) * epochLength
        let trace = try actualTrace(from: from, count: history + horizon)
        let actual = Array(trace.values[history...])
        do {
            let f = try forecaster.makeForecaster(carbon: carbon, from: from, epochLength: epochLength, count: history + horizon)
            return (try f.forecast(trace, at: history, horizon: horizon), actual)
        } catch let e as ScenarioError {
            throw ScenarioError(field: e.field, rule: e.rule, file: file, line: line(of: "forecaster"))
        } catch let e as CarbonError {
            throw carbonRangeError(e, from: from, count: history + horizon)
        } catch {
            throw ScenarioError(field: "forecaster", rule: "\(error)", file: file, line: line(of: "forecaster"))
        }
    }
}
