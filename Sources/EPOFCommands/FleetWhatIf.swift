import Fleet
import Foundation
import Scenario

/// `epof whatif FLEET.yaml --vary …` on a fleet file: sweeps the shared limits and reports, per
/// case, the fleet plan with the shared rows' prices as marginal values.
///
/// Fields: `carbonBudget` (g, kg, t), `siteCap` (every site's cap in every epoch, W or kW),
/// `siteCap.NAME` (one site's), `siteCapScale` (every site's per-epoch caps times a factor).
struct FleetWhatIf {
    let path: String
    let vary: [String]
    let jobs: Int
    let format: SweepFormat
    let output: String?

    struct Dimension {
        var field: String
        var values: [Double]
    }

    /// One case's outcome (a JSON row).
    struct Case: Codable {
        var values: [String: Double]
        var status: String
        var message: String?
        var objective: Double?
        var gap: Double?
        var throughput: Double?
        var carbon: Double?
        /// ∂objective/∂budget, per kgCO₂.
        var carbonPricePerKg: Double?
        /// Per site: ∂objective/∂(its cap raised by 1 kW in every epoch) = Σ_t price_t · 1000.
        var sitePricePerKW: [String: Double]
        var rounds: Int?
    }

    static let fields = "carbonBudget (g, kg, t), siteCap (every site, W or kW), siteCap.NAME (one site), siteCapScale (a factor on every site's caps)"

    static func parseValue(_ text: String, field: String) throws(CommandFailure) -> Double {
        let t = text.trimmingCharacters(in: .whitespaces)
        var end = t.startIndex
        for i in t.indices where Double(t[t.startIndex...i]) != nil { end = t.index(after: i) }
        guard end > t.startIndex, let x = Double(t[..<end]), x.isFinite else {
            throw CommandFailure(status: .inputError, message: "--vary \(field): '\(text)' is not a number with an optional unit")
        }
        let unit = t[end...].trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Double]
        if field == "carbonBudget" { factors = ["": 1, "g": 1, "kg": 1e3, "t": 1e6] }
        else if field == "siteCapScale" { factors = ["": 1] }
        else { factors = ["": 1, "w": 1, "kw": 1e3] }
        guard let f = factors[unit] else {
            throw CommandFailure(status: .inputError, message: "--vary \(field): unknown unit '\(unit)'; allowed: \(factors.keys.filter { !$0.isEmpty }.sorted().joined(separator: ", "))")
        }
        return x * f
    }

    func dimensions(_ file: FleetFile) throws(CommandFailure) -> [Dimension] {
        var out: [Dimension] = []
        for v in vary {
            let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CommandFailure(status: .inputError, message: "--vary \(v): expected FIELD=SPEC") }
            let field = parts[0]
            if field.hasPrefix("siteCap.") {
                let name = String(field.dropFirst("siteCap.".count))
                guard file.sites.contains(where: { $0.name == name }) else {
                    throw CommandFailure(status: .inputError, message: "--vary \(v): no site '\(name)'; sites: \(file.sites.map(\.name).joined(separator: ", "))")
                }
            } else if !["carbonBudget", "siteCap", "siteCapScale"].contains(field) {
                throw CommandFailure(status: .inputError, message: "--vary \(v): on a fleet file the fields are \(Self.fields)")
            }
            var values: [Double] = []
            let range = parts[1].split(separator: ":").map(String.init)
            if range.count == 3 {
                let a = try Self.parseValue(range[0], field: field), b = try Self.parseValue(range[1], field: field)
                let s = try Self.parseValue(range[2], field: field)
                guard s > 0, b >= a else { throw CommandFailure(status: .inputError, message: "--vary \(v): needs start ≤ stop and step > 0") }
                var k = 0.0
                while a + k * s <= b + 1e-9 * max(1, abs(b)) { values.append(a + k * s); k += 1 }
            } else {
                for item in parts[1].split(separator: ",") { values.append(try Self.parseValue(String(item), field: field)) }
            }
            guard !values.isEmpty, values.count <= 200, values.allSatisfy({ $0 >= 0 }) else {
                throw CommandFailure(status: .inputError, message: "--vary \(v): 1 to 200 values ≥ 0")
            }
            out.append(Dimension(field: field, values: values))
        }
        return out
    }

    func run() throws(CommandFailure) {
        let file: FleetFile
        let base: FleetProblem
        do {
            file = try FleetFile.load(contentsOf: path)
            base = try FleetBuilder.problem(file)
        } catch {
            throw CommandFailure(status: .inputError, message: "\(error)")
        }
        let dims = try dimensions(file)
        var combos: [[Double]] = [[]]
        for d in dims { combos = combos.flatMap { c in d.values.map { c + [$0] } } }
        let planner = FleetPlanner(options: .init(solver: file.solver.flatMap { .init(rawValue: $0) } ?? .clp),
                                   transport: InProcessTransport(threads: max(1, jobs)))
        var cases: [Case] = []
        for combo in combos {
            var p = base
            var values: [String: Double] = [:]
            for (d, x) in zip(dims, combo) {
                values[d.field] = x
                switch d.field {
                case "carbonBudget": p.carbonBudget = x
                case "siteCap": for s in p.sites.indices { p.sites[s].cap = Array(repeating: x, count: p.horizon) }
                case "siteCapScale": for s in p.sites.indices { p.sites[s].cap = base.sites[s].cap.map { $0 * x } }
                default:
                    let name = String(d.field.dropFirst("siteCap.".count))
                    if let s = p.sites.firstIndex(where: { $0.name == name }) { p.sites[s].cap = Array(repeating: x, count: p.horizon) }
                }
            }
            do {
                let plan = try planner.plan(p)
                var sitePrices: [String: Double] = [:]
                for (s, rows) in plan.sitePrices.enumerated() { sitePrices[p.sites[s].name] = rows.reduce(0) { $0 + $1.value } * 1000 }
                cases.append(Case(values: values, status: "ok", message: nil, objective: plan.objective, gap: plan.gap,
                                  throughput: plan.totalThroughput, carbon: plan.totalCarbon,
                                  carbonPricePerKg: plan.carbonPrice.map { $0.value * 1000 }, sitePricePerKW: sitePrices, rounds: plan.rounds))
            } catch {
                let status: String
                if case .infeasible = error { status = "infeasible" } else { status = "failed" }
                cases.append(Case(values: values, status: status, message: "\(error)", objective: nil, gap: nil, throughput: nil,
                                  carbon: nil, carbonPricePerKg: nil, sitePricePerKW: [:], rounds: nil))
            }
        }
        let text: String
        switch format {
        case .json:
            let e = FleetJSON.encoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            text = (try? String(decoding: e.encode(cases), as: UTF8.self)).map { $0 + "\n" } ?? "[]\n"
        case .csv, .text:
            let sep = format == .csv ? "," : "  "
            let sites = file.sites.map(\.name)
            var header = dims.map(\.field) + ["status", "objective", "gap", "throughput", "carbon_kg", "carbon_price_per_kg"]
            header += sites.map { "site_\($0)_price_per_kW" }
            var lines = [header.joined(separator: sep)]
            func g(_ x: Double?) -> String { x.map { String(format: "%.6g", $0) } ?? "" }
            for c in cases {
                var row = dims.map { g(c.values[$0.field]) } + [c.status, g(c.objective), g(c.gap), g(c.throughput), g(c.carbon.map { $0 / 1000 }),
                                                               g(c.carbonPricePerKg)]
                row += sites.map { g(c.sitePricePerKW[$0]) }
                lines.append(row.joined(separator: sep))
            }
            text = lines.joined(separator: "\n") + "\n" + (format == .text
                ? "prices are marginal values: objective gained per extra kgCO₂ of budget, per extra kW of a site's cap in every epoch\n" : "")
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw CommandFailure(status: .inputError, message: "--output: cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
        if cases.contains(where: { $0.status == "failed" }) {
            throw CommandFailure(status: .solverFailure, message: "some cases failed (see the status column)")
        }
    }
}
