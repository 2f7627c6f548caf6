import Foundation
import LinearModel

/// What `epof solve` reports, in text or JSON. JSON keys are stable: `status`, `objective`,
/// `primal` (column name → value), `duals` (row name → value), `solver`, `seconds`, `iterations`, …
struct SolveReport: Encodable {
    struct ModelSummary: Encodable {
        let name: String
        let columns: Int
        let integerColumns: Int
        let rows: Int
        let nonzeros: Int
        let sense: String
        let objectiveConstant: Double
    }

    let file: String
    let model: ModelSummary
    let solver: String
    let status: String
    let termination: Termination
    let hasFeasiblePoint: Bool
    let objective: Double?
    let bestBound: Double?
    let primal: [String: Double]?
    let rowActivities: [String: Double]?
    let duals: [String: Double]?
    let reducedCosts: [String: Double]?
    let seconds: Double
    let loadSeconds: Double
    let iterations: Int
    let nodes: Int
    let warmStarted: Bool
    /// Ranging, when requested (`--sensitivity`): column → [lower, upper] of its objective
    /// coefficient, row → [lower, upper] of its active bound, over which the basis stays optimal.
    let objectiveRanges: [String: [Double]]?
    let rightHandSideRanges: [String: [Double]]?

    // Kept for the text table, not encoded.
    private let columnNames: [String]
    private let rowNames: [String]
    private let solution: Solution
    private let sensitivity: SensitivityReport?
    private let objectiveCosts: [Double]

    private enum CodingKeys: String, CodingKey {
        case file, model, solver, status, termination, hasFeasiblePoint, objective, bestBound, primal,
             rowActivities, duals, reducedCosts, seconds, loadSeconds, iterations, nodes, warmStarted,
             objectiveRanges, rightHandSideRanges
    }

    init(file: String, model: Model, solution: Solution, sensitivity: SensitivityReport? = nil) {
        self.file = file
        self.solution = solution
        self.sensitivity = sensitivity
        objectiveCosts = model.objective
        columnNames = model.variables.map(model.displayName)
        rowNames = model.constraints.map(model.displayName)
        self.model = ModelSummary(
            name: model.name, columns: model.columnCount,
            integerColumns: model.columnKind.filter(\.isIntegral).count,
            rows: model.rowCount, nonzeros: model.nonzeroCount, sense: model.sense.rawValue,
            objectiveConstant: model.objectiveConstant)
        solver = solution.solverName
        status = solution.termination.reason.rawValue
        termination = solution.termination
        hasFeasiblePoint = solution.termination.hasFeasiblePoint
        objective = solution.objectiveValue
        bestBound = solution.bestBound
        func named(_ names: [String], _ values: [Double]?) -> [String: Double]? {
            guard let values, !values.isEmpty else { return nil }
            var d = [String: Double](minimumCapacity: values.count)
            for (n, v) in zip(names, values) { d[n] = v }
            return d
        }
        primal = named(columnNames, solution.values)
        rowActivities = named(rowNames, solution.rowActivities)
        duals = named(rowNames, solution.duals)
        reducedCosts = named(columnNames, solution.reducedCosts)
        seconds = solution.seconds
        loadSeconds = solution.loadSeconds
        iterations = solution.iterations
        nodes = solution.nodes
        warmStarted = solution.warmStarted
        func ranges(_ names: [String], _ r: [SensitivityReport.Range]?) -> [String: [Double]]? {
            guard let r else { return nil }
            var d = [String: [Double]](minimumCapacity: r.count)
            for (n, range) in zip(names, r) { d[n] = [range.lower, range.upper] }
            return d
        }
        objectiveRanges = ranges(columnNames, sensitivity?.objectiveRanges)
        rightHandSideRanges = ranges(rowNames, sensitivity?.rightHandSideRanges)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A human-readable report; tables list at most `rowLimit` entries each (nonzero values first
    /// for columns, binding rows first for rows).
    func text(rowLimit: Int) -> String {
        var out = ""
        func line(_ s: String) { out += s + "\n" }
        let kind = model.integerColumns > 0 ? "MILP" : "LP"
        line("file        \(file)")
        line("model       \(model.name.isEmpty ? "(unnamed)" : model.name): \(kind), \(model.columns) columns (\(model.integerColumns) integer), \(model.rows) rows, \(model.nonzeros) nonzeros, \(model.sense)")
        line("solver      \(solver)")
        // The backend's own words matter when something went wrong; for an optimum they are noise.
        line("status      " + (termination.reason == .optimal ? "optimal" : "\(termination)"))
        if let objective {
            var note = model.objectiveConstant != 0 ? "  (includes constant \(format(model.objectiveConstant)))" : ""
            if !hasFeasiblePoint { note += "  (of the reported point, which is not feasible)" }
            line("objective   \(format(objective))" + note)
        }
        if let bestBound, model.integerColumns > 0 { line("best bound  \(format(bestBound))") }
        line("effort      \(iterations) iterations" + (nodes > 0 ? ", \(nodes) nodes" : "") + String(format: ", %.3f s (load %.3f s)", seconds, loadSeconds))
        guard rowLimit > 0 else { return out }
        if !solution.values.isEmpty {
            let order = solution.values.indices.filter { solution.values[$0] != 0 }
            line("")
            line(pad("column", 24) + pad("value", 18) + "reduced cost")
            for j in order.prefix(rowLimit) {
                let rc = solution.reducedCosts.map { format($0[j]) } ?? "-"
                line(pad(columnNames[j], 24) + pad(format(solution.values[j]), 18) + rc)
            }
            if order.count > rowLimit { line("… \(order.count - rowLimit) more nonzero columns (use --format json or --write-solution)") }
            let zeros = solution.values.count - order.count
            if zeros > 0 { line("(\(zeros) columns at zero not shown)") }
        }
        if !solution.rowActivities.isEmpty && !rowNames.isEmpty {
            line("")
            line(pad("row", 24) + pad("activity", 18) + "dual")
            for i in rowNames.indices.prefix(rowLimit) {
                let d = solution.duals.map { format($0[i]) } ?? "-"
                line(pad(rowNames[i], 24) + pad(format(solution.rowActivities[i]), 18) + d)
            }
            if rowNames.count > rowLimit { line("… \(rowNames.count - rowLimit) more rows (use --format json or --write-solution)") }
        }
        if let sensitivity {
            line("")
            line(pad("column", 24) + pad("cost", 14) + "cost range (basis stays optimal)")
            for j in columnNames.indices.prefix(rowLimit) {
                let r = sensitivity.objectiveRanges[j]
                line(pad(columnNames[j], 24) + pad(format(objectiveCosts[j]), 14) + "[\(format(r.lower)), \(format(r.upper))]")
            }
            line("")
            line(pad("row", 24) + "range of the active bound")
            for i in rowNames.indices.prefix(rowLimit) {
                let r = sensitivity.rightHandSideRanges[i]
                line(pad(rowNames[i], 24) + "[\(format(r.lower)), \(format(r.upper))]")
            }
        }
        return out
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private func format(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return String(format: "%.10g", x)
    }
}
