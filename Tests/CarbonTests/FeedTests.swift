import Foundation
import Testing
@testable import Carbon

/// WattTime and Carbon Aware SDK JSON feeds (shapes from the providers' documentation; the
/// values are made up for the tests).
@Suite struct FeedTests {
    static func parse(_ json: String, _ format: CarbonFeedFormat, signal: CarbonSignal? = nil) throws -> CarbonFeed {
        try CarbonFeedReader.parse(Data(json.utf8), source: "feed.json", format: format, signal: signal)
    }

    static func error(_ json: String, _ format: CarbonFeedFormat, signal: CarbonSignal? = nil) -> String {
        do {
            _ = try parse(json, format, signal: signal)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static let v3Historical = """
    {"data": [{"point_time": "2023-07-15T00:00:00+00:00", "value": 1000.0},
              {"point_time": "2023-07-15T00:05:00+00:00", "value": 900.0},
              {"point_time": "2023-07-15T00:10:00+00:00", "value": 0}],
     "meta": {"region": "CAISO_NORTH", "signal_type": "co2_moer", "units": "lbs_co2_per_mwh",
              "data_point_period_seconds": 300, "model": {"date": "2023-03-01"}, "warnings": []}}
    """

    @Test func wattTimeV3HistoricalIsMarginalAndConvertedFromPounds() throws {
        let f = try Self.parse(Self.v3Historical, .wattTime)
        #expect(f.signal == .marginal)
        #expect(!f.isForecast)
        #expect(f.region == "CAISO_NORTH")
        #expect(f.series.timestamps == [1_689_379_200, 1_689_379_500, 1_689_379_800])
        // 1000 lbs/MWh = 453.59237 kg/MWh = 453.59237 g/kWh.
        #expect(abs(f.series.intensities[0] - 453.592_37) < 1e-9)
        #expect(abs(f.series.intensities[1] - 408.233_133) < 1e-9)
        #expect(f.unitNote.contains("lbs_co2_per_mwh") && f.unitNote.contains("0.45359237"))
        #expect(f.summary.hasPrefix("marginal intensity"))
    }

    @Test func wattTimeForecastAndAverageSignal() throws {
        let forecast = """
        {"data": [{"point_time": "2023-07-15T00:05:00+00:00", "value": 500}],
         "meta": {"signal_type": "co2_moer", "units": "lbs_co2_per_mwh", "generated_at": "2023-07-15T00:00:00+00:00",
                  "generated_at_period_seconds": 300, "region": "CAISO_NORTH"}}
        """
        #expect(try Self.parse(forecast, .wattTime).isForecast)
        let aoer = Self.v3Historical.replacingOccurrences(of: "co2_moer", with: "co2_aoer")
            .replacingOccurrences(of: "lbs_co2_per_mwh", with: "kg_co2_per_mwh")
        let f = try Self.parse(aoer, .wattTime)
        #expect(f.signal == .average)
        #expect(f.series.intensities[0] == 1000)
        // Asking for the other signal than the file holds is an error naming the field.
        let e = Self.error(Self.v3Historical, .wattTime, signal: .average)
        #expect(e.contains("$.meta.signal_type") && e.contains("marginal"))
    }

    @Test func wattTimeV2DataArray() throws {
        let v2 = """
        [{"point_time": "2019-02-21T00:15:00.000Z", "value": 844, "frequency": 300, "market": "RTM", "ba": "CAISO_NORTH", "datatype": "MOER", "version": "3.0"},
         {"point_time": "2019-02-21T00:20:00.000Z", "value": 850, "frequency": 300, "market": "RTM", "ba": "CAISO_NORTH", "datatype": "MOER", "version": "3.0"}]
        """
        let f = try Self.parse(v2, .wattTime)
        #expect(f.signal == .marginal)
        #expect(f.region == "CAISO_NORTH")
        #expect(abs(f.series.intensities[0] - 844 * 0.453_592_37) < 1e-9)
    }

    @Test func carbonAwareSDKEmissionsAndForecast() throws {
        let emissions = """
        [{"location": "eastus", "time": "2022-05-17T20:45:00+00:00", "rating": 70, "duration": "00:05:00"},
         {"location": "eastus", "time": "2022-05-17T20:50:00+00:00", "rating": 64.5, "duration": "00:05:00"}]
        """
        let e = try Self.parse(emissions, .carbonAwareSDK, signal: .marginal)
        #expect(e.signal == .marginal)
        #expect(e.series.intensities == [70, 64.5])
        #expect(e.region == "eastus")
        let forecast = """
        [{"requestedAt": "2022-07-19T13:37:49+00:00", "generatedAt": "2022-07-19T13:35:00+00:00", "location": "northeurope",
          "windowSize": 10, "optimalDataPoints": [],
          "forecastData": [{"location": "IE", "timestamp": "2022-07-19T14:00:00+00:00", "duration": 10, "value": 532.02},
                           {"location": "IE", "timestamp": "2022-07-19T14:10:00+00:00", "duration": 10, "value": 535.73}]}]
        """
        let f = try Self.parse(forecast, .carbonAwareSDK, signal: .average)
        #expect(f.isForecast)
        #expect(f.series.intensities == [532.02, 535.73])
        // The SDK does not say which signal it relays: the caller must.
        #expect(Self.error(emissions, .carbonAwareSDK).contains("marginal or average"))
    }

    @Test func badInputNamesTheFieldAndWhatIsAllowed() {
        let cases: [(String, CarbonFeedFormat, String)] = [
            ("{\"meta\": {}}", .wattTime, "$.data is missing"),
            ("{\"data\": [], \"meta\": {\"units\": \"lbs_co2_per_mwh\"}}", .wattTime, "no data rows"),
            (Self.v3Historical.replacingOccurrences(of: "\"value\": 900.0", with: "\"value\": \"high\""), .wattTime,
             "$.data[1].value is 'high'; expected a finite number ≥ 0"),
            (Self.v3Historical.replacingOccurrences(of: "2023-07-15T00:10:00+00:00", with: "2023-07-15T00:00:00+00:00"), .wattTime,
             "$.data[2] is not later than $.data[1]"),
            (Self.v3Historical.replacingOccurrences(of: "lbs_co2_per_mwh", with: "percentile"), .wattTime,
             "$.meta.units is 'percentile'; expected lbs_co2_per_mwh"),
            (Self.v3Historical.replacingOccurrences(of: "co2_moer", with: "health_damage"), .wattTime,
             "$.meta.signal_type is 'health_damage'"),
            (Self.v3Historical.replacingOccurrences(of: "point_time\": \"2023-07-15T00:05", with: "point_time\": \"yesterday"), .wattTime,
             "$.data[1].point_time is 'yesterday"),
            ("[{\"location\": \"a\", \"time\": \"2022-05-17T20:45:00Z\", \"rating\": -1}]", .carbonAwareSDK, "$[0].rating is '-1'"),
            ("{\"oops\"", .wattTime, "$ is not valid JSON"),
        ]
        for (json, format, expected) in cases {
            let message = Self.error(json, format, signal: format == .carbonAwareSDK ? .average : nil)
            #expect(message.contains(expected), "\(message)")
            #expect(message.hasPrefix("feed.json"), "the file is named: \(message)")
        }
    }
}
