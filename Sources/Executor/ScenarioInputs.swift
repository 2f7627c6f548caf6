// Reads what the closed loop needs from a Scenario. A scenario describes arrivals as a
// specification (`ArrivalPattern`: expected rates, for the planner's forecasts); the simulator
// samples them (`ArrivalProcess`); `SimulatedArrivals` carries one into the other.
import Carbon
import Foundation
import Scenario
import Workloads

/// A work class's arrivals in simulator terms, independent of either module's types.
enum SimulatedArrivals: Equatable {
    /// No requests.
    case none
    /// Poisson with rate `base · (1 + amplitude · sin(2π (t − phase) / 86 400))`, t in s from the
    /// simulation's start (the Simulator's `DiurnalPattern`).
    case poisson(base: Double, amplitude: Double, phase: Double)
    /// A piecewise-constant rate, requests/s, from row start times in s from the simulation's start.
    case rateTrace(times: [Double], rates: [Double], source: String)
    /// Unlimited (elastic) work: the loop supplies more than the node can serve.
    case unlimited
}

extension Scenario {
    /// The arrivals of `workClass` relative to a simulation starting at ``start``.
    ///
    /// The scenario's diurnal rate r·(1 + A·cos(2π(h − h_peak)/24 h)), h the local hour at Unix
    /// time T = start + t, equals the simulator's base·(1 + A·sin(2π(t − phase)/86 400)) with
    /// base = r and phase = −(start + utcOffset − 3600·h_peak + 21 600) mod 86 400 (cos x = sin(x + π/2)).
    func simulatedArrivals(_ workClass: WorkClass) throws(ExecutorError) -> SimulatedArrivals {
        switch arrivals[workClass] ?? ArrivalPattern.none {
        case .none:
            return .none
        case .diurnal(let r):
            var phase = -(start + utcOffset - 3600 * r.peakHour + 21_600).truncatingRemainder(dividingBy: 86_400)
            if phase < 0 { phase += 86_400 }
            return .poisson(base: r.meanRate, amplitude: r.amplitude, phase: phase)
        case .trace(let t):
            var times: [Double] = [], rates: [Double] = []
            for i in t.timestamps.indices {
                let next = i + 1 < t.timestamps.count ? t.timestamps[i + 1] : t.end
                guard next > start else { continue }
                times.append(max(0, t.timestamps[i] - start))
                rates.append(t.rates[i])
            }
            if times.count == 1 { times.append(max(t.end - start, times[0] + epochLength)); rates.append(rates[0]) }
            guard times.count >= 2 else {
                throw .scenario("arrivals.\(workClass).trace \(t.source) ends before the scenario's start")
            }
            return .rateTrace(times: times, rates: rates, source: t.source)
        case .unlimited:
            return .unlimited
        }
    }

    /// The actual carbon trace the loop runs on (epoch grid, time-weighted means) from `history`
    /// epochs before ``start`` (the forecaster's history) for `history + count` epochs, and the
    /// scenario's forecaster (its errors are real: it only sees the past).
    func loopCarbon(epochs count: Int) throws(ExecutorError) -> (trace: CarbonTrace, history: Int, forecaster: any CarbonForecaster) {
        guard let history = forecaster.historyEpochs(epochLength: epochLength) else {
            throw .scenario("forecaster \(forecaster.rawValue) needs an epoch length that divides 24 h (got \(epochLength) s)")
        }
        let from = start - Double(history) * epochLength
        let n = history + count
        do {
            let trace: CarbonTrace
            switch carbon {
            case .region(let t): trace = try t.trace(start: from, step: epochLength, count: n)
            case .csv(let c): trace = try c.series.trace().trace(start: from, step: epochLength, count: n)
            }
            let f = try forecaster.makeForecaster(carbon: carbon, from: from, epochLength: epochLength, count: n)
            return (trace, history, f)
        } catch let e as ExecutorError {
            throw e
        } catch {
            throw .scenario("carbon for \(count) epochs (+\(history) of history) from \(Timestamps.iso(start)): \(error)")
        }
    }

    /// Expected arrivals per loop epoch (H values per class each), for the planner's forecasts.
    func loopArrivalForecasts(epochs count: Int) throws(ExecutorError) -> [[WorkClass: [Double]]] {
        var out: [[WorkClass: [Double]]] = []
        for e in 0..<count {
            do { out.append(try arrivalForecast(epochStart: start + Double(e) * epochLength)) } catch {
                throw .scenario("\(error)")
            }
        }
        return out
    }
}
