import Hummingbird
import Logging
import Prometheus

/// `receptionist work` serves no API, yet the queue's gauges and the jobs' and notifications' counters are recorded in
/// it: this small listener (`METRICS_PORT`) is where Prometheus scrapes them, with `/health` for a liveness probe.
public func buildMetricsApplication(host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
    let registry = MetricsSetup.registry
    let router = Router()
    router.get("/metrics") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    router.get("/health") { _, _ in "ok" }
    return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "receptionist-work"), logger: logger)
}
