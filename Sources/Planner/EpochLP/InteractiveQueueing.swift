import Foundation

/// Queueing-aware sizing of interactive capacity (issue 10, item 4).
///
/// **Model.** Interactive requests arrive as a Poisson stream at λ requests/s. The executor
/// gives them preemptive priority on every card whose plan serves interactive work, so while
/// requests wait they see the whole card at its interactive point, not only the time the plan
/// reserved; the node's cards at one point are treated as one pooled server with service rate
/// μ = cards × the point's throughput and deterministic service (a batch pipeline serves at a
/// steady rate): an M/D/1 queue. A request's latency is its wait plus the point's batch latency
/// L, so it meets the SLO when its wait is at most SLO − L.
///
/// **Tail.** For M/G/1 the waiting time has an exponential tail P(W > t) ≈ ρ·e^{−θt}, θ the
/// positive root of λ(E[e^{θS}] − 1) = θ (the Cramér–Lundberg exponent); for deterministic
/// service S = 1/μ that is e^{θ/μ} = 1 + θ/λ. The factor ρ = λ/μ is the probability of waiting
/// at all (exact for M/M/1, where θ = μ − λ). Pooling c servers into one of c times the speed
/// gives the same exponent and a larger waiting probability than M/D/c (Erlang's C ≤ ρ), so the
/// check is conservative for several cards.
///
/// **Use.** The epoch LP offers a point to interactive work in epoch t only when
/// P(W > SLO − L) ≤ 1 − percentile at the epoch's expected rate; the time it then reserves is
/// the expected work (utilisation 1) because spare capacity is the point's speed, which the
/// other classes use when interactive requests do not. Checked against the simulator's
/// measured attainment across rates and points in the tests (QueueingModelTests).
public enum InteractiveQueueing {
    /// P(wait > `wait`) for Poisson arrivals at `arrivalRate` and deterministic service at
    /// `serviceRate` (requests/s): ρ·e^{−θ·wait}, 1 when ρ ≥ 1 or `wait` < 0, 0 when λ = 0.
    public static func waitTail(arrivalRate λ: Double, serviceRate μ: Double, wait t: Double) -> Double {
        guard λ > 0 else { return 0 }
        guard μ > 0, μ.isFinite, t >= 0 else { return 1 }
        let rho = λ / μ
        guard rho < 1 else { return 1 }
        return min(1, rho * exp(-decayRate(arrivalRate: λ, serviceRate: μ) * t))
    }

    /// θ > 0 with e^{θ/μ} = 1 + θ/λ (ρ = λ/μ < 1), by Newton's method on the convex function
    /// g(θ) = e^{θ/μ} − 1 − θ/λ from an upper starting point (g is convex with g(0) = 0 and
    /// g'(0) = 1/μ − 1/λ < 0, so Newton from the right converges monotonically).
    public static func decayRate(arrivalRate λ: Double, serviceRate μ: Double) -> Double {
        // Work in u = θ/μ: e^u = 1 + u/ρ. Start above the root: u₀ = 2·ln(1/ρ) + 2/ρ bounds it.
        let rho = λ / μ
        var u = max(1e-9, 2 * log(1 / rho) + 2)
        for _ in 0..<100 {
            let g = exp(u) - 1 - u / rho
            let dg = exp(u) - 1 / rho
            guard dg > 0 else { break }
            let next = u - g / dg
            if abs(next - u) <= 1e-12 * max(1, u) { u = next; break }
            u = next
        }
        return max(0, u) * μ
    }

    /// Whether `serviceRate` (pooled, requests/s) keeps P(wait > slo − latency) ≤ 1 − percentile
    /// at `arrivalRate`. A percentile of 0 only asks for a stable queue (ρ < 1) — or nothing
    /// when no request arrives.
    public static func meets(arrivalRate λ: Double, serviceRate μ: Double, latency: Double, slo: Double,
                             percentile: Double) -> Bool {
        guard λ > 0 else { return true }
        guard percentile > 0 else { return μ > λ }
        return waitTail(arrivalRate: λ, serviceRate: μ, wait: slo - latency) <= 1 - percentile + 1e-12
    }

    /// The least pooled service rate (requests/s) that ``meets(arrivalRate:serviceRate:latency:slo:percentile:)``,
    /// by bisection to 1e-9 relative; `.infinity` when the point's latency alone exceeds the SLO
    /// and requests arrive.
    public static func requiredServiceRate(arrivalRate λ: Double, latency: Double, slo: Double, percentile: Double) -> Double {
        guard λ > 0 else { return 0 }
        guard latency <= slo else { return .infinity }
        var lo = λ, hi = 2 * λ + 1
        while !meets(arrivalRate: λ, serviceRate: hi, latency: latency, slo: slo, percentile: percentile) {
            hi *= 2
            if hi > λ * 1e12 { return .infinity }
        }
        for _ in 0..<200 where hi - lo > 1e-9 * hi {
            let mid = 0.5 * (lo + hi)
            if meets(arrivalRate: λ, serviceRate: mid, latency: latency, slo: slo, percentile: percentile) { hi = mid } else { lo = mid }
        }
        return hi
    }
}
