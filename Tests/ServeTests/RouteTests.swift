import EPOFCommands
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service
import Testing

@Suite struct RouteTests {
    @Test func healthAndContract() async throws {
        try await withService { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.body.text == "ok\n")
            }
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
            let contract = try String(contentsOf: repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
            try await client.execute(uri: "/openapi.yaml", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("application/yaml") == true)
                #expect(r.body.text == contract)
            }
        }
    }

    /// The plan a YAML body gets is the plan `epof plan --format json` prints for the same file
    /// (the same library calls): equal but for wall-clock seconds.
    @Test func planEqualsTheCLIOutput() async throws {
        let path = repositoryRoot.appendingPathComponent("Problems/sdxl-ecommerce-sichuan.yaml").path
        let cli = try runEPOF(["plan", path, "--format", "json"])
        let cliDoc = try JSONSerialization.jsonObject(with: Data(cli.utf8)) as? [String: Any] ?? [:]
        let expected = try canonical(withoutTimings(cliDoc["plan"] ?? [:]))
        let expectedName = (cliDoc["scenario"] as? [String: Any])?["name"] as? String
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml")
        try await withService { client, _ in
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
                let doc = try r.body.json()
                #expect(try canonical(withoutTimings(doc["plan"] ?? [:])) == expected)
                let scenario = try #require(doc["scenario"] as? [String: Any])
                #expect(scenario["name"] as? String == expectedName)
                #expect((scenario["carbonForecast"] as? [Double])?.count == 8)
            }
        }
    }

    @Test func jsonEnvelopeWithObservedState() async throws {
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml")
        let body: [String: Any] = [
            "scenario": yaml,
            "observed": ["temperatures": [61.5], "backlog": ["interactive": 12, "deferrable": 30],
                         "carbonIntensity": 150, "carbonForecast": [150, 160, 170, 180, 190, 200, 210, 220]],
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        try await withService { client, _ in
            try await client.execute(uri: "/v1/plan?solver=clp", method: .post, headers: jsonHeaders, body: ByteBuffer(bytes: data)) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let scenario = try #require(try r.body.json()["scenario"] as? [String: Any])
                #expect(scenario["temperatures"] as? [Double] == [61.5])
                #expect(scenario["temperatureSource"] as? String == "observed")
                #expect(scenario["carbonForecast"] as? [Double] == [150, 160, 170, 180, 190, 200, 210, 220])
                #expect(scenario["solver"] as? String == "clp")
            }
            // The scenario as a JSON object (JSON is YAML): the same fields.
            let object: [String: Any] = ["scenario": [
                "name": "json-scenario", "node": ["device": "ascend-910b", "cards": 1],
                "workload": ["model": "sdxl", "steps": 20, "width": 1024, "height": 1024, "guidance": true],
                "arrivals": ["interactive": ["rate": 0.1], "elastic": ["unlimited": true]],
                "carbon": ["region": "sichuan"], "preset": ["inherits": "ecommerce", "latencySLO": "6 s"],
                "epoch": "15m", "horizon": 4, "start": "2023-06-01T18:00:00+08:00",
            ]]
            try await client.execute(uri: "/v1/plan", method: .post, headers: jsonHeaders,
                                     body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let scenario = try #require(try r.body.json()["scenario"] as? [String: Any])
                #expect(scenario["name"] as? String == "json-scenario")
                #expect(scenario["horizon"] as? Int == 4)
            }
        }
    }

    @Test func scenarioErrorIsAProblemWithTheFieldPath() async throws {
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml").replacingOccurrences(of: "  cards: 1", with: "  cards: 1\n  card: 2")
        let line = yaml.components(separatedBy: "\n").firstIndex(of: "  card: 2")! + 1
        try await withService { client, _ in
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .badRequest)
                #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let p = try r.body.json()
                #expect(p["status"] as? Int == 400)
                let errors = try #require(p["errors"] as? [[String: Any]])
                #expect(errors.first?["field"] as? String == "node.card")
                #expect(errors.first?["line"] as? Int == line)
                #expect((p["detail"] as? String)?.contains("request.yaml:\(line): node.card: unknown key 'card'; did you mean 'cards'?") == true,
                        "\(p["detail"] ?? "")")
            }
            // Observed state is checked before it reaches the planner.
            let body = try JSONSerialization.data(withJSONObject: ["scenario": try problemFile("sdxl-ecommerce-sichuan.yaml"),
                                                                   "observed": ["temperatures": [60, 61]]])
            try await client.execute(uri: "/v1/plan", method: .post, headers: jsonHeaders, body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .badRequest)
                let errors = try #require(try r.body.json()["errors"] as? [[String: Any]])
                #expect(errors.first?["field"] as? String == "observed.temperatures")
            }
        }
    }

    @Test func malformedBodiesAndUnknownFields() async throws {
        try await withService { client, _ in
            for body in ["{\"scenario\": ", "[1, 2]", "{\"scenario\": \"name: x\", \"colour\": 1}", "{\"scenario\": 5}", "{}"] {
                try await client.execute(uri: "/v1/plan", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .badRequest, "\(body): \(r.body.text)")
                    #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                    let status = try r.body.json().int("status")
                    #expect(status == 400)
                }
            }
            for yaml in ["node: [unclosed", "- just\n- a list\n", "\u{0}\u{1}binary", ""] {
                try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                    #expect(r.status == .badRequest, "\(yaml): \(r.body.text)")
                }
            }
            try await client.execute(uri: "/v1/plan", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(string: "x")) { r in
                #expect(r.status == .unsupportedMediaType, "\(r.body.text)")
            }
            try await client.execute(uri: "/v1/nothing", method: .get) { r in
                #expect(r.status == .notFound)
                let status = try r.body.json().int("status")
                    #expect(status == 404)
            }
        }
    }

    @Test func overSizeBodyIs413() async throws {
        try await withService(testSettings { $0.maxBody = 1024 }) { client, _ in
            let big = String(repeating: "# padding\n", count: 200)
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: big)) { r in
                #expect(r.status == .contentTooLarge)
                let status = try r.body.json().int("status")
                    #expect(status == 413)
            }
        }
    }

    @Test func infeasiblePlanIs422WithTheDiagnosis() async throws {
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml").replacingOccurrences(of: "latencySLO: 6 s", with: "latencySLO: 0.2 s")
        try await withService { client, _ in
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .unprocessableContent, "\(r.body.text)")
                let p = try r.body.json()
                #expect((p["detail"] as? String)?.contains("infeasible") == true)
                let diagnosis = try #require(p["diagnosis"] as? [String: Any])
                let findings = try #require(diagnosis["findings"] as? [[String: Any]])
                #expect(findings.contains { ($0["constraint"] as? String)?.contains("latencySLO") == true }, "\(findings)")
            }
        }
    }

    @Test func paretoWhatIfValidatePresets() async throws {
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml")
        try await withService { client, _ in
            try await client.execute(uri: "/v1/pareto", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let doc = try r.body.json()
                #expect(((doc["frontier"] as? [Any])?.count ?? 0) >= 2)
                let names = (doc["presets"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
                #expect(names.contains("ecommerce") && names.contains("research"))
            }
            let sweep = try JSONSerialization.data(withJSONObject: ["scenario": yaml, "vary": ["power_cap=200:320:60"]])
            try await client.execute(uri: "/v1/whatif", method: .post, headers: jsonHeaders, body: ByteBuffer(bytes: sweep)) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let cases = try #require(try r.body.json()["cases"] as? [[String: Any]])
                #expect(cases.count == 3)
            }
            let tooMany = try JSONSerialization.data(withJSONObject: ["scenario": yaml, "vary": ["power_cap=100:400:1"]])
            try await client.execute(uri: "/v1/whatif", method: .post, headers: jsonHeaders, body: ByteBuffer(bytes: tooMany)) { r in
                #expect(r.status == .badRequest)
                let detail = try r.body.json().string("detail")
                #expect(detail?.contains("limit of 32") == true)
            }
            try await client.execute(uri: "/v1/validate", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok)
                let doc = try r.body.json()
                #expect(doc["valid"] as? Bool == true)
                #expect((doc["summary"] as? String)?.hasPrefix("ok\n") == true)
            }
            let bad = yaml.replacingOccurrences(of: "horizon: 8", with: "horizon: -1").replacingOccurrences(of: "forecaster: oracle", with: "forecaster: magic")
            try await client.execute(uri: "/v1/validate", method: .post, headers: yamlHeaders, body: ByteBuffer(string: bad)) { r in
                #expect(r.status == .badRequest)
                let fields = (try r.body.json()["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(fields.contains("horizon") && fields.contains("forecaster"), "\(fields)")
            }
            // The same list `epof presets --format json` prints.
            let cli = try JSONSerialization.jsonObject(with: Data(try runEPOF(["presets", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
            let names = cli.map { $0["name"] as? String }
            try await client.execute(uri: "/v1/presets", method: .get) { r in
                #expect(r.status == .ok)
                let list = try JSONSerialization.jsonObject(with: Data(r.body.text.utf8)) as? [[String: Any]] ?? []
                #expect(list.map { $0["name"] as? String } == names)
                #expect(list.count >= 2)
            }
        }
    }

    @Test func solveReportsStatusObjectiveAndDuals() async throws {
        let lp = """
        Maximize
         obj: 3 x + 2 y
        Subject To
         c1: x + y <= 4
         c2: x + 3 y <= 9
        Bounds
         x <= 3
        End
        """
        try await withService { client, _ in
            try await client.execute(uri: "/v1/solve?format=lp&solver=glpk", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: lp)) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let doc = try r.body.json()
                #expect(doc["status"] as? String == "optimal")
                #expect(doc["objective"] as? Double == 11)
                #expect((doc["primal"] as? [String: Double]) == ["x": 3, "y": 1])
                #expect((doc["duals"] as? [String: Double])?["c1"] == 2)
            }
            try await client.execute(uri: "/v1/solve?format=mps", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: "ROWS\n N obj\nCOLUMNS\n x obj notanumber\nENDATA\n")) { r in
                #expect(r.status == .badRequest)
                let detail = try r.body.json().string("detail")
                #expect(detail?.contains("request.mps") == true)
            }
        }
    }

    /// A MILP that takes CBC far longer than the time limit: the status says timeLimit, never optimal.
    @Test func solvePastItsTimeLimitSaysSo() async throws {
        try await withService(testSettings { $0.solveTimeout = 0.3 }) { client, _ in
            try await client.execute(uri: "/v1/solve?format=mps&solver=cbc&timeLimit=5", method: .post,
                                     headers: [.contentType: "text/plain"], body: ByteBuffer(string: marketSplitMPS(rows: 6, columns: 50))) { r in
                #expect(r.status == .ok, "\(r.body.text)")
                let doc = try r.body.json()
                #expect(doc["status"] as? String == "timeLimit", "\(doc["status"] ?? "")")
                #expect((doc["seconds"] as? Double ?? 99) < 3)
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let yaml = try problemFile("sdxl-ecommerce-sichuan.yaml")
        try await withService { client, _ in
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/v1/plan", method: .post, headers: yamlHeaders, body: ByteBuffer(string: "horizon: x")) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                let text = r.body.text
                #expect(text.contains(#"epof_http_requests_total{route="/v1/plan",method="POST",status="200"} 1"#), "\(text)")
                #expect(text.contains(#"epof_http_requests_total{route="/v1/plan",method="POST",status="400"} 1"#))
                #expect(text.contains("epof_http_request_duration_seconds_bucket"))
                #expect(text.contains("epof_solves_in_flight"))
                #expect(text.contains("epof_queue_depth"))
                #expect(text.range(of: #"epof_solver_iterations_total\{route="/v1/plan"\} [1-9]"#, options: .regularExpression) != nil)
            }
        }
    }
}

/// A market-split MILP (Cornuéjols–Dawande): `rows` equality knapsacks over `columns` binaries
/// with deterministic pseudo-random weights; branch and bound needs far more than a second.
func marketSplitMPS(rows: Int, columns: Int) -> String {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % 100)
    }
    var weights = [[Int]](repeating: [], count: rows)
    for i in 0..<rows { weights[i] = (0..<columns).map { _ in next() } }
    var out = "NAME marketsplit\nROWS\n N cost\n"
    for i in 0..<rows { out += " E r\(i)\n" }
    out += "COLUMNS\n    MARKER 'MARKER' 'INTORG'\n"
    for j in 0..<columns {
        for i in 0..<rows { out += "    x\(j) r\(i) \(weights[i][j])\n" }
    }
    out += "    MARKER 'MARKER' 'INTEND'\n"
    // Slack pairs make every instance feasible; minimising them is the hard part.
    for i in 0..<rows {
        out += "    sp\(i) cost 1 r\(i) 1\n    sm\(i) cost 1 r\(i) -1\n"
    }
    out += "RHS\n"
    for i in 0..<rows { out += "    rhs r\(i) \(weights[i].reduce(0, +) / 2)\n" }
    out += "BOUNDS\n"
    for j in 0..<columns { out += " UP bnd x\(j) 1\n" }
    out += "ENDATA\n"
    return out
}
