import LinearModel
import Planner

/// A seeded random time-sharing instance: `cards` cards, each with operating points
/// (throughput, power); x[g][k] ∈ [0, 1] is the fraction of the epoch card g runs point k,
/// Σₖ x ≤ 1 per card (the rest idle), a power cap per card and one for the node. Throughput is
/// work per epoch; carbon is Σ_g I_g·Δt·P_g/3.6e6 gCO₂ with per-card intensities (think of the
/// cards as epochs of different carbon intensity) and an idle floor, so C > 0.
struct TimeSharingInstance {
    var problem: BiObjectiveProblem
    var columns: Int

    /// Small by default (6–20 columns); `size` = (cards, points per card) overrides.
    init(seed: UInt64, capScale: Double = 1, size: (cards: Int, perCard: Int)? = nil) {
        var rng = SplitMix64(seed: seed)
        let c0 = 1 + Int(rng.next() % 3)
        let p0 = max(2, (6 + Int(rng.next() % 15)) / c0)
        let cards = size?.cards ?? c0
        let perCard = size?.perCard ?? p0
        let dt = 900.0, idle = 90.0
        var m = Model(name: "timeshare-\(seed)")
        var throughput = LinearExpression()
        var carbon = LinearExpression()
        var nodePower = LinearExpression()
        var nodeIdle = 0.0
        for _ in 0..<cards {
            let intensity = rng.uniform(100, 600)
            let x = m.addVariables(count: perCard, lower: 0, upper: 1)
            var power = LinearExpression()
            for v in x {
                let t = rng.uniform(10, 100)
                let p = rng.uniform(120, 400)
                throughput.add(v, t * dt)
                power.add(v, p - idle)
            }
            m.addConstraint(LinearExpression.sum(x) <= 1)
            let cap = rng.uniform(200, 400) * capScale
            m.addConstraint(power <= cap - idle)
            carbon.add(power, scale: intensity * dt / 3.6e6)
            carbon += intensity * dt * idle / 3.6e6
            nodePower.add(power)
            nodeIdle += idle
        }
        let nodeCap = (nodeIdle + rng.uniform(0.5, 1.0) * Double(cards) * 250) * capScale
        m.addConstraint(nodePower <= nodeCap - nodeIdle)
        problem = BiObjectiveProblem(model: m, throughput: throughput, carbon: carbon)
        columns = m.columnCount
    }
}

/// |a − b| ≤ tol · scale: for values whose natural scale is the frontier's range (a value near
/// zero at one end is compared against the largest value, not against itself).
func scaledClose(_ a: Double, _ b: Double, _ tol: Double, scale: Double) -> Bool {
    abs(a - b) <= tol * max(abs(scale), 1e-300)
}

func relClose(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
    abs(a - b) <= tol * max(1, abs(a), abs(b))
}
