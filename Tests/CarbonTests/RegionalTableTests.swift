import Testing
@testable import Carbon

/// 2023-01-02T00:00:00Z, Unix seconds.
let jan2UTC = 1_672_617_600.0

@Suite struct RegionalTableTests {
    /// Unix time of local hour `h` (UTC+8) on 2023-01-02.
    func local(_ h: Double) -> Double { jan2UTC - 8 * 3600 + h * 3600 }

    @Test func seedValuesAtPeakAndOffPeak() throws {
        let bj = try RegionalIntensityTable(region: .beijing)
        let sc = try RegionalIntensityTable(region: .sichuan)
        #expect(try bj.intensity(at: local(12)) == 580)
        #expect(try bj.intensity(at: local(3)) == 420)
        #expect(try sc.intensity(at: local(12)) == 210)
        #expect(try sc.intensity(at: local(23)) == 180)
        // Window edges: 08:00 is peak, 22:00 is off-peak, 07:59:59 off-peak.
        #expect(try bj.intensity(at: local(8)) == 580)
        #expect(try bj.intensity(at: local(22)) == 420)
        #expect(try bj.intensity(at: local(8) - 1) == 420)
        // 12:00 UTC is 20:00 in Beijing: peak.
        #expect(try bj.intensity(at: jan2UTC + 12 * 3600) == 580)
    }

    @Test func configurablePeakWindowWrapsMidnight() throws {
        let w = try DailyWindow(startHour: 22, endHour: 6)
        let t = try RegionalIntensityTable(region: .sichuan, peak: w)
        #expect(try t.intensity(at: local(23)) == 210)
        #expect(try t.intensity(at: local(2)) == 210)
        #expect(try t.intensity(at: local(12)) == 180)
    }

    @Test func dailyAverageIsExact() throws {
        let bj = try RegionalIntensityTable(region: .beijing)
        // 14 peak hours, 10 off-peak hours.
        let avg = try bj.averageIntensity(from: local(0), to: local(24))
        #expect(abs(avg - (580 * 14 + 420 * 10) / 24) < 1e-9)
        // Over several days from an odd start.
        let avg3 = try bj.averageIntensity(from: local(5.5), to: local(5.5 + 72))
        #expect(abs(avg3 - (580 * 14 + 420 * 10) / 24) < 1e-9)
        // Trace of 15-minute epochs: the epoch 07:45–08:15 straddles the edge.
        let tr = try bj.trace(start: local(7.75), step: 1800, count: 2)
        #expect(tr.values == [500, 580])
    }

    @Test func rejectsBadInput() {
        #expect(throws: CarbonError.self) { try DailyWindow(startHour: 25, endHour: 3) }
        #expect(throws: CarbonError.self) { try RegionalIntensityTable(peakIntensity: -1, offPeakIntensity: 3) }
        #expect(throws: CarbonError.self) { try RegionalIntensityTable(region: .beijing).intensity(at: .nan) }
    }
}
