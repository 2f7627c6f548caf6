import Fleet
import Foundation
import LinearModel
import Planner
import Scenario
import Service
import Solvers

/// The service's computations: the CLI commands' own code paths (``PlanningSession``, the
/// reports' JSON, `SweepRunner`, `Scenario.check`, `SolveReport`), fed from request text rather
/// than files. Stateless; every call runs on the calling thread (the service's solver worker)
/// and creates its planners and solvers there.
public struct CommandBackend: ServiceBackend {
    /// A backend; scenarios are read as if they were the file `Service.ServiceSettings.requestName`.
    public init() {}

    public func plan(_ input: ScenarioInput) -> Result<Document, OperationFailure> {
        do {
            let session = try prepare(input)
            let (json, plan) = try session.planDocument()
            return .success(Document(json: json, iterations: plan.statistics.iterations))
        } catch {
            return .failure(Self.failure(error))
        }
    }

    public func pareto(_ input: ScenarioInput) -> Result<Document, OperationFailure> {
        do {
            let report = try prepare(input).paretoReport()
            do { return .success(Document(json: try report.json())) } catch {
                return .failure(.solverFailure("cannot encode the frontier as JSON: \(error)"))
            }
        } catch {
            return .failure(Self.failure(error))
        }
    }

    public func whatIf(_ input: ScenarioInput, vary: [String], caseLimit: Int) -> Result<Document, OperationFailure> {
        guard (1...4).contains(vary.count) else {
            let rule = "must give 1 to 4 PATH=SPEC arguments (got \(vary.count))"
            return .failure(.invalidInput("vary: \(rule)", [FieldProblem(field: "vary", rule: rule, message: "vary: \(rule)")]))
        }
        let dimensions: [SweepDimension]
        do throws(SweepError) {
            var dims: [SweepDimension] = []
            for v in vary { dims.append(try SweepSpecification.dimension(v)) }
            try SweepSpecification.check(dims, allowMany: true)
            let count = dims.reduce(1.0) { $0 * Double($1.values.count) }
            guard count <= Double(caseLimit) else {
                throw SweepError("the sweep has \(Int(min(count, 1e15))) cases, more than the service's limit of \(caseLimit)")
            }
            dimensions = dims
        } catch {
            return .failure(.invalidInput(error.message, [FieldProblem(field: "vary", rule: error.message, message: error.message)]))
        }
        let base: Scenario
        do { base = try Scenario.parse(yaml: input.text, path: input.name) } catch {
            return .failure(Self.failure(.input(error)))
        }
        let runner: SweepRunner
        do {
            runner = try SweepRunner(path: input.name, text: input.text, dimensions: dimensions, mode: .planOnly, seed: 0,
                                     library: PresetLibrary())
        } catch {
            return .failure(error.status == .inputError ? .invalidInput(error.message, [FieldProblem(field: "vary", rule: error.message, message: error.message)])
                                                        : .solverFailure(error.message))
        }
        // One thread: the request already holds one solver worker.
        let results = runner.run(jobs: 1, progress: SweepProgress(total: runner.totalSteps, quiet: true))
        let report = WhatIfReport(scenarioName: base.name, file: base.file ?? input.name, dimensions: dimensions, cases: runner.cases,
                                  mode: .planOnly, seed: 0, results: results)
        do { return .success(Document(json: try report.json())) } catch {
            return .failure(.solverFailure("cannot render the sweep: \(error)"))
        }
    }

    public func solve(_ input: ModelInput) -> Result<Document, OperationFailure> {
        let name = "request.\(input.format.rawValue)"
        let model: Model
        do {
            switch input.format {
            case .mps: model = try MPS.parse(input.text, file: name)
            case .lp: model = try LPFile.parse(input.text, file: name)
            }
        } catch {
            return .failure(.invalidInput("\(error)", [FieldProblem(field: "(model)", rule: "\(error)", file: name, message: "\(error)")]))
        }
        guard let choice = SolverChoice(rawValue: input.solver) else {
            let rule = "must be glpk, clp, cbc or auto (got \(input.solver))"
            return .failure(.invalidInput("solver: \(rule)", [FieldProblem(field: "solver", rule: rule, message: "solver: \(rule)")]))
        }
        let backend = SolverFactory.make(choice, for: model)
        do {
            // The backend validates the model before it reaches the solver library.
            let solution = try backend.solve(model, parameters: SolverParameters(timeLimit: input.timeLimit))
            let report = SolveReport(file: name, model: model, solution: solution)
            return .success(Document(json: try report.json(), iterations: solution.iterations))
        } catch {
            return .failure(.invalidInput("\(name): \(error)", [FieldProblem(field: "(model)", rule: "\(error)", file: name, message: "\(name): \(error)")]))
        }
    }

    public func validate(_ input: ScenarioInput) -> Result<String, OperationFailure> {
        let check = Scenario.check(yaml: input.text, path: input.name)
        guard check.isValid, let s = check.scenario else {
            let errors = check.errors.isEmpty
                ? [ScenarioError(field: "(document)", rule: "cannot be read as a scenario", file: input.name)] : check.errors
            return .failure(.invalidInput("\(errors.count) error\(errors.count == 1 ? "" : "s") in \(input.name)", errors.map(Self.field)))
        }
        return .success(ValidateCommand.report(check, scenario: s))
    }

    /// The fleet pricing route: the same answer as `epof fleet worker` (``FleetWorkerServer``).
    public func fleetSubproblem(_ json: String) -> Result<Document, OperationFailure> {
        let (status, body) = FleetWorkerServer.answer(Data(json.utf8))
        let text = String(decoding: body, as: UTF8.self)
        switch status {
        case let s where s.hasPrefix("200"): return .success(Document(json: text))
        case let s where s.hasPrefix("422"): return .failure(.infeasible("the node's subproblem has no solution: \(text)", diagnosisJSON: nil))
        default: return .failure(.invalidInput("not a fleet subproblem request: \(text)", []))
        }
    }

    public func presets() -> Result<Document, OperationFailure> {
        do { return .success(Document(json: try PresetsCommand.json(PresetLibrary()))) } catch {
            return .failure(.solverFailure("cannot encode the presets: \(error)"))
        }
    }

    // MARK: Translation

    private func prepare(_ input: ScenarioInput) throws(PlanningStepError) -> PlanningSession {
        let loaded: Scenario
        do { loaded = try Scenario.parse(yaml: input.text, path: input.name) } catch { throw .input(error) }
        var solver: SolverChoice?
        if let name = input.solver {
            guard let c = SolverChoice(rawValue: name), c != .auto else {
                throw .input(ScenarioError(field: "solver", rule: "must be glpk, clp or cbc (got \(name))"))
            }
            solver = c
        }
        let observed = input.observed.map {
            Observation(temperatures: $0.temperatures, interactiveBacklog: $0.interactiveBacklog, deferrableBacklog: $0.deferrableBacklog,
                        carbonIntensity: $0.carbonIntensity, carbonForecast: $0.carbonForecast)
        }
        return try PlanningSession.prepare(loaded, file: input.name, preset: input.preset, epoch: input.epoch, solver: solver,
                                           observed: observed)
    }

    static func field(_ e: ScenarioError) -> FieldProblem {
        FieldProblem(field: e.field, rule: e.rule, file: e.file, line: e.line, message: "\(e)")
    }

    /// The CLI's message for each failure, and the status it means.
    static func failure(_ error: PlanningStepError) -> OperationFailure {
        switch error {
        case .input(let e):
            return .invalidInput("\(e)", [field(e)])
        case .planning(let e, let file, let solver):
            switch e {
            case .infeasible(let d):
                let e = JSONEncoder()
                e.outputFormatting = [.sortedKeys, .prettyPrinted]
                e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                let json = (try? e.encode(d)).map { String(decoding: $0, as: UTF8.self) }
                return .infeasible("\(file): infeasible: no plan meets the constraints\n\(PlanReport.diagnosisText(d))", diagnosisJSON: json)
            case .invalidRequest(let field, let rule):
                let message = "\(file): the planning request is invalid: \(field): \(rule)"
                return .invalidInput(message, [FieldProblem(field: field, rule: rule, file: file, message: message)])
            case .solver(let m):
                return .solverFailure("\(file): solver failure (\(solver.rawValue)): \(m)")
            }
        case .other(let status, let message):
            return status == .inputError ? .invalidInput(message, []) : .solverFailure(message)
        }
    }
}
