import ArgumentParser

/// `epof-bench`: performance benchmarks of the EPOF toolkit, one subcommand per benchmark.
///
/// Each subcommand prints one result line per measured configuration in the peer format of
/// shared/bench/epoch_lp.py (`NAME build_s=… solve_s=… total_s=… objective=…`, then extra
/// `key=value` fields), so scripts can read EPOF and peer figures with the same parser.
/// To add a benchmark (e.g. `simulate`, `replan`), write a `ParsableCommand` in its own
/// file and list it in `subcommands` below.
@main
struct EPOFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epof-bench",
        abstract: "Performance benchmarks of EPOF against its Python peers.",
        subcommands: [EpochLPCommand.self, SimulateCommand.self, SimulateSweepCommand.self, ReplanCommand.self,
                      CalibrationCommand.self, OracleBoundCommand.self, FleetBenchCommand.self, PlanInProcessCommand.self]
    )
}
