import Testing
@testable import Carbon

@Suite struct TraceTests {
    func randomTrace(_ rng: inout SplitMix64, count: Int, step: Double) throws -> CarbonTrace {
        try CarbonTrace(start: jan2UTC, step: step, values: (0..<count).map { _ in rng.uniform(50, 600) })
    }

    /// Energy-weighted mean intensity Σ Iᵢ·Eᵢ / Σ Eᵢ of a power series on a trace.
    func energyWeightedMean(_ power: [Double], _ trace: CarbonTrace) -> Double {
        var num = 0.0, den = 0.0
        for i in power.indices { num += trace.values[i] * power[i] * trace.step; den += power[i] * trace.step }
        return num / den
    }

    @Test(arguments: 0..<20)
    func downsamplingPreservesEnergyWeightedMeans(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let hourly = try randomTrace(&rng, count: 48, step: 3600)
        let factor = [2, 3, 4, 6, 8, 12, 24][Int(rng.next() % 7)]
        let coarse = try hourly.resampled(step: 3600 * Double(factor))
        #expect(coarse.count == 48 / factor)
        // A power constant within each coarse epoch: same emissions, same weighted mean.
        let coarsePower = (0..<coarse.count).map { _ in rng.uniform(100, 400) }
        let finePower = (0..<48).map { coarsePower[$0 / factor] }
        let a = energyWeightedMean(finePower, hourly), b = energyWeightedMean(coarsePower, coarse)
        #expect(abs(a - b) <= 1e-12 * a)
        let ea = try CarbonAccounting.emissions(power: finePower, trace: hourly)
        let eb = try CarbonAccounting.emissions(power: coarsePower, trace: coarse)
        #expect(abs(ea - eb) <= 1e-12 * ea)
    }

    @Test(arguments: 0..<10)
    func holdUpsamplingRoundTrips(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let hourly = try randomTrace(&rng, count: 24, step: 3600)
        let fine = try hourly.resampled(step: 900)
        #expect(fine.count == 96)
        #expect(fine.values[5] == hourly.values[1])
        let back = try fine.resampled(step: 3600)
        for i in 0..<24 { #expect(abs(back.values[i] - hourly.values[i]) <= 1e-12 * hourly.values[i]) }
        // Non-dividing downsampling still preserves the overall mean (last epoch partial).
        let odd = try hourly.resampled(step: 5 * 3600)
        #expect(odd.count == 5)
        let total = hourly.values.reduce(0, +) * 3600
        let oddTotal = odd.values.dropLast().reduce(0, +) * 5 * 3600 + odd.values.last! * 4 * 3600
        #expect(abs(total - oddTotal) <= 1e-9 * total)
    }

    @Test func linearUpsamplingInterpolatesMidpoints() throws {
        let t = try CarbonTrace(start: 0, step: 3600, values: [100, 200])
        let fine = try t.resampled(step: 1800, upsampling: .linear)
        // Midpoints at 900, 2700, 4500, 6300 s; source midpoints at 1800 (100) and 5400 (200).
        #expect(fine.values == [100, 125, 175, 200])
    }

    @Test func rejectsInvalidTraces() {
        #expect(throws: CarbonError.self) { try CarbonTrace(start: 0, step: 0, values: [1]) }
        #expect(throws: CarbonError.self) { try CarbonTrace(start: 0, step: 60, values: []) }
        #expect(throws: CarbonError.self) { try CarbonTrace(start: 0, step: 60, values: [1, -2]) }
        #expect(throws: CarbonError.self) { try CarbonTrace(start: 0, step: 60, values: [.nan]) }
    }

    @Test func accounting() throws {
        // 1 kWh at 500 gCO2/kWh = 500 g.
        #expect(try CarbonAccounting.emissions(energy: 3.6e6, intensity: 500) == 500)
        // 300 W for one hour at 420 g/kWh = 126 g.
        let t = try CarbonTrace(start: 0, step: 3600, values: [420, 180])
        #expect(abs(try CarbonAccounting.emissions(power: [300, 100], trace: t) - (126 + 18)) < 1e-12)
        #expect(try CarbonAccounting.emissionsPerEpoch(power: [300, 100], trace: t).map { ($0 * 1e9).rounded() / 1e9 } == [126, 18])
        #expect(try CarbonAccounting.carbonEfficiencyRatio(work: 288, emissions: 144) == 2)
        #expect(throws: CarbonError.nonPositiveEmissions(grams: 0)) {
            try CarbonAccounting.carbonEfficiencyRatio(work: 1, emissions: 0)
        }
        #expect(throws: CarbonError.self) { try CarbonAccounting.emissions(power: [1, 2, 3], trace: t) }
    }
}
