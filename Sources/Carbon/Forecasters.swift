/// Forecasts a trace's intensity for the next epochs.
///
/// **Timing convention.** "At epoch `t`" means at the start of epoch `t`: the actual
/// intensities of epochs `0..<t` have been observed, epoch `t` has not. The forecast covers
/// epochs `t, t+1, …, t+H−1` (lead 1 … H). A forecaster needs ``minimumHistory(for:)`` observed
/// epochs; asking earlier, or past the trace's end when the forecaster reads future values,
/// throws ``CarbonError/outsideTrace(what:epoch:epochCount:)``.
public protocol CarbonForecaster: Sendable {
    /// A short name for reports ("oracle", "persistence", "day-ago", "column").
    var name: String { get }
    /// How many observed epochs the forecaster needs before epoch `t` (t ≥ this).
    func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int
    /// The forecast of epochs `epoch ..< epoch + horizon` (gCO₂/kWh) made at the start of
    /// `epoch`, using only what the forecaster is allowed to know.
    func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double]
}

func checkForecastRequest(_ trace: CarbonTrace, epoch: Int, horizon: Int, history: Int, name: String,
                          needsFuture: Bool) throws(CarbonError) {
    guard horizon >= 1 else {
        throw .invalidArgument(name: "horizon", value: "\(horizon)", allowed: "at least 1 epoch")
    }
    guard epoch >= history, epoch <= trace.count - (needsFuture ? horizon : 0) else {
        throw .outsideTrace(what: "\(name) forecast of \(horizon) epochs", epoch: epoch, epochCount: trace.count)
    }
}

/// The perfect forecast: the trace's own future values. Needs no history but cannot look
/// past the end of the trace.
public struct OracleForecaster: CarbonForecaster {
    /// An oracle.
    public init() {}
    public var name: String { "oracle" }
    public func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int { 0 }
    public func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double] {
        try checkForecastRequest(trace, epoch: epoch, horizon: horizon, history: 0, name: name, needsFuture: true)
        return Array(trace.values[epoch..<(epoch + horizon)])
    }
}

/// Persistence: every future epoch equals the last observed one (epoch `t−1`). Needs one
/// observed epoch.
public struct PersistenceForecaster: CarbonForecaster {
    /// A persistence forecaster.
    public init() {}
    public var name: String { "persistence" }
    public func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int { 1 }
    public func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double] {
        try checkForecastRequest(trace, epoch: epoch, horizon: horizon, history: 1, name: name, needsFuture: false)
        return Array(repeating: trace.values[epoch - 1], count: horizon)
    }
}

/// Seasonal naive ("day-ago"): epoch `t+h` is forecast by the observed value one period
/// earlier, `t+h−P`, where P is `period` seconds in epochs (default 24 h); for leads beyond
/// one period, whole periods are subtracted until an observed epoch is reached. Needs one
/// period of history; the period must be a whole number of epochs. Exact on a perfectly
/// periodic trace.
public struct DayAgoForecaster: CarbonForecaster {
    /// The season length, s (default 86400).
    public let period: Double

    /// A seasonal naive forecaster with the given period (s, > 0).
    public init(period: Double = 86_400) throws(CarbonError) {
        guard period > 0, period.isFinite else {
            throw .invalidArgument(name: "period", value: "\(period)", allowed: "a positive number of seconds")
        }
        self.period = period
    }

    public var name: String { "day-ago" }

    /// The period in epochs of `trace`; throws unless it is a whole number ≥ 1.
    public func periodEpochs(for trace: CarbonTrace) throws(CarbonError) -> Int {
        let r = period / trace.step
        let n = r.rounded()
        guard n >= 1, abs(r - n) <= 1e-9 * max(1, r) else {
            throw .invalidArgument(name: "period", value: "\(period) s over \(trace.step) s epochs",
                                   allowed: "a whole number of epochs")
        }
        return Int(n)
    }

    public func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int { try periodEpochs(for: trace) }

    public func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double] {
        let p = try periodEpochs(for: trace)
        try checkForecastRequest(trace, epoch: epoch, horizon: horizon, history: p, name: name, needsFuture: false)
        return (0..<horizon).map { h in
            let target = epoch + h
            let k = (target - epoch) / p + 1  // periods to go back so that the index is < epoch
            return trace.values[target - k * p]
        }
    }
}

/// A forecast shipped with the data (a CSV forecast column, e.g. a day-ahead forecast):
/// epoch `t+h` is forecast by the column's value for `t+h`, the forecast that was published for
/// that epoch. The forecast trace must have the same start, step and length as the actual one.
public struct ColumnForecaster: CarbonForecaster {
    /// The forecast of every epoch, aligned with the actual trace.
    public let forecastTrace: CarbonTrace

    /// A forecaster reading `forecastTrace` (e.g. ``CarbonSeries/forecastTrace(step:)``).
    public init(forecastTrace: CarbonTrace) { self.forecastTrace = forecastTrace }

    public var name: String { "column" }
    public func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int { 0 }
    public func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double] {
        guard forecastTrace.count == trace.count, forecastTrace.step == trace.step, forecastTrace.start == trace.start else {
            throw .mismatch(what: "forecast column epochs (same start and step required)", expected: trace.count,
                            found: forecastTrace.count)
        }
        try checkForecastRequest(trace, epoch: epoch, horizon: horizon, history: 0, name: name, needsFuture: true)
        return Array(forecastTrace.values[epoch..<(epoch + horizon)])
    }
}

/// Forecast error of a forecaster over a trace for a horizon.
public struct ForecastErrorReport: Sendable, Equatable {
    /// The forecaster's name.
    public var forecaster: String
    /// The horizon H, epochs.
    public var horizon: Int
    /// Number of (forecast epoch, lead) pairs compared.
    public var count: Int
    /// Mean absolute error, gCO₂/kWh.
    public var meanAbsoluteError: Double
    /// Root mean squared error, gCO₂/kWh.
    public var rootMeanSquaredError: Double
    /// Mean absolute percentage error, percent, over pairs whose actual value is > 0 (pairs
    /// with a zero actual are left out of this mean only); nil when there are none.
    public var meanAbsolutePercentageError: Double?
    /// Mean absolute error per lead (index 0 = lead 1), gCO₂/kWh.
    public var meanAbsoluteErrorByLead: [Double]
}

/// Evaluates forecasters against the actual trace.
public enum ForecastEvaluation {
    /// Forecasts at every epoch `t` from the forecaster's minimum history (or `from`, when
    /// later: to compare forecasters over the same epochs) to `count − horizon` (so every
    /// forecast epoch has an actual), and compares each lead with the actual value. Throws
    /// when no epoch qualifies or the forecaster fails.
    public static func evaluate(_ forecaster: some CarbonForecaster, on trace: CarbonTrace,
                                horizon: Int, from: Int = 0) throws(CarbonError) -> ForecastErrorReport {
        guard horizon >= 1 else {
            throw .invalidArgument(name: "horizon", value: "\(horizon)", allowed: "at least 1 epoch")
        }
        let first = max(try forecaster.minimumHistory(for: trace), from)
        let last = trace.count - horizon
        guard first <= last else {
            throw .outsideTrace(what: "\(forecaster.name) evaluation over \(horizon) epochs", epoch: first,
                                epochCount: trace.count)
        }
        var n = 0, sumAbs = 0.0, sumSq = 0.0, sumPct = 0.0, nPct = 0
        var byLead = [Double](repeating: 0, count: horizon)
        for t in first...last {
            let f = try forecaster.forecast(trace, at: t, horizon: horizon)
            for h in 0..<horizon {
                let actual = trace.values[t + h]
                let e = f[h] - actual
                sumAbs += abs(e)
                sumSq += e * e
                byLead[h] += abs(e)
                n += 1
                if actual > 0 { sumPct += abs(e) / actual; nPct += 1 }
            }
        }
        let runs = Double(last - first + 1)
        return ForecastErrorReport(forecaster: forecaster.name, horizon: horizon, count: n,
                                   meanAbsoluteError: sumAbs / Double(n),
                                   rootMeanSquaredError: (sumSq / Double(n)).squareRoot(),
                                   meanAbsolutePercentageError: nPct > 0 ? 100 * sumPct / Double(nPct) : nil,
                                   meanAbsoluteErrorByLead: byLead.map { $0 / runs })
    }
}
