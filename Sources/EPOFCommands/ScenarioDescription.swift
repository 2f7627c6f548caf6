import Foundation
import Planner
import Reports
import Scenario
import Workloads

/// A scenario described for a person: the summary `epof validate` prints and the scenario
/// section every notebook starts with (`epof pareto`, `simulate`, `compare`).
enum ScenarioDescription {
    /// "sdxl, 20 steps 1024×1024 with guidance per image".
    static func workload(_ w: Workload) -> String {
        switch w {
        case .language(let m, let r): return "\(m.id), \(r.promptTokens) prompt + \(r.outputTokens) output tokens per request"
        case .diffusion(let m, let r): return "\(m.id), \(r.steps) steps \(r.width)×\(r.height)\(r.guidance ? " with guidance" : "") per image"
        }
    }

    /// Every parameter of a resolved preset on one line.
    static func preset(_ p: SLAPreset, cards: Int) -> String {
        "\(p.name): objective \(p.objective.rawValue), α \(num(p.alpha)), β \(num(p.beta)), latency SLO \(num(p.latencySLO)) s, card cap \(num(p.cardPowerCap)) W, "
            + "node cap \(num(p.effectiveNodePowerCap(cards: cards))) W, accuracy loss ≤ \(num(p.accuracyLossCeiling)) pp, "
            + "die ≤ \(num(p.thermalLimit)) °C, interactive utilisation ≤ \(num(p.interactiveUtilization)), "
            + "\(num(p.latencyPercentile * 100)) % within the SLO, cap window \(p.powerCapWindow > 0 ? "\(num(p.powerCapWindow)) s" : "the epoch")"
    }

    /// How each present work class arrives, e.g. "interactive 0.5/s mean (amplitude 0.6, peak 14 h)".
    static func arrivals(_ s: Scenario) -> String {
        var parts: [String] = []
        for c in WorkClass.allCases {
            var text: String
            switch s.arrivals[c] ?? ArrivalPattern.none {
            case .none: continue
            case .diurnal(let r):
                text = "\(c) \(num(r.meanRate))/s mean"
                if r.amplitude > 0 { text += " (amplitude \(num(r.amplitude)), peak \(num(r.peakHour)) h local)" }
            case .trace(let t): text = "\(c) from the trace \(t.source) (\(t.rates.count) rows)"
            case .unlimited: text = "\(c) unlimited"
            }
            if c == .deferrable, let d = s.deferrableDeadline { text += ", deadline \(DurationText.format(d))" }
            parts.append(text)
        }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }

    /// The summary as (label, text) lines; `preset` is the resolved preset when known.
    static func lines(_ s: Scenario, preset: SLAPreset?) -> [(String, String)] {
        var out: [(String, String)] = [
            ("scenario", s.name + (s.file.map { " (\($0))" } ?? "")),
            ("node", "\(s.node.cards)× \(s.node.device.id) (\(s.nodeSource))"),
            ("workload", workload(s.workload)),
            ("arrivals", arrivals(s)),
            ("carbon", "\(s.carbon.summary); forecaster \(s.forecaster.rawValue)"),
        ]
        if let preset { out.append(("preset", ScenarioDescription.preset(preset, cards: s.node.cards))) }
        if let p = s.presetsFile { out.append(("presets file", p)) }
        out.append(("horizon", "\(s.horizon) × \(DurationText.format(s.epochLength)) from \(Timestamps.iso(s.start, utcOffset: s.utcOffset))"))
        out.append(("solver", s.solver.rawValue + (s.initialTemperature.map { "; initial die temperature \(num($0)) °C" } ?? "")))
        if let d = s.summary, !d.isEmpty { out.append(("description", d.trimmingCharacters(in: .whitespacesAndNewlines))) }
        return out
    }

    /// Appends the scenario section: a markdown summary and the scenario file's YAML text (when
    /// it came from a readable file).
    static func addSection(to nb: inout Notebook, scenario s: Scenario, preset: SLAPreset) {
        var md = "## Scenario\n\n"
        for (label, text) in lines(s, preset: preset) { md += "- **\(label)**: \(text)\n" }
        for n in s.notices { md += "\n> \(n)\n" }
        nb.addMarkdown(md)
        // The loader has just read this file; should it have gone since, the summary above stands alone.
        if let file = s.file, let yaml = try? String(contentsOfFile: file, encoding: .utf8) {
            // A fence longer than any backtick run inside keeps the YAML verbatim.
            let longestRun = yaml.split(whereSeparator: { $0 != "`" }).map(\.count).max() ?? 0
            let fence = String(repeating: "`", count: max(3, longestRun + 1))
            nb.addMarkdown("The scenario file `\(file)`:\n\n\(fence)yaml\n\(yaml.hasSuffix("\n") ? yaml : yaml + "\n")\(fence)")
        }
    }
}
