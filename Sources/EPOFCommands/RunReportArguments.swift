import ArgumentParser
import Foundation

/// The report options `epof simulate` and `epof compare` share: a folder of SVG charts and a
/// Jupyter notebook, both written after the runs and before the metrics are printed.
struct RunReportArguments: ParsableArguments {
    @Option(name: .customLong("svg-dir"),
            help: "Write the charts (timeline-POLICY.svg, heatmap-POLICY.svg; compare.svg for several policies) into this folder.")
    var svgDirectory: String?

    @Option(help: "Write a Jupyter notebook (.ipynb) with the scenario, the runs' data, the charts and re-plotting cells.")
    var notebook: String?

    /// The options' description for `--help`.
    static let help = """
    --svg-dir DIR writes, per policy, timeline-POLICY.svg (carbon intensity, node power, \
    throughput, hottest core, then the planned precision profile and DVFS frequency and the \
    frequency as run, per epoch) and heatmap-POLICY.svg (every core's temperature at the end \
    of the run's hottest epoch); the folder is created when missing. --notebook PATH writes a \
    Jupyter notebook (nbformat 4) with the scenario (summary and YAML), the metrics, the \
    per-epoch telemetry and the hottest-moment core temperatures as data, the charts, and \
    Python cells that re-plot them with pandas and matplotlib. Both are byte-identical for the \
    same scenario, options and seed.
    """

    /// Writes the charts and the notebook that were asked for.
    func write(runner: SimulationRunner, runs: [PolicyRun], command: String) throws(CommandFailure) {
        if let svgDirectory {
            try RunCharts(scenario: runner.scenario, preset: runner.preset, runs: runs).write(to: svgDirectory)
        }
        if let notebook {
            // The command without --notebook: the notebook's bytes do not depend on where it is written.
            let report = RunNotebook(scenario: runner.scenario, preset: runner.preset, runs: runs, seed: runner.seed,
                                     command: command)
            do { try report.notebook().write(to: notebook) } catch {
                throw CommandFailure(status: .inputError, message: "--notebook: \(error)")
            }
        }
    }

    /// The command line that repeats a run: `epof` and `arguments`, then the hours, seed and presets options.
    static func command(_ arguments: [String], hours: Double, seed: UInt64, preset: String?, presets: String?) -> String {
        var words = ["epof"] + arguments + ["--hours", num(hours), "--seed", String(seed)]
        if let preset { words += ["--preset", preset] }
        if let presets { words += ["--presets", presets] }
        return words.map(shellWord).joined(separator: " ")
    }

    /// `word` quoted for a POSIX shell when it holds anything but plain path characters.
    static func shellWord(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./=:+,".unicodeScalars.contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
