import ArgumentParser

/// The `epof` command: the root of every subcommand.
public struct EPOF: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "epof",
        abstract: "Energy–performance co-optimization for AI-inference accelerator nodes.",
        discussion: """
        EPOF decides, epoch by epoch, how an inference node should run (batch size, precision, \
        frequency, placement, deferrable work) by solving a linear program with GLPK or COIN-OR \
        CLP/CBC. `epof plan scenario.yaml` plans a scenario's next epoch; `epof presets` lists \
        the SLA presets; `epof pareto` shows the throughput–carbon frontier and where each preset \
        lands on it; `epof simulate` runs a policy on the simulated node and `epof compare` \
        compares the LP planner with the baselines (both draw charts and write notebooks); \
        `epof whatif` sweeps scenario fields (power cap, region, preset, …) in parallel, with \
        marginal values; `epof validate` checks a scenario file without planning; `epof carbon` reads \
        carbon feeds and scores the forecasters on them; `epof fleet` plans and simulates fleets of \
        nodes under shared site power caps, a carbon budget and movable work. Its LP/MILP \
        front end is available on its own: `epof solve model.mps`.
        """,
        version: EPOFVersion.string,
        subcommands: [SolveCommand.self, ConvertCommand.self, PlanCommand.self, PresetsCommand.self, SimulateCommand.self,
                      CompareCommand.self, ParetoCommand.self, WhatIfCommand.self, ValidateCommand.self, CarbonCommand.self,
                      FleetCommand.self, ServeCommand.self]
    )

    public init() {}
}

/// The tool's version.
public enum EPOFVersion {
    public static let string = "0.1.0"
}
