import Foundation
import LinearModel
import Planner
import Solvers
import Testing

/// The carbon-efficiency objectives (T/C and α·T/T_max + β·CER/CER_max) and the
/// Charnes–Cooper transformation that solves T/C as one LP.
@Suite struct CarbonEfficiencyTests {
    static let backends: [SolverChoice] = [.glpk, .clp]

    // MARK: Charnes–Cooper on hand-made programs

    /// max (3x₁ + x₂ + 1)/(x₁ + x₂ + 2) s.t. x₁ + x₂ ≤ 4, −1 ≤ x₁ − x₂ ≤ 1 (a range row: two
    /// Charnes–Cooper rows), x₁ ∈ [0.5, 3] (a non-zero lower bound: a row), x₂ ∈ [0, 5]. The
    /// polygon's vertices (0.5, 0), (1, 0), (2.5, 1.5), (1.5, 2.5), (0.5, 1.5) score 1, 4/3, 10/6,
    /// 8/6, 1: the maximum is 10/6 at (2.5, 1.5); the minimum 1 (the whole edge x₁ = 0.5).
    @Test(arguments: backends)
    func handMadeProgramHasTheAnalyticOptimum(backend: SolverChoice) throws {
        var m = Model(name: "hand")
        let x1 = m.addVariable("x1", lower: 0.5, upper: 3)
        let x2 = m.addVariable("x2", lower: 0, upper: 5)
        m.addConstraint(x1 + x2 <= 4)
        m.addConstraint(LinearExpression(x1) - x2, lower: -1, upper: 1)  // a range row: two CC rows
        let program = LinearFractionalProgram(model: m, numerator: LinearExpression(x1, coefficient: 3) + x2 + 1,
                                              denominator: x1 + x2 + 2)
        let s = try program.solve(using: SolverFactory.make(backend))
        #expect(abs(s.ratio - 10.0 / 6.0) <= 1e-9, "ratio \(s.ratio)")
        #expect(abs(s.values[0] - 2.5) <= 1e-7 && abs(s.values[1] - 1.5) <= 1e-7, "x = \(s.values)")
        #expect(abs(s.transformedObjective - s.ratio) <= 1e-9)
        // The least denominator (x₁ = 0.5, x₂ = 0) is the scale.
        #expect(abs(s.minimumDenominator - 2.5) <= 1e-9)
        var minimise = program
        minimise.sense = .minimize
        let lo = try minimise.solve(using: SolverFactory.make(backend))
        #expect(abs(lo.ratio - 1) <= 1e-9, "min ratio \(lo.ratio)")
    }

    /// Every vertex of a small box and simplex, enumerated by brute force, scores no better
    /// than the Charnes–Cooper optimum, which is one of them.
    @Test(arguments: 0..<6 as Range<UInt64>)
    func charnesCooperBeatsEveryVertexOfABox(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed &+ 900)
        let n = 3
        var m = Model(name: "box")
        let x = (0..<n).map { _ in m.addVariable(lower: rng.uniform(0, 1), upper: rng.uniform(1.5, 3)) }
        let num = LinearExpression((0..<n).map { (x[$0], rng.uniform(-1, 4)) }, constant: rng.uniform(0, 2))
        let den = LinearExpression((0..<n).map { (x[$0], rng.uniform(0.1, 2)) }, constant: rng.uniform(0.5, 2))
        let program = LinearFractionalProgram(model: m, numerator: num, denominator: den)
        var best = -Double.infinity
        for mask in 0..<(1 << n) {
            let v = (0..<n).map { j in mask & (1 << j) != 0 ? m.columnUpper[j] : m.columnLower[j] }
            best = max(best, num.evaluate(v) / den.evaluate(v))
        }
        for backend in Self.backends {
            let s = try program.solve(using: SolverFactory.make(backend))
            #expect(abs(s.ratio - best) <= 1e-9 * max(1, abs(best)), "\(backend): CC \(s.ratio) vs vertices \(best)")
        }
    }

    @Test func errorsNameTheProblem() throws {
        let solver = SolverFactory.make(.glpk)
        // A denominator that reaches 0 on the feasible set.
        var m = Model()
        let x = m.addVariable(lower: -1, upper: 1)
        #expect(throws: FractionalProgramError.denominatorNotPositive(minimum: 0)) {
            try LinearFractionalProgram(model: m, numerator: LinearExpression(x), denominator: x + 1).solve(using: solver)
        }
        // Unbounded: x/1 with x ≥ 0 unbounded above.
        var u = Model()
        let y = u.addVariable(lower: 0)
        #expect(throws: FractionalProgramError.unbounded) {
            try LinearFractionalProgram(model: u, numerator: LinearExpression(y), denominator: LinearExpression(constant: 1)).solve(using: solver)
        }
        // Not attained: x/(x + 1) → 1 as x → ∞.
        do {
            _ = try LinearFractionalProgram(model: u, numerator: LinearExpression(y), denominator: y + 1).solve(using: solver)
            Issue.record("x/(x + 1) on x ≥ 0 has no attained maximum")
        } catch let e {
            guard case .notAttained = e else { Issue.record("expected notAttained, got \(e)"); return }
            #expect("\(e)".contains("not attained"))
        }
        // Infeasible, integer columns, bad scale.
        var inf = Model()
        let w = inf.addVariable(lower: 0, upper: 1)
        inf.addConstraint(LinearExpression(w) >= 2)
        #expect(throws: FractionalProgramError.infeasible) {
            try LinearFractionalProgram(model: inf, numerator: LinearExpression(w), denominator: w + 1).solve(using: solver)
        }
        var mip = Model()
        let b = mip.addVariable(kind: .binary)
        #expect(throws: FractionalProgramError.integerColumns) {
            try LinearFractionalProgram(model: mip, numerator: LinearExpression(b), denominator: b + 1).charnesCooper()
        }
        #expect(throws: FractionalProgramError.self) {
            try LinearFractionalProgram(model: m, numerator: LinearExpression(x), denominator: x + 2).charnesCooper(denominatorScale: 0)
        }
    }

    // MARK: Frontier vertices vs Charnes–Cooper vs a brute-force scan

    /// On random time-sharing LPs, on GLPK and CLP: max T/C from the Charnes–Cooper LP equals
    /// the best frontier vertex's T/C (the optimum the planner picks for `carbon-efficiency`),
    /// and no point of a fine ε-constraint scan or of 200 random weighted-sum optima beats it;
    /// the scan's best comes within its resolution.
    @Test(arguments: 0..<8 as Range<UInt64>)
    func charnesCooperEqualsBestVertexAndBruteForce(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed &+ 500)
        for backend in Self.backends {
            let frontier = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(backend))
            let opt = try frontier.optimum(of: ThroughputCarbonObjective(alpha: 0.5, beta: 0.5, kind: .carbonEfficiency))
            let vertexBest = frontier.points.map { $0.throughput / $0.carbon }.max()!
            #expect(relClose(opt.carbonEfficiency, vertexBest, 1e-12))
            #expect(relClose(opt.value, 1, 1e-12), "CER/CER_max at the optimum is 1")
            let cc = try LinearFractionalProgram(model: inst.problem.model, numerator: inst.problem.throughput,
                                                 denominator: inst.problem.carbon).solve(using: SolverFactory.make(backend))
            #expect(relClose(cc.ratio, vertexBest, 1e-8), "\(backend): CC \(cc.ratio) vs vertex \(vertexBest)")
            #expect(relClose(inst.problem.throughput.evaluate(cc.values), cc.numerator, 1e-12))

            // Brute force: an ε-constraint scan (max T s.t. C ≤ ε) and random weighted sums.
            let brute = SolverFactory.make(.glpk)
            var model = inst.problem.model
            let t = inst.problem.throughput.merged(), c = inst.problem.carbon.merged()
            let cap = model.addRow(indices: c.indices, coefficients: c.coefficients, lower: -.infinity, upper: .infinity)
            model.setObjective(inst.problem.throughput, sense: .maximize)
            let cLow = frontier.points.first!.carbon, cHigh = frontier.points.last!.carbon
            let n = 400
            var scanBest = 0.0
            for i in 0...n {
                let eps = cLow + (cHigh - cLow) * Double(i) / Double(n)
                model.setBounds(cap, lower: -.infinity, upper: eps - inst.problem.carbon.constant)
                let s = try brute.solve(model)
                try #require(s.isOptimal)
                let r = inst.problem.throughput.evaluate(s.values) / inst.problem.carbon.evaluate(s.values)
                #expect(r <= cc.ratio * (1 + 1e-9), "scan point \(i) beats CC: \(r) > \(cc.ratio)")
                scanBest = max(scanBest, r)
            }
            // d(T/C)/dC along the frontier ≤ (max slope)/C_min + T_max/C_min²: the resolution.
            let slopes = zip(frontier.points, frontier.points.dropFirst()).map { ($1.throughput - $0.throughput) / max($1.carbon - $0.carbon, 1e-300) }
            let lipschitz = (slopes.max() ?? 0) / cLow + frontier.maximumThroughput! / (cLow * cLow)
            #expect(cc.ratio - scanBest <= (cHigh - cLow) / Double(n) * lipschitz + 1e-9 * cc.ratio,
                    "scan best \(scanBest) vs CC \(cc.ratio)")
            model.setBounds(cap, lower: -.infinity, upper: .infinity)
            var rng = SplitMix64(seed: seed &+ 77)
            for _ in 0..<200 {
                let w = rng.uniform(0, 1)
                var e = LinearExpression()
                for (j, v) in zip(t.indices, t.coefficients) { e.add(Variable(index: j), w * v / frontier.maximumThroughput!) }
                for (j, v) in zip(c.indices, c.coefficients) { e.add(Variable(index: j), -(1 - w) * v / cHigh) }
                model.setObjective(e, sense: .maximize)
                let s = try brute.solve(model)
                try #require(s.isOptimal)
                let r = inst.problem.throughput.evaluate(s.values) / inst.problem.carbon.evaluate(s.values)
                #expect(r <= cc.ratio * (1 + 1e-9))
            }
        }
    }

    /// α·T/T_max + β·CER/CER_max: the frontier's best vertex is never beaten by the scan, and
    /// the objective's extremes reduce to the others (β = 0: max T; α = 0: max T/C).
    @Test(arguments: 0..<6 as Range<UInt64>)
    func throughputEfficiencyBestVertexBeatsTheScan(seed: UInt64) throws {
        let inst = TimeSharingInstance(seed: seed &+ 600)
        let frontier = try DichotomicSearch.frontier(of: inst.problem, using: SolverFactory.make(.clp))
        let norm = try frontier.normalization()
        let cerMax = frontier.points.map { $0.throughput / $0.carbon }.max()!
        let full = try ObjectiveNormalization(maximumThroughput: norm.maximumThroughput, minimumCarbon: norm.minimumCarbon,
                                              maximumCarbonEfficiency: cerMax)
        let brute = SolverFactory.make(.glpk)
        var model = inst.problem.model
        let c = inst.problem.carbon.merged()
        let cap = model.addRow(indices: c.indices, coefficients: c.coefficients, lower: -.infinity, upper: .infinity)
        model.setObjective(inst.problem.throughput, sense: .maximize)
        let cLow = frontier.points.first!.carbon, cHigh = frontier.points.last!.carbon
        var scan: [(Double, Double)] = []
        for i in 0...300 {
            let eps = cLow + (cHigh - cLow) * Double(i) / 300
            model.setBounds(cap, lower: -.infinity, upper: eps - inst.problem.carbon.constant)
            let s = try brute.solve(model)
            try #require(s.isOptimal)
            scan.append((inst.problem.throughput.evaluate(s.values), inst.problem.carbon.evaluate(s.values)))
        }
        for (alpha, beta) in [(0.9, 0.1), (0.5, 0.5), (0.1, 0.9), (1, 0), (0, 1)] {
            let objective = try ThroughputCarbonObjective(alpha: alpha, beta: beta, kind: .throughputEfficiency)
            let opt = try frontier.optimum(of: objective)
            #expect(opt.normalization.maximumCarbonEfficiency == cerMax)
            let scanBest = scan.map { objective.value(throughput: $0.0, carbon: $0.1, normalization: full) }.max()!
            #expect(opt.value >= scanBest - 1e-9 * max(1, scanBest), "α=\(alpha): vertex \(opt.value) < scan \(scanBest)")
            #expect(opt.reason.contains("throughput-efficiency") && opt.reason.contains("β·CER/CER_max"))
            if beta == 0 { #expect(opt.index == frontier.points.count - 1) }
            if alpha == 0 { #expect(relClose(opt.carbonEfficiency, cerMax, 1e-12)) }
        }
    }

    /// The two objectives disagree where they should: on a frontier whose best T/C lies inside,
    /// `throughput-carbon` with β = 1 picks the least-carbon end while `carbon-efficiency`
    /// picks the best-ratio vertex.
    @Test func totalCarbonAndCarbonPerWorkPickDifferentPoints() throws {
        // T = 10 at C = 10 (ratio 1), T = 30 at C = 15 (ratio 2), T = 40 at C = 30 (ratio 1.33).
        let points = [(10.0, 10.0), (30.0, 15.0), (40.0, 30.0)].map {
            FrontierPoint(throughput: $0.0, carbon: $0.1, values: [], foundBy: .maximizeThroughput)
        }
        let f = ParetoFrontier(points: points, solves: [], solverName: "hand")
        let total = try f.optimum(of: ThroughputCarbonObjective(alpha: 0, beta: 1))
        let perWork = try f.optimum(of: ThroughputCarbonObjective(alpha: 0, beta: 1, kind: .carbonEfficiency))
        #expect(total.index == 0 && perWork.index == 1)
        #expect(perWork.carbonEfficiency == 2 && perWork.normalization.maximumCarbonEfficiency == 2)
        #expect(perWork.objective.alpha == 0 && perWork.objective.beta == 1)
    }

    // MARK: The planner

    /// Planning requests under a carbon-efficiency preset, on GLPK and CLP: the chosen point's
    /// T/C equals CER_max on the frontier and the Charnes–Cooper LP's ratio, and no random
    /// weighted-sum optimum of the same LP has a better ratio. The default preset's plans are
    /// untouched (no Charnes–Cooper solve, the old objective).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func plannerPicksTheBestRatioUnderCarbonEfficiency(seed: UInt64) throws {
        var preset = SLAPreset.research
        preset.objective = .carbonEfficiency
        let request = try PlanningFixtures.request(seed: seed, preset: preset, elastic: 40)
        for backend in Self.backends {
            let planner = EpochPlanner(solver: backend)
            let plan = try planner.plan(request)
            let o = plan.objective
            #expect(o.kind == "carbon-efficiency" && o.formula == ObjectiveKind.carbonEfficiency.formula)
            let cerMax = try #require(o.maximumCarbonEfficiency)
            let cc = try #require(o.charnesCooperRatio, "the planner runs the Charnes–Cooper check")
            #expect(relClose(o.carbonEfficiency, cerMax, 1e-12))
            #expect(relClose(plan.throughput / plan.carbon, cerMax, 1e-9))
            #expect(relClose(cc, cerMax, 1e-6), "\(backend): CC \(cc) vs frontier \(cerMax)")
            #expect(plan.reason.contains("Charnes–Cooper"))
            // Brute force on the request's LP (leakage at the start temperatures; the plan's own
            // LP may have been refined): its CC ratio equals its best frontier vertex, and no
            // weighted-sum optimum beats it.
            let problem = try planner.biObjectiveProblem(for: request)
            let same = try LinearFractionalProgram(model: problem.model, numerator: problem.throughput,
                                                   denominator: problem.carbon).solve(using: SolverFactory.make(backend))
            let sameFrontier = try DichotomicSearch.frontier(of: problem, using: SolverFactory.make(backend))
            #expect(relClose(same.ratio, sameFrontier.points.map { $0.throughput / $0.carbon }.max()!, 1e-6))
            let brute = SolverFactory.make(.glpk)
            var model = problem.model
            var rng = SplitMix64(seed: seed &+ 3)
            for _ in 0..<60 {
                let w = rng.uniform(0, 1)
                model.setObjective(problem.throughput * (w / o.maximumThroughput) - problem.carbon * ((1 - w) / o.minimumCarbon),
                                   sense: .maximize)
                let s = try brute.solve(model)
                try #require(s.isOptimal)
                let r = problem.throughput.evaluate(s.values) / problem.carbon.evaluate(s.values)
                #expect(r <= same.ratio * (1 + 1e-9), "weighted point ratio \(r) beats CC \(same.ratio)")
            }
        }
        let plain = try EpochPlanner(solver: .glpk).plan(PlanningFixtures.request(seed: seed, preset: .research, elastic: 40))
        #expect(plain.objective.kind == "throughput-carbon" && plain.objective.charnesCooperRatio == nil)
        #expect(plain.objective.maximumCarbonEfficiency == nil)
    }

    @Test func presetsDecodeTheObjectiveWithADefault() throws {
        let old = #"{"name":"x","alpha":0.5,"beta":0.5,"latencySLO":1,"cardPowerCap":300,"accuracyLossCeiling":1,"thermalLimit":85}"#
        let p = try JSONDecoder().decode(SLAPreset.self, from: Data(old.utf8))
        #expect(p.objective == .throughputCarbon)
        var q = p
        q.objective = .throughputEfficiency
        let back = try JSONDecoder().decode(SLAPreset.self, from: JSONEncoder().encode(q))
        #expect(back.objective == .throughputEfficiency && back == q)
        #expect(SLAPreset.named("carbon-efficiency")?.objective == .carbonEfficiency)
        #expect(SLAPreset.ecommerce.objective == .throughputCarbon && SLAPreset.research.objective == .throughputCarbon)
    }
}
