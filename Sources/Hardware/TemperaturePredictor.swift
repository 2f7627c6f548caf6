import Foundation

/// Predicts a die's hottest-core temperature 0.1 s to tens of seconds ahead from its current
/// state and the planned power, with a low-order RC model identified online.
///
/// Model: the exact zero-order-hold discretisation of an RC network with `order` thermal
/// nodes (order 2: core hot spot + sink) is the ARX model
///
///     θₖ − θ_amb = Σᵢ aᵢ·(θₖ₋ᵢ − θ_amb) + Σᵢ bᵢ·Pₖ₋ᵢ/P_s + c,   i = 1…order
///
/// (θ in °C, P in W, P_s a fixed scale for conditioning, c absorbs ambient drift). Its
/// parameters are fitted by recursive least squares with exponential forgetting as
/// telemetry arrives — no training data, no knowledge of the device's R and C — so the model
/// follows slow changes (fan speed, ambient, ageing). Prediction iterates the model over the
/// planned power sequence. Until enough samples have been seen it predicts persistence.
public struct TemperaturePredictor: Sendable {
    /// Sampling period of `observe`, s.
    public let tick: Double
    /// Ambient temperature the regressors are referenced to, °C.
    public let ambient: Double
    /// RLS forgetting factor λ ∈ (0, 1]; the memory is ≈ tick/(1 − λ) seconds.
    public let forgetting: Double
    /// Model order (thermal nodes).
    public let order: Int
    /// Power scale P_s, W.
    public let powerScale: Double
    /// Observations so far.
    public private(set) var samples: Int = 0
    /// Observer gain L ∈ (0, 1]: how far each reading pulls the filtered temperature away from
    /// the model's one-step prediction (1 trusts the sensor fully; smaller values average out
    /// sensor noise once the model is identified).
    public var observerGain: Double

    /// Prediction errors at or below this are not used to update the model (K): they carry no
    /// information, and updating on them lets forgetting wind the covariance up.
    public var deadZone: Double = 1e-4

    /// Parameters [a₁…a_order, b₁…b_order, c].
    public private(set) var parameters: [Double]
    /// RLS covariance, row-major d×d.
    private var covariance: [Double]
    /// Recent filtered temperature rises (newest first) and scaled powers (newest first).
    private var recentRise: [Double]
    private var recentPower: [Double]

    /// - Parameters:
    ///   - tick: sampling period, s (> 0).
    ///   - ambient: reference temperature, °C.
    ///   - forgetting: RLS forgetting factor (default 0.9995: ≈200 s memory at 0.1 s).
    ///   - order: model order ≥ 1 (default 2).
    ///   - powerScale: regressor scale, W (default 100).
    ///   - observerGain: see `observerGain` (default 1: no filtering).
    public init(tick: Double, ambient: Double, forgetting: Double = 0.9995, order: Int = 2, powerScale: Double = 100,
                observerGain: Double = 1) {
        self.observerGain = min(max(observerGain.isFinite ? observerGain : 1, 0.01), 1)
        self.tick = tick > 0 && tick.isFinite ? tick : 0.1
        self.ambient = ambient.isFinite ? ambient : 25
        self.forgetting = min(max(forgetting, 0.9), 1)
        self.order = max(order, 1)
        self.powerScale = powerScale > 0 && powerScale.isFinite ? powerScale : 100
        let d = 2 * self.order + 1
        parameters = [Double](repeating: 0, count: d)
        parameters[0] = 1  // start from persistence
        covariance = [Double](repeating: 0, count: d * d)
        for i in 0..<d { covariance[i * d + i] = 1e3 }
        recentRise = [Double](repeating: 0, count: self.order)
        recentPower = [Double](repeating: 0, count: self.order)
    }

    /// A predictor for a die of `device` sampled every `tick` seconds (ambient from the spec),
    /// with the spec's lumped RC model of the hottest core as its ``nominal`` model.
    public init(device: DeviceSpec, tick: Double) {
        self.init(tick: tick, ambient: device.thermal.ambient,
                  powerScale: max(device.power.maximum / Double(max(device.dies, 1)), 1))
        if let model = try? DieThermalModel(device: device, tick: self.tick) {
            let l = model.lumped
            nominal = NominalModel(resistance: l.resistance, capacitance: l.capacitance)
        }
    }

    /// A first-order RC model of the die from its datasheet (hottest core: R in K/W, C in J/K):
    /// the prior the identified model is checked against, and the fallback predictor.
    public struct NominalModel: Sendable, Hashable {
        /// Die-to-ambient resistance of the hottest core, K/W (> 0).
        public var resistance: Double
        /// Capacitance, J/K (> 0).
        public var capacitance: Double
        /// A nominal model.
        public init(resistance: Double, capacitance: Double) {
            self.resistance = resistance
            self.capacitance = capacitance
        }
    }

    /// The spec's model (nil: none known). Used until the online model is identified, and
    /// whenever the identified model is not ``modelIsPhysical`` or its rise per watt is more
    /// than ``gainTolerance`` times off the nominal one (a fit on poorly exciting data).
    public var nominal: NominalModel?

    /// How far (a factor either way) the identified steady-state rise per watt may stray from
    /// the nominal resistance before the nominal model is used instead.
    public var gainTolerance: Double = 3

    /// Number of parameters.
    private var dimension: Int { 2 * order + 1 }

    /// Feeds one telemetry sample: `power` (W) is the die power applied during the tick that
    /// just ended, `temperature` (°C) the hottest-core temperature at its end. Non-finite
    /// samples are ignored.
    public mutating func observe(temperature: Double, power: Double) {
        guard temperature.isFinite, power.isFinite else { return }
        let measured = temperature - ambient
        let p = power / powerScale
        // Filtered rise: the model's one-step prediction corrected towards the reading.
        var y = measured
        if isIdentified {
            var oneStep = parameters[2 * order] + parameters[order] * p
            for i in 0..<order { oneStep += parameters[i] * recentRise[i] }
            for i in 1..<order { oneStep += parameters[order + i] * recentPower[i - 1] }
            y = oneStep + observerGain * (measured - oneStep)
        }
        if samples >= order {
            // Regressor: previous rises, this tick's power and earlier powers.
            var phi = [Double](repeating: 0, count: dimension)
            for i in 0..<order { phi[i] = recentRise[i] }
            phi[order] = p
            for i in 1..<order { phi[order + i] = recentPower[i - 1] }
            phi[2 * order] = 1
            // Conditional updating: a sample the model already explains carries no information
            // (long constant-power spells), and forgetting on it only winds the covariance up.
            var predicted = 0.0
            for i in 0..<dimension { predicted += parameters[i] * phi[i] }
            if !isIdentified || abs(measured - predicted) > deadZone {
                rlsUpdate(phi: phi, y: measured)
            }
        }
        // Shift histories (newest first).
        for i in stride(from: order - 1, to: 0, by: -1) {
            recentRise[i] = recentRise[i - 1]
            recentPower[i] = recentPower[i - 1]
        }
        recentRise[0] = y
        recentPower[0] = p
        samples += 1
    }

    private mutating func rlsUpdate(phi: [Double], y: Double) {
        let d = dimension
        var pPhi = [Double](repeating: 0, count: d)
        for i in 0..<d { var s = 0.0; for j in 0..<d { s += covariance[i * d + j] * phi[j] }; pPhi[i] = s }
        var denom = forgetting
        for i in 0..<d { denom += phi[i] * pPhi[i] }
        guard denom.isFinite, denom > 0 else { return }
        var prediction = 0.0
        for i in 0..<d { prediction += parameters[i] * phi[i] }
        let err = y - prediction
        for i in 0..<d { parameters[i] += pPhi[i] / denom * err }
        for i in 0..<d {
            for j in 0..<d {
                covariance[i * d + j] = (covariance[i * d + j] - pPhi[i] * pPhi[j] / denom) / forgetting
            }
        }
        // Keep P symmetric and bounded so long quiet spells cannot wind it up. Bounding scales
        // the whole matrix: capping only the diagonal would leave it indefinite.
        var largest = 0.0
        for i in 0..<d {
            for j in (i + 1)..<max(i + 1, d) {
                let s = 0.5 * (covariance[i * d + j] + covariance[j * d + i])
                covariance[i * d + j] = s; covariance[j * d + i] = s
            }
            largest = max(largest, covariance[i * d + i])
        }
        if largest > Self.covarianceBound {
            let f = Self.covarianceBound / largest
            for i in 0..<(d * d) { covariance[i] *= f }
        }
    }

    /// Largest diagonal entry of the RLS covariance.
    private static let covarianceBound = 1e6

    /// Whether the identified model is usable: stable (every pole inside the unit circle) with
    /// a positive steady-state rise per watt. An RC network always is; a fit that is not (poor
    /// excitation, noise) is not trusted, and predictions fall back to persistence.
    public var modelIsPhysical: Bool {
        let a = parameters[0..<order], b = parameters[order..<(2 * order)]
        guard parameters.allSatisfy(\.isFinite) else { return false }
        let stable: Bool
        switch order {
        case 1: stable = abs(a[0]) < 1
        case 2: stable = abs(a[1]) < 1 && abs(a[0]) < 1 - a[1]  // Jury: z² − a₁z − a₂
        default: stable = a.reduce(0) { $0 + abs($1) } < 1       // sufficient
        }
        let gain = b.reduce(0, +) / (1 - a.reduce(0, +))
        return stable && gain > 0
    }

    /// Whether the model has seen enough samples to be used (otherwise predictions are persistence).
    public var isIdentified: Bool { samples >= 10 * dimension }

    /// The hottest-core temperature (°C) predicted after the planned per-tick powers (W) have
    /// been applied, one entry per tick; an empty plan returns the current temperature.
    public func predict<S: Sequence<Double>>(plannedPowers: S) -> Double {
        guard samples > 0 else { return ambient }
        guard isIdentified, modelIsPhysical, identifiedGainIsPlausible else {
            return nominalPrediction(plannedPowers) ?? recentRise[0] + ambient
        }
        var rise = recentRise, pw = recentPower
        for power in plannedPowers {
            let p = power / powerScale
            var next = parameters[2 * order]
            for i in 0..<order { next += parameters[i] * rise[i] }
            next += parameters[order] * p
            for i in 1..<order { next += parameters[order + i] * pw[i - 1] }
            for i in stride(from: order - 1, to: 0, by: -1) { rise[i] = rise[i - 1]; pw[i] = pw[i - 1] }
            rise[0] = next
            pw[0] = p
        }
        return rise[0] + ambient
    }

    /// The identified steady-state rise per watt is within ``gainTolerance`` of the nominal
    /// resistance (true without a nominal model).
    private var identifiedGainIsPlausible: Bool {
        guard let n = nominal, n.resistance > 0 else { return true }
        let a = parameters[0..<order].reduce(0, +), b = parameters[order..<(2 * order)].reduce(0, +)
        let perWatt = b / (1 - a) / powerScale
        return perWatt >= n.resistance / gainTolerance && perWatt <= n.resistance * gainTolerance
    }

    /// The nominal first-order model stepped exactly over the planned powers from the current
    /// (filtered) temperature; nil without a usable nominal model.
    private func nominalPrediction<S: Sequence<Double>>(_ plannedPowers: S) -> Double? {
        guard let n = nominal, n.resistance > 0, n.capacitance > 0, n.resistance.isFinite, n.capacitance.isFinite else { return nil }
        let decay = exp(-tick / (n.resistance * n.capacitance))
        var rise = recentRise[0]
        for power in plannedPowers { rise = decay * rise + (1 - decay) * n.resistance * power }
        return rise + ambient
    }

    /// The hottest-core temperature (°C) the die settles at under constant die power
    /// `plannedPower` (W): ambient + R·P with the nominal resistance (exact in steady state for
    /// the spec's network), else the identified model's steady-state gain; nil when neither is
    /// usable. O(1): for decisions that need where the die is heading, not where it is in 5 s.
    public func steadyState(plannedPower: Double) -> Double? {
        if let n = nominal, n.resistance > 0, n.resistance.isFinite { return ambient + n.resistance * plannedPower }
        guard isIdentified, modelIsPhysical else { return nil }
        let a = parameters[0..<order].reduce(0, +), b = parameters[order..<(2 * order)].reduce(0, +)
        guard a < 1 else { return nil }
        return ambient + (b * plannedPower / powerScale + parameters[2 * order]) / (1 - a)
    }

    /// The hottest-core temperature (°C) predicted `horizon` seconds ahead (rounded to whole
    /// ticks) with constant die power `plannedPower` (W).
    public func predict(plannedPower: Double, horizon: Double) -> Double {
        let steps = max(Int((horizon / tick).rounded()), 0)
        return predict(plannedPowers: repeatElement(plannedPower, count: steps))
    }
}

/// Mean absolute errors of a `TemperaturePredictor` against the exact `DieThermalModel`.
public struct PredictorAccuracy: Sendable, Codable, Hashable {
    /// Horizons evaluated, s.
    public var horizons: [Double]
    /// Mean absolute error at each horizon, K.
    public var meanAbsoluteError: [Double]
    /// Largest absolute error at each horizon, K.
    public var maximumAbsoluteError: [Double]
    /// Predictions compared per horizon.
    public var count: [Int]
    /// Simulated time, s.
    public var duration: Double
    /// Initial time excluded from the statistics (identification warm-up), s.
    public var warmUp: Double
}

extension TemperaturePredictor {
    /// Runs one die of `device` for `duration` seconds under random piecewise-constant power
    /// (a level uniform in [idle, maximum] per die, held for 2–10 s, drawn from SplitMix64
    /// seeded with `seed`), feeds the exact model's hottest-core temperature to a fresh
    /// predictor every tick, predicts each horizon ahead with the true planned powers, and
    /// reports the errors after `warmUp` seconds. With `sensorNoise` > 0 (K, standard
    /// deviation) the predictor sees readings with zero-mean uniform noise added, while errors
    /// are measured against the true temperature. Deterministic for a given seed.
    public static func evaluate(device: DeviceSpec, seed: UInt64 = 1, duration: Double = 3600, tick: Double = 0.1,
                                horizons: [Double] = [0.1, 1, 10], warmUp: Double = 60,
                                sensorNoise: Double = 0, observerGain: Double = 1) throws(DeviceSpecError) -> PredictorAccuracy {
        var plant = try DieThermalModel(device: device, tick: tick)
        var rng = SplitMix64(seed: seed)
        let dies = Double(max(device.dies, 1))
        let lo = device.power.idle / dies, hi = device.power.maximum / dies
        let n = Int((duration / tick).rounded())
        // Power schedule first, so predictions can use the true plan.
        var power = [Double](repeating: 0, count: n)
        var k = 0
        while k < n {
            let level = lo + (hi - lo) * rng.nextUnit()
            let hold = Int(((2 + 8 * rng.nextUnit()) / tick).rounded())
            for j in k..<min(n, k + max(hold, 1)) { power[j] = level }
            k += max(hold, 1)
        }
        let steps = horizons.map { max(Int(($0 / tick).rounded()), 1) }
        var truth = [Double](repeating: 0, count: n + 1)
        var predicted = steps.map { _ in [Double](repeating: .nan, count: n + 1) }
        plant.reset(to: device.thermal.ambient)
        var predictor = TemperaturePredictor(device: device, tick: tick)
        predictor.observerGain = min(max(observerGain, 0.01), 1)
        truth[0] = plant.maxCoreTemperature
        for t in 0..<n {
            plant.step(power: power[t])
            truth[t + 1] = plant.maxCoreTemperature
            let noise = sensorNoise > 0 ? sensorNoise * 3.0.squareRoot() * (2 * rng.nextUnit() - 1) : 0
            predictor.observe(temperature: truth[t + 1] + noise, power: power[t])
            for (h, s) in steps.enumerated() where t + 1 + s <= n {
                predicted[h][t + 1 + s] = predictor.predict(plannedPowers: power[(t + 1)..<(t + 1 + s)])
            }
        }
        let first = Int((warmUp / tick).rounded())
        var mae = [Double](), mx = [Double](), cnt = [Int]()
        for h in steps.indices {
            var sum = 0.0, worst = 0.0, c = 0
            for t in max(first, 0)...n where !predicted[h][t].isNaN && t - steps[h] >= first {
                let e = abs(predicted[h][t] - truth[t])
                sum += e; worst = max(worst, e); c += 1
            }
            mae.append(c > 0 ? sum / Double(c) : .nan); mx.append(worst); cnt.append(c)
        }
        return PredictorAccuracy(horizons: horizons, meanAbsoluteError: mae, maximumAbsoluteError: mx,
                                 count: cnt, duration: duration, warmUp: warmUp)
    }
}
