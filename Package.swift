// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "EPOF",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "LinearModel", targets: ["LinearModel"]),
        .library(name: "Solvers", targets: ["Solvers"]),
        .library(name: "Carbon", targets: ["Carbon"]),
        .library(name: "Planner", targets: ["Planner"]),
        .library(name: "Reports", targets: ["Reports"]),
        .executable(name: "epof", targets: ["epof"]),
        .executable(name: "epof-bench", targets: ["epof-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The web service (`epof serve`, Sources/Service): Hummingbird 2, types and routing
        // generated from openapi.yaml, Prometheus metrics, graceful shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Tiny C shims: module maps over the system solver libraries, kept apart from Swift code.
        .systemLibrary(name: "CGLPK", path: "Sources/CShims/CGLPK",
                       providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CClp", path: "Sources/CShims/CClp", pkgConfig: "clp",
                       providers: [.apt(["coinor-libclp-dev"])]),
        .systemLibrary(name: "CCbc", path: "Sources/CShims/CCbc", pkgConfig: "cbc",
                       providers: [.apt(["coinor-libcbc-dev"])]),

        // Runs GLPK calls behind a setjmp/glp_error_hook guard; the longjmp stays inside C.
        .target(name: "GLPKGuard", dependencies: ["CGLPK"], path: "Sources/CShims/GLPKGuard"),

        .systemLibrary(name: "CZlib", path: "Sources/CShims/CZlib", providers: [.apt(["zlib1g-dev"])]),

        // The solver-independent modeling layer: imports no solver (zlib reads .mps.gz files).
        .target(name: "LinearModel", dependencies: ["CZlib"]),

        // Backends.
        .target(name: "GLPKBackend", dependencies: ["LinearModel", "CGLPK", "GLPKGuard"]),
        .target(name: "CoinBackend", dependencies: ["LinearModel", "CClp", "CCbc"]),

        // One facade: pick a backend by name.
        .target(name: "Solvers", dependencies: ["LinearModel", "GLPKBackend", "CoinBackend"]),

        // The simulated accelerator node: hardware physics, workload cost models, the simulator.
        .target(name: "Hardware", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Workloads", dependencies: ["Hardware"]),
        .target(name: "Simulator", dependencies: ["Hardware", "Workloads"]),

        // Carbon intensity: regional table, CSV traces, resampling, forecasters, accounting.
        .target(name: "Carbon"),

        // Charts (SVG, no external renderer) and Jupyter notebooks from plain data: depends on nothing.
        .target(name: "Reports"),

        // The planner: the epoch LP, the exact throughput–carbon frontier, presets, receding horizon, diagnosis.
        .target(name: "Planner", dependencies: ["LinearModel", "Solvers", "Carbon", "Workloads", "Hardware"]),

        // Scenario files, user presets and generated data: the planner's user-facing inputs.
        .target(name: "Scenario", dependencies: [
            "Hardware", "Workloads", "Carbon", "Planner", "Solvers",
            .product(name: "Yams", package: "Yams"),
        ]),

        // The plan executor and the closed loop: Plan → per-card schedules → NodeSimulator, reactive
        // thermal control, receding-horizon planning on the simulator's telemetry.
        .target(name: "Executor", dependencies: [
            "Planner", "Simulator", "Workloads", "Hardware", "Carbon", "Scenario",
        ]),

        // The web service: the HTTP layer only (routing and types generated from openapi.yaml,
        // the solver worker pool, problem documents, metrics). It computes nothing itself: the
        // operations come in as a `ServiceBackend`, which EPOFCommands implements with the same
        // calls the CLI makes.
        .target(name: "Service", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
        ], resources: [.copy("openapi.yaml")],
           plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),

        // Fleet planning: many nodes' epoch LPs coupled by shared limits (site power caps, a carbon
        // budget, movable work), solved by Dantzig–Wolfe column generation; local threads or HTTP workers.
        .target(name: "Fleet", dependencies: ["LinearModel", "Solvers", "Planner", "Workloads", "Scenario", "Carbon"]),

        // The command-line tool: commands in a library (testable in-process), a thin executable.
        .target(name: "EPOFCommands", dependencies: [
            "LinearModel", "Solvers", "Scenario", "Planner", "Workloads", "Hardware", "Carbon", "Executor", "Reports", "Fleet",
            "Service",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "epof", dependencies: ["EPOFCommands"]),

        // Benchmarks are a first-class folder.
        .executableTarget(name: "epof-bench", dependencies: [
            "LinearModel", "GLPKBackend", "CoinBackend", "Solvers", "Simulator", "Planner", "Hardware",
            "Workloads", "Carbon", "Fleet", "Scenario", "Executor", "EPOFCommands", "Service",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
                          path: "bench/epof-bench"),

        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel"]),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "Hardware"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Workloads", "Hardware"]),
        .testTarget(name: "SolverConformanceTests", dependencies: ["LinearModel", "Solvers"]),
        .testTarget(name: "GLPKBackendTests", dependencies: ["LinearModel", "GLPKBackend"]),
        .testTarget(name: "CoinBackendTests", dependencies: ["LinearModel", "CoinBackend"]),
        .testTarget(name: "CarbonTests", dependencies: ["Carbon"]),
        // The structural SVG checker (a small SVG reader and the checks every chart must pass),
        // shared by the chart tests and the CLI tests of the charts `epof` writes.
        .target(name: "ChartTesting", dependencies: ["Reports"], path: "Tests/ChartTesting"),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ChartTesting"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner", "LinearModel", "Solvers", "Carbon", "Workloads", "Hardware"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Planner", "Workloads", "Hardware", "Carbon"]),
        .testTarget(name: "ExecutorTests", dependencies: [
            "Executor", "Planner", "Simulator", "Workloads", "Hardware", "Carbon", "Scenario",
        ]),
        .testTarget(name: "ServeTests", dependencies: [
            "Service", "EPOFCommands", "epof", "Fleet", "Scenario",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "FleetTests", dependencies: ["Fleet", "LinearModel", "Solvers", "Planner", "Scenario"]),
        .testTarget(name: "EPOFCLITests", dependencies: ["EPOFCommands", "LinearModel", "epof", "ChartTesting"]),
    ]
)
