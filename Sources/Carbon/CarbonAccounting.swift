/// Carbon accounting: emissions of energy at an intensity, and the carbon efficiency ratio.
///
/// Units: energy J, power W, time s, intensity gCO₂/kWh, emissions gCO₂. One kWh is 3.6e6 J,
/// so `gCO₂ = I · E / 3.6e6`.
public enum CarbonAccounting {
    /// Joules per kilowatt-hour.
    public static let joulesPerKilowattHour = 3.6e6

    /// Emissions (gCO₂) of `energy` joules at `intensity` gCO₂/kWh: `I·E/3.6e6`. Throws on a
    /// negative or non-finite input.
    public static func emissions(energy: Double, intensity: Double) throws(CarbonError) -> Double {
        guard energy.isFinite, energy >= 0 else {
            throw .invalidArgument(name: "energy", value: "\(energy)", allowed: "a finite energy ≥ 0 J")
        }
        guard intensity.isFinite, intensity >= 0 else {
            throw .invalidArgument(name: "intensity", value: "\(intensity)", allowed: "a finite intensity ≥ 0 gCO2/kWh")
        }
        return intensity * energy / joulesPerKilowattHour
    }

    /// Emissions (gCO₂) of a power series over the trace's epochs: `Σᵢ Iᵢ·Pᵢ·Δt / 3.6e6`, with
    /// `power[i]` the mean power (W) during epoch `i` and Δt the trace's step (s). The series
    /// may be shorter than the trace (it starts at epoch 0) but not longer.
    public static func emissions(power: [Double], trace: CarbonTrace) throws(CarbonError) -> Double {
        guard power.count <= trace.count else {
            throw .mismatch(what: "power epochs within the carbon trace", expected: trace.count, found: power.count)
        }
        var sum = 0.0
        for (i, p) in power.enumerated() {
            guard p.isFinite, p >= 0 else {
                throw .invalidArgument(name: "power[\(i)]", value: "\(p)", allowed: "a finite power ≥ 0 W")
            }
            sum += trace.values[i] * p * trace.step
        }
        return sum / joulesPerKilowattHour
    }

    /// Emissions per epoch (gCO₂) of a power series over the trace's epochs.
    public static func emissionsPerEpoch(power: [Double], trace: CarbonTrace) throws(CarbonError) -> [Double] {
        guard power.count <= trace.count else {
            throw .mismatch(what: "power epochs within the carbon trace", expected: trace.count, found: power.count)
        }
        var out: [Double] = []
        out.reserveCapacity(power.count)
        for (i, p) in power.enumerated() {
            out.append(try emissions(energy: p * trace.step, intensity: trace.values[i]))
        }
        return out
    }

    /// The carbon efficiency ratio, CER = work served / gCO₂ (work units per gram, e.g.
    /// tokens/gCO₂ or images/gCO₂). Throws when emissions are not > 0 or work is negative.
    public static func carbonEfficiencyRatio(work: Double, emissions grams: Double) throws(CarbonError) -> Double {
        guard work.isFinite, work >= 0 else {
            throw .invalidArgument(name: "work", value: "\(work)", allowed: "a finite amount ≥ 0")
        }
        guard grams.isFinite, grams > 0 else { throw .nonPositiveEmissions(grams: grams) }
        return work / grams
    }
}
