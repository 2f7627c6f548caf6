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
}
