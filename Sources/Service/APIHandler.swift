import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated `APIProtocol`, implemented as a translation only: the generated input types
/// become a ``ScenarioInput`` or ``ModelInput``, the ``ServiceBackend`` call runs on the
/// ``WorkerPool``, and its document or failure becomes the generated output. No planning logic.
struct APIHandler: APIProtocol {
    let backend: any ServiceBackend
    let pool: WorkerPool
    let metrics: ServiceMetrics
    let settings: ServiceSettings
    let state: ServiceState

    // MARK: Planning

    func plan(_ input: Operations.Plan.Input) async throws -> Operations.Plan.Output {
        let scenario: ScenarioInput
        switch await scenarioInput(input.body, preset: input.query.preset, solver: input.query.solver?.rawValue, epoch: input.query.epoch) {
        case .success(let s): scenario = s
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
        switch await compute("/v1/plan", { backend.plan(scenario) }) {
        case .success(let doc):
            return .ok(.init(body: .json(try pass(doc, or: Components.Schemas.PlanDocument(scenario: .init(), plan: .init())))))
        case .failure(let p):
            switch p.status {
            case 422: return .unprocessableContent(.init(body: .applicationProblemJson(p.generated)))
            case 503: return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(p.generated)))
            case 500: return .internalServerError(.init(body: .applicationProblemJson(p.generated)))
            default: return .badRequest(.init(body: .applicationProblemJson(p.generated)))
            }
        }
    }

    func pareto(_ input: Operations.Pareto.Input) async throws -> Operations.Pareto.Output {
        let scenario: ScenarioInput
        switch await scenarioInput(input.body, preset: input.query.preset, solver: input.query.solver?.rawValue, epoch: nil) {
        case .success(let s): scenario = s
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
        switch await compute("/v1/pareto", { backend.pareto(scenario) }) {
        case .success(let doc):
            return .ok(.init(body: .json(try pass(doc, or: Components.Schemas.ParetoDocument(scenario: .init(), frontier: [], presets: [])))))
        case .failure(let p):
            switch p.status {
            case 422: return .unprocessableContent(.init(body: .applicationProblemJson(p.generated)))
            case 503: return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(p.generated)))
            case 500: return .internalServerError(.init(body: .applicationProblemJson(p.generated)))
            default: return .badRequest(.init(body: .applicationProblemJson(p.generated)))
            }
        }
    }

    func whatif(_ input: Operations.Whatif.Input) async throws -> Operations.Whatif.Output {
        guard case .json(let request) = input.body else {
            return .unsupportedMediaType(.init(body: .applicationProblemJson(Problem.unsupported.generated)))
        }
        let scenario: ScenarioInput
        switch scenarioText(request.scenario) {
        case .success(let text): scenario = ScenarioInput(text: text, name: settings.requestName)
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
        let limit = settings.whatIfCaseLimit
        switch await compute("/v1/whatif", { backend.whatIf(scenario, vary: request.vary, caseLimit: limit) }) {
        case .success(let doc):
            return .ok(.init(body: .json(try pass(doc, or: Components.Schemas.WhatIfDocument(cases: [])))))
        case .failure(let p):
            switch p.status {
            case 503: return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(p.generated)))
            case 500: return .internalServerError(.init(body: .applicationProblemJson(p.generated)))
            default: return .badRequest(.init(body: .applicationProblemJson(p.generated)))
            }
        }
    }

    func solve(_ input: Operations.Solve.Input) async throws -> Operations.Solve.Output {
        guard case .plainText(let body) = input.body else {
            return .unsupportedMediaType(.init(body: .applicationProblemJson(Problem.unsupported.generated)))
        }
        let text: String
        switch await collect(body) {
        case .success(let t): text = t
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
        var limit = settings.solveTimeout
        if let t = input.query.timeLimit {
            guard t.isFinite, t > 0 else {
                return .badRequest(.init(body: .applicationProblemJson(Problem.invalidParameter("timeLimit", "must be a positive number of seconds (got \(t))").generated)))
            }
            limit = min(t, settings.solveTimeout ?? t)
        }
        let model = ModelInput(text: text, format: input.query.format == .lp ? .lp : .mps,
                               solver: input.query.solver?.rawValue ?? "auto", timeLimit: limit)
        switch await compute("/v1/solve", { backend.solve(model) }) {
        case .success(let doc):
            return .ok(.init(body: .json(try pass(doc, or: Components.Schemas.SolveDocument(status: "")))))
        case .failure(let p):
            switch p.status {
            case 503: return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(p.generated)))
            default: return .badRequest(.init(body: .applicationProblemJson(p.generated)))
            }
        }
    }

    func validate(_ input: Operations.Validate.Input) async throws -> Operations.Validate.Output {
        let scenario: ScenarioInput
        switch await scenarioInput(input.body, preset: nil, solver: nil, epoch: nil) {
        case .success(let s): scenario = s
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
        let result: Result<String, Problem>
        do {
            result = try await pool.run(timeout: settings.queueTimeout) { backend.validate(scenario).mapError(Problem.from) }
        } catch {
            metrics.rejected(error.metricReason)
            return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(Problem.from(error).generated)))
        }
        switch result {
        case .success(let summary): return .ok(.init(body: .json(.init(valid: true, summary: summary))))
        case .failure(let p): return .badRequest(.init(body: .applicationProblemJson(p.generated)))
        }
    }

    func presets(_ input: Operations.Presets.Input) async throws -> Operations.Presets.Output {
        // Cheap and solver-free: answered on the request's task, not through the pool.
        switch backend.presets() {
        case .success(let doc): return .ok(.init(body: .json(try decode([Components.Schemas.Preset].self, doc.json))))
        case .failure(let f): throw ServiceFault(message: "\(f)")
        }
    }

    // MARK: Fleet

    func fleetSubproblem(_ input: Operations.FleetSubproblem.Input) async throws -> Operations.FleetSubproblem.Output {
        guard case .json(let request) = input.body else {
            return .unsupportedMediaType(.init(body: .applicationProblemJson(Problem.unsupported.generated)))
        }
        let json: String
        do { json = String(decoding: try JSONEncoder().encode(request), as: UTF8.self) } catch {
            return .badRequest(.init(body: .applicationProblemJson(Problem.invalidParameter("(body)", "\(error)").generated)))
        }
        switch await compute("/v1/fleet/subproblem", { backend.fleetSubproblem(json) }) {
        case .success(let doc):
            return .ok(.init(body: .json(try pass(doc, or: Components.Schemas.FleetSubproblemAnswer()))))
        case .failure(let p):
            switch p.status {
            case 422: return .unprocessableContent(.init(body: .applicationProblemJson(p.generated)))
            case 503: return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter), body: .applicationProblemJson(p.generated)))
            default: return .badRequest(.init(body: .applicationProblemJson(p.generated)))
            }
        }
    }

    // MARK: Operations

    func health(_ input: Operations.Health.Input) async throws -> Operations.Health.Output {
        .ok(.init(body: .plainText("ok\n")))
    }

    func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output {
        if state.draining {
            return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter),
                                             body: .applicationProblemJson(Problem.from(WorkerPool.Rejection.closed).generated)))
        }
        guard pool.accepting else {
            return .serviceUnavailable(.init(headers: .init(retryAfter: settings.retryAfter),
                                             body: .applicationProblemJson(Problem.from(WorkerPool.Rejection.queueFull).generated)))
        }
        return .ok(.init(body: .plainText("ready\n")))
    }

    func metrics(_ input: Operations.Metrics.Input) async throws -> Operations.Metrics.Output {
        metrics.load(pool.load)
        return .ok(.init(body: .plainText(HTTPBody(metrics.exposition()))))
    }

    func openapiDocument(_ input: Operations.OpenapiDocument.Input) async throws -> Operations.OpenapiDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(ContractDocument.text))))
    }

    // MARK: Helpers

    /// Runs `body` on the pool; a refusal becomes a 503 problem, a failure its problem.
    private func compute(_ route: String, _ body: @escaping @Sendable () -> Result<Document, OperationFailure>) async -> Result<Document, Problem> {
        let result: Result<Document, OperationFailure>
        do {
            result = try await pool.run(timeout: settings.queueTimeout, body)
        } catch {
            metrics.rejected(error.metricReason)
            return .failure(Problem.from(error))
        }
        switch result {
        case .success(let doc):
            metrics.iterations(doc.iterations, route: route)
            return .success(doc)
        case .failure(let f):
            return .failure(Problem.from(f))
        }
    }

    private func scenarioInput(_ body: Components.RequestBodies.PlanBody, preset: String?, solver: String?, epoch: String?) async -> Result<ScenarioInput, Problem> {
        switch body {
        case .yaml(let raw):
            return await collect(raw).map { ScenarioInput(text: $0, name: settings.requestName, preset: preset, solver: solver, epoch: epoch) }
        case .json(let request):
            return scenarioText(request.scenario).map { text in
                ScenarioInput(text: text, name: settings.requestName, preset: preset, solver: solver, epoch: epoch,
                              observed: request.observed.map(Self.observed))
            }
        }
    }

    static func observed(_ o: Components.Schemas.ObservedState) -> ObservedState {
        ObservedState(temperatures: o.temperatures, interactiveBacklog: o.backlog?.interactive, deferrableBacklog: o.backlog?.deferrable,
                      carbonIntensity: o.carbonIntensity, carbonForecast: o.carbonForecast)
    }

    /// The scenario's text: YAML text as given, a JSON object as JSON text (JSON is YAML).
    private func scenarioText<S: ScenarioPayload>(_ payload: S) -> Result<String, Problem> {
        switch payload.scenarioText {
        case .some(let t): return .success(t)
        case .none: return .failure(Problem.invalidParameter("scenario", "must be YAML text or a JSON object"))
        }
    }

    private func collect(_ body: HTTPBody) async -> Result<String, Problem> {
        do {
            // The HTTP layer already bounded the body by --max-body.
            let bytes = try await [UInt8](collecting: body, upTo: settings.maxBody)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(Problem.invalidParameter("(body)", "must be UTF-8 text"))
            }
            return .success(text)
        } catch {
            return .failure(Problem("too-large", "The body is too large", status: .contentTooLarge, detail: "\(error)"))
        }
    }

    /// The 200 body: inside ``DocumentPassThrough`` the document's own bytes (the placeholder is
    /// replaced), elsewhere the document decoded into the generated type.
    private func pass<T: Decodable>(_ doc: Document, or placeholder: @autoclosure () -> T) throws -> T {
        if let slot = DocumentPassThrough.slot {
            slot.store(doc.json)
            return placeholder()
        }
        return try decode(T.self, doc.json)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(json.utf8)) } catch {
            throw ServiceFault(message: "the document does not match the contract: \(error)")
        }
    }
}

/// The oneOf `scenario` member of the generated request types.
protocol ScenarioPayload { var scenarioText: String? { get } }

extension Components.Schemas.ScenarioRequest.ScenarioPayload: ScenarioPayload {
    var scenarioText: String? {
        switch self {
        case .case1(let s): return s
        case .case2(let object):
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .prettyPrinted]
            return (try? e.encode(object)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

extension Components.Schemas.WhatIfRequest.ScenarioPayload: ScenarioPayload {
    var scenarioText: String? {
        switch self {
        case .case1(let s): return s
        case .case2(let object):
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .prettyPrinted]
            return (try? e.encode(object)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

/// A document the backend produced that the contract cannot carry: a bug, answered 500.
struct ServiceFault: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension WorkerPool.Rejection {
    var metricReason: String {
        switch self {
        case .queueFull: "queue_full"
        case .expired: "expired"
        case .closed: "draining"
        }
    }
}

extension Problem {
    static let unsupported = Problem("unsupported-media-type", "Unsupported content type", status: .unsupportedMediaType,
                                     detail: "this operation reads the content types its contract lists")

    static func invalidParameter(_ field: String, _ rule: String) -> Problem {
        Problem("invalid-input", "The request's input breaks a rule", status: .badRequest, detail: "\(field): \(rule)",
                errors: [FieldProblem(field: field, rule: rule, message: "\(field): \(rule)")])
    }

    /// As the generated schema type.
    var generated: Components.Schemas.Problem {
        let diagnosis = diagnosisJSON.flatMap { try? JSONDecoder().decode(Components.Schemas.Problem.DiagnosisPayload.self, from: Data($0.utf8)) }
        return Components.Schemas.Problem(
            _type: type, title: title, status: status, detail: detail,
            errors: errors?.map { .init(field: $0.field, rule: $0.rule, file: $0.file, line: $0.line, message: $0.message) },
            diagnosis: diagnosis)
    }
}
