import AsyncHTTPClient
import Crypto
import Domain
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Plays simulated phone calls against a running server, every request signed exactly as Retell signs: the inbound
/// webhook, check_availability, create_booking, find_booking, for some callers modify or cancel, then call_ended and
/// call_analyzed. A request that fails in transport is sent again with the same body until it is answered, so a
/// booking committed just before a crash still gets its (replayed) answer.
public struct LoadTest: Sendable {
    public struct Options: Sendable {
        public var baseURL = "http://127.0.0.1:8080"
        public var adminKey: String
        public var retellKey: String
        public var callers = 32
        public var callsPerCaller = 20
        /// When set, callers keep calling until this many seconds have passed (instead of `callsPerCaller`).
        public var duration: Double?
        public var businesses = 8
        public var modifyPercent = 20
        public var cancelPercent = 10
        /// The server's pid, for its peak resident memory (Linux /proc).
        public var serverPID: Int32?
        /// Writes one line per booking answered ok: `<business id> <confirmation code>`.
        public var recordPath: String?
        /// Writes every answer as `<unix ms> <function> <code> <latency ms> [retried]`, for the fault scripts' timelines.
        public var timelinePath: String?
        /// `calls` (whole calls), `create` (create_booking only) or `check` (check_availability only).
        public var mode = Mode.calls
        /// Existing businesses to call instead of creating load businesses (their first registered number is not needed
        /// in `create` and `check` modes).
        public var businessIDs: [String] = []

        public enum Mode: String, Sendable { case calls, create, check }
        /// Pause between the steps of a call (the agent speaking and listening), randomised ±50 %; 0 fires them back to back.
        public var thinkMilliseconds = 0

        public init(adminKey: String, retellKey: String) {
            self.adminKey = adminKey
            self.retellKey = retellKey
        }
    }

    let options: Options

    public init(options: Options) { self.options = options }

    struct Business: Sendable {
        var id: String
        var phone: String
    }

    /// What the callers gather, shared across their tasks.
    final class Collected: Sendable {
        let samples = Mutex<[LoadReport.Sample]>([])
        let booked = Mutex<[String]>([])
        let calls = Atomic<Int>(0)
    }

    public func run() async throws -> LoadReport {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(8, options.callers)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let report = try await run(http)
            try await http.shutdown()
            return report
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// Creates the load businesses and returns them, for runs driven by another generator.
    public func setUpOnly() async throws -> [PresignedRequests.Business] {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let businesses = try await setUp(http)
            try await http.shutdown()
            return businesses.map { PresignedRequests.Business(id: $0.id, phone: $0.phone) }
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func run(_ http: HTTPClient) async throws -> LoadReport {
        let businesses = options.businessIDs.isEmpty ? try await setUp(http) : options.businessIDs.map { Business(id: $0, phone: "+15550000000") }
        let collected = Collected()
        let started = ContinuousClock.now
        let deadline = options.duration.map { started + .milliseconds(Int($0 * 1000)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0 ..< options.callers {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    var n = 0
                    while deadline.map({ ContinuousClock.now < $0 }) ?? (n < options.callsPerCaller) {
                        let business = businesses[(caller + n) % businesses.count]
                        let result =
                            switch options.mode {
                            case .calls: try await call(http, business, caller: caller, n: n, random: &generator)
                            case .create, .check: try await single(http, business, caller: caller, random: &generator)
                            }
                        collected.samples.withLock { $0 += result.samples }
                        if let code = result.booked { collected.booked.withLock { $0.append("\(business.id) \(code)") } }
                        collected.calls.add(1, ordering: .relaxed)
                        n += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - started
        if let path = options.recordPath {
            try (collected.booked.withLock { $0 }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        if let path = options.timelinePath {
            let lines = collected.samples.withLock { $0 }.sorted { $0.at < $1.at }
                .map { "\($0.at) \($0.function) \($0.code) \(String(format: "%.2f", $0.ms))\($0.retried ? " retried" : "")" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        return LoadReport.build(
            collected.samples.withLock { $0 }, callers: options.callers, businesses: businesses.count,
            calls: collected.calls.load(ordering: .relaxed),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            rss: options.serverPID.flatMap(Self.peakRSS))
    }

    /// Restaurants open 11:00–23:00 every day with room for the load, each with its own number for the inbound webhook.
    func setUp(_ http: HTTPClient) async throws -> [Business] {
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let hours = Dictionary(
            uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
                .map { ($0, [["opens": "11:00", "closes": "23:00"]]) })
        var out: [Business] = []
        for i in 0 ..< options.businesses {
            let body: [String: Any] = [
                "slug": "load-\(run)-\(i)", "name": "Load \(run) \(i)", "kind": "restaurant", "timezone": "America/New_York",
                "transfer_phone": "+12125550100",
                "policy": ["capacity": 80, "max_party_size": 8, "min_notice_minutes": 0, "booking_horizon_days": 90],
                "hours": ["weekly": hours],
            ]
            let (status, created) = try await json(
                http, .POST, "/v1/businesses", body: try JSONSerialization.data(withJSONObject: body), bearer: options.adminKey)
            guard status == 201, let id = (created["business"] as? [String: Any])?["id"] as? String else {
                throw LoadTestError("creating a load business failed (\(status)): is PLATFORM_ADMIN_KEY the server's?")
            }
            let phone = "+1718\(Int.random(in: 2_000_000..<9_999_999))"
            let (routed, _) = try await json(
                http, .PUT, "/v1/businesses/\(id)/retell",
                body: try JSONSerialization.data(withJSONObject: ["agent_ids": [String](), "phone_numbers": [phone]]), bearer: options.adminKey)
            guard routed == 200 else { throw LoadTestError("registering the load business's number failed (\(routed))") }
            out.append(Business(id: id, phone: phone))
        }
        return out
    }

    struct CallResult {
        var samples: [LoadReport.Sample]
        var booked: String?
    }

    /// One realistic call.
    func call(_ http: HTTPClient, _ business: Business, caller: Int, n: Int, random: inout SystemRandomNumberGenerator) async throws -> CallResult {
        let callID = "call_load_\(UUID().uuidString.prefix(12))"
        let from = "+1646\(Int.random(in: 2_000_000..<9_999_999, using: &random))"
        let callObject: [String: Any] = [
            "call_id": callID, "from_number": from, "to_number": business.phone, "call_type": "phone_call",
            "direction": "inbound", "agent_id": "agent_load",
        ]
        var samples: [LoadReport.Sample] = []
        let think = options.thinkMilliseconds
        func signed(_ name: String, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
            if think > 0 { try await Task.sleep(for: .milliseconds(Int.random(in: think / 2 ... think * 3 / 2))) }
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            let (sample, answer) = try await send(http, name, path, data)
            samples.append(sample)
            return answer
        }
        func function(_ name: String, _ args: [String: Any]) async throws -> [String: Any] {
            try await signed(name, "/v1/retell/\(business.id)/functions/\(name)", ["name": name, "args": args, "call": callObject])
        }

        _ = try await signed(
            "inbound", "/v1/retell/inbound",
            [
                "event": "call_inbound",
                "call_inbound": ["from_number": from, "to_number": business.phone, "agent_id": "agent_load"],
            ])
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        let date = clock.today(Date()).adding(days: Int.random(in: 1 ... 60, using: &random)).description
        let minutes = 12 * 60 + 15 * Int.random(in: 0 ..< 40, using: &random)
        let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
        let party = Int.random(in: 2 ... 6, using: &random)
        _ = try await function("check_availability", ["date": date, "time": time, "party_size": party])
        let created = try await function("create_booking", ["date": date, "time": time, "party_size": party, "name": "Load Caller \(caller)"])
        var code = (created["booking"] as? [String: Any])?["confirmation_code"] as? String
        _ = try await function("find_booking", ["phone": from])
        if let booked = code {
            let roll = Int.random(in: 0 ..< 100, using: &random)
            if roll < options.cancelPercent {
                _ = try await function("cancel_booking", ["confirmation_code": booked])
                code = nil
            } else if roll < options.cancelPercent + options.modifyPercent {
                let later = String(format: "%02d:%02d", (minutes + 30) / 60, (minutes + 30) % 60)
                _ = try await function("modify_booking", ["confirmation_code": booked, "time": later])
            }
        }
        let now = Int(Date().timeIntervalSince1970 * 1000)
        var ended = callObject
        ended.merge([
            "call_status": "ended", "start_timestamp": now - 90_000, "end_timestamp": now, "duration_ms": 90_000,
            "disconnection_reason": "user_hangup", "transcript": "Agent: Hello.\nUser: A table, please.",
        ]) { _, new in new }
        _ = try await signed("call_ended", "/v1/retell/\(business.id)/webhooks", ["event": "call_ended", "call": ended])
        var analyzed = ended
        analyzed["call_analysis"] = ["call_summary": "The caller booked a table.", "user_sentiment": "Positive", "call_successful": true]
        _ = try await signed("call_analyzed", "/v1/retell/\(business.id)/webhooks", ["event": "call_analyzed", "call": analyzed])
        return CallResult(
            samples: samples, booked: created["ok"] as? Bool == true ? (created["booking"] as? [String: Any])?["confirmation_code"] as? String : nil)
    }

    /// One create_booking or check_availability, for measuring a single function's throughput and latency.
    func single(_ http: HTTPClient, _ business: Business, caller: Int, random: inout SystemRandomNumberGenerator) async throws -> CallResult {
        let name = options.mode == .create ? "create_booking" : "check_availability"
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        let date = clock.today(Date()).adding(days: Int.random(in: 1 ... 60, using: &random)).description
        let minutes = 12 * 60 + 15 * Int.random(in: 0 ..< 40, using: &random)
        var args: [String: Any] = [
            "date": date, "time": String(format: "%02d:%02d", minutes / 60, minutes % 60), "party_size": Int.random(in: 2 ... 6, using: &random),
        ]
        if options.mode == .create { args["name"] = "Load Caller \(caller)" }
        let call: [String: Any] = ["call_id": "call_load_\(UUID().uuidString.prefix(12))", "from_number": "+16465550100", "call_type": "phone_call"]
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "args": args, "call": call], options: [.sortedKeys])
        let (sample, answer) = try await send(http, name, "/v1/retell/\(business.id)/functions/\(name)", body)
        let code = answer["ok"] as? Bool == true ? (answer["booking"] as? [String: Any])?["confirmation_code"] as? String : nil
        return CallResult(samples: [sample], booked: code)
    }

    /// One signed request, sent again (same body, fresh signature) after a transport failure or a 5xx, for up to 30 s.
    func send(_ http: HTTPClient, _ name: String, _ path: String, _ body: Data) async throws -> (LoadReport.Sample, [String: Any]) {
        let start = ContinuousClock.now
        let giveUp = start + .seconds(30)
        var lastCode = "TRANSPORT"
        var attempts = 0
        while true {
            attempts += 1
            let attemptStart = ContinuousClock.now
            do {
                var request = HTTPClientRequest(url: options.baseURL + path)
                request.method = .POST
                let ms = Int64(Date().timeIntervalSince1970 * 1000)
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(
                    name: "x-retell-signature", value: RetellSignature.sign(body: Array(body), key: options.retellKey, timestampMilliseconds: ms))
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await http.execute(request, timeout: .seconds(10))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                let answer = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
                let latency = Self.ms(ContinuousClock.now - attemptStart)
                if response.status.code >= 500 && ContinuousClock.now < giveUp {
                    lastCode = "HTTP_\(response.status.code)"
                    try await Task.sleep(for: .milliseconds(200))
                    continue
                }
                let code: String =
                    if response.status.code >= 400 { "HTTP_\(response.status.code)" } else if let ok = answer["ok"] as? Bool, !ok {
                        (answer["error"] as? String) ?? "NOT_OK"
                    } else { "ok" }
                return (LoadReport.Sample(function: name, ms: latency, code: code, retried: attempts > 1), answer)
            } catch {
                guard ContinuousClock.now < giveUp else {
                    return (LoadReport.Sample(function: name, ms: Self.ms(ContinuousClock.now - start), code: lastCode, retried: true), [:])
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func json(_ http: HTTPClient, _ method: HTTPMethod, _ path: String, body: Data, bearer: String) async throws -> (UInt, [String: Any]) {
        var request = HTTPClientRequest(url: options.baseURL + path)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(bearer)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:])
    }

    static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    /// VmHWM of a process: the most memory it has held resident.
    static func peakRSS(_ pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kb / 1024
    }
}

struct LoadTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
