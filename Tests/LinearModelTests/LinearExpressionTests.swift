import Testing
@testable import LinearModel

@Suite("Linear expressions")
struct LinearExpressionTests {
    @Test func operatorsBuildTheExpectedTerms() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        let e = 2 * x + y * 3 - x + 4.5
        let (idx, coef) = e.merged()
        #expect(idx == [0, 1])
        #expect(coef == [1, 3])
        #expect(e.constant == 4.5)
        #expect(e.evaluate([10, 100]) == 10 + 300 + 4.5)
        let neg = -(x - y)
        #expect(neg.evaluate([1, 5]) == 4)
        #expect((5.0 - x).evaluate([2, 0]) == 3)
    }

    @Test func mergingSumsDuplicatesAndDropsZeros() {
        var m = Model()
        let v = m.addVariables(count: 4)
        let e = v[3] + v[1] + 2 * v[3] - v[1] + v[0]
        let (idx, coef) = e.merged()
        #expect(idx == [0, 3])
        #expect(coef == [1, 3])
    }

    @Test func sumOverSequences() {
        var m = Model()
        let v = m.addVariables(count: 100)
        let s = v.sum()
        #expect(s.termCount == 100)
        #expect(s.evaluate([Double](repeating: 1, count: 100)) == 100)
        let weighted = v.enumerated().map { Double($0.offset) * $0.element }.sum()
        #expect(weighted.evaluate([Double](repeating: 2, count: 100)) == 2 * 4950)
    }

    /// A chain of `+` must reuse one buffer: each step appends in place instead of copying
    /// the terms so far (which would make n terms cost O(n²)). Checked structurally — the
    /// storage address changes only on (geometric) growth — rather than timed.
    @Test func chainedPlusAppendsInPlace() {
        var m = Model()
        let v = m.addVariables(count: 4_000)
        var e = LinearExpression()
        var moves = 0
        var last: UnsafeRawPointer? = nil
        for x in v {
            e = (consume e) + x
            let base = e.indices.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            if base != last { moves += 1; last = base }
        }
        #expect(e.termCount == 4_000)
        // Geometric growth moves the buffer ~log2(4000) ≈ 12 times; a copy per step, 4000 times.
        #expect(moves < 40)
        // A literal chain: every intermediate is a temporary, consumed by the next `+`.
        let chain = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7] - v[8] + 2 * v[9]
        #expect(chain.termCount == 10)
        // `+=` appends in place as well.
        var f = LinearExpression()
        moves = 0; last = nil
        for x in v {
            f += 2 * x
            let base = f.indices.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
            if base != last { moves += 1; last = base }
        }
        #expect(moves < 40)
    }

    @Test func comparisonOperatorsMoveConstantsToBounds() {
        var m = Model()
        let x = m.addVariable("x"), y = m.addVariable("y")
        let r1 = m.addConstraint(x + y + 1 <= 5, name: "r1")
        let r2 = m.addConstraint(x - 2 >= y, name: "r2")
        let r3 = m.addConstraint(x + 0.5 * y == 3)
        let r4 = m.addConstraint(x + y, lower: -1, upper: 1)
        #expect(m.rowLower[r1.index] == -.infinity && m.rowUpper[r1.index] == 4)
        #expect(m.rowLower[r2.index] == 2 && m.rowUpper[r2.index] == .infinity)
        #expect(m.rowSense(r3) == .equal && m.rowLower[r3.index] == 3)
        #expect(m.rowSense(r4) == .ranged)
        #expect(m.displayName(r3) == "R3")
    }
}
