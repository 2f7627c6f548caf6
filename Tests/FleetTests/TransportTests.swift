import Fleet
import Foundation
import Solvers
import Testing

/// Threads and HTTP workers give the same plan; dead and slow workers change nothing.
@Suite("Transports", .serialized)
struct TransportTests {
    static func sameNodes(_ a: FleetPlan, _ b: FleetPlan) -> Bool {
        a.nodes.count == b.nodes.count && zip(a.nodes, b.nodes).allSatisfy { x, y in
            x.throughput == y.throughput && x.carbon == y.carbon && x.power == y.power && x.received == y.received
        }
    }

    @Test func twoThreadsGiveTheSamePlanAsOne() throws {
        let p = try FleetFixtures.small()
        let one = try FleetPlanner(options: .init(solver: .glpk), transport: InProcessTransport(threads: 1)).plan(p)
        let two = try FleetPlanner(options: .init(solver: .glpk), transport: InProcessTransport(threads: 2)).plan(p)
        // Node i is always solved by the same thread's solver, so the solve sequence per node
        // and hence every column are identical.
        #expect(one.objective == two.objective)
        #expect(one.rounds == two.rounds)
        #expect(Self.sameNodes(one, two))
    }

    @Test func httpWorkersMatchInProcessAndSurviveADeadWorker() throws {
        let p = try FleetFixtures.small()
        let healthy = try FleetWorkerServer(port: 0)
        healthy.start()
        defer { healthy.stop() }
        let reference = try FleetPlanner(options: .init(solver: .clp), transport: HTTPTransport(workers: [healthy.url])).plan(p)
        let local = try FleetPlanner(options: .init(solver: .clp)).plan(p)
        #expect(FleetFixtures.relative(reference.objective, local.objective) <= 1e-9)

        // A worker that dies after 5 requests (mid normalisation round).
        let dying = try FleetWorkerServer(port: 0, faults: .init(dieAfter: 5))
        dying.start()
        let transport = HTTPTransport(workers: [dying.url, healthy.url], timeout: 10)
        let plan = try FleetPlanner(options: .init(solver: .clp), transport: transport).plan(p)
        #expect(transport.liveWorkers == [healthy.url])
        #expect(plan.objective == reference.objective)
        #expect(Self.sameNodes(plan, reference))
    }

    @Test func aWorkerThatTimesOutIsReplaced() throws {
        let p = try FleetFixtures.small()
        let healthy = try FleetWorkerServer(port: 0)
        healthy.start()
        defer { healthy.stop() }
        let slow = try FleetWorkerServer(port: 0, faults: .init(delay: 60))
        slow.start()
        defer { slow.stop() }
        let reference = try FleetPlanner(options: .init(solver: .clp), transport: HTTPTransport(workers: [healthy.url])).plan(p)
        let transport = HTTPTransport(workers: [slow.url, healthy.url], timeout: 3)
        let plan = try FleetPlanner(options: .init(solver: .clp), transport: transport).plan(p)
        #expect(transport.liveWorkers == [healthy.url])
        #expect(plan.objective == reference.objective)
        #expect(Self.sameNodes(plan, reference))
    }

    @Test func everyWorkerDeadIsATransportError() throws {
        let p = try FleetFixtures.small()
        let transport = HTTPTransport(workers: [URL(string: "http://127.0.0.1:9")!], timeout: 2)
        #expect {
            try FleetPlanner(options: .init(solver: .clp), transport: transport).plan(p)
        } throws: { e in
            guard case .subproblem(let s) = e as? FleetError else { return false }
            return s.isRetryable
        }
    }

    /// The wire format round-trips (what a worker decodes is what the coordinator sent).
    @Test func requestsRoundTripThroughJSON() throws {
        let p = try FleetFixtures.small()
        let r = SubproblemRequest(node: 1, lp: p.nodes[1].lp,
                                  prices: SubproblemPrices(throughputWeight: 0.5, carbonWeight: 0.25, power: [0.001, 0], movable: 1e-5),
                                  solver: .glpk)
        let back = try FleetJSON.decoder().decode(SubproblemRequest.self, from: FleetJSON.encoder().encode(r))
        #expect(back.lp == r.lp)
        #expect(back.prices == r.prices)
        let (status, body) = FleetWorkerServer.answer(try FleetJSON.encoder().encode(back))
        #expect(status.hasPrefix("200"))
        let answer = try FleetJSON.decoder().decode(SubproblemResponse.self, from: body)
        let direct = try SubproblemSolver().solve(r)
        #expect(answer == direct)
    }
}
