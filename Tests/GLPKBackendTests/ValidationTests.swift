import Testing
import LinearModel
@testable import GLPKBackend

@Suite("GLPK rejected settings and invalid models")
struct ValidationTests {
    private func unsupportedSetting(_ model: Model, _ p: SolverParameters) -> String? {
        let solver = GLPKSolver()
        do {
            _ = try solver.solve(model, parameters: p)
            return nil
        } catch {
            if case let .unsupported(setting, backend, _) = error, backend == "glpk" {
                // Rejected before any GLPK problem object was created.
                return solver.hasNativeProblem ? "reached GLPK" : setting
            }
            return "unexpected \(error)"
        }
    }

    @Test func rejectedSettings() {
        let lp = Fixtures.wyndor(), mip = Fixtures.smallMILP()
        #expect(unsupportedSetting(lp, SolverParameters(nodeLimit: 10)) == "nodeLimit")
        #expect(unsupportedSetting(mip, SolverParameters(nodeLimit: 10)) == "nodeLimit")
        #expect(unsupportedSetting(lp, SolverParameters(relativeMIPGap: 0.01)) == "relativeMIPGap")
        #expect(unsupportedSetting(mip, SolverParameters(algorithm: .interiorPoint)) == "algorithm=barrier")
        #expect(unsupportedSetting(mip, SolverParameters(iterationLimit: 100)) == "iterationLimit")
        #expect(unsupportedSetting(lp, SolverParameters(timeLimit: 5, algorithm: .interiorPoint)) == "timeLimit")
        #expect(unsupportedSetting(lp, SolverParameters(presolve: true, algorithm: .interiorPoint)) == "presolve")
        #expect(unsupportedSetting(lp, SolverParameters(iterationLimit: 3, algorithm: .interiorPoint)) == "iterationLimit")
        // Accepted combinations still solve.
        #expect(unsupportedSetting(mip, SolverParameters(relativeMIPGap: 0.01)) == nil)
        #expect(unsupportedSetting(lp, SolverParameters(iterationLimit: 100)) == nil)
    }

    @Test func invalidParameter() {
        #expect(throws: SolverError.invalidParameter(name: "timeLimit", value: "-1.0", allowed: "a positive number of seconds")) {
            _ = try GLPKSolver().solve(Fixtures.wyndor(), parameters: SolverParameters(timeLimit: -1))
        }
    }

    /// Each invalid model is rejected before any GLPK problem object exists.
    @Test func invalidModelsNeverReachGLPK() throws {
        var nan = Model()
        let a = nan.addVariable(), b = nan.addVariable()
        nan.addConstraint(a + Double.nan * b <= 1)

        var crossed = Model()
        crossed.addVariable(lower: 2, upper: 1)

        var fractional = Model()
        fractional.addVariable(kind: .integer, lower: 0.5, upper: 3)

        var crossedRow = Model()
        let c = crossedRow.addVariable()
        crossedRow.addConstraint(LinearExpression(c), lower: 3, upper: 1)

        var nanObjective = Model()
        nanObjective.addVariable(objective: .nan)

        let cases: [(Model, (ModelError) -> Bool)] = [
            (nan, { if case .nonFiniteCoefficient = $0 { true } else { false } }),
            (crossed, { if case .invalidColumnBounds = $0 { true } else { false } }),
            (fractional, { if case .fractionalIntegerBound = $0 { true } else { false } }),
            (Model(), { $0 == .empty }),
            (crossedRow, { if case .invalidRowBounds = $0 { true } else { false } }),
            (nanObjective, { if case .nonFiniteObjective = $0 { true } else { false } }),
        ]
        for (model, matches) in cases {
            let s = GLPKSolver()
            var caught: ModelError?
            do { _ = try s.solve(model) } catch {
                if case let .invalidModel(e) = error { caught = e }
            }
            let e = try #require(caught)
            #expect(matches(e), "\(e)")
            #expect(!s.hasNativeProblem)
        }
    }

    @Test func solverStaysUsableAfterRejection() throws {
        let s = GLPKSolver()
        _ = try s.solve(Fixtures.wyndor())
        var bad = Fixtures.wyndor()
        bad.setBounds(Variable(index: 0), lower: 5, upper: 1)
        #expect(throws: SolverError.self) { _ = try s.solve(bad) }
        #expect(throws: SolverError.self) { _ = try s.solve(Fixtures.wyndor(), parameters: SolverParameters(nodeLimit: 1)) }
        let r = try s.solve(Fixtures.wyndor())
        #expect(close(r.objectiveValue, 36))
    }
}
