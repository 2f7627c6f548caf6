import Testing
import Foundation
import Synchronization
import LinearModel
@testable import GLPKBackend

@Suite("GLPK thread confinement")
struct ThreadTests {
    /// Runs `body` on `count` new threads at once and waits for all of them.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchSemaphore(value: 0)
        for k in 0..<count {
            let t = Thread { body(k); done.signal() }
            t.stackSize = 8 << 20
            t.start()
        }
        for _ in 0..<count { done.wait() }
    }

    @Test func concurrentSolversOnSeparateThreads() throws {
        let seeds: [UInt64] = [101, 202, 303, 404]
        // Expected results, computed on this thread.
        var expected: [Double] = []
        for seed in seeds { expected.append(try #require(try GLPKSolver().solve(Fixtures.randomLP(seed: seed)).objectiveValue)) }
        let expectedValues = expected
        let failures = Mutex<[String]>([])
        onThreads(4) { k in
            let solver = GLPKSolver()
            for round in 0..<3 {
                do {
                    let lp = try solver.solve(Fixtures.randomLP(seed: seeds[k]))
                    if !close(lp.objectiveValue, expectedValues[k], 1e-9) {
                        failures.withLock { $0.append("thread \(k) round \(round): LP \(String(describing: lp.objectiveValue))") }
                    }
                    let mip = try solver.solve(Fixtures.smallMILP())
                    if !close(mip.objectiveValue, 27) {
                        failures.withLock { $0.append("thread \(k): MILP \(String(describing: mip.objectiveValue))") }
                    }
                    let mixed = try GLPKSolver().solve(Fixtures.mixedRows())
                    if !close(mixed.duals, [2, 0, 0, 1]) {
                        failures.withLock { $0.append("thread \(k): duals \(String(describing: mixed.duals))") }
                    }
                } catch {
                    failures.withLock { $0.append("thread \(k): \(error)") }
                }
            }
        }
        let all = failures.withLock { $0 }
        #expect(all.isEmpty, "\(all)")
    }

    final class Box: @unchecked Sendable {
        let solver: GLPKSolver
        init(_ s: GLPKSolver) { solver = s }
    }

    @Test func useFromAnotherThreadIsRefused() throws {
        let solver = GLPKSolver()
        _ = try solver.solve(Fixtures.wyndor())
        let box = Box(solver)
        let outcome = Mutex<String>("not run")
        onThreads(1) { _ in
            do {
                _ = try box.solver.solve(Fixtures.wyndor())
                outcome.withLock { $0 = "solved" }
            } catch let error as SolverError {
                if case .notAllowedNow = error { outcome.withLock { $0 = "refused" } }
                else { outcome.withLock { $0 = "\(error)" } }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
        }
        #expect(outcome.withLock { $0 } == "refused")
        // Still fine on its own thread.
        #expect(close(try solver.solve(Fixtures.wyndor()).objectiveValue, 36))
    }
}
