import EPOFCommands
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Testing

/// A backend whose plan blocks until released: holds the only worker so the next request finds
/// the pool full. Every other call is the real one.
final class GateBackend: ServiceBackend, @unchecked Sendable {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let real = CommandBackend()

    func plan(_ input: ScenarioInput) -> Result<Document, OperationFailure> {
        entered.signal()
        release.wait()
        return real.plan(input)
    }
    func pareto(_ input: ScenarioInput) -> Result<Document, OperationFailure> { real.pareto(input) }
    func whatIf(_ input: ScenarioInput, vary: [String], caseLimit: Int) -> Result<Document, OperationFailure> {
        real.whatIf(input, vary: vary, caseLimit: caseLimit)
    }
    func solve(_ input: ModelInput) -> Result<Document, OperationFailure> { real.solve(input) }
    func validate(_ input: ScenarioInput) -> Result<String, OperationFailure> { real.validate(input) }
    func presets() -> Result<Document, OperationFailure> { real.presets() }
}

@Suite struct OverloadTests {
    /// One worker, no queue: while a plan runs, the next is refused at once with 503 and
    /// Retry-After, /readyz says not ready, and the refusal is counted.
    @Test func fullPoolAnswers503WithRetryAfter() async throws {
        let gate = GateBackend()
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml")
        try await withService(testSettings { $0.workers = 1; $0.queueCapacity = 0 }, backend: gate) { client, _ in
            let first = Task {
                try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { $0.status }
            }
            await withCheckedContinuation { c in DispatchQueue.global().async { gate.entered.wait(); c.resume() } }
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .serviceUnavailable)
                #expect(r.headers[.retryAfter] == "1")
                let status = try r.body.json().int("status")
                    #expect(status == 503)
            }
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .serviceUnavailable) }
            gate.release.signal()
            #expect(try await first.value == .ok)
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.body.text.contains(#"epof_rejected_requests_total{reason="queue_full"} 1"#), "\(r.body.text)")
            }
        }
    }

    /// A job that waited in the queue past its deadline is not started.
    @Test func queuedPastTheDeadlineIsRefused() async throws {
        let pool = WorkerPool(workers: 1, queueCapacity: 4)
        defer { pool.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.run(timeout: nil) { gate.wait(); return 1 } }
        while pool.load.running == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let late = Task { try await pool.run(timeout: .milliseconds(10)) { 2 } }
        while pool.load.queued == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        gate.signal()
        #expect(try await blocker.value == 1)
        await #expect(throws: WorkerPool.Rejection.expired) { try await late.value }
    }

    /// Shutdown runs what was accepted, then refuses.
    @Test func shutdownDrainsThenRefuses() async throws {
        let pool = WorkerPool(workers: 2, queueCapacity: 8)
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<6 { group.addTask { try await pool.run(timeout: nil) { Thread.sleep(forTimeInterval: 0.01); return i } } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.sorted() == Array(0..<6))
        pool.shutdown()
        await #expect(throws: WorkerPool.Rejection.closed) { try await pool.run(timeout: nil) { 0 } }
    }
}
