import Dispatch
import Executor
import Foundation
import Planner
import Scenario
import Workloads

/// What a what-if case runs: the closed loop with a policy for some hours, or only the scenario's
/// first-epoch plan.
enum SweepMode: Sendable, Equatable {
    case planOnly
    case closedLoop(policy: PolicyKind, hours: Double)
}

/// One case of a sweep, checked before any case runs: the scenario with the case's overrides,
/// its first-epoch planning request, and how many epochs its closed loop runs.
struct SweepCase: Sendable {
    /// 0-based position in the sweep (cases are numbered from 1 in output).
    var index: Int
    /// Per dimension, the index of this case's value.
    var valueIndices: [Int]
    var overrides: [ScenarioOverride]
    var scenario: Scenario
    /// The first epoch's planning request (as `epof plan` builds it).
    var request: PlanningRequest
    /// Closed-loop epochs (⌈hours / epoch length⌉, at least 1); 0 for --plan-only.
    var epochs: Int
}

/// The first-epoch plan of a case, in the numbers a sweep compares (horizon totals unless said).
struct PlanOutcome: Encodable, Sendable {
    var preset: String
    var workUnit: String
    var horizon: Int
    var epochLength: Double
    /// Work served over the horizon, work units.
    var throughput: Double
    /// throughput / horizon length, work units/s.
    var throughputRate: Double
    /// Carbon over the horizon, gCO₂.
    var carbon: Double
    var served: WorkByClass
    /// Mean, largest and committed-epoch node power, W.
    var meanPower: Double
    var peakPower: Double
    var committedPower: Double
    /// Hottest predicted die temperature, °C.
    var maxTemperature: Double
    var objective: PlanObjective
    /// The chosen extreme point, 1-based by increasing carbon, and how many there are.
    var chosenPoint: Int
    var frontierPoints: Int

    init(_ plan: Plan) {
        preset = plan.preset
        workUnit = plan.workUnit
        horizon = plan.epochs.count
        epochLength = plan.epochLength
        throughput = plan.throughput
        let seconds = Double(max(1, plan.epochs.count)) * plan.epochLength
        throughputRate = plan.throughput / seconds
        carbon = plan.carbon
        var s = WorkByClass()
        for e in plan.epochs { for j in WorkClass.allCases { s[j] += e.served[j] } }
        served = s
        let powers = plan.epochs.map(\.power)
        meanPower = powers.isEmpty ? 0 : powers.reduce(0, +) / Double(powers.count)
        peakPower = powers.max() ?? 0
        committedPower = powers.first ?? 0
        maxTemperature = plan.epochs.flatMap { $0.cards.map(\.temperature) }.max() ?? 0
        objective = plan.objective
        chosenPoint = plan.chosenIndex + 1
        frontierPoints = plan.frontier.count
    }
}

/// What one case produced.
struct SweepCaseResult: Sendable {
    enum Status: String, Encodable, Sendable {
        /// Ran (the closed loop to its end, or a plan was found).
        case ok
        /// --plan-only: no plan meets the constraints (the message holds the diagnosis).
        case infeasible
        /// A solver or simulation failure (the message says which).
        case failed
    }

    var index: Int
    var status: Status
    var message: String?
    var metrics: RunMetrics?
    var plan: PlanOutcome?
    /// Marginal values of the first-epoch plan (--plan-only, or the lp policy).
    var marginals: PlanMarginals?
}

/// Prepares and runs the cases of a sweep.
///
/// **Before any work** every case's scenario is loaded with its overrides through the normal
/// loader, its preset resolved and its first-epoch request built (and, for the closed loop, the
/// loop constructed), so a value the field rejects stops the command with exit code 2.
///
/// **In parallel.** Cases run on `jobs` worker threads (`DispatchQueue.concurrentPerform`), each
/// taking the next case index; a case runs start to end on one thread and makes its own planner,
/// solvers and simulator there (solver objects are thread-confined; CBC MILP solves serialise
/// themselves process-wide). Results are stored by case index, and every case runs with the same
/// seed (common random numbers: cases differ by their fields, not their random draws), so the
/// output does not depend on `jobs` or on scheduling.
struct SweepRunner {
    let dimensions: [SweepDimension]
    let cases: [SweepCase]
    let mode: SweepMode
    let seed: UInt64
    let library: PresetLibrary

    /// Loads and checks every case of `dimensions` over the scenario at `path`.
    /// With `text`, the scenario is that YAML (named `path` in messages) rather than the file.
    init(path: String, text: String? = nil, dimensions: [SweepDimension], mode: SweepMode, seed: UInt64,
         library: PresetLibrary) throws(CommandFailure) {
        self.dimensions = dimensions
        self.mode = mode
        self.seed = seed
        self.library = library
        var prepared: [SweepCase] = []
        for (k, indices) in SweepSpecification.cases(dimensions).enumerated() {
            let overrides = zip(dimensions, indices).map { d, i in d.override(i) }
            func failure(_ message: String, attributed: Bool) -> CommandFailure {
                let values = zip(dimensions, indices).map { d, i in "\(d.path) = \(d.values[i].display)" }.joined(separator: ", ")
                return CommandFailure(status: .inputError, message: attributed ? message : "case \(k + 1) (\(values)): \(message)")
            }
            func scenarioFailure(_ e: ScenarioError) -> CommandFailure {
                let a = ScenarioOverride.attribute(e, to: overrides)
                return failure("\(a)", attributed: a.file?.hasPrefix("--vary") == true)
            }
            let scenario: Scenario
            let input: ScenarioPlanningInput
            do {
                if let text {
                    scenario = try Scenario.parse(yaml: text, path: path, overrides: overrides)
                } else {
                    scenario = try Scenario.load(contentsOf: path, overrides: overrides)
                }
                input = try scenario.planningRequest(library: library)
            } catch {
                throw scenarioFailure(error)
            }
            var epochs = 0
            if case .closedLoop(let policy, let hours) = mode {
                let e = (hours * 3600 / scenario.epochLength * (1 - 1e-12)).rounded(.up)
                guard e <= 1_000_000 else { throw failure("--hours \(num(hours)) is \(num(e)) epochs of \(DurationText.format(scenario.epochLength)); too long", attributed: false) }
                epochs = max(1, Int(e))
                // Construct (and drop) the loop: trace lengths, arrivals and the simulator are checked now.
                do { _ = try ClosedLoop(scenario: scenario, configuration: Self.configuration(epochs: epochs, seed: seed, library: library, policy: policy)) } catch {
                    throw failure("\(error)", attributed: false)
                }
            }
            prepared.append(SweepCase(index: k, valueIndices: indices, overrides: overrides, scenario: scenario,
                                      request: input.request, epochs: epochs))
        }
        cases = prepared
    }

    static func configuration(epochs: Int, seed: UInt64, library: PresetLibrary, policy: PolicyKind) -> ClosedLoop.Configuration {
        ClosedLoop.Configuration(epochs: epochs, seed: seed, presets: library, policy: policy)
    }

    /// Progress steps of the whole sweep: one per closed-loop epoch, or one per plan.
    var totalSteps: Int { mode == .planOnly ? cases.count : cases.reduce(0) { $0 + $1.epochs } }

    /// Runs every case on `jobs` threads; results in case order.
    func run(jobs: Int, progress: SweepProgress) -> [SweepCaseResult] {
        let board = SweepBoard(count: cases.count)
        let workers = max(1, min(jobs, cases.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = board.take() {
                board.store(run(cases[i], progress: progress), at: i)
            }
        }
        return board.results()
    }

    /// Runs one case on the calling thread.
    func run(_ c: SweepCase, progress: SweepProgress) -> SweepCaseResult {
        let label = "case \(c.index + 1)/\(cases.count)"
        var result = SweepCaseResult(index: c.index, status: .ok)
        switch mode {
        case .planOnly:
            let planner = EpochPlanner(solver: c.scenario.solver)
            do {
                let plan = try planner.plan(c.request)
                result.plan = PlanOutcome(plan)
                result.marginals = planner.marginals(of: plan, request: c.request)
            } catch {
                switch error {
                case .infeasible(let d):
                    result.status = .infeasible
                    result.message = "infeasible: " + (d.findings.isEmpty ? "\(d)" : d.findings.map(\.message).joined(separator: "; or "))
                case .invalidRequest(let field, let rule):
                    result.status = .failed
                    result.message = "invalid request: \(field): \(rule)"
                case .solver(let m):
                    result.status = .failed
                    result.message = "solver failure (\(c.scenario.solver.rawValue)): \(m)"
                }
            }
            progress.advance(label: label)
        case .closedLoop(let policy, _):
            do {
                let loop = try ClosedLoop(scenario: c.scenario, configuration: Self.configuration(
                    epochs: c.epochs, seed: seed, library: library, policy: policy))
                while loop.epochsRun < c.epochs {
                    try loop.step()
                    progress.advance(label: label)
                }
                result.metrics = loop.metrics()
            } catch {
                result.status = .failed
                result.message = "simulation failed: \(error)"
                return result
            }
            // The duals describe the LP planner's plan; only the lp policy runs that plan.
            if policy == .lp {
                let planner = EpochPlanner(solver: c.scenario.solver)
                if let plan = try? planner.plan(c.request) { result.marginals = planner.marginals(of: plan, request: c.request) }
            }
        }
        return result
    }
}

/// The shared state of the workers: the next case to take and the results by index.
private final class SweepBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [SweepCaseResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: SweepCaseResult, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func results() -> [SweepCaseResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.enumerated().map { i, r in r ?? SweepCaseResult(index: i, status: .failed, message: "not run") }
    }
}

/// The progress bar of `compare`/`simulate` (stderr, terminals only, after two seconds), shared
/// by the sweep's worker threads.
final class SweepProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var bar: ProgressBar

    /// `quiet`: never draw (the service's sweeps).
    init(total: Int, quiet: Bool = false) { bar = ProgressBar(total: total, enabled: !quiet) }

    func advance(label: String) {
        lock.lock()
        bar.advance(label: label)
        lock.unlock()
    }

    func finish() {
        lock.lock()
        bar.finish()
        lock.unlock()
    }
}
