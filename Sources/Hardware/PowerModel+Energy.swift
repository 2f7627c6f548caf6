import Foundation

extension PowerModel {
    /// Number of dies of the device.
    private var dieCount: Double { Double(max(device.dies, 1)) }

    /// Leakage of one die at temperature `θ` (°C), W: the device's leakage shared equally by its dies.
    public func dieLeakage(temperature θ: Double) -> Double {
        leakage(temperature: θ) / dieCount
    }

    /// Power of one die, W, when that die runs at `level` with its own compute and memory
    /// utilisation (0…1) and temperature (°C). Static and memory power are shared equally
    /// by the dies, so the dies' powers add up to `power(...)` when they all run alike.
    public func diePower(level: Int, utilization u: Double, memoryUtilization um: Double, temperature θ: Double) -> Double {
        let l = device.dvfs[min(max(level, 0), device.dvfs.count - 1)]
        let n = Double(device.coreGrid.count)
        let activity = idleActivity + (1 - idleActivity) * min(max(u, 0), 1)
        return (device.power.staticPower + device.power.memoryAtFullBandwidth * min(max(um, 0), 1)) / dieCount
            + n * switchedCapacitance * l.voltage * l.voltage * l.frequency * activity
            + dieLeakage(temperature: θ)
    }

    /// Dynamic (switching) power of the whole device at `level` and utilisation `u`, W.
    public func dynamicPower(level: Int, utilization u: Double) -> Double {
        let l = device.dvfs[min(max(level, 0), device.dvfs.count - 1)]
        let activity = idleActivity + (1 - idleActivity) * min(max(u, 0), 1)
        return Double(device.totalCores) * switchedCapacitance * l.voltage * l.voltage * l.frequency * activity
    }

    /// Core voltage at an arbitrary frequency `f` (Hz), V, interpolated linearly in the
    /// DVFS table and clamped to its ends.
    public func voltage(atFrequency f: Double) -> Double {
        let t = device.dvfs
        guard let first = t.first, let last = t.last else { return 0 }
        if f <= first.frequency { return first.voltage }
        if f >= last.frequency { return last.voltage }
        var i = 1
        while i < t.count - 1 && t[i].frequency < f { i += 1 }
        let a = t[i - 1], b = t[i]
        return a.voltage + (b.voltage - a.voltage) * (f - a.frequency) / (b.frequency - a.frequency)
    }

    /// Total device power at an arbitrary frequency `f` (Hz) between the table's ends, W,
    /// with the voltage interpolated by `voltage(atFrequency:)`.
    public func power(frequency f: Double, utilization u: Double, memoryUtilization um: Double, temperature θ: Double) -> Double {
        let v = voltage(atFrequency: f)
        let activity = idleActivity + (1 - idleActivity) * min(max(u, 0), 1)
        return device.power.staticPower
            + Double(device.totalCores) * switchedCapacitance * v * v * f * activity
            + device.power.memoryAtFullBandwidth * min(max(um, 0), 1)
            + leakage(temperature: θ)
    }

    /// Energy (J) to run `cycles` clock cycles of compute-bound work at `level`: the work
    /// takes cycles / f seconds at power `power(level:…)`.
    public func energy(cycles: Double, level: Int, utilization: Double = 1, memoryUtilization: Double = 0,
                       temperature: Double) -> Double {
        let f = device.dvfs[min(max(level, 0), device.dvfs.count - 1)].frequency
        return power(level: level, utilization: utilization, memoryUtilization: memoryUtilization,
                     temperature: temperature) * cycles / f
    }

    /// The DVFS level that runs a fixed amount of compute-bound work with the least energy.
    ///
    /// Energy per cycle is P(f)/f = (P_static + P_leak + P_mem)/f + N·C·V(f)²·activity: the
    /// fixed part favours high clocks (finish sooner), the dynamic part favours low voltage;
    /// with V falling with f the minimum lies below the maximum clock.
    public func energyOptimalLevel(utilization: Double = 1, memoryUtilization: Double = 0, temperature: Double) -> Int {
        var best = 0, bestE = Double.infinity
        for level in device.dvfs.indices {
            let e = energy(cycles: 1, level: level, utilization: utilization, memoryUtilization: memoryUtilization,
                           temperature: temperature)
            if e < bestE { bestE = e; best = level }
        }
        return best
    }

    /// The clock (Hz) between the table's ends that runs a fixed amount of compute-bound work
    /// with the least energy, with V(f) interpolated linearly in the table (deterministic
    /// dense scan refined by golden-section search).
    public func energyOptimalFrequency(utilization: Double = 1, memoryUtilization: Double = 0, temperature: Double) -> Double {
        guard let lo = device.dvfs.first?.frequency, let hi = device.dvfs.last?.frequency, hi > lo else {
            return device.dvfs.first?.frequency ?? 0
        }
        func e(_ f: Double) -> Double {
            power(frequency: f, utilization: utilization, memoryUtilization: memoryUtilization, temperature: temperature) / f
        }
        let steps = 512
        var bestI = 0, bestE = Double.infinity
        for i in 0...steps {
            let v = e(lo + (hi - lo) * Double(i) / Double(steps))
            if v < bestE { bestE = v; bestI = i }
        }
        let h = (hi - lo) / Double(steps)
        var a = max(lo, lo + h * Double(bestI - 1)), b = min(hi, lo + h * Double(bestI + 1))
        let g = (5.0.squareRoot() - 1) / 2
        for _ in 0..<60 {
            let c = b - g * (b - a), d = a + g * (b - a)
            if e(c) < e(d) { b = d } else { a = c }
        }
        let f = (a + b) / 2
        return e(f) <= bestE ? f : lo + h * Double(bestI)
    }
}
