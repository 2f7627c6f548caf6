import ArgumentParser
import Fleet
import Foundation

/// `epof fleet worker`: a stateless HTTP pricing worker for `epof fleet plan --workers`.
struct FleetWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve fleet pricing problems over HTTP (POST /v1/fleet/subproblem, GET /healthz).",
        discussion: """
        Each request carries a node's LP and the prices (JSON, Fleet.SubproblemRequest); the \
        answer is the node plan's coupling quantities (Fleet.SubproblemResponse), or HTTP 422 \
        with the reason. Stateless: any worker answers any request the same way, so the \
        coordinator re-issues a request to another worker when one dies or times out. \
        scripts/fleet-workers.sh starts N of them on 127.0.0.1; deploy/fleet-workers.yaml is a \
        Kubernetes example. Runs until killed.
        """
    )

    @Option(help: "Address to listen on (IPv4).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed on stdout).")
    var port: UInt16 = 8601

    func run() throws {
        let server: FleetWorkerServer
        do { server = try FleetWorkerServer(host: host, port: port) } catch { throw fail(.inputError, "epof fleet worker: \(error)") }
        FileHandle.standardOutput.write(Data("epof fleet worker listening on \(server.url.absoluteString)\n".utf8))
        server.run()
    }
}
