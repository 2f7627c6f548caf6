import Foundation
import Scenario

/// A value a sweep gives a field: a number in the field's SI unit, or text.
enum SweepValue: Sendable, Hashable, Encodable {
    case number(Double)
    case text(String)

    /// The value as written into the scenario's YAML tree (integral numbers without a fraction,
    /// so integer fields read them).
    var yamlText: String {
        switch self {
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        case .text(let s): return s
        }
    }

    /// Short text for tables.
    var display: String {
        switch self {
        case .number(let x): return num(x, digits: 6)
        case .text(let s): return s
        }
    }

    var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        }
    }
}

/// One `--vary PATH=SPEC`: the field it varies and the values, in the order given.
struct SweepDimension: Sendable, Hashable {
    /// The argument as written (`power_cap=200:320:20`).
    var argument: String
    /// The name used before `=` (an alias or a dotted path).
    var name: String
    /// The field's dotted path (`preset.cardPowerCap`).
    var path: String
    /// The field.
    var field: ScenarioField
    /// The values (numbers in the field's SI unit).
    var values: [SweepValue]

    /// The SI unit of the values ("W", "s"), or "" for plain numbers and text.
    var unit: String {
        if case .quantity(let u) = field.kind { return u.siUnit }
        return ""
    }

    /// Whether every value is a number (a sweep curve can be drawn against it).
    var isNumeric: Bool { field.kind.isNumeric }

    /// The override of case value `index`.
    func override(_ index: Int) -> ScenarioOverride {
        ScenarioOverride(path: path, value: values[index].yamlText, origin: "--vary \(argument)")
    }
}

/// Bad `--vary` input: the message names the argument and what is allowed (exit code 2).
struct SweepError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
    init(_ message: String) { self.message = message }
}

/// Parses `--vary PATH=SPEC` arguments and lays out the cases of a sweep.
///
/// SPEC is a range `start:stop:step` (numeric fields; the stop is included when it lies on the
/// grid within a relative 1e-9 of a step; each bound may carry the field's unit, e.g.
/// `200W:320W:20W` or `15m:1h:15m`) or a comma list `a,b,c` (any field; numbers may carry units).
/// Values of numeric fields become numbers in the field's SI unit, rounded to 12 significant
/// digits to drop binary noise (0.1 + 2·0.1 → 0.3).
enum SweepSpecification {
    /// The largest number of cases run without `--yes`.
    static let caseLimit = 64
    /// The largest number of values one range may produce (before the case limit applies).
    static let rangeLimit = 100_000

    /// Short names for the most common fields, in `--help` order: (alias, dotted path).
    static let aliases: [(String, String)] = [
        ("power_cap", "preset.cardPowerCap"), ("card_power_cap", "preset.cardPowerCap"),
        ("node_power_cap", "preset.nodePowerCap"), ("slo", "preset.latencySLO"), ("latency_slo", "preset.latencySLO"),
        ("alpha", "preset.alpha"), ("beta", "preset.beta"), ("accuracy_ceiling", "preset.accuracyLossCeiling"),
        ("thermal_limit", "preset.thermalLimit"), ("utilization", "preset.interactiveUtilization"),
        ("latency_percentile", "preset.latencyPercentile"), ("cap_window", "preset.powerCapWindow"),
        ("smoothing", "preset.powerSmoothing"),
        ("region", "carbon.region"), ("cards", "node.cards"), ("device", "node.device"), ("model", "workload.model"),
        ("epoch_length", "epoch"), ("epochLength", "epoch"), ("interactive_rate", "arrivals.interactive.rate"),
        ("deferrable_rate", "arrivals.deferrable.rate"), ("elastic_rate", "arrivals.elastic.rate"),
        ("deadline", "arrivals.deferrable.deadline"), ("initial_temperature", "initialTemperature"),
    ]

    /// The alias table for `--help`, one line per path.
    static var aliasHelp: String {
        var byPath: [(String, [String])] = []
        for (a, p) in aliases {
            if let i = byPath.firstIndex(where: { $0.0 == p }) { byPath[i].1.append(a) } else { byPath.append((p, [a])) }
        }
        return byPath.map { "  \($0.1.joined(separator: ", ")) → \($0.0)" }.joined(separator: "\n")
    }

    /// Parses one `PATH=SPEC`.
    static func dimension(_ argument: String) throws(SweepError) -> SweepDimension {
        guard let eq = argument.firstIndex(of: "=") else {
            throw SweepError("--vary \(argument): expected PATH=SPEC, e.g. --vary power_cap=200:320:20 or --vary region=beijing,sichuan")
        }
        let name = argument[..<eq].trimmingCharacters(in: .whitespaces)
        let spec = argument[argument.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        let path = aliases.first { $0.0 == name }?.1 ?? name
        guard let field = ScenarioFields.field(path) else {
            let near = (ScenarioFields.nearest(to: name, count: 3) + nearestAliases(name)).joined(separator: ", ")
            throw SweepError("--vary \(argument): '\(name)' is not a scenario field; nearest valid names: \(near) (see epof whatif --help)")
        }
        let where_ = "--vary \(argument)"
        guard !spec.isEmpty else { throw SweepError("\(where_): no values after '='; give start:stop:step or a list a,b,c") }
        let values: [SweepValue]
        switch field.kind {
        case .list:
            throw SweepError("\(where_): \(field.path) is a list in the scenario file; it cannot be varied (edit the file)")
        case .quantity, .number, .integer:
            let numbers = spec.contains(":") ? try range(spec, field: field, where: where_) : try list(spec, where: where_).map {
                (item: String) throws(SweepError) -> Double in try number(item, field: field, where: where_)
            }
            if field.kind == .integer {
                for x in numbers where x != x.rounded() {
                    throw SweepError("\(where_): \(field.path) takes whole numbers; \(num(x, digits: 6)) is not one")
                }
            }
            values = numbers.map(SweepValue.number)
        case .boolean:
            try refuseRange(spec, field: field, allowed: "true, false", where: where_)
            values = try list(spec, where: where_).map { (item: String) throws(SweepError) -> SweepValue in
                switch item.lowercased() {
                case "true", "yes", "on": return .text("true")
                case "false", "no", "off": return .text("false")
                default: throw SweepError("\(where_): \(field.path) takes true or false (got '\(item)')")
                }
            }
        case .choice(let known, let openEnded):
            try refuseRange(spec, field: field, allowed: known.joined(separator: ", ") + (openEnded ? ", …" : ""), where: where_)
            values = try list(spec, where: where_).map { (item: String) throws(SweepError) -> SweepValue in
                if !openEnded, !known.contains(item) {
                    let close = known.first { Self.editDistance($0, item) <= max(2, item.count / 3) }
                    throw SweepError("\(where_): '\(item)' is not allowed for \(field.path)\(close.map { "; did you mean '\($0)'?" } ?? ""); allowed: \(known.joined(separator: ", "))")
                }
                return .text(item)
            }
        case .text:
            values = try list(spec, where: where_).map(SweepValue.text)
        }
        var seen: Set<SweepValue> = []
        for v in values where !seen.insert(v).inserted {
            throw SweepError("\(where_): the value \(v.display) appears twice (contradictory cases)")
        }
        return SweepDimension(argument: argument, name: name, path: field.path, field: field, values: values)
    }

    /// Checks the dimensions together: no field varied twice (directly, by an alias or through
    /// `preset.inherits`), no two fields that exclude each other (a region and a CSV trace), and
    /// at most ``caseLimit`` cases unless `allowMany`.
    static func check(_ dims: [SweepDimension], allowMany: Bool) throws(SweepError) {
        for (i, a) in dims.enumerated() {
            for b in dims[..<i] {
                if ScenarioFields.canonical(a.path) == ScenarioFields.canonical(b.path) {
                    throw SweepError("--vary \(b.argument) and --vary \(a.argument) both vary \(a.path); give each field once (contradictory values)")
                }
                if ScenarioFields.excludeEachOther(a.path, b.path) {
                    throw SweepError("--vary \(b.argument) and --vary \(a.argument) contradict each other: \(b.path) and \(a.path) cannot both be set")
                }
            }
        }
        let count = dims.reduce(1.0) { $0 * Double($1.values.count) }
        if count > Double(caseLimit), !allowMany {
            let sizes = dims.map { "\($0.values.count)" }.joined(separator: " × ")
            throw SweepError("the sweep has \(Int(min(count, 1e15))) cases (\(sizes)), more than \(caseLimit); pass --yes to run them all")
        }
    }

    /// The cases: the cartesian product of the dimensions' value indices, the first `--vary`
    /// outermost (changing slowest) and the last innermost, like nested loops in argument order.
    static func cases(_ dims: [SweepDimension]) -> [[Int]] {
        var out: [[Int]] = [[]]
        for d in dims {
            out = out.flatMap { prefix in d.values.indices.map { prefix + [$0] } }
        }
        return out
    }

    // MARK: Parsing values

    /// `start:stop:step` → the grid start, start + step, … up to stop (inclusive within 1e-9 of a step).
    static func range(_ spec: String, field: ScenarioField, where w: String) throws(SweepError) -> [Double] {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw SweepError("\(w): a range is start:stop:step with three numbers (got '\(spec)')")
        }
        let start = try number(parts[0], field: field, where: w), stop = try number(parts[1], field: field, where: w)
        let step = try number(parts[2], field: field, where: w)
        guard step > 0 else { throw SweepError("\(w): the step must be > 0 (got \(num(step, digits: 6)))") }
        guard start <= stop else {
            throw SweepError("\(w): the range is empty: start \(num(start, digits: 6)) is above stop \(num(stop, digits: 6))")
        }
        let q = (stop - start) / step
        guard q.isFinite, q < Double(rangeLimit) else { throw SweepError("\(w): the range has more than \(rangeLimit) values") }
        let n = Int((q + 1e-9 * max(1, q)).rounded(.down)) + 1
        return (0..<n).map { i in
            let x = start + Double(i) * step
            // The last grid point within tolerance of stop is stop itself.
            if i == n - 1, abs(x - stop) <= 1e-9 * step * max(1, q) { return stop }
            return roundedTo12Digits(x)
        }
    }

    /// One number of `field`: with a unit for quantities, plain otherwise.
    static func number(_ text: String, field: ScenarioField, where w: String) throws(SweepError) -> Double {
        switch field.kind {
        case .quantity(let unit):
            switch unit.parse(text) {
            case .success(let x): return x
            case .failure(let e): throw SweepError("\(w): \(field.path): \(e.rule)")
            }
        default:
            guard let x = Double(text), x.isFinite else {
                throw SweepError("\(w): \(field.path) takes \(field.kind == .integer ? "whole numbers" : "plain numbers") without a unit (got '\(text)')")
            }
            return x
        }
    }

    /// `a,b,c` → the trimmed items (no empty ones).
    static func list(_ spec: String, where w: String) throws(SweepError) -> [String] {
        let items = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.allSatisfy({ !$0.isEmpty }) else { throw SweepError("\(w): the list has an empty value (got '\(spec)')") }
        return items
    }

    /// A `:` in the spec of a non-numeric field reads as an attempted range.
    static func refuseRange(_ spec: String, field: ScenarioField, allowed: String, where w: String) throws(SweepError) {
        if spec.contains(":") {
            throw SweepError("\(w): \(field.path) is not numeric, so it takes no start:stop:step range; give a list a,b,c of: \(allowed)")
        }
    }

    static func roundedTo12Digits(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        return Double(String(format: "%.12g", x)) ?? x
    }

    static func nearestAliases(_ name: String) -> [String] {
        aliases.map(\.0).map { ($0, editDistance($0, name)) }.filter { $0.1 <= max(2, name.count / 3) }
            .sorted { $0.1 < $1.1 }.prefix(2).map(\.0)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var prev = Array(0...y.count), cur = prev
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count { cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)) }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
