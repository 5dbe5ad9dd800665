import HTTPCore
import Hummingbird
import Prometheus
import Storage

/// `GET /metrics` in Prometheus text format, with the pool figures read at scrape time.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry
    let database: Database
    let inUse: Gauge
    let maximum: Gauge

    init(registry: PrometheusCollectorRegistry, database: Database) {
        self.registry = registry
        self.database = database
        self.inUse = registry.makeGauge(
            descriptor: .init(metricName: "db_pool_in_use", unitName: "connections", helpText: "Database connections leased by this process"))
        self.maximum = registry.makeGauge(
            descriptor: .init(metricName: "db_pool_max", unitName: "connections", helpText: "Largest number of pooled database connections"))
    }

    static let operation = APIOperation(
        .get, "/metrics", id: "getMetrics", tag: "Operations", access: .open,
        summary: "Prometheus metrics (requests, latencies, pool, queue depth, notifications)."
    )
    .answer(200, "Prometheus text format.", .string(), contentType: "text/plain")

    func addRoutes(to routes: RouteTable) {
        routes.add(Self.operation) { _, _ -> Response in
            inUse.set(Double(database.connectionsInUse))
            maximum.set(Double(database.maxConnections))
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
