import Foundation
import Planner
import Workloads

/// A presets file that was read, and the presets it defined.
public struct PresetsFileRead: Sendable, Hashable {
    /// The path as given (or as resolved from the scenario's folder).
    public var path: String
    /// The names of its presets, in file order.
    public var presets: [String]
}

/// What ``Scenario/check(contentsOf:presetsFiles:)`` read and every error it found.
public struct ScenarioCheck: Sendable {
    /// The scenario, when its file loaded without errors.
    public var scenario: Scenario?
    /// The preset the scenario plans with, resolved against every presets file.
    public var preset: SLAPreset?
    /// The presets files read: the extra ones given, then the scenario's own.
    public var presetsFiles: [PresetsFileRead] = []
    /// Operating points of the workload on one card of the node (offered to the planner).
    public var operatingPoints: Int?
    /// Every error found, in the order met; empty when the scenario is valid.
    public var errors: [ScenarioError] = []

    /// Whether nothing is wrong.
    public var isValid: Bool { errors.isEmpty }
}

extension Scenario {
    /// Checks a scenario file and every file it names, without planning: the YAML (every unknown
    /// top-level key, and the first error of each top-level section — see
    /// `parse(_:collecting:)`), the node or device file, CSV carbon and arrival traces (read at
    /// load), the presets files (`presetsFiles` first, then the scenario's own), the preset,
    /// the operating points, the carbon trace's coverage of start + horizon + the forecaster's
    /// history, the expected arrivals, the initial temperatures and the first epoch's planning
    /// request (`PlanningRequest.validate()`). Within one section, or one presets file, only the
    /// first error is found. Never throws: errors are in ``ScenarioCheck/errors``.
    public static func check(contentsOf path: String, presetsFiles: [String] = []) -> ScenarioCheck {
        check(presetsFiles: presetsFiles) { () throws(ScenarioError) in try YAMLFile.load(path) }
    }

    /// As ``check(contentsOf:presetsFiles:)`` for scenario YAML `text` (e.g. a request body);
    /// `path` names it in messages and relative paths resolve against its folder.
    public static func check(yaml text: String, path: String, presetsFiles: [String] = []) -> ScenarioCheck {
        check(presetsFiles: presetsFiles) { () throws(ScenarioError) in try YAMLFile.parse(text, path: path) }
    }

    private static func check(presetsFiles: [String], document: () throws(ScenarioError) -> YAMLFile) -> ScenarioCheck {
        var result = ScenarioCheck()
        func attempt<T>(_ body: () throws(ScenarioError) -> T) -> T? {
            do { return try body() } catch {
                result.errors.append(error)
                return nil
            }
        }
        var library = PresetLibrary()
        for file in presetsFiles {
            let before = Set(library.names)
            if attempt({ () throws(ScenarioError) in try library.add(contentsOf: file) }) != nil {
                result.presetsFiles.append(PresetsFileRead(path: file, presets: library.names.filter { !before.contains($0) }))
            }
        }
        guard let doc = attempt(document) else { return result }
        guard let scenario = parse(doc, collecting: &result.errors) else { return result }
        result.scenario = scenario

        var ownPresetsRead = true
        if let own = scenario.presetsFile {
            if let lib = attempt({ () throws(ScenarioError) in try PresetLibrary.load(contentsOf: own) }) {
                let defined = zip(lib.presets, lib.origins).filter { $0.1 != .builtIn }.map(\.0.name)
                result.presetsFiles.append(PresetsFileRead(path: own, presets: defined))
            } else {
                ownPresetsRead = false  // resolving the preset would report the same error again
            }
        }
        if ownPresetsRead {
            result.preset = attempt { () throws(ScenarioError) in try scenario.resolvePreset(library: library) }
        }
        do {
            result.operatingPoints = try OperatingPointCatalog.cached(node: scenario.node, workload: scenario.workload, parameters: scenario.costParameters).points.count
        } catch {
            result.errors.append(scenario.error("workload", "cannot build the operating points: \(error)"))
        }
        let carbon = attempt { () throws(ScenarioError) in try scenario.carbonForecast(epochStart: scenario.start) }
        let arrivals = attempt { () throws(ScenarioError) in try scenario.arrivalForecast(epochStart: scenario.start) }
        let temperatures = attempt { () throws(ScenarioError) in try scenario.initialTemperatures() }
        // The request itself, only when every input above was read (else its error repeats theirs).
        guard result.isValid, result.preset != nil, carbon != nil, arrivals != nil, temperatures != nil else { return result }
        if let input = attempt({ () throws(ScenarioError) in try scenario.planningRequest(library: library) }) {
            do { try input.request.validate() } catch {
                switch error {
                case .invalidRequest(let field, let rule): result.errors.append(scenario.error(field, rule))
                default: result.errors.append(scenario.error("(document)", "\(error)"))
                }
            }
        }
        return result
    }
}
