import ArgumentParser
import Foundation
import Planner
import Scenario
import Solvers
import Workloads

/// Why a planning command produced no document, as a value: the commands turn it into their
/// exit code and stderr message, the service into a problem document.
enum PlanningStepError: Error {
    /// A bad scenario, presets file or option (exit code 2).
    case input(ScenarioError)
    /// The planner refused or failed (infeasible 3, invalid request 2, solver failure 1).
    case planning(PlanningError, file: String, solver: SolverChoice)
    /// Anything else, with the exit status it means.
    case other(ExitStatus, String)

    /// The CLI's exit code (its message printed to stderr, as `fail` does).
    var exitCode: ExitCode {
        switch self {
        case .input(let e): return fail(.inputError, "\(e)")
        case .planning(let e, let file, let solver): return planningFailure(e, file: file, solver: solver)
        case .other(let status, let message): return fail(status, message)
        }
    }
}

/// What `epof plan` and `epof pareto` (and their service endpoints) compute before solving:
/// the scenario with the option overrides, the planner's request, the backend.
struct PlanningSession {
    /// The scenario (with `--epoch` applied).
    var scenario: Scenario
    /// The request and the inputs behind it.
    var input: ScenarioPlanningInput
    /// The backend.
    var solver: SolverChoice
    /// Presets from `--presets`.
    var library: PresetLibrary
    /// The scenario's name in messages.
    var file: String

    /// Builds the request as `epof plan` does: `presets` (a file) added to the built-ins,
    /// `preset` replacing the scenario's base preset, `epoch` replacing its epoch length,
    /// `solver` replacing its backend; then `observed` replacing what the scenario derives.
    static func prepare(_ loaded: Scenario, file: String, presets: String? = nil, preset: String? = nil, epoch: String? = nil,
                        solver: SolverChoice? = nil, observed: Observation? = nil) throws(PlanningStepError) -> PlanningSession {
        var library = PresetLibrary()
        var input: ScenarioPlanningInput
        do {
            if let presets { try library.add(contentsOf: presets) }
            let epochLength = try epoch.map { (e) throws(ScenarioError) in try DurationParser.seconds(e, field: "--epoch") }
            input = try loaded.planningRequest(library: library, presetOverride: preset, epochLength: epochLength)
            if let observed { try observed.apply(to: &input, scenario: loaded) }
        } catch {
            throw .input(error)
        }
        var s = loaded
        if input.request.epochLength != s.epochLength { s.epochLength = input.request.epochLength }
        return PlanningSession(scenario: s, input: input, solver: solver ?? s.solver, library: library, file: s.file ?? file)
    }

    /// Plans the first epoch (`epof plan`).
    func plan(with planner: EpochPlanner? = nil) throws(PlanningStepError) -> Plan {
        do { return try (planner ?? EpochPlanner(solver: solver)).plan(input.request) } catch {
            throw .planning(error, file: file, solver: solver)
        }
    }

    /// `epof plan --format json`'s document.
    func planDocument() throws(PlanningStepError) -> (json: String, plan: Plan) {
        let plan = try plan()
        do { return (try PlanReport(scenario: scenario, input: input, plan: plan, solver: solver).json(), plan) } catch {
            throw .other(.solverFailure, "cannot encode the plan as JSON: \(error)")
        }
    }

    /// `epof pareto`'s report: the frontier and every preset's landing (the built-ins, the
    /// `--presets` file and the scenario's own presets file).
    func paretoReport() throws(PlanningStepError) -> ParetoReport {
        var all = library
        do {
            if let path = scenario.presetsFile {
                let own = try PresetLibrary.load(contentsOf: path)
                for (p, origin) in zip(own.presets, own.origins) where all.preset(named: p.name) == nil {
                    try all.add(p, origin: origin)
                }
            }
        } catch {
            throw .input(error)
        }
        let planner = EpochPlanner(solver: solver)
        let plan = try plan(with: planner)
        do {
            return try ParetoReport.build(scenario: scenario, input: input, plan: plan, solver: solver, library: library,
                                          presets: all, planner: planner)
        } catch {
            throw .other(.solverFailure, "\(file): cannot place the presets on the frontier: \(error)")
        }
    }
}

/// What a scheduler observed on the node, replacing what the scenario derives (the service's
/// `observed` field). Every value is checked here, so the planner gets only well-formed input.
struct Observation: Sendable, Hashable {
    var temperatures: [Double]?
    var interactiveBacklog: Double?
    var deferrableBacklog: Double?
    var carbonIntensity: Double?
    var carbonForecast: [Double]?

    func apply(to input: inout ScenarioPlanningInput, scenario: Scenario) throws(ScenarioError) {
        func bad(_ field: String, _ rule: String) -> ScenarioError { ScenarioError(field: "observed.\(field)", rule: rule) }
        var r = input.request
        if let t = temperatures {
            guard t.count == r.cards else { throw bad("temperatures", "must give one temperature per card (\(r.cards)), got \(t.count)") }
            if let i = t.firstIndex(where: { !$0.isFinite || $0 < -273.15 || $0 > 1000 }) {
                throw bad("temperatures[\(i)]", "must be a die temperature in °C between -273.15 and 1000 (got \(t[i]))")
            }
            r.temperatures = t
            input.temperatureSource = "observed"
        }
        try rest(&r, &input)
    }

    private func rest(_ r: inout PlanningRequest, _ input: inout ScenarioPlanningInput) throws(ScenarioError) {
        func bad(_ field: String, _ rule: String) -> ScenarioError { ScenarioError(field: "observed.\(field)", rule: rule) }
        func backlog(_ x: Double, _ field: String) throws(ScenarioError) -> Double {
            guard x.isFinite, x >= 0, x <= 1e12 else { throw bad("backlog.\(field)", "must be a finite number of requests ≥ 0 and ≤ 1e12 (got \(x))") }
            return x
        }
        if let b = deferrableBacklog { r.deferrableBacklog = try backlog(b, "deferrable") }
        if let b = interactiveBacklog {
            let x = try backlog(b, "interactive")
            var a = r.arrivals[.interactive] ?? Array(repeating: 0, count: r.horizon)
            if a.isEmpty { a = [0] }
            a[0] += x
            r.arrivals[.interactive] = a
        }
        if let f = carbonForecast {
            guard f.count == r.horizon else { throw bad("carbonForecast", "must give one intensity per epoch of the horizon (\(r.horizon)), got \(f.count)") }
            if let i = f.firstIndex(where: { !$0.isFinite || $0 < 0 || $0 > 1e5 }) {
                throw bad("carbonForecast[\(i)]", "must be a carbon intensity in gCO₂/kWh between 0 and 100000 (got \(f[i]))")
            }
            r.carbonForecast = f
        }
        if let c = carbonIntensity {
            guard c.isFinite, c >= 0, c <= 1e5 else { throw bad("carbonIntensity", "must be a carbon intensity in gCO₂/kWh between 0 and 100000 (got \(c))") }
            if r.carbonForecast.isEmpty { r.carbonForecast = [c] } else { r.carbonForecast[0] = c }
        }
        input.request = r
    }
}
