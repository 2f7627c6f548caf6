import Foundation
import Testing
@testable import Carbon

@Suite struct CSVTests {
    let opts = CarbonCSV.Options(intensityColumn: "carbon_intensity")

    @Test func timestampShapes() {
        let base = 1_672_531_200.0  // 2023-01-01T00:00:00Z
        let cases: [(String, Double, Double)] = [
            ("2023-01-01T00:00:00Z", 0, base),
            ("2023-01-01T01:00:00+01:00", 0, base),
            ("2023-01-01T01:00+0100", 0, base),
            ("2023-01-01 00:00", 0, base),
            ("2023-01-01 08:00:00", 8 * 3600, base),
            ("2023/01/01 00:00:30", 0, base + 30),
            ("2023-01-01T00:00:00.500Z", 0, base + 0.5),
            ("2023-01-01", 0, base),
            ("1672531200", 0, base),
            ("2023-03-01T00:00:00Z", 0, base + 59 * 86_400),
            ("2024-03-01T00:00:00Z", 0, base + (365 + 60) * 86_400),
            ("2023-01-01 00:00:00 UTC", 3600, base),
        ]
        for (text, offset, expected) in cases {
            #expect(TimestampParser.unixSeconds(Substring(text), utcOffset: offset) == expected, "\(text)")
        }
        for bad in ["2023-13-01", "2023-02-29T00:00Z", "23-01-01", "2023-01-01T25:00", "yesterday", "2023", "2023-01-01T00:00:00X"] {
            #expect(TimestampParser.unixSeconds(Substring(bad)) == nil, "\(bad)")
        }
    }

    @Test func commaFileWithUnitAndForecast() throws {
        let csv = """
        # exported trace
        datetime,zone,carbon_intensity (gCO2eq/kWh),forecast [kgCO2/kWh]
        2023-01-01T00:00:00Z,DE,"412.5",0.400
        2023-01-01T01:00:00Z,DE,400,0.41

        2023-01-01T02:00:00Z,"DE, north",390,0.395
        """
        let s = try CarbonCSV.parse(csv, source: "de.csv",
                                    options: .init(timestampColumn: "datetime", intensityColumn: "carbon_intensity",
                                                   forecastColumn: "forecast"))
        #expect(s.intensities == [412.5, 400, 390])
        #expect(s.forecasts == [400, 410, 395])
        #expect(s.timestamps == [1_672_531_200, 1_672_534_800, 1_672_538_400])
        let t = try s.trace()
        #expect(t.step == 3600 && t.values == [412.5, 400, 390])
        #expect(try s.forecastTrace().values == [400, 410, 395])
    }

    /// The column layout of Electricity Maps' public hourly exports (a common source of yearly
    /// traces): two intensity columns that differ only in a parenthesised suffix, a unit
    /// written with a subscript two, and naive UTC timestamps.
    @Test func electricityMapsShapedExport() throws {
        let csv = """
        Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data Estimated,Data Estimation Method
        2023-01-01 00:00:00,Germany,Germany,DE,312.5,368.1,51.2,48.7,entsoe.eu,false,
        2023-01-01 01:00:00,Germany,Germany,DE,305.0,360.4,52.0,49.5,entsoe.eu,false,
        2023-01-01 02:00:00,Germany,Germany,DE,299.75,355.0,52.9,50.1,entsoe.eu,true,TIME_SLICER_AVERAGE
        """
        let direct = try CarbonCSV.parse(csv, source: "DE_2023_hourly.csv",
                                         options: .init(timestampColumn: "Datetime (UTC)",
                                                        intensityColumn: "Carbon Intensity gCO₂eq/kWh (direct)"))
        #expect(direct.intensities == [312.5, 305, 299.75])
        #expect(direct.timestamps.first == 1_672_531_200)
        let lca = try CarbonCSV.parse(csv, source: "DE_2023_hourly.csv",
                                      options: .init(intensityColumn: "Carbon Intensity gCO₂eq/kWh (LCA)"))
        #expect(lca.intensities == [368.1, 360.4, 355])
        // The bare name matches both columns: an error that lists them, not a silent pick.
        #expect(throws: CarbonError.self) {
            try CarbonCSV.parse(csv, source: "DE_2023_hourly.csv", options: .init(intensityColumn: "Carbon Intensity"))
        }
    }

    @Test func semicolonDecimalCommaAndCRLF() throws {
        let csv = "\u{FEFF}Datum;Intensität [g/kWh]\r\n2023-01-01 00:00;1.412,5\r\n2023-01-01 01:00;398,25\r\n"
        let s = try CarbonCSV.parse(csv, source: "smard.csv", options: .init(intensityColumn: "Intensität"))
        #expect(s.intensities == [1412.5, 398.25])
    }

    @Test func poundsPerMWhAndUnixSeconds() throws {
        let csv = "point_time,MOER (lbs/MWh)\n1672531200,1000\n1672531500,500\n"
        let s = try CarbonCSV.parse(csv, source: "caiso.csv", options: .init(intensityColumn: "moer"))
        #expect(abs(s.intensities[0] - 453.59237) < 1e-9)
        let t = try s.trace()
        #expect(t.step == 300)
    }

    @Test func irregularSeriesResamplesByHolding() throws {
        let csv = "t,ci\n2023-01-01T00:00Z,100\n2023-01-01T01:00Z,200\n2023-01-01T03:00Z,400\n"
        let s = try CarbonCSV.parse(csv, source: "gap.csv", options: .init(intensityColumn: "ci"))
        // The 01:00 sample holds over the missing 02:00 hour.
        #expect(try s.trace().values == [100, 200, 200, 400])
        #expect(try s.trace(step: 7200).values == [150, 300])
    }

    func expectError(_ csv: String, options: CarbonCSV.Options? = nil, _ expected: CarbonError) {
        do {
            _ = try CarbonCSV.parse(csv, source: "x.csv", options: options ?? opts)
            Issue.record("expected \(expected)")
        } catch {
            #expect(error == expected)
            #expect(error.description.contains("x.csv"))
        }
    }

    @Test func errorsNameFileLineAndColumn() {
        expectError("", .emptyFile(file: "x.csv"))
        expectError("\n# only a comment\n\n", .emptyFile(file: "x.csv"))
        expectError("time,carbon_intensity\n", .noDataRows(file: "x.csv"))
        expectError("time,ci\n2023-01-01,1\n",
                    .missingColumn(file: "x.csv", line: 1, column: "carbon_intensity", available: ["time", "ci"]))
        expectError("time,carbon_intensity\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,abc\n",
                    .badNumber(file: "x.csv", line: 3, column: "carbon_intensity", text: "abc"))
        expectError("time,carbon_intensity\n2023-01-01T00:00Z,1\n\n2023-01-01T00:00Z,2\n",
                    .nonIncreasingTimestamp(file: "x.csv", line: 4, column: "time", previousLine: 2, text: "2023-01-01T00:00Z"))
        expectError("time,carbon_intensity\n2023-01-01T00:00Z,1\n2023-01-0x,2\n",
                    .badTimestamp(file: "x.csv", line: 3, column: "time", text: "2023-01-0x"))
        expectError("time,carbon_intensity\n2023-01-01T00:00Z\n",
                    .missingField(file: "x.csv", line: 2, column: "carbon_intensity", fieldCount: 1))
        expectError("time,carbon_intensity\n2023-01-01T00:00Z,-3\n",
                    .negativeIntensity(file: "x.csv", line: 2, column: "carbon_intensity", value: -3))
        expectError("time,carbon_intensity (direct),carbon_intensity (lca)\n",
                    .ambiguousColumn(file: "x.csv", line: 1, column: "carbon_intensity",
                                     candidates: ["carbon_intensity (direct)", "carbon_intensity (lca)"]))
        expectError("time,carbon_intensity (MJ/m3)\n2023-01-01,1\n",
                    .unknownUnit(file: "x.csv", line: 1, column: "carbon_intensity (MJ/m3)", unit: "MJ/m3"))
        // A quoted field spanning lines keeps later line numbers right.
        expectError("time,note,carbon_intensity\n2023-01-01T00:00Z,\"two\nlines\",1\n2023-01-01T01:00Z,,x\n",
                    .badNumber(file: "x.csv", line: 4, column: "carbon_intensity", text: "x"))
    }

    @Test func missingValuesAreErrorsUnlessSkipped() throws {
        let csv = "time,carbon_intensity\n2023-01-01T00:00Z,1\n2023-01-01T01:00Z,\n2023-01-01T02:00Z,3\n"
        expectError(csv, .badNumber(file: "x.csv", line: 3, column: "carbon_intensity", text: ""))
        let s = try CarbonCSV.parse(csv, source: "x.csv", options: .init(intensityColumn: "carbon_intensity", skipMissing: true))
        #expect(s.intensities == [1, 3])
    }

    @Test func readsAFileAndIsDeterministic() throws {
        var rng = SplitMix64(seed: 42)
        var text = "datetime;carbon_intensity_avg (gCO2/kWh)\n"
        for h in 0..<72 {
            text += "2023-06-\(String(format: "%02d", 1 + h / 24))T\(String(format: "%02d", h % 24)):00:00+02:00;\(String(format: "%.3f", rng.uniform(100, 500)))\n"
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-carbon-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("de-2023.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let o = CarbonCSV.Options(intensityColumn: "carbon_intensity_avg")
        let a = try CarbonCSV.read(contentsOf: path, options: o)
        let b = try CarbonCSV.read(contentsOf: path, options: o)
        #expect(a == b)
        #expect(a.timestamps.first == 1_685_570_400)  // 2023-05-31T22:00:00Z
        let quarter = try a.trace().resampled(step: 900)
        #expect(quarter.count == 288)
        #expect(throws: CarbonError.self) { try CarbonCSV.read(contentsOf: dir.appendingPathComponent("none.csv").path, options: o) }
    }
}
