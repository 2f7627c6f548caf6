import LinearModel

/// The whole fleet as one LP: the nodes' LPs side by side (block-diagonal) with the shared rows
/// across them and the fleet objective Σ_n f_n (``FleetProblem``). It is what the decomposition
/// solves without forming it; tests and the benchmark solve it directly (and export it as MPS).
public struct MonolithicFleetLP: Sendable {
    /// The model (maximize).
    public var model: Model
    /// Site cap rows [site][epoch], the carbon budget row, pool rows.
    public var siteRows: [[Int]]
    public var carbonRow: Int?
    public var poolRows: [Int]
    /// First column of each node's block.
    public var offsets: [Int]

    /// Builds the LP with the normalisation T̂_n, Ĉ_n of each node (from ``FleetPlan`` or the
    /// decomposition's round 0: the nodes' stand-alone max throughput and min carbon).
    public init(_ p: FleetProblem, maximumThroughput: [Double], minimumCarbon: [Double]) {
        var m = Model(name: "epof-fleet")
        m.sense = .maximize
        var offsets: [Int] = []
        var objective = LinearExpression()
        var power = [[LinearExpression]](repeating: [LinearExpression](repeating: LinearExpression(), count: p.horizon), count: p.sites.count)
        var carbon = LinearExpression()
        var pools = [LinearExpression](repeating: LinearExpression(), count: p.movable.count)
        for (n, node) in p.nodes.enumerated() {
            let lp = node.lp
            let o = m.columnCount
            offsets.append(o)
            m.reserveColumns(lp.columnCount)
            for j in 0..<lp.columnCount { m.addVariable(lower: lp.columnLower[j], upper: lp.columnUpper[j]) }
            // Node rows: reuse the node model's row order.
            let block = lp.model()
            var rows = [[(Int, Double)]](repeating: [], count: block.rowCount)
            for k in block.entryValue.indices { rows[Int(block.entryRow[k])].append((Int(block.entryColumn[k]) + o, block.entryValue[k])) }
            for i in 0..<block.rowCount {
                m.addRow(indices: rows[i].map(\.0), coefficients: rows[i].map(\.1), lower: block.rowLower[i], upper: block.rowUpper[i])
            }
            objective.add(lp.throughput.linear(offset: o), scale: node.alpha / maximumThroughput[n])
            objective.add(lp.carbon.linear(offset: o), scale: -node.beta / minimumCarbon[n])
            objective.constant += 2 * node.beta
            if let s = node.site { for t in 0..<p.horizon { power[s][t].add(lp.power[t].linear(offset: o)) } }
            carbon.add(lp.carbon.linear(offset: o))
            if let k = node.pool { pools[k].add(lp.received.linear(offset: o)) }
        }
        m.setObjective(objective, sense: .maximize)
        siteRows = p.sites.enumerated().map { s, site in
            (0..<p.horizon).map { t in m.addConstraint(power[s][t], lower: -.infinity, upper: site.cap[t], name: "site_\(s)_\(t)").index }
        }
        carbonRow = p.carbonBudget.map { m.addConstraint(carbon, lower: -.infinity, upper: $0, name: "carbon").index }
        poolRows = p.movable.enumerated().map { k, pool in
            m.addConstraint(pools[k], lower: pool.required ? pool.amount : -.infinity, upper: pool.amount, name: "pool_\(k)").index
        }
        model = m
        self.offsets = offsets
    }
}
