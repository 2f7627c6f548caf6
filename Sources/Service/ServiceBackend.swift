import Foundation

/// The computations the service exposes, one synchronous call per endpoint.
///
/// The service computes nothing itself: `EPOFCommands.CommandBackend` implements this with the
/// same library calls and JSON builders the CLI uses, so a response body is byte for byte what
/// the matching `epof … --format json` prints. Calls run on one solver-worker thread of the
/// ``WorkerPool`` from start to end (thread confinement: every solver and planner a call makes
/// is created, used and dropped on that thread).
public protocol ServiceBackend: Sendable {
    /// `epof plan --format json`.
    func plan(_ input: ScenarioInput) -> Result<Document, OperationFailure>
    /// `epof pareto --format json`.
    func pareto(_ input: ScenarioInput) -> Result<Document, OperationFailure>
    /// `epof whatif --plan-only --format json` with these `--vary` arguments (at most `caseLimit` cases).
    func whatIf(_ input: ScenarioInput, vary: [String], caseLimit: Int) -> Result<Document, OperationFailure>
    /// `epof solve --format json` on a model given as text.
    func solve(_ input: ModelInput) -> Result<Document, OperationFailure>
    /// `epof validate`: the report text when valid, every error otherwise.
    func validate(_ input: ScenarioInput) -> Result<String, OperationFailure>
    /// `epof presets --format json`.
    func presets() -> Result<Document, OperationFailure>
    /// One fleet pricing problem (the `epof fleet worker` route): its JSON in, the answer out.
    func fleetSubproblem(_ json: String) -> Result<Document, OperationFailure>
}

extension ServiceBackend {
    /// Backends without a fleet layer refuse the route.
    public func fleetSubproblem(_ json: String) -> Result<Document, OperationFailure> {
        .failure(.invalidInput("this service does not solve fleet subproblems", []))
    }
}

/// A JSON document as the CLI prints it, and what the metrics count about its computation.
public struct Document: Sendable {
    /// The UTF-8 JSON text.
    public var json: String
    /// Simplex iterations the solvers spent on it (for `/metrics`).
    public var iterations: Int

    /// A document whose computation spent `iterations` simplex iterations.
    public init(json: String, iterations: Int = 0) {
        self.json = json
        self.iterations = iterations
    }
}

/// A scenario request: the scenario text and what replaces parts of it.
public struct ScenarioInput: Sendable, Hashable {
    /// The scenario file's text (YAML; JSON is YAML too).
    public var text: String
    /// The name the scenario goes by in messages (`file` of `file:line: field: rule`).
    public var name: String
    /// `--preset`.
    public var preset: String?
    /// `--solver` (glpk, clp or cbc).
    public var solver: String?
    /// `--epoch` (seconds or with a unit).
    public var epoch: String?
    /// The scheduler's observations, replacing what the scenario would derive.
    public var observed: ObservedState?

    /// A scenario request named `name` in messages.
    public init(text: String, name: String = "request", preset: String? = nil, solver: String? = nil, epoch: String? = nil,
                observed: ObservedState? = nil) {
        self.text = text
        self.name = name
        self.preset = preset
        self.solver = solver
        self.epoch = epoch
        self.observed = observed
    }
}

/// What a scheduler observes on the node now. Each given field replaces what the scenario derives.
public struct ObservedState: Sendable, Hashable {
    /// Die temperature per card, °C.
    public var temperatures: [Double]?
    /// Interactive work waiting now (added to the first epoch's interactive arrivals).
    public var interactiveBacklog: Double?
    /// Deferrable work waiting now (the request's deferrable backlog).
    public var deferrableBacklog: Double?
    /// The carbon intensity now, gCO₂/kWh (the forecast's first epoch).
    public var carbonIntensity: Double?
    /// The carbon intensity forecast per epoch of the horizon, gCO₂/kWh.
    public var carbonForecast: [Double]?

    /// Observations; nil fields keep the scenario's values.
    public init(temperatures: [Double]? = nil, interactiveBacklog: Double? = nil, deferrableBacklog: Double? = nil,
                carbonIntensity: Double? = nil, carbonForecast: [Double]? = nil) {
        self.temperatures = temperatures
        self.interactiveBacklog = interactiveBacklog
        self.deferrableBacklog = deferrableBacklog
        self.carbonIntensity = carbonIntensity
        self.carbonForecast = carbonForecast
    }
}

/// An LP/MILP model request for `/v1/solve`.
public struct ModelInput: Sendable, Hashable {
    /// The model file's format.
    public enum Format: String, Sendable, Hashable { case mps, lp }
    /// The model's text.
    public var text: String
    /// Its format.
    public var format: Format
    /// glpk, clp, cbc or auto.
    public var solver: String
    /// Wall-clock time limit, s (already capped by the server's `--solve-timeout`).
    public var timeLimit: Double?

    /// A model request.
    public init(text: String, format: Format, solver: String = "auto", timeLimit: Double? = nil) {
        self.text = text
        self.format = format
        self.solver = solver
        self.timeLimit = timeLimit
    }
}

/// One `file:line: field: rule` error.
public struct FieldProblem: Sendable, Hashable {
    /// The dotted field path.
    public var field: String
    /// What is allowed.
    public var rule: String
    /// The file (the request's name, or a file the scenario names).
    public var file: String?
    /// 1-based line.
    public var line: Int?
    /// The CLI's text: `file:line: field: rule`.
    public var message: String

    /// An error on `field`.
    public init(field: String, rule: String, file: String? = nil, line: Int? = nil, message: String) {
        self.field = field
        self.rule = rule
        self.file = file
        self.line = line
        self.message = message
    }
}

/// Why an operation produced no document: the CLI's exit codes 2, 3 and 1 as values.
public enum OperationFailure: Error, Sendable {
    /// Bad input (exit code 2): the message and the field errors behind it.
    case invalidInput(String, [FieldProblem])
    /// No plan meets the constraints (exit code 3): the message and the diagnosis as JSON.
    case infeasible(String, diagnosisJSON: String?)
    /// The solver failed (exit code 1).
    case solverFailure(String)
}

extension OperationFailure: CustomStringConvertible {
    /// The CLI's message.
    public var description: String {
        switch self {
        case .invalidInput(let m, _), .infeasible(let m, _), .solverFailure(let m): m
        }
    }
}
