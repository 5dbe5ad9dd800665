import CoreMetrics
import Prometheus

/// The process's Prometheus registry, installed as the swift-metrics backend the first time it is used.
public enum MetricsSetup {
    /// Lazily bootstraps `MetricsSystem` exactly once, however many applications a test process builds.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (sanitize(name), labels.map { (sanitize($0.0), $0.1) })
        }
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Prometheus names allow `[a-zA-Z0-9_:]`; swift-metrics labels use dots (`http.server.request.duration`).
    static func sanitize(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }
}
