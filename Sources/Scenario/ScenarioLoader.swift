import Carbon
import Foundation
import Hardware
import Planner
import Solvers
import Workloads

extension Scenario {
    /// Top-level keys of a scenario file.
    static let topLevelKeys = ["name", "description", "node", "workload", "arrivals", "carbon", "forecaster", "preset",
                               "presets", "epoch", "horizon", "start", "timezone", "solver", "initialTemperature"]

    /// Loads and validates the scenario file at `path` (YAML). Paths inside it (device or node
    /// files, CSV traces, a presets file) are relative to the file's folder. Errors name the
    /// file, the line, the dotted field and what is allowed; unknown keys are errors (with a
    /// suggestion when one is close). Throws the first error (``check(contentsOf:presetsFiles:)``
    /// collects several).
    public static func load(contentsOf path: String) throws(ScenarioError) -> Scenario {
        try parse(YAMLFile.load(path))
    }

    /// Parses scenario YAML `text`; `path` names it in messages and relative paths are resolved
    /// against its folder.
    public static func parse(yaml text: String, path: String) throws(ScenarioError) -> Scenario {
        try parse(YAMLFile.parse(text, path: path))
    }

    static func parse(_ doc: YAMLFile) throws(ScenarioError) -> Scenario {
        var errors: [ScenarioError] = []
        let scenario = parse(doc, collecting: &errors)
        if let first = errors.first { throw first }
        guard let scenario else { throw ScenarioError(field: "(document)", rule: "cannot be read as a scenario", file: doc.path) }
        return scenario
    }

    /// Parses `doc`, appending errors to `errors` instead of stopping at the first: every unknown
    /// top-level key, and the first error of each top-level section (node, workload, epoch,
    /// horizon, start, arrivals, carbon, forecaster, presets, preset, solver,
    /// initialTemperature), in the order `load` meets them. The cross-field rules
    /// (``validate()``) run only when every section was read. Returns the scenario when there
    /// were no errors.
    static func parse(_ doc: YAMLFile, collecting errors: inout [ScenarioError]) -> Scenario? {
        func attempt<T>(_ body: () throws(ScenarioError) -> T) -> T? {
            do { return try body() } catch {
                errors.append(error)
                return nil
            }
        }
        let folder = (doc.path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            if p.hasPrefix("/") { return p }
            return folder.isEmpty ? p : (folder as NSString).appendingPathComponent(p)
        }
        let rootMapping: YAMLFields?
        do throws(ScenarioError) { rootMapping = try doc.root.mapping(allowed: topLevelKeys, collecting: &errors) } catch {
            errors.append(error)
            return nil
        }
        guard let root = rootMapping else { return nil }
        var lines: [String: Int] = [:]
        func record(_ v: YAMLValue) {
            if let l = v.keyLine { lines[v.path] = l }
            if let m = v.node.mapping {
                for (k, child) in m {
                    if let key = k.scalar?.string {
                        record(YAMLValue(node: child, path: v.path.isEmpty ? key : "\(v.path).\(key)", file: v.file, keyLine: k.mark?.line))
                    }
                }
            }
        }
        record(doc.root)

        let givenName: String?? = attempt { () throws(ScenarioError) -> String? in try root.optional("name")?.string() }
        let name = (givenName ?? nil) ?? ((doc.path as NSString).lastPathComponent as NSString).deletingPathExtension
        let description: String?? = attempt { () throws(ScenarioError) -> String? in try root.optional("description")?.string() }
        let summary = description ?? nil

        // Carbon first: its kind sets the default time zone.
        let carbonValue = attempt { () throws(ScenarioError) in try root.required("carbon", "a region or a CSV trace") }
        let carbonFields = carbonValue.flatMap { v in
            attempt { () throws(ScenarioError) in
                try v.mapping(allowed: ["region", "peakHours", "csv", "json", "format", "signal", "fallback", "timestampColumn",
                                        "intensityColumn", "forecastColumn", "timezone"])
            }
        }
        let isRegion = carbonFields?.has("region") ?? false
        let timezone: Double?? = attempt { () throws(ScenarioError) -> Double? in try root.optional("timezone")?.utcOffset() }
        let utcOffset: Double = (timezone ?? nil) ?? (isRegion ? 8 * 3600 : 0)

        let node = attempt { () throws(ScenarioError) in try readNode(root.required("node"), resolve: resolve) }
        let workload = attempt { () throws(ScenarioError) in try readWorkload(root.required("workload")) }
        let epoch = attempt { () throws(ScenarioError) -> Double in
            let epochValue = try root.required("epoch", "e.g. 15m")
            let epoch = try epochValue.quantity(.duration)
            guard epoch > 0 else { throw epochValue.error("must be a positive duration (got \(epoch) s)") }
            return epoch
        }
        let horizon = attempt { () throws(ScenarioError) -> Int in
            let horizonValue = try root.required("horizon", "epochs")
            let horizon = try horizonValue.int()
            guard horizon >= 1 else { throw horizonValue.error("must be at least 1 epoch (got \(horizon))") }
            return horizon
        }
        let start = attempt { () throws(ScenarioError) in
            try root.required("start", "e.g. 2023-06-01T00:00:00+08:00").time(utcOffset: utcOffset)
        }

        let arrivals = attempt { () throws(ScenarioError) in
            try readArrivals(root.required("arrivals"), utcOffset: utcOffset, resolve: resolve)
        }
        let carbon = carbonFields.flatMap { fields in
            carbonValue.flatMap { owner in attempt { () throws(ScenarioError) in try readCarbon(fields, owner: owner, resolve: resolve) } }
        }
        var notices: [String] = []
        if case .csv(let c)? = carbon, c.isFallback {
            notices.append("notice: the carbon trace \(c.requestedPath) is absent; using the generated stand-in \(c.path) (synthetic, not measured data)")
        }

        let forecaster = attempt { () throws(ScenarioError) -> ForecasterChoice in
            guard let f = root.optional("forecaster") else { return .oracle }
            let s = try f.string()
            guard let choice = ForecasterChoice(rawValue: s) else {
                let names = ForecasterChoice.allCases.map(\.rawValue)
                throw f.error("unknown forecaster '\(s)'\(Suggest.didYouMean(s, names)); allowed: \(names.joined(separator: ", "))")
            }
            // Checked only against a carbon source that was read (its own error is already reported).
            if choice == .column, let carbon {
                guard case .csv(let c) = carbon, c.series.forecasts != nil else {
                    throw f.error("'column' needs a CSV carbon source with a forecastColumn")
                }
            }
            return choice
        }

        let presetsFileValue: String?? = attempt { () throws(ScenarioError) -> String? in
            guard let p = root.optional("presets") else { return nil }
            let path = resolve(try p.string())
            guard FileManager.default.fileExists(atPath: path) else {
                throw p.error("presets file '\(path)' does not exist (paths are relative to the scenario's folder)")
            }
            return path
        }
        let presetsFile = presetsFileValue ?? nil
        let preset = attempt { () throws(ScenarioError) in
            try readPreset(root.required("preset", "ecommerce, research, a user preset or inline parameters"))
        }

        let solver = attempt { () throws(ScenarioError) -> SolverChoice in
            guard let s = root.optional("solver") else { return .glpk }  // the planner's default (see EpochPlanner)
            let text = try s.string()
            guard let c = SolverChoice(rawValue: text), c != .auto else {
                throw s.error("unknown solver '\(text)'\(Suggest.didYouMean(text, ["glpk", "clp", "cbc"])); allowed: glpk, clp, cbc")
            }
            return c
        }
        let initialTemperature = attempt { () throws(ScenarioError) -> Double? in
            try root.optional("initialTemperature")?.quantity(.temperature)
        }

        guard errors.isEmpty, let (node, nodeSource) = node, let (workload, costParameters) = workload, let epoch, let horizon, let start,
              let (arrivals, deadline) = arrivals, let carbon, let forecaster, let preset, let solver,
              let initialTemperature
        else { return nil }
        var scenario = Scenario(name: name, node: node, nodeSource: nodeSource, workload: workload, arrivals: arrivals,
                                deferrableDeadline: deadline, carbon: carbon, forecaster: forecaster, preset: preset,
                                epochLength: epoch, horizon: horizon, start: start, utcOffset: utcOffset, solver: solver,
                                initialTemperature: initialTemperature)
        scenario.summary = summary
        scenario.costParameters = costParameters
        scenario.file = doc.path
        scenario.presetsFile = presetsFile
        scenario.notices = notices
        scenario.lines = lines
        do throws(ScenarioError) { try scenario.validate() } catch {
            errors.append(error)
            return nil
        }
        return scenario
    }

    // MARK: Node

    private static func readNode(_ value: YAMLValue, resolve: (String) -> String) throws(ScenarioError) -> (NodeSpec, String) {
        let f = try value.mapping(allowed: ["device", "file", "cards"])
        let cardsValue = f.optional("cards")
        let cards = try cardsValue?.int()
        if let c = cards, c < 1 { throw cardsValue!.error("must be at least 1 (got \(c))") }
        if let fileValue = f.optional("file") {
            guard !f.has("device") else { throw fileValue.error("give either 'device' or 'file', not both") }
            let path = resolve(try fileValue.string())
            var node: NodeSpec
            do { node = try NodeSpec.load(contentsOf: path) } catch {
                throw fileValue.error("node file: \(error)")
            }
            if let c = cards { node.cards = c }
            return (node, path)
        }
        let deviceValue = try f.required("device", "a device preset id (\(DevicePresets.ids.joined(separator: ", "))) or a device file")
        let text = try deviceValue.string()
        guard let c = cards else {
            throw ScenarioError(field: value.path + ".cards", rule: "is required but missing (cards in the node)", file: value.file, line: value.keyLine)
        }
        let ext = (text as NSString).pathExtension.lowercased()
        if ["yaml", "yml", "json"].contains(ext) {
            let path = resolve(text)
            let device: DeviceSpec
            do { device = try DeviceSpec.load(contentsOf: path) } catch { throw deviceValue.error("device file: \(error)") }
            return (NodeSpec(device: device, cards: c, host: .typical), path)
        }
        guard let device = DevicePresets.named(text) else {
            throw deviceValue.error("unknown device preset '\(text)'\(Suggest.didYouMean(text, DevicePresets.ids)); known presets: \(DevicePresets.ids.joined(separator: ", ")), or a device file ending in .yaml, .yml or .json")
        }
        return (NodeSpec(device: device, cards: c, host: .typical), "preset \(device.id)")
    }

    // MARK: Workload

    private static func readWorkload(_ value: YAMLValue) throws(ScenarioError) -> (Workload, CostParameters) {
        let llmKeys = ["promptTokens", "outputTokens", "batching", "tokenBudget", "kvReadEfficiency"]
        let imageKeys = ["steps", "width", "height", "guidance"]
        let f = try value.mapping(allowed: ["model"] + llmKeys + imageKeys)
        let modelValue = try f.required("model", Workload.knownModelIDs.joined(separator: ", "))
        let id = try modelValue.string()
        func positive(_ key: String) throws(ScenarioError) -> Int {
            let v = try f.required(key)
            let n = try v.int()
            guard n >= 1 else { throw v.error("must be at least 1 (got \(n))") }
            return n
        }
        func reject(_ keys: [String], _ why: String) throws(ScenarioError) {
            for k in keys { if let v = f.optional(k) { throw v.error("applies only to \(why) models, not '\(id)'") } }
        }
        let workload: Workload
        switch id {
        case "llama-2-7b", "llama-2-70b":
            try reject(imageKeys, "image (sdxl)")
            workload = .language(id == "llama-2-7b" ? .llama2_7B : .llama2_70B,
                                 LLMRequestShape(promptTokens: try positive("promptTokens"), outputTokens: try positive("outputTokens")))
        case "sdxl":
            try reject(llmKeys, "language (llama-2-*)")
            let shape = ImageRequestShape(steps: try positive("steps"), width: try positive("width"), height: try positive("height"),
                                          guidance: try f.optional("guidance")?.bool() ?? true)
            workload = .diffusion(.sdxl, shape)
        default:
            throw modelValue.error("unknown model '\(id)'\(Suggest.didYouMean(id, Workload.knownModelIDs)); known models: \(Workload.knownModelIDs.joined(separator: ", "))")
        }
        do { try workload.validate() } catch {
            let key = error.field.replacingOccurrences(of: "request.", with: "")
            throw (f.optional(key) ?? value).error(error.rule)
        }
        // Serving engine of a language model: static batches (default) or continuous batching.
        var parameters = CostParameters()
        let batching = try f.optional("batching").map { (v) throws(ScenarioError) -> String in
            let s = try v.string().lowercased()
            guard s == "static" || s == "continuous" else {
                throw v.error("unknown batching '\(s)'; allowed: static (one batch per operating point), continuous (iteration-level, with tokenBudget)")
            }
            return s
        } ?? "static"
        if batching == "continuous" {
            let budget = try f.optional("tokenBudget")?.int() ?? 8192
            parameters.continuousBatchingTokenBudget = budget
        } else if let v = f.optional("tokenBudget") {
            throw v.error("applies to batching: continuous")
        }
        if let v = f.optional("kvReadEfficiency") { parameters.kvReadEfficiency = try v.double() }
        do { try parameters.validate() } catch {
            let key = error.field.replacingOccurrences(of: "parameters.continuousBatchingTokenBudget", with: "tokenBudget")
                .replacingOccurrences(of: "parameters.", with: "")
            throw (f.optional(key) ?? value).error(error.rule)
        }
        return (workload, parameters)
    }

    // MARK: Arrivals

    private static func readArrivals(_ value: YAMLValue, utcOffset: Double,
                                     resolve: (String) -> String) throws(ScenarioError) -> ([WorkClass: ArrivalPattern], Double?) {
        let f = try value.mapping(allowed: WorkClass.allCases.map(\.description))
        var out: [WorkClass: ArrivalPattern] = [:]
        var deadline: Double?
        let common = ["rate", "amplitude", "peakHour", "trace", "timestampColumn", "rateColumn"]
        for c in WorkClass.allCases {
            guard let v = f.optional(c.description) else { out[c] = ArrivalPattern.none; continue }
            let extra = c == .deferrable ? ["deadline"] : c == .elastic ? ["unlimited"] : []
            let g = try v.mapping(allowed: common + extra)
            if let u = g.optional("unlimited"), try u.bool() {
                for k in common { if let x = g.optional(k) { throw x.error("cannot be combined with 'unlimited: true'") } }
                out[c] = .unlimited
                continue
            }
            if let t = g.optional("trace") {
                for k in ["rate", "amplitude", "peakHour"] { if let x = g.optional(k) { throw x.error("cannot be combined with 'trace'") } }
                let written = try t.string()
                let path = resolve(written)
                guard FileManager.default.fileExists(atPath: path) else {
                    throw t.error("arrival trace '\(path)' does not exist (paths are relative to the scenario's folder)")
                }
                let rateColumn = try g.required("rateColumn", "the column holding requests/s").string()
                do {
                    out[c] = .trace(try ArrivalRateTrace.read(path: path, displayPath: path, timestampColumn: g.optional("timestampColumn")?.string(),
                                                          rateColumn: rateColumn, utcOffset: utcOffset))
                } catch {
                    throw error.file == nil ? t.error(error.rule) : error
                }
            } else {
                let rateValue = try g.required("rate", "mean requests/s, e.g. 2 or 120/min")
                let rate = try rateValue.quantity(.rate)
                guard rate >= 0 else { throw rateValue.error("must be a rate ≥ 0 requests/s (got \(rate))") }
                let ampValue = g.optional("amplitude")
                let amplitude = try ampValue?.double() ?? 0
                guard amplitude >= 0, amplitude <= 1 else { throw ampValue!.error("must be in [0, 1] (got \(amplitude))") }
                let peakValue = g.optional("peakHour")
                let peak = try peakValue?.double() ?? 12
                guard peak >= 0, peak < 24 else { throw peakValue!.error("must be an hour in [0, 24) (got \(peak))") }
                out[c] = .diurnal(DiurnalPattern(meanRate: rate, amplitude: amplitude, peakHour: peak))
            }
            if c == .deferrable {
                let d = try g.required("deadline", "how long deferrable work may wait, e.g. 8h")
                let seconds = try d.quantity(.duration)
                guard seconds > 0 else { throw d.error("must be a positive duration (got \(seconds) s)") }
                deadline = seconds
            }
        }
        return (out, deadline)
    }

    // MARK: Carbon

    private static func readCarbon(_ f: YAMLFields, owner: YAMLValue,
                                   resolve: (String) -> String) throws(ScenarioError) -> ScenarioCarbonSource {
        if let r = f.optional("region") {
            for k in ["csv", "json", "format", "signal", "fallback", "timestampColumn", "intensityColumn", "forecastColumn", "timezone"] {
                if let x = f.optional(k) { throw x.error("applies to a trace file, not a region") }
            }
            let text = try r.string()
            let names = RegionalIntensityTable.Region.allCases.map(\.rawValue)
            guard let region = RegionalIntensityTable.Region(rawValue: text.lowercased()) else {
                throw r.error("unknown region '\(text)'\(Suggest.didYouMean(text, names)); known regions: \(names.joined(separator: ", ")) (or give a CSV trace with 'csv')")
            }
            var peak = DailyWindow.defaultPeak
            if let p = f.optional("peakHours") {
                let hours = try p.list()
                guard hours.count == 2 else { throw p.error("must be [start hour, end hour] in local time, e.g. [8, 22]") }
                let a = try hours[0].double(), b = try hours[1].double()
                do { peak = try DailyWindow(startHour: a, endHour: b) } catch { throw p.error("hours must be in 0…24 (got [\(a), \(b)])") }
            }
            do { return .region(try RegionalIntensityTable(region: region, peak: peak)) } catch { throw r.error("\(error)") }
        }
        if let c = f.optional("csv"), f.optional("json") != nil {
            throw c.error("give either 'csv' or 'json', not both")
        }
        guard let csvValue = f.optional("csv") ?? f.optional("json") else {
            throw ScenarioError(field: owner.path + ".region", rule: "is required but missing: give 'region' (beijing, sichuan), 'csv' (a trace file) or 'json' (a saved WattTime or Carbon Aware SDK response)",
                                file: owner.file, line: owner.keyLine)
        }
        let isJSON = f.optional("json") != nil
        if let p = f.optional("peakHours") { throw p.error("applies to a region, not a trace file") }
        let signal = try f.optional("signal").map { (v) throws(ScenarioError) -> CarbonSignal in
            let s = try v.string()
            guard let x = CarbonSignal(rawValue: s.lowercased()) else {
                throw v.error("unknown signal '\(s)'; allowed: \(CarbonSignal.allCases.map(\.rawValue).joined(separator: ", ")) (average: Electricity Maps, WattTime co2_aoer; marginal: WattTime co2_moer)")
            }
            return x
        }
        let format: CarbonFeedFormat
        if isJSON {
            for k in ["timestampColumn", "intensityColumn", "forecastColumn", "timezone", "fallback"] {
                if let x = f.optional(k) { throw x.error("applies to a CSV trace, not a JSON feed (JSON times carry their zone)") }
            }
            let v = try f.required("format", "watttime or carbon-aware-sdk")
            let s = try v.string()
            guard let x = CarbonFeedFormat(rawValue: s.lowercased()), x != .csv else {
                throw v.error("unknown JSON feed format '\(s)'; allowed: watttime (v3 /historical or /forecast, v2 /data), carbon-aware-sdk (/emissions/bylocation, /emissions/forecasts/current)")
            }
            format = x
        } else {
            if let v = f.optional("format") {
                let s = try v.string()
                guard s.lowercased() == "csv" else { throw v.error("a 'csv' trace has format csv (got '\(s)'); use 'json' for watttime or carbon-aware-sdk files") }
            }
            format = .csv
        }
        let requested = try csvValue.string()
        var path = resolve(requested)
        var isFallback = false
        var valueForErrors = csvValue
        if !FileManager.default.fileExists(atPath: path) {
            guard let fb = f.optional("fallback") else {
                throw csvValue.error("carbon trace '\(path)' does not exist (paths are relative to the scenario's folder; add 'fallback' to name a stand-in)")
            }
            let fallback = resolve(try fb.string())
            guard FileManager.default.fileExists(atPath: fallback) else {
                throw fb.error("neither the carbon trace '\(path)' nor the fallback '\(fallback)' exists")
            }
            path = fallback
            isFallback = true
            valueForErrors = fb
        }
        let feed: CarbonFeed
        if isJSON {
            do { feed = try CarbonFeedReader.read(contentsOf: path, format: format, signal: signal) } catch {
                throw valueForErrors.error("cannot use the carbon feed: \(error)")
            }
        } else {
            let offset = try f.optional("timezone")?.utcOffset() ?? 0
            let options = CarbonCSV.Options(timestampColumn: try f.optional("timestampColumn")?.string(),
                                            intensityColumn: try f.required("intensityColumn", "the intensity column's header name").string(),
                                            forecastColumn: try f.optional("forecastColumn")?.string(), utcOffset: offset)
            do { feed = try CarbonFeedReader.read(contentsOf: path, format: .csv, signal: signal, csvOptions: options) } catch {
                throw valueForErrors.error("cannot use the carbon trace: \(error)")
            }
        }
        return .csv(CSVCarbonSource(requestedPath: requested, path: path, isFallback: isFallback, series: feed.series,
                                    format: feed.format, signal: feed.signal, unitNote: feed.unitNote))
    }

    // MARK: Preset

    private static func readPreset(_ value: YAMLValue) throws(ScenarioError) -> PresetSelection {
        if value.node.mapping == nil { return PresetSelection(base: try value.string()) }
        let f = try value.mapping(allowed: ["name", "inherits"] + PresetOverrides.keys)
        let overrides = try PresetOverrides.read(f)
        let base = try f.optional("inherits")?.string()
        if base == nil {
            for key in ["alpha", "beta", "latencySLO", "cardPowerCap", "accuracyLossCeiling", "thermalLimit"] {
                _ = try f.required(key, "an inline preset without 'inherits' sets every parameter")
            }
        }
        return PresetSelection(base: base, name: try f.optional("name")?.string(), overrides: overrides)
    }
}

extension YAMLValue {
    /// A UTC offset: `+08:00`, `-05:30`, `UTC`/`Z`, or a number of hours.
    func utcOffset() throws(ScenarioError) -> Double {
        let s = try string().trimmingCharacters(in: .whitespaces)
        if ["utc", "z", "gmt"].contains(s.lowercased()) { return 0 }
        if let h = Double(s), h.isFinite, abs(h) <= 18 { return h * 3600 }
        let body = s.uppercased().hasPrefix("UTC") ? String(s.dropFirst(3)) : s
        if let sign = body.first, sign == "+" || sign == "-" {
            let parts = body.dropFirst().split(separator: ":")
            let m = parts.count == 2 ? Int(parts[1]) : 0
            if parts.count <= 2, let h = Int(parts[0]), h <= 18, let m, (0..<60).contains(m) {
                return (sign == "-" ? -1 : 1) * Double(h * 3600 + m * 60)
            }
        }
        throw error("must be a UTC offset such as +08:00, -05:00 or UTC (got '\(s)')")
    }

    /// A point in time: ISO 8601 (`2023-06-01T00:00:00+08:00`, zone-less = `utcOffset`), or Unix s.
    func time(utcOffset: Double) throws(ScenarioError) -> Double {
        let s = try string()
        guard let t = TimestampParser.unixSeconds(Substring(s), utcOffset: utcOffset) else {
            throw error("must be a time such as 2023-06-01T00:00:00+08:00, '2023-06-01 00:00' (in the scenario's timezone) or Unix seconds (got '\(s)')")
        }
        return t
    }
}
