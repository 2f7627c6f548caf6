import Foundation

/// Which quantity a carbon-intensity series measures.
///
/// *Average* intensity is the emissions of all generation divided by the energy generated
/// (Electricity Maps' exports, WattTime `co2_aoer`); it is what emission inventories use.
/// *Marginal* intensity is the emission rate of the generators that respond to a change in load
/// (WattTime's MOER, `co2_moer`); it is what a load-shifting decision changes. The two differ by
/// a factor of two or more in many grids, so reports name the one in use.
public enum CarbonSignal: String, Sendable, Codable, CaseIterable {
    /// Average (attributional) intensity.
    case average
    /// Marginal (consequential) intensity, e.g. WattTime's MOER.
    case marginal
}

/// The file formats carbon feeds are read from.
public enum CarbonFeedFormat: String, Sendable, Codable, CaseIterable {
    /// A CSV export (Electricity Maps, ENTSO-E/SMARD, …), read by ``CarbonCSV``.
    case csv
    /// A saved WattTime API response: v3 `/historical` or `/forecast` (`{"data": [...], "meta": {...}}`),
    /// or a v2 `/data` array.
    case wattTime = "watttime"
    /// A saved Green Software Foundation Carbon Aware SDK response: `/emissions/bylocation(s)`
    /// (an array of `{location, time, rating, duration}`) or `/emissions/forecasts/current`
    /// (an array of `{generatedAt, location, forecastData: [{timestamp, duration, value}]}`).
    case carbonAwareSDK = "carbon-aware-sdk"
}

/// A series read from a feed file with what it measures and how its unit was converted.
public struct CarbonFeed: Sendable, Equatable {
    /// The samples, gCO₂/kWh.
    public var series: CarbonSeries
    /// The format read.
    public var format: CarbonFeedFormat
    /// Average or marginal intensity.
    public var signal: CarbonSignal
    /// The unit the file gave and the conversion applied, e.g. "lbs_co2_per_mwh × 0.45359237 → gCO2/kWh".
    public var unitNote: String
    /// Whether the file is a forecast (a WattTime `/forecast` or Carbon Aware SDK forecast response).
    public var isForecast: Bool
    /// The file's region or location, when it names one.
    public var region: String?

    /// A feed description.
    public init(series: CarbonSeries, format: CarbonFeedFormat, signal: CarbonSignal, unitNote: String,
                isForecast: Bool, region: String?) {
        self.series = series
        self.format = format
        self.signal = signal
        self.unitNote = unitNote
        self.isForecast = isForecast
        self.region = region
    }

    /// One line for reports: "marginal intensity (WattTime co2_moer), lbs_co2_per_mwh × 0.4536 → gCO2/kWh, 288 samples".
    public var summary: String {
        "\(signal.rawValue) intensity, \(format.rawValue)\(isForecast ? " forecast" : "")\(region.map { " for \($0)" } ?? ""), "
            + "\(unitNote), \(series.timestamps.count) samples"
    }
}

/// Reads the JSON responses of the WattTime and Carbon Aware SDK APIs saved to files.
///
/// Shapes (checked against the providers' documentation, see docs/ARCHITECTURE.md, Carbon):
/// - WattTime v3 `/historical` and `/forecast`: `{"data": [{"point_time": ISO 8601, "value": n}, …],
///   "meta": {"signal_type": "co2_moer" | "co2_aoer", "units": "lbs_co2_per_mwh", "region": …,
///   "generated_at": …}}`. The signal comes from `signal_type` (`co2_moer` marginal, `co2_aoer`
///   average; `health_damage` is refused: it is not a carbon intensity).
/// - WattTime v2 `/data`: an array of `{"point_time", "value", "datatype": "MOER", "ba"}`; v2 MOER
///   values are lbs CO₂/MWh.
/// - Carbon Aware SDK emissions: an array of `{"location", "time", "rating", "duration"}`,
///   ratings in g/kWh; forecasts: an array of `{"generatedAt", "location", "forecastData":
///   [{"timestamp", "duration", "value"}]}` (the first forecast of the file is read). The SDK
///   relays whichever provider it is configured with (WattTime: marginal; Electricity Maps:
///   average), so the caller must say which signal the file holds.
///
/// Units become gCO₂/kWh: lbs/MWh × 0.45359237 (1 lb = 0.45359237 kg, 1 kg/MWh = 1 g/kWh),
/// kg/MWh × 1, g/kWh × 1. Errors name the file, the JSON path of the offending field and what
/// is allowed. Samples must be strictly increasing in time.
public enum CarbonFeedReader {
    /// Reads `path` as `format`. `signal` overrides (WattTime) or supplies (Carbon Aware SDK, CSV)
    /// the signal; a WattTime file whose `signal_type` contradicts it is an error. `csvOptions`
    /// applies to CSV files only.
    public static func read(contentsOf path: String, format: CarbonFeedFormat, signal: CarbonSignal? = nil,
                            csvOptions: CarbonCSV.Options? = nil) throws(CarbonError) -> CarbonFeed {
        if format == .csv {
            guard let csvOptions else {
                throw .invalidArgument(name: "CSV options", value: "none", allowed: "the intensity column of a CSV feed")
            }
            let series = try CarbonCSV.read(contentsOf: path, options: csvOptions)
            let note: String
            if let u = CarbonCSV.unit(in: csvOptions.intensityColumn),
               let scale = try? CarbonCSV.unitScale(csvOptions.intensityColumn, file: path, line: 0) {
                note = scale == 1 ? "\(u) (column header) = gCO2/kWh" : "\(u) (column header) × \(scale) → gCO2/kWh"
            } else {
                note = "unit from the column header → gCO2/kWh (none given: taken as gCO2/kWh)"
            }
            return CarbonFeed(series: series, format: .csv, signal: signal ?? .average, unitNote: note,
                              isForecast: false, region: nil)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(file: path, reason: "\(error.localizedDescription)")
        }
        return try parse(data, source: path, format: format, signal: signal)
    }

    /// Parses JSON `data`; `source` names it in messages.
    public static func parse(_ data: Data, source: String, format: CarbonFeedFormat,
                             signal: CarbonSignal? = nil) throws(CarbonError) -> CarbonFeed {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw .badField(file: source, field: "$", problem: "is not valid JSON (\(error.localizedDescription))",
                            allowed: "a saved \(format.rawValue) API response")
        }
        switch format {
        case .wattTime: return try wattTime(root, source: source, signal: signal)
        case .carbonAwareSDK: return try carbonAwareSDK(root, source: source, signal: signal)
        case .csv:
            throw .invalidArgument(name: "format", value: "csv", allowed: "watttime or carbon-aware-sdk for JSON")
        }
    }

    // MARK: WattTime

    static func wattTime(_ root: Any, source: String, signal: CarbonSignal?) throws(CarbonError) -> CarbonFeed {
        let points: [Any], meta: [String: Any]?, base: String
        if let object = root as? [String: Any] {
            guard let d = object["data"] else {
                throw .badField(file: source, field: "$.data", problem: "is missing",
                                allowed: "a v3 response {\"data\": [...], \"meta\": {...}} or a v2 array")
            }
            guard let list = d as? [Any] else {
                throw .badField(file: source, field: "$.data", problem: "is not an array", allowed: "an array of {point_time, value}")
            }
            points = list
            meta = object["meta"] as? [String: Any]
            base = "$.data"
            if meta == nil {
                throw .badField(file: source, field: "$.meta", problem: "is missing or not an object",
                                allowed: "the v3 meta stanza with signal_type and units")
            }
        } else if let list = root as? [Any] {
            points = list  // v2 /data
            meta = nil
            base = "$"
        } else {
            throw .badField(file: source, field: "$", problem: "is neither an object nor an array",
                            allowed: "a v3 response {\"data\": [...], \"meta\": {...}} or a v2 array")
        }
        // Signal and unit.
        let fileSignal: CarbonSignal
        let unit: String, scale: Double
        if let meta {
            let type = meta["signal_type"] as? String ?? "co2_moer"  // the API's default
            switch type {
            case "co2_moer": fileSignal = .marginal
            case "co2_aoer": fileSignal = .average
            default:
                throw .badField(file: source, field: "$.meta.signal_type", problem: "is '\(type)'",
                                allowed: "co2_moer (marginal) or co2_aoer (average)")
            }
            guard let u = meta["units"] as? String else {
                throw .badField(file: source, field: "$.meta.units", problem: "is missing", allowed: "lbs_co2_per_mwh, kg_co2_per_mwh or g_co2_per_kwh")
            }
            unit = u
            switch u.lowercased() {
            case "lbs_co2_per_mwh", "lb_co2_per_mwh": scale = poundInKilograms
            case "kg_co2_per_mwh", "g_co2_per_kwh": scale = 1
            default:
                throw .badField(file: source, field: "$.meta.units", problem: "is '\(u)'",
                                allowed: "lbs_co2_per_mwh, kg_co2_per_mwh or g_co2_per_kwh")
            }
        } else {
            // v2 /data: MOER in lbs/MWh.
            if let first = points.first as? [String: Any], let t = first["datatype"] as? String, t.uppercased() != "MOER" {
                throw .badField(file: source, field: "$[0].datatype", problem: "is '\(t)'", allowed: "MOER (v2 /data)")
            }
            fileSignal = .marginal
            unit = "lbs/MWh (v2 MOER)"
            scale = poundInKilograms
        }
        if let signal, signal != fileSignal {
            throw .badField(file: source, field: meta == nil ? "$[*].datatype" : "$.meta.signal_type",
                            problem: "says \(fileSignal.rawValue) intensity but \(signal.rawValue) was asked for",
                            allowed: "the signal the file holds (or leave it unset)")
        }
        var times: [Double] = [], values: [Double] = []
        for (i, p) in points.enumerated() {
            let path = "\(base)[\(i)]"
            guard let o = p as? [String: Any] else {
                throw .badField(file: source, field: path, problem: "is not an object", allowed: "{\"point_time\": …, \"value\": …}")
            }
            times.append(try time(o, "point_time", path: path, source: source))
            values.append(try number(o, "value", path: path, source: source) * scale)
        }
        let region = (meta?["region"] as? String) ?? ((points.first as? [String: Any])?["ba"] as? String)
        let series = try makeSeries(source: source, base: base, times: times, values: values)
        let isForecast = meta?["generated_at"] != nil
        let note = scale == 1 ? "\(unit) = gCO2/kWh" : "\(unit) × \(poundInKilograms) → gCO2/kWh"
        return CarbonFeed(series: series, format: .wattTime, signal: fileSignal, unitNote: note,
                          isForecast: isForecast, region: region)
    }

    // MARK: Carbon Aware SDK

    static func carbonAwareSDK(_ root: Any, source: String, signal: CarbonSignal?) throws(CarbonError) -> CarbonFeed {
        guard let signal else {
            throw .badField(file: source, field: "signal", problem: "is not given",
                            allowed: "marginal or average: the Carbon Aware SDK relays its configured provider (WattTime: marginal, Electricity Maps: average)")
        }
        guard let list = root as? [Any] else {
            throw .badField(file: source, field: "$", problem: "is not an array",
                            allowed: "an /emissions/bylocation array or an /emissions/forecasts/current array")
        }
        guard let first = list.first else { throw .noDataRows(file: source) }
        var times: [Double] = [], values: [Double] = []
        var region: String?
        let base: String
        var isForecast = false
        if let f = first as? [String: Any], f["forecastData"] != nil {
            isForecast = true
            base = "$[0].forecastData"
            guard let data = f["forecastData"] as? [Any] else {
                throw .badField(file: source, field: base, problem: "is not an array", allowed: "an array of {timestamp, duration, value}")
            }
            region = f["location"] as? String
            for (i, p) in data.enumerated() {
                let path = "\(base)[\(i)]"
                guard let o = p as? [String: Any] else {
                    throw .badField(file: source, field: path, problem: "is not an object", allowed: "{\"timestamp\": …, \"value\": …}")
                }
                times.append(try time(o, "timestamp", path: path, source: source))
                values.append(try number(o, "value", path: path, source: source))
            }
        } else {
            base = "$"
            for (i, p) in list.enumerated() {
                let path = "$[\(i)]"
                guard let o = p as? [String: Any] else {
                    throw .badField(file: source, field: path, problem: "is not an object", allowed: "{\"location\", \"time\", \"rating\", \"duration\"}")
                }
                if i == 0 { region = o["location"] as? String }
                if let l = o["location"] as? String, let r = region, l != r {
                    throw .badField(file: source, field: "\(path).location", problem: "is '\(l)' after '\(r)'",
                                    allowed: "one location per file")
                }
                times.append(try time(o, "time", path: path, source: source))
                values.append(try number(o, "rating", path: path, source: source))
            }
        }
        let series = try makeSeries(source: source, base: base, times: times, values: values)
        return CarbonFeed(series: series, format: .carbonAwareSDK, signal: signal, unitNote: "g/kWh (the SDK's unit) = gCO2/kWh",
                          isForecast: isForecast, region: region)
    }

    // MARK: Fields

    /// 1 lb = 0.45359237 kg exactly (international avoirdupois pound), so lbs/MWh × 0.45359237 = kg/MWh = g/kWh.
    public static let poundInKilograms = 0.453_592_37

    static func time(_ o: [String: Any], _ key: String, path: String, source: String) throws(CarbonError) -> Double {
        guard let v = o[key] else {
            throw .badField(file: source, field: "\(path).\(key)", problem: "is missing", allowed: "an ISO 8601 time such as 2023-01-01T00:00:00+00:00")
        }
        guard let s = v as? String, let t = TimestampParser.unixSeconds(Substring(s)) else {
            throw .badField(file: source, field: "\(path).\(key)", problem: "is '\(v)'", allowed: "an ISO 8601 time such as 2023-01-01T00:00:00+00:00")
        }
        return t
    }

    static func number(_ o: [String: Any], _ key: String, path: String, source: String) throws(CarbonError) -> Double {
        guard let v = o[key] else {
            throw .badField(file: source, field: "\(path).\(key)", problem: "is missing", allowed: "a finite number ≥ 0")
        }
        guard let n = v as? NSNumber, n.doubleValue.isFinite, n.doubleValue >= 0 else {
            throw .badField(file: source, field: "\(path).\(key)", problem: "is '\(v)'", allowed: "a finite number ≥ 0")
        }
        return n.doubleValue
    }

    static func makeSeries(source: String, base: String, times: [Double], values: [Double]) throws(CarbonError) -> CarbonSeries {
        guard !times.isEmpty else { throw .noDataRows(file: source) }
        for i in 1..<times.count where !(times[i] > times[i - 1]) {
            throw .badField(file: source, field: "\(base)[\(i)]", problem: "is not later than \(base)[\(i - 1)]",
                            allowed: "strictly increasing times")
        }
        return try CarbonSeries(source: source, timestamps: times, intensities: values)
    }
}
