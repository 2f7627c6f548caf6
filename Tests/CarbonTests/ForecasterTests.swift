import Foundation
import Testing
@testable import Carbon

@Suite struct ForecasterTests {
    /// A perfectly periodic hourly trace: 5 days of the same 24 values.
    func periodic(seed: UInt64) throws -> CarbonTrace {
        var rng = SplitMix64(seed: seed)
        var day: [Double] = []
        for h in 0..<24 {
            let wave: Double = 150 * sin(Double(h) / 24 * 2 * Double.pi)
            day.append(300 + wave + rng.uniform(-20, 20))
        }
        return try CarbonTrace(start: jan2UTC, step: 3600, values: Array((0..<5).map { _ in day }.joined()))
    }

    @Test(arguments: 0..<10)
    func dayAgoIsExactOnAPeriodicTrace(seed: UInt64) throws {
        let t = try periodic(seed: seed)
        let f = try DayAgoForecaster()
        for h in [1, 6, 24, 36] {
            let r = try ForecastEvaluation.evaluate(f, on: t, horizon: h)
            #expect(r.meanAbsoluteError == 0)
            #expect(r.rootMeanSquaredError == 0)
            #expect(r.meanAbsolutePercentageError == 0)
            #expect(r.count == (120 - h - 24 + 1) * h)
        }
        // Lead 30 at epoch 30 reaches back two periods (to epoch 12).
        #expect(try f.forecast(t, at: 30, horizon: 31)[30] == t.values[12])
    }

    @Test(arguments: 0..<10)
    func persistenceAndOracle(seed: UInt64) throws {
        let t = try periodic(seed: seed)
        let p = try ForecastEvaluation.evaluate(PersistenceForecaster(), on: t, horizon: 4)
        #expect(p.meanAbsoluteError > 0)
        #expect(p.rootMeanSquaredError >= p.meanAbsoluteError)
        // Persistence at lead 1 is the hourly change; by hand:
        var sum = 0.0
        for i in 1...(120 - 4) { sum += abs(t.values[i] - t.values[i - 1]) }
        #expect(abs(p.meanAbsoluteErrorByLead[0] - sum / Double(120 - 4)) < 1e-9)
        #expect(try PersistenceForecaster().forecast(t, at: 7, horizon: 3) == Array(repeating: t.values[6], count: 3))
        let o = try ForecastEvaluation.evaluate(OracleForecaster(), on: t, horizon: 8)
        #expect(o.meanAbsoluteError == 0)
        // Persistence on a constant trace is perfect.
        let c = try CarbonTrace(start: 0, step: 3600, values: Array(repeating: 250, count: 10))
        #expect(try ForecastEvaluation.evaluate(PersistenceForecaster(), on: c, horizon: 3).meanAbsoluteError == 0)
    }

    @Test func columnForecasterAndErrors() throws {
        let actual = try CarbonTrace(start: 0, step: 3600, values: [100, 200, 300, 400])
        let forecast = try CarbonTrace(start: 0, step: 3600, values: [110, 190, 330, 400])
        let r = try ForecastEvaluation.evaluate(ColumnForecaster(forecastTrace: forecast), on: actual, horizon: 1)
        #expect(abs(r.meanAbsoluteError - 50.0 / 4) < 1e-12)
        #expect(abs(r.rootMeanSquaredError - ((100 + 100 + 900) / 4.0).squareRoot()) < 1e-12)
        #expect(abs(r.meanAbsolutePercentageError! - 100 * (0.1 + 0.05 + 0.1) / 4) < 1e-12)
        // Requests outside what a forecaster may know.
        #expect(throws: CarbonError.self) { try PersistenceForecaster().forecast(actual, at: 0, horizon: 1) }
        #expect(throws: CarbonError.self) { try OracleForecaster().forecast(actual, at: 3, horizon: 2) }
        #expect(throws: CarbonError.self) { try DayAgoForecaster().forecast(actual, at: 2, horizon: 1) }
        #expect(throws: CarbonError.self) { try DayAgoForecaster(period: 5000).periodEpochs(for: actual) }
        #expect(throws: CarbonError.self) { try ForecastEvaluation.evaluate(OracleForecaster(), on: actual, horizon: 0) }
    }
}

/// The seasonal regression forecaster: causality and skill.
@Suite struct SeasonalRegressionTests {
    /// Hourly trace with a daily shape on a level that wanders as a random walk (weather
    /// regimes lasting days) plus hourly noise: yesterday's shape is informative, yesterday's
    /// level is stale.
    static func regimeTrace(days: Int, seed: UInt64) throws -> CarbonTrace {
        var rng = SplitMix64(seed: seed)
        var values: [Double] = []
        var level = 300.0
        for d in 0..<days {
            for h in 0..<24 {
                level = min(max(level + rng.uniform(-8, 8), 120), 480)
                let shape = 60 * sin(Double(h) / 24 * 2 * Double.pi) + (d % 7 >= 5 ? -30 : 0)
                values.append(max(0, level + shape + rng.uniform(-10, 10)))
            }
        }
        return try CarbonTrace(start: jan2UTC, step: 3600, values: values)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func neverReadsTheFuture(seed: UInt64) throws {
        let t = try Self.regimeTrace(days: 16, seed: seed)
        let f = try SeasonalRegressionForecaster(trainingPeriods: 7, minimumTrainingPeriods: 3)
        var rng = SplitMix64(seed: seed + 100)
        for epoch in [240, 250, 300, 360] {
            let before = try f.forecast(t, at: epoch, horizon: 24)
            // Replace everything from the forecast epoch on with noise: nothing may change.
            var v = t.values
            for i in epoch..<v.count { v[i] = rng.uniform(0, 2000) }
            let scrambled = try CarbonTrace(start: t.start, step: t.step, values: v)
            #expect(try f.forecast(scrambled, at: epoch, horizon: 24) == before)
            // And the trace may end right at the forecast epoch.
            let cut = try CarbonTrace(start: t.start, step: t.step, values: Array(t.values[0..<epoch]))
            #expect(try f.forecast(cut, at: epoch, horizon: 24) == before)
        }
        #expect(throws: CarbonError.self) { try f.forecast(t, at: 239, horizon: 24) }
        #expect(try f.minimumHistory(for: t) == 240)
    }

    @Test func beatsDayAgoAndPersistenceOnRegimes() throws {
        let t = try Self.regimeTrace(days: 30, seed: 7)
        let f = try SeasonalRegressionForecaster(trainingPeriods: 7, minimumTrainingPeriods: 3)
        let first = try f.minimumHistory(for: t)
        let ridge = try ForecastEvaluation.evaluate(f, on: t, horizon: 24, from: first)
        let dayAgo = try ForecastEvaluation.evaluate(DayAgoForecaster(), on: t, horizon: 24, from: first)
        let persistence = try ForecastEvaluation.evaluate(PersistenceForecaster(), on: t, horizon: 24, from: first)
        #expect(ridge.count == dayAgo.count && ridge.count == persistence.count)
        #expect(ridge.meanAbsoluteError < dayAgo.meanAbsoluteError)
        #expect(ridge.meanAbsoluteError < persistence.meanAbsoluteError)
    }

    @Test func exactOnAPeriodicTrace() throws {
        // A perfectly periodic trace: the fit must find the day-ago (or week-ago) weight.
        let day = (0..<24).map { 250 + 100 * sin(Double($0) / 24 * 2 * Double.pi) }
        let t = try CarbonTrace(start: jan2UTC, step: 3600, values: Array((0..<14).map { _ in day }.joined()))
        let f = try SeasonalRegressionForecaster(trainingPeriods: 4, minimumTrainingPeriods: 2)
        let r = try ForecastEvaluation.evaluate(f, on: t, horizon: 24)
        #expect(r.meanAbsoluteError < 0.5, "ridge shrinkage costs a little, not more")
    }

    @Test func invalidSettingsAreRejected() {
        #expect(throws: CarbonError.self) { try SeasonalRegressionForecaster(period: 0) }
        #expect(throws: CarbonError.self) { try SeasonalRegressionForecaster(trainingPeriods: 3, minimumTrainingPeriods: 5) }
        #expect(throws: CarbonError.self) { try SeasonalRegressionForecaster(ridge: -1) }
    }
}
