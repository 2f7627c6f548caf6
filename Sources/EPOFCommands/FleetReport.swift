import Fleet
import Foundation
import Scenario

/// Text and JSON renderings of a ``Fleet/FleetPlan``.
enum FleetReport {
    static func json(_ plan: FleetPlan) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(plan), as: UTF8.self)
    }

    static func number(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

    static func text(_ plan: FleetPlan, file: FleetFile) -> String {
        var out = "fleet \(file.name): \(plan.nodes.count) nodes, \(plan.horizon) × \(DurationText.format(plan.epochLength))\n"
        out += "objective Σ f_n = \(String(format: "%.9g", plan.objective)) (upper bound \(String(format: "%.9g", plan.upperBound)), gap \(String(format: "%.2e", plan.gap)))\n"
        out += "solved by Dantzig–Wolfe column generation: \(plan.rounds) master rounds, \(plan.subproblemSolves) node LPs, \(plan.solver), \(plan.transport), \(number(plan.seconds, 3)) s (pricing \(number(plan.pricingSeconds, 3)) s, master \(number(plan.masterSeconds, 3)) s)\n"
        out += "throughput \(number(plan.totalThroughput)) work units, carbon \(number(plan.totalCarbon / 1000, 3)) kgCO₂\n\n"
        let w = max(4, plan.nodes.map(\.name.count).max() ?? 4)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        out += "\(pad("node", w))  \(pad("site", 10))  \(lpad("T", 10))  \(lpad("T/T̂", 6))  \(lpad("C kg", 9))  \(lpad("C/Ĉ", 6))  \(lpad("peak W", 8))  \(lpad("moved", 8))  \(lpad("f_n", 8))\n"
        for n in plan.nodes {
            out += "\(pad(n.name, w))  \(pad(n.site ?? "-", 10))  \(lpad(number(n.throughput), 10))  \(lpad(number(n.throughput / n.maximumThroughput, 3), 6))  "
            out += "\(lpad(number(n.carbon / 1000, 3), 9))  \(lpad(number(n.carbon / n.minimumCarbon, 3), 6))  \(lpad(number(n.power.max() ?? 0, 0), 8))  "
            out += "\(lpad(number(n.received), 8))  \(lpad(number(n.objective, 4), 8))\n"
        }
        out += "\nshared rows (price = objective gained per unit of limit):\n"
        var any = false
        for row in plan.sitePrices.flatMap({ $0 }) where row.value > 1e-12 {
            out += "  \(row.row): \(number(row.activity, 0)) / \(number(row.limit, 0)) W, price \(String(format: "%.4g", row.value * 1000)) per kW\n"
            any = true
        }
        for (s, rows) in plan.sitePrices.enumerated() where rows.allSatisfy({ $0.value <= 1e-12 }) && !rows.isEmpty {
            let peak = rows.map(\.activity).max() ?? 0
            out += "  site \(file.sites[s].name): not binding (peak \(number(peak, 0)) W of \(number(rows.map(\.limit).min() ?? 0, 0)) W)\n"
            any = true
        }
        if let c = plan.carbonPrice {
            out += "  carbon budget: \(number(c.activity / 1000, 3)) / \(number(c.limit / 1000, 3)) kgCO₂, price \(String(format: "%.4g", c.value * 1000)) per kgCO₂\n"
            any = true
        }
        for p in plan.movablePrices {
            out += "  \(p.row): \(number(p.activity)) / \(number(p.limit)) work units, price \(String(format: "%.4g", p.value)) per unit\n"
            any = true
        }
        if !any { out += "  none (the fleet has no shared limits)\n" }
        return out
    }
}
