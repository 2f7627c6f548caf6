import ArgumentParser
import Fleet
import Foundation
import LinearModel
import Scenario
import Solvers
#if canImport(Glibc)
import Glibc
#endif

/// `epof-bench fleet`: one fleet planning configuration per run (bench/fleet_bench.sh runs each
/// in a fresh process, so the peak RSS is that configuration's).
///
/// The fleet: `--nodes` nodes drawn round-robin from 24 distinct node LPs (three example
/// scenarios × two carbon regions × four initial temperatures), `--horizon` 1-hour epochs,
/// sites of 8 nodes. Limits that bind: each site's cap per epoch is its nodes' minimum-carbon
/// power plus 1 % of the way to their maximum-throughput power, the carbon budget 0.8 % above
/// the nodes' summed minimum carbon, and a movable SDXL pool.
struct FleetBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Time fleet planning: Dantzig–Wolfe (threads) vs the monolithic LP (CLP, GLPK); export the monolithic LP as MPS.",
        discussion: """
        Prints `fleet-METHOD build_s=… solve_s=… total_s=… objective=… nodes=… threads=… rounds=… \
        gap=… columns=… rows=… maxrss_mb=…`. METHOD dw includes its normalisation round (two \
        LPs per node: T̂, Ĉ); the monolithic methods start from the same T̂, Ĉ, computed before \
        their clock starts.
        """
    )

    @Option(help: "Nodes in the fleet.")
    var nodes: Int = 8

    @Option(help: "Epochs (1 h each).")
    var horizon: Int = 24

    @Option(help: "dw (decomposition), mono (the monolithic LP), mps (write the monolithic LP, no solve) or extremes (print each distinct node LP's T̂, Ĉ).")
    var method: String = "dw"

    @Option(help: "Backend: clp or glpk.")
    var backend: String = "clp"

    var solver: SolverChoice { SolverChoice(rawValue: backend) ?? .clp }

    @Option(help: "Threads solving node LPs (dw).")
    var threads: Int = 1

    @Option(help: "Relative duality gap that stops the decomposition.")
    var gap: Double = 1e-8

    @Option(help: "Wentges smoothing weight of the decomposition (0: plain column generation).")
    var smoothing: Double = 0.5

    @Option(help: "Site caps: minimum-carbon power plus this share of the way to maximum-throughput power.")
    var siteShare: Double = 0.01

    @Option(help: "Where --method mps writes the model (free MPS).")
    var output: String?

    func fleetText(root: String) -> String {
        let variants: [(String, String)] = [("sdxl-ecommerce-sichuan.yaml", "sichuan"), ("sdxl-ecommerce-sichuan.yaml", "beijing"),
                                            ("h100-sdxl-ecommerce.yaml", "beijing"), ("h100-sdxl-ecommerce.yaml", "sichuan"),
                                            ("mixed-day-germany.yaml", "beijing"), ("mixed-day-germany.yaml", "sichuan")]
        let temps = [40, 45, 50, 55]
        var s = "name: bench-\(nodes)\nepoch: 1h\nhorizon: \(horizon)\nstart: 2023-06-01T00:00:00+08:00\nnodes:\n"
        for n in 0..<nodes {
            let v = variants[n % variants.count], t = temps[(n / variants.count) % temps.count]
            s += "  - name: n\(n)\n    scenario: \(root)/Problems/\(v.0)\n    carbon: {region: \(v.1)}\n"
            s += "    set: {initialTemperature: \(t)\(v.0.hasPrefix("mixed") ? "" : ", arrivals.elastic.rate: 0.05")}\n"
        }
        s += "movable:\n  - name: catalogue\n    model: sdxl\n    amount: \(60 * nodes)\n    origin: n0\n    transferLatency: 1h\n"
        return s
    }

    func run() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("epof-bench-fleet-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fleet.yaml").path
        try fleetText(root: root).write(toFile: path, atomically: true, encoding: .utf8)
        let build = Stopwatch()
        var problem: FleetProblem
        let file: FleetFile
        do { file = try FleetFile.load(contentsOf: path) } catch { throw BenchError("\(error)") }
        let loadSeconds = build.seconds
        do { problem = try FleetBuilder.problem(file, threads: threads) } catch { throw BenchError("\(error)") }
        // Limits from the nodes' extremes (distinct LPs solved once: replicas share their LP).
        var extremes: [Int: (SubproblemResponse, SubproblemResponse)] = [:]
        let shelf = SubproblemSolver()
        var tMax: [Double] = [], cMin: [Double] = []
        for (k, node) in problem.nodes.enumerated() {
            // 24 distinct LPs, and node 0 (the movable pool's origin: no transfer latency) apart.
            let key = k == 0 ? -1 : k % 24
            if extremes[key] == nil {
                let hi = try shelf.solve(SubproblemRequest(node: k, lp: node.lp, prices: .init(throughputWeight: 1, carbonWeight: 0, power: [], movable: 0), solver: solver))
                let lo = try shelf.solve(SubproblemRequest(node: k, lp: node.lp, prices: .init(throughputWeight: 0, carbonWeight: 1, power: [], movable: 0), solver: solver))
                extremes[key] = (hi, lo)
            }
            tMax.append(extremes[key]!.0.throughput)
            cMin.append(extremes[key]!.1.carbon)
        }
        let perSite = 8
        let siteCount = (problem.nodes.count + perSite - 1) / perSite
        problem.sites = (0..<siteCount).map { s in
            let members = Array(s * perSite..<min(problem.nodes.count, (s + 1) * perSite))
            let cap = (0..<horizon).map { t in
                members.reduce(0.0) { acc, n in
                    let (hi, lo) = extremes[n == 0 ? -1 : n % 24]!
                    return acc + lo.power[t] + siteShare * (hi.power[t] - lo.power[t])
                }
            }
            return FleetProblem.Site(name: "s\(s)", cap: cap)
        }
        for n in problem.nodes.indices { problem.nodes[n].site = n / perSite }
        problem.carbonBudget = 1.008 * cMin.reduce(0, +)
        let buildSeconds = build.seconds
        if method == "extremes" {
            // The normalisation, per distinct node LP: where backends differ, their fleet optima differ.
            for key in extremes.keys.sorted() {
                let (hi, lo) = extremes[key]!
                print("extremes lp=\(key) max_throughput=\(String(format: "%.12g", hi.throughput)) min_carbon=\(String(format: "%.12g", lo.carbon))")
            }
            return
        }
        let rss = { () -> Double in
            var u = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &u)
            return Double(u.ru_maxrss) / 1024
        }
        switch method {
        case "dw":
            let watch = Stopwatch()
            let plan: FleetPlan
            let transport = InProcessTransport(threads: threads)
            do { plan = try FleetPlanner(options: .init(solver: solver, gapTolerance: gap, smoothing: smoothing), transport: transport).plan(problem) } catch {
                throw BenchError("\(error)")
            }
            let s = watch.seconds
            let binding = plan.sitePrices.flatMap { $0 }.filter { $0.value > 1e-12 }.count
            print("fleet-dw-\(solver.rawValue) load_s=\(f(loadSeconds)) build_s=\(f(buildSeconds)) solve_s=\(f(s)) total_s=\(f(buildSeconds + s)) objective=\(String(format: "%.12g", plan.objective)) nodes=\(nodes) horizon=\(horizon) threads=\(threads) rounds=\(plan.rounds) node_lps=\(plan.subproblemSolves) gap=\(String(format: "%.2e", plan.gap)) pricing_s=\(f(plan.pricingSeconds)) master_s=\(f(plan.masterSeconds)) binding_site_rows=\(binding) carbon_price=\(String(format: "%.4g", plan.carbonPrice?.value ?? 0)) thread_cpu_s=\(transport.threadCPUSeconds.map(f).joined(separator: "/")) maxrss_mb=\(f(rss()))")
        case "mono", "mps":
            let watch = Stopwatch()
            let lp = MonolithicFleetLP(problem, maximumThroughput: tMax, minimumCarbon: cMin)
            let modelSeconds = watch.seconds
            if method == "mps" {
                guard let output else { throw BenchError("--method mps needs --output FILE") }
                do { try MPS.write(lp.model, format: .free).write(toFile: output, atomically: true, encoding: .utf8) } catch {
                    throw BenchError("\(error)")
                }
                print("fleet-mps nodes=\(nodes) horizon=\(horizon) columns=\(lp.model.columnCount) rows=\(lp.model.rowCount) nonzeros=\(lp.model.nonzeroCount) objective_constant=\(String(format: "%.17g", lp.model.objectiveConstant)) file=\(output)")
                return
            }
            let solve = Stopwatch()
            let s = try SolverFactory.make(solver).solve(lp.model)
            let solveSeconds = solve.seconds
            guard s.termination.reason == .optimal, let obj = s.objectiveValue else { throw BenchError("monolithic: \(s.termination)") }
            print("fleet-mono-\(solver.rawValue) build_s=\(f(buildSeconds + modelSeconds)) solve_s=\(f(solveSeconds + modelSeconds)) total_s=\(f(buildSeconds + modelSeconds + solveSeconds)) objective=\(String(format: "%.12g", obj)) nodes=\(nodes) horizon=\(horizon) threads=1 columns=\(lp.model.columnCount) rows=\(lp.model.rowCount) iterations=\(s.iterations) maxrss_mb=\(f(rss()))")
        default:
            throw BenchError("--method must be dw, mono or mps")
        }
    }

    func f(_ x: Double) -> String { String(format: "%.3f", x) }
}
