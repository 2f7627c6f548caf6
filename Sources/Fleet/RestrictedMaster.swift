import LinearModel

/// The Dantzig–Wolfe restricted master LP over node-plan columns (maximize):
///
///     max  Σ_{n,k} f_nk·λ_nk − Σ a                       (phase 2: a fixed at 0; phase 1: f = 0)
///     conv[n]:        Σ_k λ_nk = 1
///     site[s][t]:     Σ_{n at s} Σ_k P_nk[t]·λ_nk − a ≤ cap_s[t]
///     carbon:         Σ_{n,k} C_nk·λ_nk − a ≤ B
///     pool[p]:        Σ_{n in p} Σ_k R_nk·λ_nk − a (+ a′) ≤ amount   (= when required)
///
/// Every coupling row has an artificial a ≥ 0 so that the master is feasible from the first
/// round; phase 1 drives them to 0, phase 2 fixes them there. Columns are only appended, so the
/// backend re-solves from its previous basis.
struct RestrictedMaster {
    var model = Model(name: "fleet-master")
    let problem: FleetProblem
    private(set) var convexityRow: [Int] = []
    private(set) var siteRow: [[Int]] = []
    private(set) var carbonRow: Int?
    private(set) var poolRow: [Int] = []
    private(set) var artificials: [Int] = []
    /// Columns of each node: (master column, the response it came from, f).
    private(set) var columns: [[(column: Int, response: SubproblemResponse, objective: Double)]]

    init(_ p: FleetProblem) {
        problem = p
        columns = Array(repeating: [], count: p.nodes.count)
        model.sense = .maximize
        for n in p.nodes.indices {
            convexityRow.append(model.addRow(indices: [], coefficients: [], lower: 1, upper: 1, name: "conv_\(n)").index)
        }
        for (s, site) in p.sites.enumerated() {
            siteRow.append((0..<p.horizon).map { t in
                model.addRow(indices: [], coefficients: [], lower: -.infinity, upper: site.cap[t], name: "site_\(s)_\(t)").index
            })
        }
        if let b = p.carbonBudget {
            carbonRow = model.addRow(indices: [], coefficients: [], lower: -.infinity, upper: b, name: "carbon").index
        }
        for (k, pool) in p.movable.enumerated() {
            poolRow.append(model.addRow(indices: [], coefficients: [], lower: pool.required ? pool.amount : -.infinity,
                                        upper: pool.amount, name: "pool_\(k)").index)
        }
        var coupling = siteRow.flatMap { $0 } + poolRow
        if let c = carbonRow { coupling.append(c) }
        for r in coupling {
            artificials.append(model.addVariable(lower: 0, upper: .infinity, objective: -1, entries: [(Constraint(index: r), -1)]).index)
        }
        for (k, pool) in p.movable.enumerated() where pool.required {
            artificials.append(model.addVariable(lower: 0, upper: .infinity, objective: -1, entries: [(Constraint(index: poolRow[k]), 1)]).index)
        }
    }

    /// Coupling rows with names for reports.
    var couplingRows: [(row: Int, name: String)] {
        var out: [(Int, String)] = []
        for (s, rows) in siteRow.enumerated() { for (t, r) in rows.enumerated() { out.append((r, "site \(problem.sites[s].name) epoch \(t)")) } }
        if let c = carbonRow { out.append((c, "carbon budget")) }
        for (k, r) in poolRow.enumerated() { out.append((r, "movable pool \(problem.movable[k].name)")) }
        return out
    }

    /// Appends node `n`'s plan as a column with master objective `f` (0 in phase 1 is set by
    /// ``enterPhaseTwo`` later: the column keeps f and phase 1 runs with f scaled away).
    mutating func add(node n: Int, _ r: SubproblemResponse, objective f: Double, phaseOne: Bool) {
        var entries: [(Constraint, Double)] = [(Constraint(index: convexityRow[n]), 1)]
        let node = problem.nodes[n]
        if let s = node.site { for t in 0..<problem.horizon { entries.append((Constraint(index: siteRow[s][t]), r.power[t])) } }
        if let c = carbonRow { entries.append((Constraint(index: c), r.carbon)) }
        if let p = node.pool { entries.append((Constraint(index: poolRow[p]), r.received)) }
        let v = model.addVariable(lower: 0, upper: .infinity, objective: phaseOne ? 0 : f, entries: entries)
        columns[n].append((v.index, r, f))
    }

    /// Phase 2: artificials fixed at 0, node columns priced at f, the objective constant Σ 2β_n.
    mutating func enterPhaseTwo() {
        for a in artificials {
            model.setObjectiveCoefficient(Variable(index: a), 0)
            model.setBounds(Variable(index: a), lower: 0, upper: 0)
        }
        for list in columns { for c in list { model.setObjectiveCoefficient(Variable(index: c.column), c.objective) } }
        model.objectiveConstant = problem.nodes.reduce(0) { $0 + 2 * $1.beta }
    }

    var columnTotal: Int { columns.reduce(0) { $0 + $1.count } }

    /// Whether node `n` already has a column with these coupling coefficients and objective.
    func hasColumn(node n: Int, _ r: SubproblemResponse) -> Bool {
        columns[n].contains { c in
            c.response.power == r.power && c.response.carbon == r.carbon && c.response.received == r.received
                && c.response.throughput == r.throughput
        }
    }
}
