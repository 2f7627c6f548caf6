import ArgumentParser
import Foundation
import Workloads

/// `epof-bench calibration`: the cost model against the published measurements
/// (`Calibration.cases`), as the Markdown table and summary of docs/CALIBRATION.md.
struct CalibrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration",
        abstract: "Print (or write into docs/CALIBRATION.md) the calibration table and its summary.",
        discussion: """
        Evaluates every case of Calibration.cases with the default cost parameters and prints the \
        per-point table (set = fit or held out: every third case is held out) and the median and \
        worst absolute errors of all rows, the fitting set and the held-out set. --kv-read-efficiency \
        and --token-budget print what-if tables with those parameters. With --write FILE \
        the text between the markers `<!-- calibration:begin -->` and `<!-- calibration:end -->` \
        in FILE is replaced (`make calibration` does this for docs/CALIBRATION.md).
        """
    )

    @Option(help: "A Markdown file whose calibration markers to fill in.")
    var write: String?

    @Option(help: "What-if: KV-read bandwidth efficiency of decode attention (default: the memory efficiency).")
    var kvReadEfficiency: Double?

    @Option(help: "What-if: continuous batching with this token budget per iteration (default: static batches).")
    var tokenBudget: Int?

    func run() throws {
        var parameters = CostParameters()
        parameters.kvReadEfficiency = kvReadEfficiency
        parameters.continuousBatchingTokenBudget = tokenBudget
        do { try parameters.validate() } catch { throw BenchError("\(error)") }
        if write != nil && (kvReadEfficiency != nil || tokenBudget != nil) {
            throw BenchError("--write records the default parameters only; print what-ifs without it")
        }
        let rows = Calibration.rows(parameters: parameters)
        let text = Calibration.markdown(rows) + "\n" + Calibration.summaryMarkdown(rows)
        guard let write else {
            print(text, terminator: "")
            return
        }
        let begin = "<!-- calibration:begin -->", end = "<!-- calibration:end -->"
        let doc: String
        do { doc = try String(contentsOfFile: write, encoding: .utf8) } catch {
            throw BenchError("cannot read \(write): \(error.localizedDescription)")
        }
        guard let a = doc.range(of: begin), let b = doc.range(of: end), a.upperBound <= b.lowerBound else {
            throw BenchError("\(write) has no '\(begin)' … '\(end)' markers")
        }
        let updated = doc[..<a.upperBound] + "\n" + text + doc[b.lowerBound...]
        do { try String(updated).write(toFile: write, atomically: true, encoding: .utf8) } catch {
            throw BenchError("cannot write \(write): \(error.localizedDescription)")
        }
        print("wrote \(rows.count) calibration rows into \(write)")
    }
}
