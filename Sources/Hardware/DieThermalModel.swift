import Foundation

/// Compact thermal RC network of one die (HotSpot style), integrated exactly.
///
/// Nodes: one per core on the `CoreGrid` (row-major) plus one spreader/sink node. Each core
/// has heat capacity `coreCapacitance`, a conductance `1/lateralResistance` to each of its
/// four grid neighbours and `1/coreToSpreaderResistance` to the spreader; a core on the grid
/// edge loses heat through the die's periphery silicon instead, so each missing neighbour
/// becomes a lateral conductance to the spreader (this is what makes centre cores run hotter
/// than edge cores under uniform power). The spreader (`spreaderCapacitance`) couples to
/// ambient through `spreaderToAmbientResistance`.
///
/// With x the temperature rise over ambient, C the diagonal capacitance matrix, G the
/// conductance matrix and p the per-node power (W):
///
///     C·dx/dt = −G·x + p   ⇒   x(t+Δt) = A·x(t) + B·p,   A = exp(−Δt·C⁻¹G),   B = (I − A)·G⁻¹
///
/// which is exact for power held constant over the tick, so any tick is numerically stable.
/// A and B come from the eigendecomposition of the symmetric M = C^{−1/2}·G·C^{−1/2} = QΛQᵀ:
/// A = C^{−1/2}·Q·e^{−ΔtΛ}·Qᵀ·C^{1/2}, B = C^{−1/2}·Q·(1 − e^{−ΔtΛ})Λ⁻¹·Qᵀ·C^{−1/2}.
/// The thermal time constants are 1/λₖ.
///
/// The state is kept in modal coordinates y = Qᵀ·C^{1/2}·x, where the exact step is diagonal:
/// yₖ' = e^{−Δtλₖ}·yₖ + (1 − e^{−Δtλₖ})/λₖ·(Qᵀ·C^{−1/2}·p)ₖ — O(n) for `step(power:)` with
/// the floorplan's modal input precomputed. Every mode is advanced exactly every step.
///
/// **Sparse readout.** A node temperature is xᵢ = Σₖ Sᵢₖ·yₖ (S = C^{−1/2}·Q) over the modes
/// that carry temperature (a mode whose contribution to every node is below 1e-12 K is
/// skipped; under a symmetric floorplan the antisymmetric modes are never excited). Reading
/// all n cores back is O(n·modes) per step — the whole cost on a 132-SM die — while the
/// simulator reads only the hottest core every tick. So a floorplan step reads only
/// ``candidateLimit`` *candidate* cores, the hottest at the last full readout, over the
/// modes that carry or can receive temperature, and reads every core again every
/// ``refreshInterval`` steps, after any per-core step, and whenever the hottest candidate is
/// no longer the one that was hottest (the hot spot is moving). ``maxCoreTemperature`` is then
/// the temperature of a real core, exact to rounding, and differs from the true maximum only
/// if a non-candidate overtook every candidate since the last full readout: under uniform or
/// smooth floorplans the hottest cores form a plateau near the centre, and a day of the H100
/// preset agrees with the full readout within 1e-6 K (tested against ``alwaysFullReadout``,
/// the reference path). Per-core readouts (``coreTemperatures``, ``coreTemperature(_:)``) are
/// computed on demand from the modes and are exact. Nothing allocates per step.
public struct DieThermalModel: Sendable {
    /// Tick, s.
    public let tick: Double
    /// Ambient temperature, °C.
    public let ambient: Double
    /// Cores on the die.
    public let coreCount: Int
    /// The core grid (row-major layout of `coreTemperatures`).
    public let grid: CoreGrid
    /// Thermal time constants of the network, s, ascending (one per node).
    public let timeConstants: [Double]
    /// Index of the core that runs hottest in steady state under the floorplan weights.
    public let hottestCore: Int

    /// Nodes = cores + spreader.
    private let nodes: Int
    /// e^{−Δtλₖ} per mode.
    private let decay: [Double]
    /// Modal response to one watt of die power spread by the floorplan (per mode).
    private let floorplanInput: [Double]
    /// Modal response to one watt in each core, column-major modes×cores.
    private let coreInput: [Double]
    /// Mode shapes in node space, C^{−1/2}·Q, column-major nodes×modes.
    private let modeShapes: [Double]
    /// Largest |entry| of each mode shape: the skip rule's scale.
    private let modeScale: [Double]
    /// Qᵀ·C^{1/2}, column-major modes×nodes, to bring a node-space state into modes.
    private let toModes: [Double]
    /// Steady-state rise per watt of die power under the floorplan, K/W (nodes).
    private let steadyPerWatt: [Double]
    /// Modal state y, one amplitude per mode.
    private var modes: [Double]
    /// Modes the candidates are summed over (chosen at each full readout), the first
    /// `candidateModeCount` entries.
    private var candidateModes: [Int32]
    private var candidateModeCount = 0
    /// Whether the floorplan input can lift a mode above 1e-9 K at up to 1 kW of die power.
    private let floorplanExcites: [Bool]
    /// Scratch core rises of the last full readout, K.
    private var coreRise: [Double]
    /// Cores read exactly every step (indices), the first `candidateCount` entries.
    private var candidates: [Int32]
    /// The candidates' mode shapes over the candidate modes, mode-major
    /// (`candidateShapes[t·candidateCount + c]`), so one step reads all candidates with one
    /// vectorised update per mode.
    private var candidateShapes: [Double]
    /// Scratch flags of the cores already picked as candidates.
    private var candidateTaken: [Bool]
    /// Scratch sums of the candidates' rises.
    private var candidateRise: [Double]
    /// How many cores a step reads while no full readout is needed (the current candidates).
    public private(set) var candidateCount = 0
    /// Steps since the last full readout.
    private var stepsSinceReadout = 0
    /// The hottest core's rise after the last step, K.
    private var maxRise = 0.0
    /// After `reset(to:)` and before the next step, every node sits exactly at this rise (K).
    private var uniformRise: Double? = 0
    /// Full readouts so far (instrumentation for the bench and tests).
    public private(set) var fullReadouts = 0
    /// How many of the hottest cores a full readout picks as candidates (at least 1).
    public var candidateLimit = 8
    /// Steps between two full readouts (at least 1; 1 reads every core every step).
    public var refreshInterval = 50
    /// When true every step reads all cores (the reference path the sparse readout is tested against).
    public var alwaysFullReadout = false
    private let lumpedR: Double
    private let lumpedC: Double

    /// Builds the network of one die of `device` and precomputes the exact step for `tick` (s).
    ///
    /// Fails when the thermal spec is invalid or when `tick` exceeds the network's smallest
    /// thermal time constant: the fastest core mode would then settle within one tick, so
    /// hardware throttling driven by these temperatures could not react in time.
    public init(device: DeviceSpec, tick: Double) throws(DeviceSpecError) {
        try device.validateThermal()
        guard tick.isFinite, tick > 0 else {
            throw DeviceSpecError(field: "tick", rule: "must be a positive number of seconds (got \(tick))")
        }
        let th = device.thermal
        let rows = device.coreGrid.rows, cols = device.coreGrid.columns
        let n = rows * cols, m = n + 1, s = n
        let gLat = 1 / th.lateralResistance, gCS = 1 / th.coreToSpreaderResistance
        let gSA = 1 / th.spreaderToAmbientResistance

        // Conductance matrix G (row-major, symmetric).
        var g = [Double](repeating: 0, count: m * m)
        func couple(_ i: Int, _ j: Int, _ c: Double) {
            g[i * m + i] += c; g[j * m + j] += c
            g[i * m + j] -= c; g[j * m + i] -= c
        }
        for r in 0..<rows {
            for c in 0..<cols {
                let i = r * cols + c
                couple(i, s, gCS)
                // Right and down neighbours couple core to core; a missing neighbour on
                // any of the four sides couples to the spreader through the periphery.
                if c + 1 < cols { couple(i, i + 1, gLat) } else { couple(i, s, gLat) }
                if r + 1 < rows { couple(i, i + cols, gLat) } else { couple(i, s, gLat) }
                if c == 0 { couple(i, s, gLat) }
                if r == 0 { couple(i, s, gLat) }
            }
        }
        g[s * m + s] += gSA
        var cap = [Double](repeating: th.coreCapacitance, count: m)
        cap[s] = th.spreaderCapacitance
        let sq = cap.map { $0.squareRoot() }

        var msym = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in 0..<m { msym[i * m + j] = g[i * m + j] / (sq[i] * sq[j]) } }
        let eig = SymmetricEigen(symmetric: msym, n: m)
        guard let lmin = eig.values.first, lmin > 0, let lmax = eig.values.last, lmax.isFinite else {
            throw DeviceSpecError(field: "thermal", rule: "the RC network must be connected to ambient (conductance matrix not positive definite)")
        }
        let taus = eig.values.reversed().map { 1 / $0 }
        let tauMin = 1 / lmax
        guard tick <= tauMin else {
            throw DeviceSpecError(field: "tick",
                                  rule: "tick \(tick) s exceeds the smallest thermal time constant of the network, \(tauMin) s; hardware throttling could not react within a tick (use a tick ≤ \(tauMin) s or slower core parameters)")
        }
        let q = eig.vectors  // column-major
        let decay = eig.values.map { exp(-tick * $0) }
        let gain = zip(eig.values, decay).map { (1 - $1) / $0 }

        // Floorplan weights, normalised.
        let raw = th.corePowerWeights ?? [Double](repeating: 1, count: n)
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }

        var shapes = [Double](repeating: 0, count: m * m)
        var scale = [Double](repeating: 0, count: m)
        var into = [Double](repeating: 0, count: m * m)
        var perCore = [Double](repeating: 0, count: m * n)
        var floor = [Double](repeating: 0, count: m)
        for k in 0..<m {
            for i in 0..<m {
                let qki = q[k * m + i]
                shapes[k * m + i] = qki / sq[i]
                scale[k] = max(scale[k], abs(qki / sq[i]))
                into[i * m + k] = qki * sq[i]
                if i < n {
                    perCore[i * m + k] = gain[k] * qki / sq[i]
                    floor[k] += gain[k] * qki / sq[i] * w[i]
                }
            }
        }

        // Steady state per watt, G⁻¹·w, and per-mode amplitudes for the lumped fit.
        // G⁻¹ = C^{−1/2}·Q·Λ⁻¹·Qᵀ·C^{−1/2}; proj[k] = (Qᵀ·C^{−1/2}·w)ₖ.
        var proj = [Double](repeating: 0, count: m)
        for k in 0..<m { for j in 0..<n { proj[k] += q[k * m + j] * w[j] / sq[j] } }
        var ss = [Double](repeating: 0, count: m)
        for i in 0..<m { for k in 0..<m { ss[i] += q[k * m + i] * proj[k] / eig.values[k] / sq[i] } }
        var hot = 0
        for i in 1..<max(1, n) where ss[i] > ss[hot] { hot = i }
        // Lumped R: the hottest core's steady rise per watt. Lumped C: matches the first
        // moment (Elmore delay) of that core's step response, τ_eff = Σ cₖτₖ / Σ cₖ with
        // cₖ the k-th mode's share of the steady rise — the single time constant whose
        // response has the same area above it as the exact one.
        var num = 0.0, den = 0.0
        for k in 0..<m {
            let ck = q[k * m + hot] * proj[k] / eig.values[k] / sq[hot]
            num += ck / eig.values[k]
            den += ck
        }
        let r = ss[hot]
        let tauEff = num / den

        self.tick = tick
        self.ambient = th.ambient
        self.coreCount = n
        self.grid = device.coreGrid
        self.timeConstants = taus
        self.hottestCore = hot
        self.nodes = m
        self.decay = decay
        self.floorplanInput = floor
        self.coreInput = perCore
        self.modeShapes = shapes
        self.modeScale = scale
        self.toModes = into
        self.steadyPerWatt = ss
        self.modes = [Double](repeating: 0, count: m)
        self.candidateModes = [Int32](repeating: 0, count: m)
        self.floorplanExcites = (0..<m).map { k in abs(floor[k]) * scale[k] * 1000 / (1 - decay[k]) >= 1e-9 }
        self.coreRise = [Double](repeating: 0, count: n)
        self.candidates = [Int32](repeating: 0, count: n)
        self.candidateShapes = [Double](repeating: 0, count: n * m)
        self.candidateRise = [Double](repeating: 0, count: n)
        self.candidateTaken = [Bool](repeating: false, count: n)
        self.lumpedR = r
        self.lumpedC = tauEff / r
    }

    /// Advances one tick with `power` W of die power, spread over the cores by the floorplan weights.
    public mutating func step(power: Double) {
        let m = nodes
        decay.withUnsafeBufferPointer { e in
            floorplanInput.withUnsafeBufferPointer { f in
                modes.withUnsafeMutableBufferPointer { y in
                    for k in 0..<m { y[k] = e[k] * y[k] + f[k] * power }
                }
            }
        }
        readMaximum(floorplan: true)
    }

    /// Advances one tick with per-core powers (W, row-major over the core grid). Missing
    /// trailing entries count as 0 W; extra entries are ignored.
    public mutating func step(corePowers: UnsafeBufferPointer<Double>) {
        let m = nodes, n = min(coreCount, corePowers.count)
        decay.withUnsafeBufferPointer { e in
            coreInput.withUnsafeBufferPointer { g in
                modes.withUnsafeMutableBufferPointer { y in
                    for k in 0..<m { y[k] *= e[k] }
                    for j in 0..<n {
                        let pj = corePowers[j]
                        let col = g.baseAddress! + j * m
                        for k in 0..<m { y[k] += col[k] * pj }
                    }
                }
            }
        }
        readMaximum(floorplan: false)
    }

    /// Updates `maxRise` after a step (see the type's documentation: sparse readout).
    /// `floorplan`: the step's input was die power spread by the floorplan weights.
    private mutating func readMaximum(floorplan: Bool) {
        uniformRise = nil
        stepsSinceReadout += 1
        if floorplan && !alwaysFullReadout && candidateCount > 0 && stepsSinceReadout < refreshInterval {
            let (best, slot) = candidateMaximum()
            // The hot spot moving to another candidate means it may be moving further: read all.
            if slot == 0 {
                maxRise = best
                return
            }
        }
        fullReadout()
    }

    /// The hottest candidate's rise, K, and its slot among the candidates, summed over the
    /// candidate modes (one vectorised update per mode).
    private mutating func candidateMaximum() -> (best: Double, slot: Int) {
        let count = candidateCount, modeCount = candidateModeCount
        return modes.withUnsafeBufferPointer { y in
            candidateShapes.withUnsafeBufferPointer { shapes in
                candidateModes.withUnsafeBufferPointer { a in
                    candidateRise.withUnsafeMutableBufferPointer { x in
                        for c in 0..<count { x[c] = 0 }
                        for t in 0..<modeCount {
                            let yk = y[Int(a[t])]
                            let col = shapes.baseAddress! + t * count
                            for c in 0..<count { x[c] += col[c] * yk }
                        }
                        var best = -Double.infinity, slot = 0
                        for c in 0..<count where x[c] > best { best = x[c]; slot = c }
                        return (best, slot)
                    }
                }
            }
        }
    }

    /// Reads every core exactly (column-oriented axpy over the modes the 1e-12 K rule keeps:
    /// vectorises), takes the maximum, and picks new candidates and candidate modes.
    private mutating func fullReadout() {
        let n = coreCount, m = nodes
        var best = -Double.infinity
        var activeCount = 0
        modes.withUnsafeBufferPointer { y in
            modeShapes.withUnsafeBufferPointer { shapes in
                modeScale.withUnsafeBufferPointer { scale in
                    coreRise.withUnsafeMutableBufferPointer { x in
                        for i in 0..<n { x[i] = 0 }
                        for k in 0..<m where !(abs(y[k]) * scale[k] < 1e-12) {
                            let yk = y[k]
                            let col = shapes.baseAddress! + k * m
                            for i in 0..<n { x[i] += col[i] * yk }
                        }
                        for i in 0..<n where x[i] > best { best = x[i] }
                    }
                }
            }
        }
        // Candidate modes: those carrying temperature now, and those the floorplan input can
        // excite (the others only decay and stay below the skip threshold until the next
        // full readout).
        for k in 0..<m where !(abs(modes[k]) * modeScale[k] < 1e-12) || floorplanExcites[k] {
            candidateModes[activeCount] = Int32(k)
            activeCount += 1
        }
        // Candidates: the `candidateLimit` hottest cores (first index wins ties), by repeated
        // selection — O(n·limit), and only at a full readout.
        let limit = min(max(candidateLimit, 1), n)
        var count = 0
        var taken = candidateTaken
        for i in 0..<n { taken[i] = false }
        while count < limit {
            var pick = -1
            for i in 0..<n where !taken[i] && (pick < 0 || coreRise[i] > coreRise[pick]) { pick = i }
            taken[pick] = true
            candidates[count] = Int32(pick)
            count += 1
        }
        candidateTaken = taken
        for c in 0..<count {
            let i = Int(candidates[c])
            for t in 0..<activeCount { candidateShapes[t * count + c] = modeShapes[Int(candidateModes[t]) * m + i] }
        }
        candidateModeCount = activeCount
        candidateCount = count
        stepsSinceReadout = 0
        maxRise = best
        fullReadouts += 1
    }

    /// Rise of node `i` (a core or the spreader, the last node) from the modes, K.
    private func nodeRise(_ i: Int) -> Double {
        if let u = uniformRise { return u }
        let m = nodes
        var x = 0.0
        for k in 0..<m {
            let yk = modes[k]
            if abs(yk) * modeScale[k] < 1e-12 { continue }
            x += modeShapes[k * m + i] * yk
        }
        return x
    }

    /// Core temperatures, °C, row-major over the core grid.
    public var coreTemperatures: [Double] {
        (0..<coreCount).map { nodeRise($0) + ambient }
    }

    /// Temperature of one core (row-major index), °C.
    public func coreTemperature(_ index: Int) -> Double {
        nodeRise(index) + ambient
    }

    /// The hottest core's temperature, °C.
    public var maxCoreTemperature: Double {
        (uniformRise ?? maxRise) + ambient
    }

    /// The spreader/sink node's temperature, °C.
    public var spreaderTemperature: Double { nodeRise(nodes - 1) + ambient }

    /// Sets every node (cores and spreader) to `temperature` °C.
    public mutating func reset(to temperature: Double) {
        let m = nodes
        let d = temperature - ambient
        uniformRise = d
        maxRise = d
        candidateCount = 0
        for k in 0..<m {
            var yk = 0.0
            for i in 0..<m { yk += toModes[i * m + k] * d }
            modes[k] = yk
        }
    }

    /// Effective die-to-ambient resistance R (K/W) and capacitance C (J/K) of the hottest core
    /// for the planner's linear step θ' = a·θ + (1−a)(θ_amb + R·P), a = exp(−Δt/(R·C)).
    ///
    /// R is exact in steady state (the hottest core's rise per watt of die power); C makes
    /// R·C the first-moment (Elmore) time constant of that core's exact step response.
    public var lumped: (resistance: Double, capacitance: Double) { (lumpedR, lumpedC) }

    /// Smallest thermal time constant of the network, s (the bound on `tick`).
    public var smallestTimeConstant: Double { timeConstants[0] }

    /// Steady-state core temperatures (°C, row-major) under constant die power `power` (W)
    /// spread by the floorplan weights.
    public func steadyStateCoreTemperatures(power: Double) -> [Double] {
        (0..<coreCount).map { ambient + steadyPerWatt[$0] * power }
    }

    /// Steady-state hottest-core temperature under constant die power `power` (W), °C.
    public func steadyStateMaxCoreTemperature(power: Double) -> Double {
        ambient + steadyPerWatt[hottestCore] * power
    }
}
