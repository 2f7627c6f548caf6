import ArgumentParser
import LinearModel

/// The LP backends a benchmark can run on.
enum BackendChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// COIN-OR CLP (module CoinBackend).
    case clp
    /// GLPK's simplex (module GLPKBackend).
    case glpk

    /// A fresh solver instance; each measured run gets its own, so no state carries over.
    func makeSolver() throws(BenchError) -> any Solver {
        switch self {
        case .clp, .glpk:
            // The backends are being written on their own branches; merged here once they solve.
            throw BenchError("the \(rawValue) backend is not available in this build yet")
        }
    }
}
