import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The service's metrics, through swift-metrics into one Prometheus registry per server.
///
/// A registry per server (rather than `MetricsSystem.bootstrap`, which is once per process)
/// keeps test servers apart. Thread-safe: swift-metrics handles and the registry are Sendable.
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` prints.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: CoreMetrics.Gauge
    private let queueDepth: CoreMetrics.Gauge

    /// A fresh registry with the service's metrics.
    public init() {
        registry = PrometheusCollectorRegistry()
        var f = PrometheusMetricsFactory(registry: registry)
        // Latency buckets from 1 ms to 10 s: a plan takes tens of milliseconds, a whatif seconds.
        f.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory = f
        inFlight = CoreMetrics.Gauge(label: "epof_solves_in_flight", factory: f)
        queueDepth = CoreMetrics.Gauge(label: "epof_queue_depth", factory: f)
        inFlight.record(0)
        queueDepth.record(0)
    }

    /// Counts one answered request and its latency.
    public func request(route: String, method: String, status: Int, duration: Duration) {
        CoreMetrics.Counter(label: "epof_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
                factory: factory).increment()
        Metrics.Timer(label: "epof_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a request refused before reaching a solver (`reason`: queue_full, expired, draining, too_large).
    public func rejected(_ reason: String) {
        CoreMetrics.Counter(label: "epof_rejected_requests_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// Adds simplex iterations spent on a route.
    public func iterations(_ n: Int, route: String) {
        guard n > 0 else { return }
        CoreMetrics.Counter(label: "epof_solver_iterations_total", dimensions: [("route", route)], factory: factory).increment(by: n)
    }

    /// Records the pool's load.
    public func load(_ load: WorkerPool.Load) {
        inFlight.record(load.running)
        queueDepth.record(load.queued)
    }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (s, a) = components
        return s >= Int64.max / 1_000_000_000 ? .max : s * 1_000_000_000 + a / 1_000_000_000
    }
}
