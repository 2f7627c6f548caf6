import Testing
@testable import LinearModel

@Suite("Model building and storage")
struct ModelTests {
    @Test func familiesIndexByKey() {
        var m = Model()
        let cards = ["a", "b", "c"]
        let x = m.addVariables(over: cards, upper: 1, name: { "x_\($0)" })
        #expect(x.count == 3)
        #expect(x["b"] == Variable(index: 1))
        #expect(x["z"] == nil)
        #expect(m.columnName[2] == "x_c")
        struct Key: Hashable, Sendable { let card: Int, epoch: Int }
        let keys = (0..<2).flatMap { c in (0..<3).map { Key(card: c, epoch: $0) } }
        let y = m.addVariables(over: keys, kind: .integer, upper: 10)
        #expect(y[Key(card: 1, epoch: 2)] == Variable(index: 3 + 5))
        #expect(m.columnKind[4] == .integer)
    }

    @Test func binaryBoundsAreClamped() {
        var m = Model()
        let b = m.addVariable(kind: .binary, lower: -3, upper: 7)
        #expect(m.columnLower[b.index] == 0 && m.columnUpper[b.index] == 1)
        #expect(m.isMixedInteger)
    }

    @Test func compressedFormsAgreeWithTriplets() {
        var m = Model()
        let v = m.addVariables(count: 3)
        m.addConstraint(v[0] + 2 * v[2] <= 4)
        m.addConstraint(3 * v[1] + 4 * v[2] >= 1)
        let extra = m.addVariable(entries: [(Constraint(index: 0), 5), (Constraint(index: 1), 6)])
        let csc = m.columnMajor()
        #expect(csc.starts == [0, 1, 2, 4, 6])
        #expect(csc.rows == [0, 1, 0, 1, 0, 1])
        #expect(csc.values == [1, 3, 2, 4, 5, 6])
        let csr = m.rowMajor()
        #expect(csr.starts == [0, 3, 6])
        #expect(csr.columns == [0, 2, Int32(extra.index), 1, 2, 3])
        #expect(m.rowActivities([1, 1, 1, 1]) == [8, 13])
    }

    @Test func validationNamesTheCulprit() {
        func error(_ build: (inout Model) -> Void) -> ModelError? {
            var m = Model()
            build(&m)
            do { try m.validate(); return nil } catch { return error }
        }
        #expect(error { _ in } == .empty)
        #expect(error { m in m.addVariable("x", lower: 2, upper: 1) }
            == .invalidColumnBounds(column: "x", lower: 2, upper: 1))
        #expect(error { m in m.addVariable("k", kind: .integer, lower: 0.5, upper: 3) }
            == .fractionalIntegerBound(column: "k", lower: 0.5, upper: 3))
        #expect(error { m in
            let x = m.addVariable("x")
            m.addConstraint(Double.nan * x <= 1, name: "bad")
        }?.description.contains("row 'bad'") == true)
        #expect(error { m in m.addVariable("x", objective: .infinity) }
            == .nonFiniteObjective(column: "x", value: .infinity))
        #expect(error { m in
            m.addVariable("x")
            m.addRow(indices: [0, 5], coefficients: [1, 1], lower: 0, upper: 1, name: "r")
        } == .unknownColumn(row: "r", column: 5, columnCount: 1))
        #expect(error { m in
            m.addVariable("x")
            m.addRow(indices: [0], coefficients: [1, 2], lower: 0, upper: 1, name: "r")
        } == .mismatchedTermArrays(row: "r", indices: 1, coefficients: 2))
        #expect(error { m in
            m.addVariable("x")
            m.setBounds(Constraint(index: 3), lower: 0, upper: 1)
        } == .unknownRow(3, rowCount: 0))
        #expect(error { m in
            let x = m.addVariable("x")
            m.addConstraint(x <= 1, name: "r")
            m.setBounds(Constraint(index: 0), lower: .infinity, upper: .infinity)
        } == .invalidRowBounds(row: "r", lower: .infinity, upper: .infinity))
        #expect(error { m in
            m.addVariable("x", entries: [(Constraint(index: 4), 1)])
        } == .unknownRow(4, rowCount: 0))
        #expect(error { m in
            let x = m.addVariable("x")
            m.addConstraint(x <= 1)
        } == nil)
    }

    @Test func changeSetsDescribeExtensions() throws {
        var m = Model()
        let v = m.addVariables(count: 3, upper: 10, objective: 1)
        let r = m.addConstraint(v.sum() <= 5)
        let base = m

        var objectiveOnly = base
        objectiveOnly.setObjectiveCoefficient(v[1], 7)
        let c1 = try #require(ModelChanges.between(base, objectiveOnly))
        #expect(c1.objectiveColumns == [1] && c1.onlyObjective && !c1.keepsDualFeasibility)

        var boundsOnly = base
        boundsOnly.setBounds(r, lower: -.infinity, upper: 4)
        boundsOnly.setBounds(v[2], lower: 1, upper: 2)
        let c2 = try #require(ModelChanges.between(base, boundsOnly))
        #expect(c2.boundRows == [0] && c2.boundColumns == [2] && c2.keepsDualFeasibility && !c2.onlyObjective)

        var grown = base
        let w = grown.addVariable(entries: [(r, 2)])
        grown.addConstraint(v[0] + w >= 1)
        let c3 = try #require(ModelChanges.between(base, grown))
        #expect(c3.newColumns == 3..<4 && c3.newRows == 1..<2 && c3.newEntries == 3..<6)

        #expect(ModelChanges.between(grown, base) == nil)
        var other = Model()
        let u = other.addVariables(count: 3)
        other.addConstraint(u[0] + 2 * u[1] <= 5)
        #expect(ModelChanges.between(base, other) == nil)
        #expect(ModelChanges.between(base, base)?.isEmpty == true)
    }

    @Test func toleranceComparisons() {
        #expect(Tolerance.isClose(1e9, 1e9 + 0.5, relative: 1e-9))
        #expect(!Tolerance.isClose(1, 1.001, relative: 1e-6))
        #expect(0.0.isClose(to: 1e-13))
        #expect(!Double.nan.isClose(to: .nan))
    }
}

@Suite("Objective scaling")
struct ObjectiveScalingTests {
    @Test(arguments: [1e-6, 3.7e-4, 0.5, 0.75, 1, 3, 1e5, 123456.789])
    func largestCoefficientLandsInHalfOpenUnitInterval(_ largest: Double) {
        let s = ObjectiveScaling.factor(for: [largest / 3, -largest, 0])
        #expect(largest * s >= 0.5 && largest * s < 1)
        // A power of two: scaling and unscaling are exact.
        #expect(s.significand == 1)
        #expect((largest * s) / s == largest)
    }

    @Test func zeroObjectiveIsNotScaled() {
        #expect(ObjectiveScaling.factor(for: [0, 0]) == 1)
        #expect(ObjectiveScaling.factor(for: [Double]()) == 1)
    }
}
