import ArgumentParser
import Fleet
import Foundation

/// `epof fleet simulate FLEET --hours H`.
struct FleetSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate every node of a fleet under its share of the fleet plan; per node and fleet totals."
    )

    @OptionGroup var arguments: FleetPlanningArguments

    @Option(help: "Simulated hours.")
    var hours: Double = 24

    func run() throws {
        throw fail(.inputError, "epof fleet simulate: not implemented yet")
    }
}
