import Testing
@testable import Reports

@Suite struct FormatTests {
    @Test func niceSteps() {
        #expect(NiceAxis.niceStep(0.13) == 0.1)
        #expect(NiceAxis.niceStep(0.2075) == 0.2)
        #expect(NiceAxis.niceStep(3) == 5)
        #expect(NiceAxis.niceStep(7) == 10)
        #expect(NiceAxis.niceStep(1) == 1)
        #expect(NiceAxis.niceStep(1800) == 2000)
        let a = NiceAxis(lower: 0.1, upper: 0.93, targetTicks: 5)
        #expect(a.ticks.first! <= 0.1 && a.ticks.last! >= 0.93)
        #expect(a.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func tickLabelStyles() {
        #expect(ReportFormat.tickLabels([0, 2000, 4000, 6000], step: 2000) == ["0", "2,000", "4,000", "6,000"])
        #expect(ReportFormat.tickLabels([0, 500_000, 1_000_000, 1_500_000], step: 500_000) == ["0.0M", "0.5M", "1.0M", "1.5M"])
        #expect(ReportFormat.tickLabels([0, 20_000, 40_000], step: 20_000) == ["0k", "20k", "40k"])
        #expect(ReportFormat.tickLabels([0, 0.001, 0.002], step: 0.001) == ["0m", "1m", "2m"])
        #expect(ReportFormat.tickLabels([-1, -0.5, 0, 0.5], step: 0.5) == ["-1.0", "-0.5", "0.0", "0.5"])
        #expect(ReportFormat.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(ReportFormat.groupThousands("-1234567.25") == "-1,234,567.25")
    }

    @Test func degenerateRanges() {
        #expect(NiceAxis.dataRange([]) == (0, 1))
        #expect(NiceAxis.dataRange([.nan, .infinity]) == (0, 1))
        #expect(NiceAxis.dataRange([0, 0]) == (-1, 1))
        #expect(NiceAxis.dataRange([50]) == (45, 55))
        #expect(NiceAxis.dataRange([-50, .nan]) == (-55, -45))
    }

    @Test func xmlEscape() {
        #expect(ReportFormat.xmlEscape("a<b>&\"c'\u{0}\u{1}") == "a&lt;b&gt;&amp;&quot;c&apos;")
        #expect(ReportFormat.xmlEscape("gCO₂/kWh °C µ") == "gCO₂/kWh °C µ")
    }
}
