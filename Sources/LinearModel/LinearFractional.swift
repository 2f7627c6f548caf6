/// A linear-fractional program: optimise (n·x + n₀)/(d·x + d₀) over the feasible set of an LP.
///
/// The model's rows and column bounds define the feasible set; its objective is ignored. The
/// denominator must be > 0 everywhere on the feasible set (``solve(using:parameters:)`` checks
/// this with one LP before anything else). Such a program is solved exactly as one LP by the
/// **Charnes–Cooper transformation** (``charnesCooper(denominatorScale:)``): with
/// z = s/(d·x + d₀) > 0 and y = z·x (s > 0 a scale, 1 in the textbook form), the ratio becomes
/// linear in (y, z):
///
///     optimise   (n·y + n₀·z) / s
///     subject to L_i·z ≤ A_i·y ≤ U_i·z     for every row (one row per finite side)
///                l_j·z ≤ y_j ≤ u_j·z       for every column (one row per finite side;
///                                           a bound of 0 stays a column bound)
///                d·y + d₀·z = s,  z ≥ 0
///
/// and x = y/z recovers the optimum. Every feasible x gives a feasible (y, z) with the same
/// objective and, when z > 0, conversely, so the LP optimum is the ratio's optimum. z = 0 at
/// the LP optimum means the best ratio is a supremum approached along an unbounded ray of the
/// feasible set, never attained (``FractionalProgramError/notAttained``). Continuous columns
/// only: integrality does not survive the scaling.
public struct LinearFractionalProgram: Sendable {
    /// Rows and bounds of the feasible set (its objective is ignored).
    public var model: Model
    /// n·x + n₀.
    public var numerator: LinearExpression
    /// d·x + d₀, > 0 on the feasible set.
    public var denominator: LinearExpression
    /// Maximise or minimise the ratio.
    public var sense: ObjectiveSense

    /// A program over `model`'s feasible set.
    public init(model: Model, numerator: LinearExpression, denominator: LinearExpression, sense: ObjectiveSense = .maximize) {
        self.model = model
        self.numerator = numerator
        self.denominator = denominator
        self.sense = sense
    }

    /// The Charnes–Cooper LP in (y, z) (see the type's documentation): columns 0..<n are y
    /// (same positions as x), column n is z, and the last row is the normalisation
    /// d·y + d₀·z = `denominatorScale`. Choose the scale near the denominator's size on the
    /// feasible set (``solve(using:parameters:)`` uses its minimum) so that z and y are of
    /// order 1 and the solver's absolute tolerances stay meaningful.
    public func charnesCooper(denominatorScale: Double = 1) throws(FractionalProgramError) -> CharnesCooperTransform {
        try validate()
        guard denominatorScale.isFinite, denominatorScale > 0 else {
            throw .invalidArgument(name: "denominatorScale", value: "\(denominatorScale)", allowed: "a finite number > 0")
        }
        let n = model.columnCount
        var m = Model(name: model.name.isEmpty ? "charnes-cooper" : "\(model.name)-charnes-cooper")
        m.reserveColumns(n + 1)
        for j in 0..<n {
            let l = model.columnLower[j], u = model.columnUpper[j]
            // Bounds that scale to themselves (0 or infinite) stay column bounds.
            m.addVariable(model.columnName[j], lower: l == 0 || l == -.infinity ? l : -.infinity,
                          upper: u == 0 || u == .infinity ? u : .infinity)
        }
        let z = m.addVariable("__cc_scale", lower: 0, upper: .infinity)
        let rows = model.rowMajor()
        for i in 0..<model.rowCount {
            let range = Int(rows.starts[i])..<Int(rows.starts[i + 1])
            let idx = range.map { Int(rows.columns[$0]) } + [z.index]
            let coef = range.map { rows.values[$0] }
            let lo = model.rowLower[i], up = model.rowUpper[i], name = model.rowName[i]
            if lo == up {
                m.addRow(indices: idx, coefficients: coef + [-lo], lower: 0, upper: 0, name: name)
                continue
            }
            if lo > -.infinity { m.addRow(indices: idx, coefficients: coef + [-lo], lower: 0, upper: .infinity, name: name.map { "\($0)_lo" }) }
            if up < .infinity { m.addRow(indices: idx, coefficients: coef + [-up], lower: -.infinity, upper: 0, name: name.map { "\($0)_up" }) }
        }
        for j in 0..<n {
            let l = model.columnLower[j], u = model.columnUpper[j]
            if l == u {
                if l != 0 { m.addRow(indices: [j, z.index], coefficients: [1, -l], lower: 0, upper: 0) }
                continue
            }
            if l > -.infinity && l != 0 { m.addRow(indices: [j, z.index], coefficients: [1, -l], lower: 0, upper: .infinity) }
            if u < .infinity && u != 0 { m.addRow(indices: [j, z.index], coefficients: [1, -u], lower: -.infinity, upper: 0) }
        }
        let d = denominator.merged()
        let normalisation = m.addRow(indices: d.indices + [z.index], coefficients: d.coefficients + [denominator.constant],
                                     lower: denominatorScale, upper: denominatorScale, name: "__cc_denominator")
        var objective = LinearExpression()
        let num = numerator.merged()
        for (j, c) in zip(num.indices, num.coefficients) { objective.add(Variable(index: j), c / denominatorScale) }
        objective.add(z, numerator.constant / denominatorScale)
        m.setObjective(objective, sense: sense)
        return CharnesCooperTransform(model: m, scale: z, normalisation: normalisation, originalColumns: n,
                                      denominatorScale: denominatorScale)
    }

    /// Solves the program exactly: (1) minimises the denominator over the feasible set (it must
    /// be > 0: otherwise the ratio is undefined somewhere and the transformation invalid),
    /// (2) solves the Charnes–Cooper LP with that minimum as the scale, (3) recovers x = y/z.
    public func solve(using solver: any Solver, parameters: SolverParameters = SolverParameters()) throws(FractionalProgramError) -> FractionalSolution {
        try validate()
        var check = model
        check.setObjective(denominator, sense: .minimize)
        let first = try run(solver, check, parameters)
        var iterations = first.iterations
        switch first.termination.reason {
        case .optimal: break
        case .infeasible: throw .infeasible
        case .unbounded: throw .denominatorNotPositive(minimum: -.infinity)
        default: throw .solveFailed(step: "minimise the denominator", termination: first.termination)
        }
        let dMin = denominator.evaluate(first.values)
        guard dMin.isFinite, dMin > 0 else { throw .denominatorNotPositive(minimum: dMin) }
        let transform = try charnesCooper(denominatorScale: dMin)
        let s = try run(solver, transform.model, parameters)
        iterations += s.iterations
        switch s.termination.reason {
        case .optimal: break
        case .infeasible: throw .infeasible
        case .unbounded: throw .unbounded
        default: throw .solveFailed(step: "Charnes–Cooper LP", termination: s.termination)
        }
        let z = s.values[transform.scale.index]
        guard let x = transform.recover(s.values) else { throw .notAttained(scale: z) }
        let num = numerator.evaluate(x), den = denominator.evaluate(x)
        return FractionalSolution(values: x, ratio: num / den, numerator: num, denominator: den, scale: z,
                                  transformedObjective: s.objectiveValue ?? .nan, minimumDenominator: dMin,
                                  iterations: iterations, solverName: solver.name)
    }

    private func run(_ solver: any Solver, _ m: Model, _ parameters: SolverParameters) throws(FractionalProgramError) -> Solution {
        do { return try solver.solve(m, parameters: parameters) } catch { throw .solver(error) }
    }

    private func validate() throws(FractionalProgramError) {
        guard !model.isMixedInteger else { throw .integerColumns }
        for (name, e) in [("numerator", numerator), ("denominator", denominator)] {
            guard e.constant.isFinite else { throw .invalidExpression(name: name, reason: "constant \(e.constant) is not finite") }
            for (j, c) in zip(e.indices, e.coefficients) {
                guard j >= 0 && j < model.columnCount else {
                    throw .invalidExpression(name: name, reason: "term names column \(j); the model has \(model.columnCount)")
                }
                guard c.isFinite else { throw .invalidExpression(name: name, reason: "coefficient \(c) of column \(j) is not finite") }
            }
        }
    }
}

/// The LP of a Charnes–Cooper transformation and how to map its solutions back.
public struct CharnesCooperTransform: Sendable {
    /// The LP in (y, z): y at the original columns' positions, then z.
    public let model: Model
    /// The column z = s/(d·x + d₀).
    public let scale: Variable
    /// The row d·y + d₀·z = s.
    public let normalisation: Constraint
    /// Columns of the original program (n).
    public let originalColumns: Int
    /// s.
    public let denominatorScale: Double

    /// x = y/z from a solution of ``model``; nil when z is not > 0 (relative to the scale of
    /// the solution), i.e. the optimum is not attained at a finite x.
    public func recover(_ values: [Double]) -> [Double]? {
        guard values.count > scale.index else { return nil }
        let z = values[scale.index]
        let ymax = values.prefix(originalColumns).reduce(0) { max($0, abs($1)) }
        guard z > 1e-12 * max(1, ymax) else { return nil }
        return values.prefix(originalColumns).map { $0 / z }
    }
}

/// The optimum of a ``LinearFractionalProgram``.
public struct FractionalSolution: Sendable {
    /// x, the optimal point of the original program.
    public var values: [Double]
    /// (n·x + n₀)/(d·x + d₀) at x.
    public var ratio: Double
    /// n·x + n₀.
    public var numerator: Double
    /// d·x + d₀.
    public var denominator: Double
    /// z at the LP optimum.
    public var scale: Double
    /// The Charnes–Cooper LP's objective (equals ``ratio`` up to the solver's tolerances).
    public var transformedObjective: Double
    /// The least denominator over the feasible set (the positivity check; the LP's scale s).
    public var minimumDenominator: Double
    /// Simplex iterations of both solves.
    public var iterations: Int
    /// The backend.
    public var solverName: String
}

/// Why a linear-fractional program could not be solved.
public enum FractionalProgramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The numerator or denominator is malformed.
    case invalidExpression(name: String, reason: String)
    /// A parameter outside its range.
    case invalidArgument(name: String, value: String, allowed: String)
    /// The model has integer columns (the transformation is for LPs).
    case integerColumns
    /// The feasible set is empty.
    case infeasible
    /// The denominator reaches `minimum` ≤ 0 on the feasible set (−∞: unbounded below).
    case denominatorNotPositive(minimum: Double)
    /// The Charnes–Cooper LP is unbounded: the ratio has no finite optimum.
    case unbounded
    /// The optimum is a supremum along an unbounded ray (z = `scale` ≈ 0), not attained.
    case notAttained(scale: Double)
    /// The solver refused a model or parameter.
    case solver(SolverError)
    /// A solve ended without an optimum (limit, numerical trouble).
    case solveFailed(step: String, termination: Termination)

    public var description: String {
        switch self {
        case let .invalidExpression(name, reason): return "invalid \(name): \(reason)"
        case let .invalidArgument(name, value, allowed): return "invalid \(name) \(value): expected \(allowed)"
        case .integerColumns: return "the Charnes–Cooper transformation needs a continuous LP (the model has integer columns)"
        case .infeasible: return "the feasible set is empty"
        case let .denominatorNotPositive(m):
            return "the denominator must be > 0 on the feasible set, but its minimum is \(m): the ratio is undefined there"
        case .unbounded: return "the ratio is unbounded on the feasible set"
        case let .notAttained(z):
            return "the best ratio is approached along an unbounded direction and not attained (z = \(z))"
        case let .solver(e): return "solver error: \(e)"
        case let .solveFailed(step, termination): return "\(step) did not reach an optimum: \(termination)"
        }
    }
}
