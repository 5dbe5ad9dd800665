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
        self.inUse = registry.makeGauge(descriptor: .init(metricName: "db_pool_in_use", unitName: "connections", helpText: "Database connections leased by this process"))
        self.maximum = registry.makeGauge(descriptor: .init(metricName: "db_pool_max", unitName: "connections", helpText: "Largest number of pooled database connections"))
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            inUse.set(Double(database.connectionsInUse))
            maximum.set(Double(database.maxConnections))
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
