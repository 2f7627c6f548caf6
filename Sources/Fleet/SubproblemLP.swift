import LinearModel

/// One node's epoch LP in a transportable form: the feasible set as bounds and triplets, and
/// the sparse expressions the fleet couples on. Codable so that it travels to HTTP workers.
///
/// Rows and columns are the node's own (``Planner/EpochLPExport``), plus, when the node may
/// receive movable work, one column r[t] per epoch (work received in epoch t, work units) and
/// one row per epoch `s_el[t] − r[t] ≤ A_el[t]` that lets the received work be served as
/// elastic work.
public struct SubproblemLP: Codable, Sendable, Equatable {
    /// A sparse affine expression over the columns.
    public struct Expression: Codable, Sendable, Equatable {
        /// Column indices.
        public var indices: [Int]
        /// Coefficients, one per index.
        public var coefficients: [Double]
        /// Constant term.
        public var constant: Double

        /// An expression from a merged ``LinearModel/LinearExpression``.
        public init(_ e: LinearExpression) {
            let m = e.merged()
            indices = m.indices
            coefficients = m.coefficients
            constant = e.constant
        }

        /// The value at `x`.
        public func evaluate(_ x: [Double]) -> Double {
            var v = constant
            for (j, c) in zip(indices, coefficients) { v += c * x[j] }
            return v
        }

        /// Back to a ``LinearModel/LinearExpression`` with every index shifted by `offset`.
        public func linear(offset: Int = 0) -> LinearExpression {
            var e = LinearExpression(constant: constant)
            for (j, c) in zip(indices, coefficients) { e.add(Variable(index: j + offset), c) }
            return e
        }
    }

    /// Column bounds (±∞ allowed; JSON carries them as "inf"/"-inf", ``FleetJSON``).
    public var columnLower: [Double]
    public var columnUpper: [Double]
    /// Row bounds.
    public var rowLower: [Double]
    public var rowUpper: [Double]
    /// The matrix as (row, column, value) triplets, as ``LinearModel/Model`` stores it.
    public var entryRow: [Int32]
    public var entryColumn: [Int32]
    public var entryValue: [Double]
    /// Throughput T over the horizon, work units.
    public var throughput: Expression
    /// Carbon C over the horizon, gCO₂.
    public var carbon: Expression
    /// Node power in each epoch, W.
    public var power: [Expression]
    /// Movable work received over the horizon, work units (Σ_t r[t]); empty when the node
    /// receives none.
    public var received: Expression
    /// Served-work columns [class][epoch].
    public var served: [[Int]]

    /// The feasible set of `model` (its objective is dropped) with the given expressions.
    public init(model: Model, throughput: LinearExpression, carbon: LinearExpression, power: [LinearExpression],
                received: LinearExpression, served: [[Int]]) {
        columnLower = model.columnLower
        columnUpper = model.columnUpper
        rowLower = model.rowLower
        rowUpper = model.rowUpper
        entryRow = model.entryRow
        entryColumn = model.entryColumn
        entryValue = model.entryValue
        self.throughput = Expression(throughput)
        self.carbon = Expression(carbon)
        self.power = power.map(Expression.init)
        self.received = Expression(received)
        self.served = served
    }

    /// Columns, rows and epochs.
    public var columnCount: Int { columnLower.count }
    public var rowCount: Int { rowLower.count }
    public var horizon: Int { power.count }

    /// The LP as a model (maximize, objective zero: the caller sets it).
    public func model() -> Model {
        var m = Model(name: "fleet-node")
        m.sense = .maximize
        m.reserveColumns(columnCount)
        for j in 0..<columnCount { m.addVariable(lower: columnLower[j], upper: columnUpper[j]) }
        // Rows from the column-ordered triplets: bucket entries by row once (O(nonzeros)).
        var start = [Int](repeating: 0, count: rowCount + 1)
        for r in entryRow { start[Int(r) + 1] += 1 }
        for i in 0..<rowCount { start[i + 1] += start[i] }
        var fill = start
        var cols = [Int](repeating: 0, count: entryValue.count), vals = [Double](repeating: 0, count: entryValue.count)
        for k in entryValue.indices {
            let r = Int(entryRow[k])
            cols[fill[r]] = Int(entryColumn[k]); vals[fill[r]] = entryValue[k]; fill[r] += 1
        }
        m.reserve(rows: rowCount, nonzeros: entryValue.count)
        for i in 0..<rowCount {
            m.addRow(indices: Array(cols[start[i]..<start[i + 1]]), coefficients: Array(vals[start[i]..<start[i + 1]]),
                     lower: rowLower[i], upper: rowUpper[i])
        }
        return m
    }

    /// The priced objective coefficients (per column) and constant:
    /// w_T·T − w_C·C − Σ_t π_t·P_t − ρ·R.
    public func objective(_ prices: SubproblemPrices) -> (coefficients: [Double], constant: Double) {
        var c = [Double](repeating: 0, count: columnCount)
        var k = 0.0
        func add(_ e: Expression, _ w: Double) {
            guard w != 0 else { return }
            for (j, a) in zip(e.indices, e.coefficients) { c[j] += w * a }
            k += w * e.constant
        }
        add(throughput, prices.throughputWeight)
        add(carbon, -prices.carbonWeight)
        for (t, p) in power.enumerated() where t < prices.power.count { add(p, -prices.power[t]) }
        add(received, -prices.movable)
        return (c, k)
    }
}

/// The weights and prices of one pricing problem: maximize
/// w_T·T − w_C·C − Σ_t π_t·P_t − ρ·R over the node's feasible set.
public struct SubproblemPrices: Codable, Sendable, Equatable {
    /// Weight of throughput (α/T̂ in phase 2, 0 in phase 1).
    public var throughputWeight: Double
    /// Weight of carbon, including the carbon budget's price (β/Ĉ + μ).
    public var carbonWeight: Double
    /// Price of node power per epoch (the site cap rows' duals), per W.
    public var power: [Double]
    /// Price of received movable work (the movable pool row's dual), per work unit.
    public var movable: Double

    public init(throughputWeight: Double, carbonWeight: Double, power: [Double], movable: Double) {
        self.throughputWeight = throughputWeight
        self.carbonWeight = carbonWeight
        self.power = power
        self.movable = movable
    }
}
