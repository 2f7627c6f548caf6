/// An affine expression Σ cᵢ·xᵢ + constant.
///
/// Terms are stored as they are appended; a variable may appear more than once and
/// duplicates are merged when the expression enters a model (``Model/addConstraint(_:name:)``,
/// ``Model/setObjective(_:sense:)``). Appending a term is amortized O(1), so building an
/// expression of n terms, with `+=`, chained `+` or ``sum(_:)``, is O(n) — the operators
/// take their left operand as `consuming` so a chain `a + b + c + …` reuses one buffer.
/// In a loop write `e += term` (or `e = (consume e) + term`): `e = e + term` copies `e`
/// each time because `e` is still alive when `+` runs.
public struct LinearExpression: Sendable {
    /// Column positions of the terms, parallel to ``coefficients``.
    public private(set) var indices: [Int]
    /// Coefficients of the terms, parallel to ``indices``.
    public private(set) var coefficients: [Double]
    /// The constant term.
    public var constant: Double

    /// The zero expression.
    public init() {
        indices = []
        coefficients = []
        constant = 0
    }

    /// An expression with only a constant.
    public init(constant: Double) {
        indices = []
        coefficients = []
        self.constant = constant
    }


    /// The expression `coefficient · variable`.
    public init(_ variable: Variable, coefficient: Double = 1) {
        indices = [variable.index]
        coefficients = [coefficient]
        constant = 0
    }

    /// Σ coefficient · variable over the given terms, plus `constant`.
    public init<S: Sequence>(_ terms: S, constant: Double = 0) where S.Element == (Variable, Double) {
        indices = []
        coefficients = []
        let n = terms.underestimatedCount
        indices.reserveCapacity(n)
        coefficients.reserveCapacity(n)
        for (v, c) in terms {
            indices.append(v.index)
            coefficients.append(c)
        }
        self.constant = constant
    }

    /// Number of stored terms (before merging duplicates).
    public var termCount: Int { indices.count }

    /// Reserves room for `n` more terms.
    public mutating func reserveCapacity(_ n: Int) {
        indices.reserveCapacity(indices.count + n)
        coefficients.reserveCapacity(coefficients.count + n)
    }

    /// Appends `coefficient · variable`. Amortized O(1).
    public mutating func add(_ variable: Variable, _ coefficient: Double = 1) {
        indices.append(variable.index)
        coefficients.append(coefficient)
    }

    /// Appends `scale · other`. O(other.termCount).
    public mutating func add(_ other: LinearExpression, scale: Double = 1) {
        indices.append(contentsOf: other.indices)
        if scale == 1 {
            coefficients.append(contentsOf: other.coefficients)
        } else {
            coefficients.reserveCapacity(coefficients.count + other.coefficients.count)
            for c in other.coefficients { coefficients.append(scale * c) }
        }
        constant += scale * other.constant
    }

    /// Multiplies every term and the constant by `factor`. O(n).
    public mutating func scale(by factor: Double) {
        for i in coefficients.indices { coefficients[i] *= factor }
        constant *= factor
    }

    /// The terms with duplicates merged and zero coefficients dropped, sorted by column.
    /// O(n) when the terms are already strictly increasing, O(n log n) otherwise.
    public func merged() -> (indices: [Int], coefficients: [Double]) {
        var increasing = true
        var i = 1
        while i < indices.count {
            if indices[i] <= indices[i - 1] { increasing = false; break }
            i += 1
        }
        if increasing {
            if !coefficients.contains(0) { return (indices, coefficients) }
            var outI: [Int] = [], outC: [Double] = []
            outI.reserveCapacity(indices.count); outC.reserveCapacity(indices.count)
            for (j, c) in zip(indices, coefficients) where c != 0 { outI.append(j); outC.append(c) }
            return (outI, outC)
        }
        let order = indices.indices.sorted { indices[$0] < indices[$1] || (indices[$0] == indices[$1] && $0 < $1) }
        var outI: [Int] = [], outC: [Double] = []
        outI.reserveCapacity(order.count); outC.reserveCapacity(order.count)
        for k in order {
            let j = indices[k], c = coefficients[k]
            if let last = outI.last, last == j {
                outC[outC.count - 1] += c
            } else {
                outI.append(j); outC.append(c)
            }
        }
        var w = 0
        for r in 0..<outI.count where outC[r] != 0 {
            outI[w] = outI[r]; outC[w] = outC[r]; w += 1
        }
        outI.removeLast(outI.count - w); outC.removeLast(outC.count - w)
        return (outI, outC)
    }

    /// The value of the expression at the given column values.
    public func evaluate(_ values: [Double]) -> Double {
        var s = constant
        for (j, c) in zip(indices, coefficients) { s += c * values[j] }
        return s
    }

    /// Σ over a sequence of expressions (or variables, via ``Variable``'s conversion). O(total terms).
    public static func sum<S: Sequence>(_ items: S) -> LinearExpression where S.Element == LinearExpression {
        var e = LinearExpression()
        for item in items { e.add(item) }
        return e
    }

    /// Σ of a sequence of variables, each with coefficient 1. O(n).
    public static func sum<S: Sequence>(_ variables: S) -> LinearExpression where S.Element == Variable {
        LinearExpression(variables.lazy.map { ($0, 1.0) })
    }
}

extension Sequence where Element == Variable {
    /// Σ of the variables. O(n).
    public func sum() -> LinearExpression { LinearExpression.sum(self) }
}

extension Sequence where Element == LinearExpression {
    /// Σ of the expressions. O(total terms).
    public func sum() -> LinearExpression { LinearExpression.sum(self) }
}

// MARK: - Operators
// The left operand is `consuming`, so in `a + b + c + …` each step appends to the
// buffer produced by the previous one: a chain of n terms costs O(n), not O(n²).

public func + (lhs: consuming LinearExpression, rhs: LinearExpression) -> LinearExpression {
    lhs.add(rhs); return lhs
}
public func + (lhs: consuming LinearExpression, rhs: Variable) -> LinearExpression {
    lhs.add(rhs); return lhs
}
public func + (lhs: consuming LinearExpression, rhs: Double) -> LinearExpression {
    lhs.constant += rhs; return lhs
}
public func + (lhs: Double, rhs: consuming LinearExpression) -> LinearExpression {
    rhs.constant += lhs; return rhs
}
public func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    var e = LinearExpression(lhs); e.add(rhs); return e
}
public func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    var e = LinearExpression(lhs); e.add(rhs); return e
}
public func + (lhs: Variable, rhs: Double) -> LinearExpression {
    var e = LinearExpression(lhs); e.constant = rhs; return e
}
public func + (lhs: Double, rhs: Variable) -> LinearExpression {
    var e = LinearExpression(rhs); e.constant = lhs; return e
}
public func - (lhs: consuming LinearExpression, rhs: LinearExpression) -> LinearExpression {
    lhs.add(rhs, scale: -1); return lhs
}
public func - (lhs: consuming LinearExpression, rhs: Variable) -> LinearExpression {
    lhs.add(rhs, -1); return lhs
}
public func - (lhs: consuming LinearExpression, rhs: Double) -> LinearExpression {
    lhs.constant -= rhs; return lhs
}
public func - (lhs: Double, rhs: consuming LinearExpression) -> LinearExpression {
    rhs.scale(by: -1); rhs.constant += lhs; return rhs
}
public func - (lhs: Variable, rhs: Variable) -> LinearExpression {
    var e = LinearExpression(lhs); e.add(rhs, -1); return e
}
public func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    var e = LinearExpression(lhs); e.add(rhs, scale: -1); return e
}
public func - (lhs: Variable, rhs: Double) -> LinearExpression {
    var e = LinearExpression(lhs); e.constant = -rhs; return e
}
public func - (lhs: Double, rhs: Variable) -> LinearExpression {
    var e = LinearExpression(rhs, coefficient: -1); e.constant = lhs; return e
}
public prefix func - (operand: consuming LinearExpression) -> LinearExpression {
    operand.scale(by: -1); return operand
}
public prefix func - (operand: Variable) -> LinearExpression {
    LinearExpression(operand, coefficient: -1)
}
public func * (lhs: Double, rhs: Variable) -> LinearExpression {
    LinearExpression(rhs, coefficient: lhs)
}
public func * (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(lhs, coefficient: rhs)
}
public func * (lhs: Double, rhs: consuming LinearExpression) -> LinearExpression {
    rhs.scale(by: lhs); return rhs
}
public func * (lhs: consuming LinearExpression, rhs: Double) -> LinearExpression {
    lhs.scale(by: rhs); return lhs
}
public func += (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs) }
public func += (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs) }
public func += (lhs: inout LinearExpression, rhs: Double) { lhs.constant += rhs }
public func -= (lhs: inout LinearExpression, rhs: LinearExpression) { lhs.add(rhs, scale: -1) }
public func -= (lhs: inout LinearExpression, rhs: Variable) { lhs.add(rhs, -1) }
public func -= (lhs: inout LinearExpression, rhs: Double) { lhs.constant -= rhs }
