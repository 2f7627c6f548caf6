import ArgumentParser
import Foundation
import Planner
import Scenario

/// `epof validate SCENARIO`: checks a scenario file and the files it names, without planning.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file (and the presets, node, device and CSV files it names) without planning.",
        discussion: """
        Reads the scenario as `epof plan` would — the YAML, its node or device file, CSV carbon \
        and arrival traces, presets files (--presets, then the scenario's own), the preset, the \
        operating points, whether the carbon trace covers the start, horizon and forecaster \
        history, the expected arrivals, the initial temperatures and the first epoch's planning \
        request — but solves nothing. Prints "ok" and what was read, or every error found as \
        `file:line: field: rule`.

        Several errors are reported at once: every unknown top-level key and the first error of \
        each top-level section (node, workload, epoch, horizon, start, arrivals, carbon, \
        forecaster, presets, preset, solver, initialTemperature) and of each presets file. \
        Within one section the reader stops at its first error, and rules that span fields are \
        checked once every section reads, so fixing errors can reveal further ones.

        Exit codes:
          0  the scenario is valid
          2  the scenario, a file it names or a presets file has errors (each on stderr)
          64 command-line usage error
        """
    )

    @Argument(help: "The scenario file (.yaml).")
    var scenario: String

    @Option(help: "A presets file (YAML) with user presets (repeatable).")
    var presets: [String] = []

    public init() {}

    public func run() throws {
        let check = Scenario.check(contentsOf: scenario, presetsFiles: presets)
        guard check.isValid, let s = check.scenario else {
            let errors = check.errors.isEmpty
                ? [ScenarioError(field: "(document)", rule: "cannot be read as a scenario", file: scenario)] : check.errors
            for e in errors { FileHandle.standardError.write(Data("\(e)\n".utf8)) }
            throw fail(.inputError, "\(errors.count) error\(errors.count == 1 ? "" : "s") in \(scenario)")
        }
        print(ValidateCommand.report(check, scenario: s), terminator: "")
    }

    /// "ok" and a summary of what was read.
    static func report(_ check: ScenarioCheck, scenario s: Scenario) -> String {
        var lines = ScenarioDescription.lines(s, preset: check.preset).filter { $0.0 != "presets file" }
        if let n = check.operatingPoints { lines.insert(("operating points", "\(n) per card"), at: 3) }
        if case .csv(let c) = s.carbon, let first = c.series.timestamps.first {
            lines.append(("carbon trace", "\(c.series.timestamps.count) rows, \(Timestamps.iso(first))…\(Timestamps.iso(c.series.end))"
                + (c.series.forecasts != nil ? ", with a forecast column" : "")))
        }
        for f in check.presetsFiles {
            lines.append(("presets file", "\(f.path): \(f.presets.isEmpty ? "no presets" : f.presets.joined(separator: ", "))"))
        }
        let width = lines.map(\.0.count).max() ?? 0
        var out = "ok\n"
        for (label, text) in lines { out += "  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + text + "\n" }
        for n in s.notices { out += "  \(n)\n" }
        return out
    }
}
