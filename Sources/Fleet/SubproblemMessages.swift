import Foundation
import LinearModel
import Solvers

/// A pricing problem sent to a worker (in-process or HTTP): the node's LP, the prices and the
/// backend. Self-contained, so a stateless worker can answer it and any worker gives the same
/// answer (the backends are deterministic for a given model).
public struct SubproblemRequest: Codable, Sendable {
    /// Position of the node in the fleet (echoed in the response).
    public var node: Int
    /// The node's LP.
    public var lp: SubproblemLP
    /// Weights and prices.
    public var prices: SubproblemPrices
    /// Backend: glpk or clp.
    public var solver: SolverChoice

    public init(node: Int, lp: SubproblemLP, prices: SubproblemPrices, solver: SolverChoice) {
        self.node = node
        self.lp = lp
        self.prices = prices
        self.solver = solver
    }
}

/// A worker's answer: the node plan's coupling quantities (a new column of the master) and the
/// priced optimum.
public struct SubproblemResponse: Codable, Sendable, Equatable {
    /// The request's node.
    public var node: Int
    /// Optimal value of the priced objective.
    public var pricedObjective: Double
    /// The plan's throughput T, work units.
    public var throughput: Double
    /// The plan's carbon C, gCO₂.
    public var carbon: Double
    /// The plan's node power per epoch, W.
    public var power: [Double]
    /// Movable work the plan receives, work units.
    public var received: Double
    /// Work served per class and epoch, [class][epoch].
    public var served: [[Double]]
    /// Simplex iterations.
    public var iterations: Int
    /// Whether the solve warm-started from a previous basis.
    public var warmStarted: Bool
}

/// Why a pricing problem has no answer.
public enum SubproblemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node's LP is infeasible (its own limits cannot be met).
    case infeasible(node: Int)
    /// The solve stopped without an optimum.
    case notOptimal(node: Int, termination: String)
    /// The backend refused the model or failed.
    case solver(node: Int, message: String)
    /// The transport failed (connection refused, timeout, bad reply); the request may be re-issued.
    case transport(worker: String, message: String)

    public var description: String {
        switch self {
        case let .infeasible(n): return "node \(n): its epoch LP is infeasible"
        case let .notOptimal(n, t): return "node \(n): the pricing solve stopped without an optimum (\(t))"
        case let .solver(n, m): return "node \(n): solver error: \(m)"
        case let .transport(w, m): return "worker \(w): \(m)"
        }
    }

    /// Whether another worker might answer (only transport failures are retried).
    public var isRetryable: Bool { if case .transport = self { return true } else { return false } }
}

/// Solves one node's pricing problems, keeping the model and the solver between calls so that
/// successive price vectors re-solve from the previous basis (only the objective changes).
///
/// Not `Sendable`: it owns a solver, which must stay on the thread that created it (GLPK
/// refuses other threads). Create it on the thread that will use it.
public final class SubproblemSolver {
    private var model: Model?
    private var lastLP: SubproblemLP?
    private var solver: (any Solver)?
    private var choice: SolverChoice?

    public init() {}

    /// Solves `request`; reuses the model (and the solver's basis) when the request's LP equals
    /// the last one (an O(size) comparison, small beside a solve).
    public func solve(_ request: SubproblemRequest) throws(SubproblemError) -> SubproblemResponse {
        let lp = request.lp
        if model == nil || choice != request.solver || lastLP != lp {
            model = lp.model()
            lastLP = lp
            solver = SolverFactory.make(request.solver == .auto ? .clp : request.solver)
            choice = request.solver
        }
        var m = model!
        let (c, k) = lp.objective(request.prices)
        for j in 0..<c.count where m.objective[j] != c[j] { m.setObjectiveCoefficient(Variable(index: j), c[j]) }
        m.objectiveConstant = k
        model = m
        let solution: Solution
        do { solution = try solver!.solve(m, parameters: SolverParameters()) } catch {
            model = nil
            throw .solver(node: request.node, message: "\(error)")
        }
        switch solution.termination.reason {
        case .optimal: break
        case .infeasible: throw .infeasible(node: request.node)
        default: throw .notOptimal(node: request.node, termination: "\(solution.termination)")
        }
        let x = solution.values
        return SubproblemResponse(node: request.node, pricedObjective: solution.objectiveValue ?? lp.objective(request.prices).constant,
                                  throughput: lp.throughput.evaluate(x), carbon: lp.carbon.evaluate(x),
                                  power: lp.power.map { $0.evaluate(x) }, received: lp.received.evaluate(x),
                                  served: lp.served.map { $0.map { x[$0] } }, iterations: solution.iterations,
                                  warmStarted: solution.warmStarted)
    }
}

/// The JSON coding of the wire format: infinite bounds travel as the strings "inf" and "-inf".
public enum FleetJSON {
    /// The encoder requests, responses and plans are written with.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
