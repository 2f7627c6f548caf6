import EPOFCommands
import Fleet
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Scenario
import Service
import Testing

/// `POST /v1/fleet/subproblem`: `epof serve` instances are the fleet coordinator's stateless
/// workers (issue 12, item 3), with the same answers as `epof fleet worker`.
@Suite struct FleetRouteTests {
    @Test func aBodyThatIsNoSubproblemIs400() async throws {
        try await withService { client, _ in
            var h = HTTPFields()
            h[.contentType] = "application/json"
            try await client.execute(uri: "/v1/fleet/subproblem", method: .post, headers: h, body: ByteBuffer(string: #"{"nodes": 1}"#)) { r in
                #expect(r.status == .badRequest, "\(String(buffer: r.body))")
            }
        }
    }

    /// The example fleet planned with one live `epof serve` as its only worker equals the
    /// in-process plan.
    @Test func theCoordinatorPlansThroughTheService() async throws {
        let path = repositoryRoot.appendingPathComponent("Problems/fleets/two-regions.yaml").path
        let problem = try FleetBuilder.problem(FleetFile.load(contentsOf: path))
        let local = try FleetPlanner(options: .init(solver: .clp)).plan(problem)
        let service = EPOFService(backend: CommandBackend(), settings: testSettings())
        defer { service.stopWorkers() }
        try await service.application().test(.live) { client in
            let port = try #require(client.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
            // The coordinator blocks on its HTTP calls: run it off the cooperative pool.
            let remote: FleetPlan = try await withCheckedThrowingContinuation { done in
                Thread.detachNewThread {
                    done.resume(with: Result { try FleetPlanner(options: .init(solver: .clp), transport: HTTPTransport(workers: [url])).plan(problem) })
                }
            }
            #expect(abs(remote.objective - local.objective) <= 1e-9 * max(1, abs(local.objective)))
        }
    }
}
