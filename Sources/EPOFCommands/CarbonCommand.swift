import ArgumentParser
import Carbon
import Foundation
import Scenario

/// `epof carbon FILE…`: reads carbon-intensity feeds, says what they measure, and scores the
/// forecasters on them.
public struct CarbonCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "carbon",
        abstract: "Read carbon-intensity feeds (CSV, WattTime or Carbon Aware SDK JSON) and score the forecasters on them.",
        discussion: """
        For each file prints the signal (average or marginal intensity), the unit conversion \
        to gCO2/kWh (WattTime MOER is lbs CO2/MWh: × 0.45359237), the samples and their range. \
        With --evaluate, every causal forecaster (persistence, day-ago, seasonal-ridge) forecasts \
        the next --horizon epochs from every epoch of the trace resampled to --step, using only \
        the epochs before it; the table gives MAE (gCO2/kWh), RMSE and MAPE (%) over every \
        (epoch, lead) pair. All forecasters are scored over the same epochs: those from the \
        first one every forecaster can forecast.

        Examples:
          epof carbon ../shared/data/carbon/DE-LU_2023_hourly.csv --evaluate
          epof carbon moer.json --format watttime
          epof carbon sdk-forecast.json --format carbon-aware-sdk --signal marginal

        Exit codes: 0 read (and evaluated); 2 a file cannot be read (file, line or JSON field, \
        and what is allowed, on stderr); 64 usage error.
        """
    )

    @Argument(help: "Feed files.")
    var files: [String]

    @Option(help: "csv, watttime or carbon-aware-sdk (default: csv for .csv files, else required).")
    var format: String?

    @Option(help: "average or marginal (required for carbon-aware-sdk; CSV default average; WattTime files say which).")
    var signal: String?

    @Option(help: "CSV intensity column.")
    var column: String = "Carbon Intensity gCO₂eq/kWh (direct)"

    @Option(help: "CSV timestamp column (default: the first).")
    var timestampColumn: String?

    @Flag(help: "Score the forecasters on each trace.")
    var evaluate = false

    @Option(help: "Forecast horizon, epochs (default 24: day-ahead on an hourly trace).")
    var horizon: Int = 24

    @Option(help: "Epoch length of the evaluation, s (default: the feed's own spacing).")
    var step: Double?

    public init() {}

    public func run() throws {
        let sig: CarbonSignal?
        if let signal {
            guard let s = CarbonSignal(rawValue: signal.lowercased()) else {
                throw ValidationError("--signal must be average or marginal (got '\(signal)')")
            }
            sig = s
        } else {
            sig = nil
        }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1") }
        for file in files {
            let fmt: CarbonFeedFormat
            if let format {
                guard let f = CarbonFeedFormat(rawValue: format.lowercased()) else {
                    throw ValidationError("--format must be csv, watttime or carbon-aware-sdk (got '\(format)')")
                }
                fmt = f
            } else if file.lowercased().hasSuffix(".csv") {
                fmt = .csv
            } else {
                throw ValidationError("\(file): give --format watttime or carbon-aware-sdk for a JSON feed")
            }
            let feed: CarbonFeed
            do {
                feed = try CarbonFeedReader.read(contentsOf: file, format: fmt, signal: sig,
                                                 csvOptions: CarbonCSV.Options(timestampColumn: timestampColumn, intensityColumn: column))
            } catch {
                throw fail(.inputError, "\(error)")
            }
            print(Self.describe(feed))
            if evaluate {
                do { print(try Self.evaluation(feed, horizon: horizon, step: step)) } catch {
                    throw fail(.inputError, "\(file): \(error)")
                }
            }
        }
    }

    /// What the feed holds.
    static func describe(_ feed: CarbonFeed) -> String {
        let s = feed.series
        let v = s.intensities
        let mean = v.reduce(0, +) / Double(v.count)
        return """
        \(s.source)
          signal       \(feed.signal.rawValue) intensity\(feed.signal == .marginal ? " (marginal emission rate of the responding generators)" : " (all generation)")
          format       \(feed.format.rawValue)\(feed.isForecast ? " (a forecast)" : "")\(feed.region.map { ", region \($0)" } ?? "")
          unit         \(feed.unitNote)
          samples      \(v.count), \(Timestamps.iso(s.timestamps[0]))…\(Timestamps.iso(s.end)), spacing \(Int(s.minimumSpacing)) s
          intensity    min \(fmt(v.min()!)) mean \(fmt(mean)) max \(fmt(v.max()!)) gCO2/kWh
        """
    }

    /// The forecaster table for one feed.
    static func evaluation(_ feed: CarbonFeed, horizon: Int, step: Double?) throws -> String {
        let trace = try feed.series.trace(step: step)
        let forecasters: [any CarbonForecaster] = [PersistenceForecaster(), try DayAgoForecaster(), try SeasonalRegressionForecaster()]
        var first = 0
        for f in forecasters { first = max(first, try f.minimumHistory(for: trace)) }
        var lines = ["  forecast     horizon \(horizon) epochs of \(Int(trace.step)) s, origins \(Timestamps.iso(trace.time(ofEpoch: first)))…, \(feed.signal.rawValue) intensity",
                     "  forecaster        MAE     RMSE    MAPE %   MAE lead 1   MAE lead \(horizon)"]
        for f in forecasters {
            let r = try ForecastEvaluation.evaluate(f, on: trace, horizon: horizon, from: first)
            lines.append("  " + f.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                + pad(fmt(r.meanAbsoluteError), 8) + " " + pad(fmt(r.rootMeanSquaredError), 8) + " "
                + pad(r.meanAbsolutePercentageError.map(fmt) ?? "—", 8) + "   "
                + pad(fmt(r.meanAbsoluteErrorByLead[0]), 10) + "   " + pad(fmt(r.meanAbsoluteErrorByLead[horizon - 1]), 10))
        }
        return lines.joined(separator: "\n")
    }

    static func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
    static func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}
