import Foundation
import Hardware
import Testing
@testable import Workloads

/// Prints the calibration table of docs/CALIBRATION.md:
/// `swift test --filter CalibrationTests 2>&1 | sed -n '/^| case/,/^$/p'`.
@Suite struct CalibrationTests {
    @Test func printCalibrationTable() {
        let rows = Calibration.rows()
        print(Calibration.markdown(rows))
        #expect(rows.count == Calibration.cases.count)
        // A roofline model is an optimistic bound with fitted efficiencies: require the right
        // order of magnitude, not a fit (the errors are discussed in docs/CALIBRATION.md).
        for r in rows {
            if let e = r.relativeError { #expect(e > -0.8 && e < 4, "\(r.calibrationCase.label): \(e)") }
        }
    }

    @Test func casesAreCitedAndAThirdIsHeldOut() throws {
        let cases = Calibration.cases
        #expect(cases.count >= 25)
        for c in cases { #expect(c.source.contains("https://"), "\(c.label) cites a URL") }
        #expect(Set(cases.map(\.label)).count == cases.count)
        let held = cases.enumerated().filter(\.element.heldOut).map(\.offset)
        #expect(held == Array(stride(from: 2, to: cases.count, by: 3)))
        // The summaries cover both sets and agree with the rows.
        let rows = Calibration.rows()
        let all = try #require(Calibration.summary(rows))
        let heldRows = rows.filter(\.calibrationCase.heldOut)
        let h = try #require(Calibration.summary(heldRows))
        #expect(all.count == rows.count && h.count == heldRows.count)
        #expect(all.worstAbsoluteError >= h.worstAbsoluteError)
        #expect(Calibration.summaryMarkdown(rows).contains("held out"))
    }
}
