import ArgumentParser
import Foundation
import Planner
import Scenario

/// `epof presets [--file F] [--format text|json]`: lists the SLA presets with every parameter.
public struct PresetsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the SLA presets (built-in and from a presets file) with all their parameters.",
        discussion: """
        Built-in presets: ecommerce (α 0.9, β 0.1) and research (α 0.3, β 0.7), both maximising \
        throughput-carbon α·T/T_max + β·C_min/C, and carbon-efficiency (research's limits, \
        maximising T/C: work per gCO₂, the seed scheduler's CER). A presets file \
        (YAML) adds user presets; each may inherit from a built-in or an earlier preset and \
        override any parameter:

          presets:
            - name: eco
              inherits: research
              cardPowerCap: 250 W

        Parameters: objective (throughput-carbon: α·T/T_max + β·C_min/C, the default; \
        carbon-efficiency: T/C, α and β unused; throughput-efficiency: α·T/T_max + \
        β·CER/CER_max), alpha, beta, latencySLO (s), cardPowerCap (W), nodePowerCap (W; default \
        cards × card cap), accuracyLossCeiling (percentage points), thermalLimit (°C), \
        latencyPercentile (share of interactive requests the plan sizes to meet the SLO, by an \
        M/D/1 model of the node; default 0.99, 0 off), powerCapWindow (s the caps are averaged \
        over; default 1, 0 = the epoch), powerSmoothing (W, optional: largest epoch-to-epoch \
        change of a card's power, and no idle time while elastic work can fill it), \
        interactiveUtilization (override: planned busy fraction of interactive time; default 1).

        Exit codes: 0 listed, 2 bad presets file (file:line: field: rule), 64 usage error.
        """
    )

    @Option(help: "A presets file (YAML) whose presets are listed after the built-ins.")
    var file: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    public init() {}

    public func run() throws {
        let library: PresetLibrary
        do { library = try file.map { (f) throws(ScenarioError) in try PresetLibrary.load(contentsOf: f) } ?? PresetLibrary() } catch {
            throw fail(.inputError, "\(error)")
        }
        switch format {
        case .text: print(Self.table(library), terminator: "")
        case .json: print(try Self.json(library))
        }
    }

    /// The presets as an aligned text table.
    static func table(_ library: PresetLibrary) -> String {
        let header = ["preset", "objective", "α", "β", "latency SLO", "within SLO", "card cap", "node cap", "cap window",
                      "accuracy ceiling", "thermal limit", "interactive util.", "smoothing", "origin"]
        var rows = [header]
        for (p, origin) in zip(library.presets, library.origins) {
            rows.append([p.name, p.objective.rawValue, num(p.alpha), num(p.beta), "\(num(p.latencySLO)) s",
                         p.latencyPercentile > 0 ? "\(num(p.latencyPercentile * 100)) %" : "off", "\(num(p.cardPowerCap)) W",
                         p.nodePowerCap.map { "\(num($0)) W" } ?? "cards × card cap",
                         p.powerCapWindow > 0 ? "\(num(p.powerCapWindow)) s" : "epoch", "\(num(p.accuracyLossCeiling)) pp",
                         "\(num(p.thermalLimit)) °C", num(p.interactiveUtilization), p.powerSmoothing.map { "\(num($0)) W" } ?? "off",
                         origin.description])
        }
        var out = TextTable.render(rows, rightAligned: Set(2...12))
        var seen = Set<ObjectiveKind>()
        for p in library.presets where seen.insert(p.objective).inserted {
            out += "\(p.objective.rawValue): maximise \(p.objective.formula)\n"
        }
        return out
    }

    /// The presets as JSON: a list of objects with every parameter and the origin.
    static func json(_ library: PresetLibrary) throws -> String {
        struct Entry: Encodable {
            var preset: SLAPreset
            var origin: String
            func encode(to encoder: Encoder) throws {
                try preset.encode(to: encoder)
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(origin, forKey: .origin)
                if preset.nodePowerCap == nil { try c.encodeNil(forKey: .nodePowerCap) }
            }
            enum Key: String, CodingKey { case origin, nodePowerCap }
        }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        let entries = zip(library.presets, library.origins).map { Entry(preset: $0, origin: $1.description) }
        return String(decoding: try e.encode(entries), as: UTF8.self)
    }
}

/// Short number text for tables: up to 4 significant decimals, no trailing zeros.
func num(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : x < 0 ? "-inf" : "nan" }
    if x == x.rounded(), abs(x) < 1e12 { return String(Int(x)) }
    if abs(x) < 1e-3 { return String(format: "%.\(digits)g", x) }
    let mag = abs(x) >= 1 ? Int(log10(abs(x))) + 1 : 0
    var s = String(format: "%.\(max(0, digits - mag))f", x)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}

/// Aligned plain-text tables.
enum TextTable {
    /// Rows joined with two spaces between columns; `rightAligned` column indices pad left.
    static func render(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "") -> String {
        let width = (0..<(rows.map(\.count).max() ?? 0)).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        var out = ""
        for r in rows {
            var line = indent
            for (c, cell) in r.enumerated() {
                let pad = String(repeating: " ", count: width[c] - cell.count)
                line += rightAligned.contains(c) ? pad + cell : cell + (c == r.count - 1 ? "" : pad)
                if c < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
