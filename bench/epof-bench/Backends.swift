import ArgumentParser
import CoinBackend
import GLPKBackend
import LinearModel

/// The LP backends a benchmark can run on.
enum BackendChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// COIN-OR CLP (``CLPSolver`` in CoinBackend).
    case clp
    /// GLPK's simplex (``GLPKSolver`` in GLPKBackend).
    case glpk

    /// A fresh solver instance; each measured run gets its own, so no state carries over.
    func makeSolver() -> any Solver {
        switch self {
        case .clp: return CLPSolver()
        case .glpk: return GLPKSolver()
        }
    }
}

// `--algorithm primal|dual|barrier` parses by raw value through EPOFCommands' conformance
// `LPAlgorithm: ExpressibleByArgument` (this tool links EPOFCommands for plan-in-process).
