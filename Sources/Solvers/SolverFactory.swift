import CoinBackend
import GLPKBackend
import LinearModel

/// Which backend solves a model. `auto` picks CLP for LPs and CBC for MILPs.
public enum SolverChoice: String, Sendable, CaseIterable, Codable {
    case glpk
    case clp
    case cbc
    case auto

    /// The concrete backend this choice means for `model` (resolves `auto`).
    public func resolved(for model: Model) -> SolverChoice {
        guard self == .auto else { return self }
        return model.isMixedInteger ? .cbc : .clp
    }
}

/// The one facade over every backend: creates a solver by name.
///
/// Each call returns a new, independent solver instance confined to the calling thread
/// (see ``LinearModel/Solver``). Create one per task for parallel work.
public enum SolverFactory {
    /// The concrete backends, in the order conformance suites run them.
    public static let backends: [SolverChoice] = [.glpk, .clp, .cbc]

    /// A new solver for `choice`, resolving `auto` against `model`.
    public static func make(_ choice: SolverChoice, for model: Model) -> any Solver {
        make(choice.resolved(for: model))
    }

    /// A new solver for a concrete backend (`auto` means CLP here; pass a model to resolve it).
    public static func make(_ choice: SolverChoice) -> any Solver {
        switch choice {
        case .glpk: return GLPKSolver()
        case .clp, .auto: return CLPSolver()
        case .cbc: return CBCSolver()
        }
    }
}
