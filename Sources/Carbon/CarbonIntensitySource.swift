/// Anything that can say how carbon-intensive grid electricity is at a given time.
///
/// Times are Unix seconds (s since 1970-01-01T00:00:00Z); intensities are gCO₂/kWh.
/// Conforming types: ``RegionalIntensityTable`` (the seed's peak/off-peak table) and
/// ``CarbonTrace`` (a regular time series, e.g. read from CSV with ``CarbonCSV``).
public protocol CarbonIntensitySource: Sendable {
    /// The intensity (gCO₂/kWh) in force at `time` (Unix s).
    func intensity(at time: Double) throws(CarbonError) -> Double

    /// The time-weighted mean intensity (gCO₂/kWh) over `[start, end)` (Unix s, `end > start`):
    /// the intensity that, applied to a constant power over the interval, gives its exact
    /// emissions.
    func averageIntensity(from start: Double, to end: Double) throws(CarbonError) -> Double
}

extension CarbonIntensitySource {
    /// A regular trace of `count` epochs of `step` seconds from `start` (Unix s); each value is
    /// the source's time-weighted mean over its epoch (exact for piecewise-constant sources).
    public func trace(start: Double, step: Double, count: Int) throws(CarbonError) -> CarbonTrace {
        guard step > 0, step.isFinite else {
            throw .invalidArgument(name: "step", value: "\(step)", allowed: "a positive number of seconds")
        }
        guard count > 0 else {
            throw .invalidArgument(name: "count", value: "\(count)", allowed: "at least one epoch")
        }
        guard start.isFinite else {
            throw .invalidArgument(name: "start", value: "\(start)", allowed: "a finite Unix time in seconds")
        }
        var values: [Double] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let a = start + Double(i) * step
            values.append(try averageIntensity(from: a, to: a + step))
        }
        return try CarbonTrace(start: start, step: step, values: values)
    }
}
