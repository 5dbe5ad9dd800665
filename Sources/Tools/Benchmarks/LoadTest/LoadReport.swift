import Foundation

/// What a load run measured: per function latency percentiles, throughput, and every non-ok answer by code.
public struct LoadReport: Sendable, Codable {
    public struct Function: Sendable, Codable {
        public var name: String
        public var count: Int
        public var p50Ms: Double
        public var p95Ms: Double
        public var p99Ms: Double
        public var maxMs: Double
        public var perSecond: Double
        /// Answers other than ok, by their code (SLOT_TAKEN, SYSTEM_DOWN, HTTP_503, TRANSPORT, …).
        public var codes: [String: Int]
        /// The slowest answer of each non-ok code (how long a SYSTEM_DOWN took to come back, for one).
        public var codeMaxMs: [String: Double]
    }

    public var callers: Int
    public var businesses: Int
    public var calls: Int
    public var seconds: Double
    public var functions: [Function]
    /// Peak resident memory of the server process, when its pid was given.
    public var serverPeakRSSMB: Double?

    /// The report as an aligned text table.
    public var table: String {
        var lines = [String(format: "%d callers, %d businesses, %d calls in %.1f s", callers, businesses, calls, seconds)]
        lines.append("function              count    p50 ms   p95 ms   p99 ms   max ms    req/s  non-ok answers")
        for f in functions {
            let codes = f.codes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append(
                String(
                    format: "%@ %6d %9.2f %8.2f %8.2f %8.2f %8.1f  %@", f.name.padding(toLength: 20, withPad: " ", startingAt: 0),
                    f.count, f.p50Ms, f.p95Ms, f.p99Ms, f.maxMs, f.perSecond, codes.isEmpty ? "-" : codes))
        }
        if let rss = serverPeakRSSMB { lines.append(String(format: "server peak resident memory: %.1f MB", rss)) }
        return lines.joined(separator: "\n")
    }

    struct Sample: Sendable {
        var function: String
        var ms: Double
        var code: String
        /// When the answer arrived (Unix milliseconds), for timelines.
        var at: Int64 = Int64(Date().timeIntervalSince1970 * 1000)
        /// Sent more than once (the first attempts failed in transport or with a 5xx).
        var retried = false
    }

    static func build(_ samples: [Sample], callers: Int, businesses: Int, calls: Int, seconds: Double, rss: Double?) -> LoadReport {
        let order = [
            "inbound", "check_availability", "create_booking", "find_booking", "modify_booking", "cancel_booking", "call_ended", "call_analyzed",
        ]
        let grouped = Dictionary(grouping: samples, by: \.function)
        let functions = grouped.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }.map { name -> Function in
            let list = grouped[name] ?? []
            let sorted = list.map(\.ms).sorted()
            func at(_ q: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))]
            }
            var codes: [String: Int] = [:]
            var slowest: [String: Double] = [:]
            for s in list where s.code != "ok" {
                codes[s.code, default: 0] += 1
                slowest[s.code] = max(slowest[s.code] ?? 0, s.ms)
            }
            return Function(
                name: name, count: list.count, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: sorted.last ?? 0,
                perSecond: Double(list.count) / max(seconds, 0.001), codes: codes, codeMaxMs: slowest)
        }
        return LoadReport(callers: callers, businesses: businesses, calls: calls, seconds: seconds, functions: functions, serverPeakRSSMB: rss)
    }
}
