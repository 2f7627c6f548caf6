import Hardware
import Planner
import Workloads

/// Shared fixtures of the planner tests: real catalogs (cached) and seeded random requests.
enum PlanningFixtures {
    static let llama7B = Workload.language(.llama2_7B, LLMRequestShape(promptTokens: 512, outputTokens: 128))
    static let sdxl = Workload.diffusion(.sdxl, ImageRequestShape(steps: 30, width: 1024, height: 1024, guidance: true))

    static func node(_ device: DeviceSpec = DevicePresets.ascend910B, cards: Int) -> NodeSpec {
        NodeSpec(device: device, cards: cards, host: .typical)
    }

    /// Llama-2-7B on the 910B, one-card placement, the default grid (144 points).
    static func llamaCatalog() throws -> OperatingPointCatalog {
        try OperatingPointCatalog.cached(node: node(cards: 8), workload: llama7B, placements: [.card])
    }

    /// A small catalog (a few batch sizes and levels) for brute-force comparisons.
    static func smallCatalog() throws -> OperatingPointCatalog {
        try OperatingPointCatalog.cached(node: node(cards: 2), workload: llama7B, batchSizes: [1, 8, 32],
                                         frequencyLevels: [0, 3, 5], placements: [.card])
    }

    static func sdxlCatalog() throws -> OperatingPointCatalog {
        try OperatingPointCatalog.cached(node: node(cards: 2), workload: sdxl, batchSizes: [1, 2, 4], placements: [.card])
    }

    /// A feasible request: moderate interactive demand, some deferrable work, elastic work
    /// available, a diurnal-ish intensity.
    static func request(catalog given: OperatingPointCatalog? = nil, cards: Int = 2, horizon: Int = 3,
                        seed: UInt64 = 1, preset: SLAPreset = .research, elastic: Double = .infinity,
                        interactiveScale: Double = 1) throws -> PlanningRequest {
        let catalog = try given ?? smallCatalog()
        var rng = SplitMix64(seed: seed)
        let dt = 900.0
        // Interactive demand relative to what the slowest SLO-feasible point could serve.
        let slow = catalog.points.filter { $0.latency <= preset.latencySLO && $0.accuracyLoss <= preset.accuracyLossCeiling }
            .map(\.throughput).min() ?? 1
        let carbon = (0..<horizon).map { _ in rng.uniform(150, 600) }
        let inter = (0..<horizon).map { _ in interactiveScale * rng.uniform(0.05, 0.4) * slow * dt * Double(cards) }
        let deferrable = (0..<horizon).map { _ in rng.uniform(0, 0.3) * slow * dt * Double(cards) }
        let temps = (0..<cards).map { _ in rng.uniform(40, 60).rounded() }
        // The LP-core fixtures keep the caps as epoch averages and no latency-percentile filter:
        // their tests check rows, duals and monotonicity of the LP itself; the point filters
        // (cap window, queueing) have their own tests (PointFilterTests), and they make the
        // feasible set a step function of the cap and the rates.
        var preset = preset
        preset.powerCapWindow = 0
        preset.latencyPercentile = 0
        return PlanningRequest(catalog: catalog, cards: cards, epochStart: 1_700_000_000, epochLength: dt, horizon: horizon,
                               carbonForecast: carbon,
                               arrivals: [.interactive: inter, .deferrable: deferrable,
                                          .elastic: [Double](repeating: elastic, count: horizon)],
                               deferrableBacklog: rng.uniform(0, 0.5) * slow * dt, deferrableDeadline: 1 + Int(rng.next() % UInt64(horizon)),
                               temperatures: temps, preset: preset)
    }
}
