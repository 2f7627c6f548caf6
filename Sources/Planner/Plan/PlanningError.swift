/// Why the planner returned no plan.
public enum PlanningError: Error, Sendable, CustomStringConvertible {
    /// A request field breaks a rule (`field` is a path such as `arrivals.interactive[3]`).
    case invalidRequest(field: String, rule: String)
    /// No plan satisfies the constraints; the diagnosis says which must move and by how much.
    case infeasible(Diagnosis)
    /// The solver failed (backend error, numerical trouble, limits).
    case solver(String)

    /// A one-paragraph message in the user's terms.
    public var description: String {
        switch self {
        case let .invalidRequest(field, rule): return "invalid request: \(field) \(rule)"
        case let .infeasible(d): return "infeasible: \(d)"
        case let .solver(message): return "solver failure: \(message)"
        }
    }
}
