/// Seasonal regression ("seasonal-ridge"): per lead, a ridge regression of the target on the
/// day-ago and week-ago values, the last observed value and the last day's mean, refitted at
/// every forecast on the most recent observed weeks only.
///
/// For a forecast made at the start of epoch `t` (epochs `0..<t` observed) of epoch `t+h`
/// (lead h+1), the features of an origin `s` and target `s+h` are
///
///     1,  v[s−1],  v[s+h − k·P],  v[s+h − k′·7P],  mean(v[s−P ..< s])
///
/// with P the period in epochs (default 24 h) and k, k′ the fewest periods that reach back
/// before `s` (as ``DayAgoForecaster`` does). The coefficients for lead h+1 minimise
/// Σ (v[s+h] − βᵀx)² + λ·Σⱼ βⱼ²·Sⱼⱼ over the origins `s` whose target `s+h` is already
/// observed (s+h ≤ t−1), at most ``trainingPeriods`` periods of them, the newest — so the
/// fit never reads epoch t or later. Sⱼⱼ is feature j's centred sum of squares (the penalty is
/// scale-free; the intercept is not penalised) and λ = ``ridge``. The blend is fitted, not
/// fixed: in grids where yesterday repeats, the day-ago weight dominates; where weather
/// regimes persist for days, the last value and the daily mean carry weight; at short leads the
/// last value dominates. Forecasts are clamped at 0.
///
/// Needs 7 periods (the week-ago feature) plus ``minimumTrainingPeriods`` of history. A lead
/// whose training set has fewer than 20 origins falls back to the day-ago value.
public struct SeasonalRegressionForecaster: CarbonForecaster {
    /// The season length, s (default 86400).
    public let period: Double
    /// Most periods of origins one fit uses (default 28: four weeks).
    public let trainingPeriods: Int
    /// Fewest periods of origins before the forecaster may be used (default 14).
    public let minimumTrainingPeriods: Int
    /// Ridge weight λ (default 0.01).
    public let ridge: Double

    /// The default most periods of origins per fit (four weeks).
    public static let defaultTrainingPeriods = 28

    /// A seasonal regression forecaster; throws on a non-positive period, training lengths
    /// below 1 (or a minimum above the maximum) or a negative ridge weight.
    public init(period: Double = 86_400, trainingPeriods: Int = defaultTrainingPeriods, minimumTrainingPeriods: Int = 14,
                ridge: Double = 0.01) throws(CarbonError) {
        _ = try DayAgoForecaster(period: period)
        guard trainingPeriods >= 1, minimumTrainingPeriods >= 1, minimumTrainingPeriods <= trainingPeriods else {
            throw .invalidArgument(name: "training periods", value: "\(minimumTrainingPeriods)…\(trainingPeriods)",
                                   allowed: "1 ≤ minimum ≤ maximum")
        }
        guard ridge >= 0, ridge.isFinite else {
            throw .invalidArgument(name: "ridge", value: "\(ridge)", allowed: "a finite number ≥ 0")
        }
        self.period = period
        self.trainingPeriods = trainingPeriods
        self.minimumTrainingPeriods = minimumTrainingPeriods
        self.ridge = ridge
    }

    public var name: String { "seasonal-ridge" }

    /// Epochs of history needed: 7 periods for the week-ago feature plus the minimum training span.
    public func minimumHistory(for trace: CarbonTrace) throws(CarbonError) -> Int {
        let p = try DayAgoForecaster(period: period).periodEpochs(for: trace)
        return p * (7 + minimumTrainingPeriods)
    }

    public func forecast(_ trace: CarbonTrace, at epoch: Int, horizon: Int) throws(CarbonError) -> [Double] {
        let p = try DayAgoForecaster(period: period).periodEpochs(for: trace)
        let history = try minimumHistory(for: trace)
        try checkForecastRequest(trace, epoch: epoch, horizon: horizon, history: history, name: name, needsFuture: false)
        // Only the observed prefix is ever read: a copy makes that structural, not a convention.
        let v = Array(trace.values[0..<epoch])
        var out = [Double](repeating: 0, count: horizon)
        for h in 0..<horizon {
            let newest = epoch - 1 - h  // the newest origin whose target s+h is observed
            let oldest = max(7 * p, newest - trainingPeriods * p + 1)
            let x = Self.features(v, origin: epoch, lead: h, period: p)
            if newest - oldest + 1 < 20 {
                out[h] = x[2]
                continue
            }
            var beta = fit(v, origins: oldest...newest, lead: h, period: p) ?? [0, 0, 1, 0, 0]
            if !beta.allSatisfy(\.isFinite) { beta = [0, 0, 1, 0, 0] }
            var y = 0.0
            for j in 0..<Self.featureCount { y += beta[j] * x[j] }
            out[h] = max(y, 0)
        }
        return out
    }

    static let featureCount = 5

    /// Features of origin `s` (values before `s` only) for the target `s + lead`.
    static func features(_ v: [Double], origin s: Int, lead h: Int, period p: Int) -> [Double] {
        let target = s + h
        let k = h / p + 1, k7 = h / (7 * p) + 1
        var mean = 0.0
        for i in (s - p)..<s { mean += v[i] }
        return [1, v[s - 1], v[target - k * p], v[target - k7 * 7 * p], mean / Double(p)]
    }

    /// Ridge coefficients for one lead over the given origins (nil when the system is singular).
    func fit(_ v: [Double], origins: ClosedRange<Int>, lead h: Int, period p: Int) -> [Double]? {
        let d = Self.featureCount
        var xtx = [Double](repeating: 0, count: d * d), xty = [Double](repeating: 0, count: d)
        var sum = [Double](repeating: 0, count: d)
        // Rolling daily mean: updated by one value per origin instead of re-summed.
        var mean = 0.0
        for i in (origins.lowerBound - p)..<origins.lowerBound { mean += v[i] }
        let k = h / p + 1, k7 = h / (7 * p) + 1
        for s in origins {
            if s > origins.lowerBound { mean += v[s - 1] - v[s - 1 - p] }
            let target = s + h
            let x = [1, v[s - 1], v[target - k * p], v[target - k7 * 7 * p], mean / Double(p)]
            let y = v[target]
            for a in 0..<d {
                sum[a] += x[a]
                xty[a] += x[a] * y
                for b in a..<d { xtx[a * d + b] += x[a] * x[b] }
            }
        }
        let n = Double(origins.count)
        for a in 0..<d { for b in 0..<a { xtx[a * d + b] = xtx[b * d + a] } }
        for j in 1..<d {
            let centred = xtx[j * d + j] - sum[j] * sum[j] / n
            xtx[j * d + j] += ridge * max(centred, 0) + 1e-9 * max(xtx[j * d + j], 1)
        }
        return Self.solve(xtx, xty, d)
    }

    /// Solves the symmetric positive definite system A·x = b by Cholesky (nil if not SPD).
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k * n + i] * x[k] }
            x[i] = s / l[i * n + i]
        }
        return x
    }
}
