import Hardware
import Foundation

/// A Poisson arrival rate with a daily cycle:
/// `rate(t) = base · (1 + amplitude · sin(2π (t − phase) / 86 400))`, requests/s, t in s
/// from the start of the simulation.
public struct DiurnalRate: Codable, Sendable, Hashable {
    /// Mean rate over a day, requests/s (≥ 0).
    public var base: Double
    /// Relative swing in [0, 1] (0: constant rate; 1: the rate touches 0 once a day).
    public var amplitude: Double
    /// Time at which the rate crosses `base` on its way up, s.
    public var phase: Double

    /// A diurnal rate; see the type's formula. Checked by `validate()`.
    public init(base: Double, amplitude: Double = 0, phase: Double = 0) {
        self.base = base
        self.amplitude = amplitude
        self.phase = phase
    }

    /// The instantaneous rate at `time` (s), requests/s.
    @inlinable
    public func rate(at time: Double) -> Double {
        base * (1 + amplitude * sin(2 * Double.pi * (time - phase) / 86_400))
    }

    /// Checks that the rate is finite and never negative.
    public func validate(field: String) throws(SimulatorError) {
        guard base.isFinite, base >= 0 else {
            throw .invalidInput(field: "\(field).base", rule: "must be a finite rate ≥ 0 requests/s (got \(base))")
        }
        guard amplitude.isFinite, amplitude >= 0, amplitude <= 1 else {
            throw .invalidInput(field: "\(field).amplitude", rule: "must be in [0, 1] so the rate never goes negative (got \(amplitude))")
        }
        guard phase.isFinite else {
            throw .invalidInput(field: "\(field).phase", rule: "must be a finite time in s (got \(phase))")
        }
    }
}

/// Where a work class's requests come from.
public enum ArrivalProcess: Codable, Sendable, Hashable {
    /// No requests of this class.
    case none
    /// Poisson arrivals with a diurnal rate (sampled per tick with the tick-midpoint rate).
    case poisson(DiurnalRate)
    /// Replay of a recorded trace.
    case trace(ArrivalTrace)

    /// Checks the process's parameters.
    public func validate(field: String) throws(SimulatorError) {
        switch self {
        case .none: return
        case let .poisson(rate): try rate.validate(field: field)
        case let .trace(trace): try trace.validate()
        }
    }
}

/// Turns an `ArrivalProcess` into a count of new requests per tick, deterministically.
///
/// Holds a cursor into a trace (ticks only move forward) and its own random stream, so the
/// per-tick cost is O(1) and allocation-free. Confined to the simulator that owns it.
struct ArrivalGenerator {
    private enum Kind { case none, poisson, traceCount, traceRate }

    private let kind: Kind
    private let diurnal: DiurnalRate
    /// Trace rows: start times, end times (s), values (count or requests/s).
    private let times: [Double], ends: [Double], values: [Double]
    /// For count traces: requests that arrived before row i starts (count + 1 entries).
    private let cumulative: [Double]
    private var rng: SplitMix64
    /// Index of the trace row that contains the last queried time.
    private var row = 0

    init(process: ArrivalProcess, seed: UInt64) {
        rng = SplitMix64(seed: seed)
        var diurnal = DiurnalRate(base: 0)
        var times: [Double] = [], ends: [Double] = [], values: [Double] = [], cumulative: [Double] = []
        switch process {
        case .none:
            kind = .none
        case let .poisson(rate):
            kind = .poisson
            diurnal = rate
        case let .trace(trace):
            times = trace.times
            ends = trace.intervalEnds
            values = trace.values
            switch trace.kind {
            case .count:
                kind = .traceCount
                cumulative = [0.0]
                cumulative.reserveCapacity(values.count + 1)
                for v in values { cumulative.append(cumulative[cumulative.count - 1] + v) }
            case .rate:
                kind = .traceRate
            }
        }
        self.diurnal = diurnal
        self.times = times
        self.ends = ends
        self.values = values
        self.cumulative = cumulative
    }

    /// Requests that arrive in [start, end). Consecutive calls must share boundaries (the end
    /// of one is the start of the next, bit for bit) so a count trace's total is preserved.
    mutating func arrivals(start: Double, end: Double) -> Int {
        let length = end - start
        switch kind {
        case .none:
            return 0
        case .poisson:
            return rng.nextPoisson(mean: max(0, diurnal.rate(at: start + 0.5 * length)) * length)
        case .traceCount:
            // Spread each row's count uniformly over its interval; count whole requests by
            // flooring the cumulative curve at the tick's two ends (the total is preserved).
            let a = cumulativeCount(at: start)
            let b = cumulativeCount(at: end)
            return Int(b.rounded(.down)) - Int(a.rounded(.down))
        case .traceRate:
            return rng.nextPoisson(mean: integratedRate(from: start, to: end))
        }
    }

    /// Requests of a count trace that arrived before `t` (continuous, piecewise linear).
    private mutating func cumulativeCount(at t: Double) -> Double {
        let n = times.count
        if t <= times[0] { return 0 }
        while row < n - 1 && t >= times[row + 1] { row += 1 }
        if t >= ends[row] { return cumulative[row + 1] }
        let fraction = (t - times[row]) / (ends[row] - times[row])
        return cumulative[row] + (cumulative[row + 1] - cumulative[row]) * fraction
    }

    /// ∫ rate dt over [a, b) for a piecewise-constant rate trace (0 outside the trace).
    private mutating func integratedRate(from a: Double, to b: Double) -> Double {
        let n = times.count
        while row < n - 1 && a >= times[row + 1] { row += 1 }
        var total = 0.0
        var i = row
        while i < n && times[i] < b {
            let lo = max(a, times[i]), hi = min(b, ends[i])
            if hi > lo { total += values[i] * (hi - lo) }
            i += 1
        }
        return total
    }
}
