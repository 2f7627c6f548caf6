import Dispatch
import Foundation
import Testing
import LinearModel
import CoinBackend

/// Collects results from several threads (test-only helper).
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(Int, Double?, TerminationReason)] = []
    func add(_ i: Int, _ objective: Double?, _ reason: TerminationReason) {
        lock.lock(); items.append((i, objective, reason)); lock.unlock()
    }
    var all: [(Int, Double?, TerminationReason)] { lock.lock(); defer { lock.unlock() }; return items }
}

@Suite("Threads")
struct ConcurrencyTests {
    /// Several solves at once on several threads, each with its own solver and model; every
    /// result must equal the one computed on one thread.
    @Test func clpAndCbcOnSeveralThreads() throws {
        let jobs = 8
        @Sendable func lp(_ i: Int) -> Model { randomPackingLP(columns: 150, rows: 60, seed: UInt64(100 + i)) }
        @Sendable func milp(_ i: Int) -> (Model, Double) { smallKnapsack(items: 12, seed: UInt64(200 + i)) }
        var expectedLP: [Double] = []
        for i in 0..<jobs { expectedLP.append(try #require(try CLPSolver().solve(lp(i)).objectiveValue)) }

        let box = ResultBox()
        DispatchQueue.concurrentPerform(iterations: jobs) { i in
            // Each job: two CLP solves (cold, then warm after a change) and one CBC solve.
            let clp = CLPSolver()
            var model = lp(i)
            let a = try? clp.solve(model)
            box.add(i, a?.objectiveValue, a?.termination.reason ?? .otherError)
            model.setObjectiveCoefficient(Variable(index: 0), 0)
            let b = try? clp.solve(model)
            let c = try? CLPSolver().solve(model)
            box.add(100 + i, (b?.objectiveValue ?? .nan) - (c?.objectiveValue ?? .nan),
                    b?.termination.reason ?? .otherError)
            let (m, _) = milp(i)
            let d = try? CBCSolver().solve(m)
            box.add(200 + i, d?.objectiveValue, d?.termination.reason ?? .otherError)
        }
        let results = box.all
        #expect(results.count == 3 * jobs)
        for (key, objective, reason) in results {
            #expect(reason == .optimal, "job \(key)")
            switch key {
            case 0..<100: #expect(close(objective, expectedLP[key], tol: 1e-8), "clp job \(key)")
            case 100..<200: #expect(close(objective, 0, tol: 1e-8), "warm clp job \(key)")
            default: #expect(close(objective, milp(key - 200).1), "cbc job \(key)")
            }
        }
    }
}
