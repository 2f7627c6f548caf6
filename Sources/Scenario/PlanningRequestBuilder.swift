import Carbon
import Foundation
import Hardware
import Planner
import Workloads

/// Everything `Scenario.planningRequest` derived, for reports: the request plus the inputs
/// behind it that the request itself does not carry.
public struct ScenarioPlanningInput: Sendable {
    /// The planner's input for the first epoch.
    public var request: PlanningRequest
    /// The preset resolved from the scenario and any override.
    public var preset: SLAPreset
    /// The actual carbon intensity of the horizon's epochs, gCO₂/kWh (the forecast is in the request).
    public var actualCarbon: [Double]
    /// The initial die temperature per card, °C, and how it was obtained.
    public var temperatureSource: String
}

extension Scenario {
    /// The preset this scenario plans with, resolved against `library` (built-ins, plus the
    /// scenario's own presets file when it names one). `override` (a preset name) replaces the
    /// scenario's base preset but keeps its overrides.
    public func resolvePreset(library: PresetLibrary = PresetLibrary(), override: String? = nil) throws(ScenarioError) -> SLAPreset {
        var lib = library
        if let path = presetsFile {
            let own = try PresetLibrary.load(contentsOf: path)
            for (p, origin) in zip(own.presets, own.origins) where lib.preset(named: p.name) == nil {
                lib.append(p, origin: origin)
            }
        }
        let baseName = override ?? preset.base
        let base: SLAPreset
        if let baseName {
            guard let p = lib.preset(named: baseName) else {
                let field = override != nil ? "--preset" : "preset"
                throw ScenarioOverride.attribute(ScenarioError(field: field, rule: "unknown preset '\(baseName)'\(Suggest.didYouMean(baseName, lib.names)); known presets: \(lib.names.joined(separator: ", "))",
                                    file: override != nil ? nil : file, line: override != nil ? nil : line(of: "preset")), to: override != nil ? [] : overrides)
            }
            base = p
        } else {
            base = SLAPreset(name: "custom", alpha: 0, beta: 0, latencySLO: 0, cardPowerCap: 0, accuracyLossCeiling: 0, thermalLimit: 0)
        }
        let resolved = preset.overrides.applied(to: base, name: override == nil ? preset.name : nil)
        do { try resolved.validate() } catch {
            let (f, rule) = PresetLibrary.split(error)
            let key = f.hasPrefix("preset.") ? String(f.dropFirst("preset.".count)) : f
            throw self.error("preset.\(key)", rule)
        }
        return resolved
    }

    /// Initial die temperature of every card, °C: the scenario's `initialTemperature`, or the
    /// steady state at idle power (ambient + the hottest core's idle rise), and a description.
    public func initialTemperatures() throws(ScenarioError) -> ([Double], String) {
        if let t = initialTemperature { return (Array(repeating: t, count: node.cards), "given (initialTemperature)") }
        let device = node.device
        do {
            let die = try DieThermalModel(device: device, tick: 0.01)
            let t = die.steadyStateMaxCoreTemperature(power: device.power.idle / Double(device.dies))
            return (Array(repeating: t, count: node.cards),
                    "idle steady state: ambient \(device.thermal.ambient.shortText) °C + idle rise")
        } catch {
            throw self.error("node", "cannot compute the idle temperature: \(error)")
        }
    }

    /// Expected arrivals per class for the `horizon` epochs from `epochStart` (requests per
    /// epoch; `.infinity` for unlimited elastic work).
    public func arrivalForecast(epochStart: Double) throws(ScenarioError) -> [WorkClass: [Double]] {
        var out: [WorkClass: [Double]] = [:]
        for c in WorkClass.allCases {
            let process = arrivals[c] ?? ArrivalPattern.none
            var counts: [Double] = []
            for h in 0..<horizon {
                let a = epochStart + Double(h) * epochLength
                do { counts.append(try process.expectedCount(from: a, to: a + epochLength, utcOffset: utcOffset)) } catch {
                    throw self.error("arrivals.\(c).trace", error.rule)
                }
            }
            out[c] = counts
        }
        return out
    }

    /// Deferrable deadline in whole epochs (rounded down, at least 1, at most the horizon: a
    /// deadline past the horizon is planned as "by the horizon's end"); 1 when unused.
    public var deferrableDeadlineEpochs: Int {
        guard let d = deferrableDeadline else { return 1 }
        return min(horizon, max(1, Int((d / epochLength * (1 + 1e-12)).rounded(.down))))
    }

    /// The planner's input for the first epoch of the horizon: the operating-point catalog
    /// (`OperatingPointCatalog.cached`), the carbon forecast from the source and forecaster,
    /// the expected arrivals per epoch from the rate functions, the initial temperatures, an
    /// empty deferrable backlog and the resolved preset.
    /// - Parameters:
    ///   - library: presets to resolve the scenario's preset against.
    ///   - presetOverride: a preset name replacing the scenario's base preset.
    ///   - epochLength: replaces the scenario's epoch length, s (e.g. from `--epoch`).
    public func planningRequest(library: PresetLibrary = PresetLibrary(), presetOverride: String? = nil,
                                epochLength override: Double? = nil) throws(ScenarioError) -> ScenarioPlanningInput {
        var s = self
        if let e = override {
            guard e.isFinite, e > 0 else { throw ScenarioError(field: "--epoch", rule: "must be a positive duration (got \(e) s)") }
            s.epochLength = e
            try s.validate()
        }
        let preset = try s.resolvePreset(library: library, override: presetOverride)
        let catalog: OperatingPointCatalog
        do { catalog = try OperatingPointCatalog.cached(node: s.node, workload: s.workload, parameters: s.costParameters) } catch {
            throw s.error("workload", "cannot build the operating points: \(error)")
        }
        let (forecast, actual) = try s.carbonForecast(epochStart: s.start)
        let arrivals = try s.arrivalForecast(epochStart: s.start)
        let (temperatures, how) = try s.initialTemperatures()
        let request = PlanningRequest(catalog: catalog, cards: s.node.cards, epochStart: s.start, epochLength: s.epochLength,
                                      horizon: s.horizon, carbonForecast: forecast, arrivals: arrivals, deferrableBacklog: 0,
                                      deferrableDeadline: s.deferrableDeadlineEpochs, temperatures: temperatures, preset: preset)
        return ScenarioPlanningInput(request: request, preset: preset, actualCarbon: actual, temperatureSource: how)
    }
}

extension PresetLibrary {
    /// Adds one preset (its name must be new).
    public mutating func add(_ preset: SLAPreset, origin: PresetOrigin = .builtIn) throws(ScenarioError) {
        guard self.preset(named: preset.name) == nil else {
            throw ScenarioError(field: "name", rule: "preset '\(preset.name)' is already defined")
        }
        append(preset, origin: origin)
    }
}
