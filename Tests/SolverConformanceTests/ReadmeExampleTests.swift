import LinearModel
import Solvers
import Testing

/// The README's Swift example, verbatim in substance, so the documentation cannot rot.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func readmeExampleRunsAndWarmStarts() throws {
        var model = Model(name: "epoch")
        let cards = 0..<2, points = ["fp16", "int8"]
        let x = model.addVariables(over: cards.flatMap { c in points.map { "\(c)-\($0)" } }, upper: 1)
        for c in cards {
            model.addConstraint(points.map { x["\(c)-\($0)"]! }.sum() <= 1, name: "share_\(c)")
        }
        model.setObjective(36 * x["0-fp16"]! + 27 * x["0-int8"]! + 36 * x["1-fp16"]! + 27 * x["1-int8"]!,
                           sense: .maximize)
        let solver = SolverFactory.make(.clp, for: model)
        let solution = try solver.solve(model)
        #expect(solution.isOptimal)
        #expect(try #require(solution.objectiveValue).isClose(to: 72))
        model.setObjectiveCoefficient(x["0-int8"]!, 40)
        let again = try solver.solve(model)
        #expect(again.warmStarted)
        #expect(try #require(again.objectiveValue).isClose(to: 76))
        #expect(try #require(again[x["0-int8"]!]).isClose(to: 1))
    }
}
