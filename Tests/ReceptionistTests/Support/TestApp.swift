import App
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Storage

/// Builds the real application (through `buildApplication`) on a fresh database and hands a client to the test.
enum TestApp {
    static func config(databaseURL: String, extra: [String: String] = [:]) throws -> AppConfig {
        var env = [
            "DATABASE_URL": databaseURL,
            "PLATFORM_ADMIN_KEY": TestEnvironment.platformAdminKey,
            "ENCRYPTION_KEY": TestEnvironment.encryptionKey,
            "MIGRATIONS_DIR": TestEnvironment.migrationsDirectory.path,
            "DB_POOL_MAX": "8",
            "RETELL_API_KEYS": "key_rotated_out, \(TestEnvironment.retellKey)",
            // Tests of what is answered get generous time on a loaded 2-core run; the outage tests restore the
            // production budgets they are about.
            "FUNCTION_TIMEOUT_MS": "10000",
            // Fifty callers racing for one business's lock on a loaded run can queue for more than production's 5 s.
            "DB_OPERATION_TIMEOUT_MS": String(TestEnvironment.databaseTimeout.components.seconds * 1000),
            "INBOUND_TIMEOUT_MS": "5000",
            // HTTP tests run no worker pool; the worker tests build their own through TestPools.
            "WORKERS": "off",
            // Tests change hours and then call at once; the cache has its own test.
            "RULES_CACHE_MS": "0",
            // Tests fire requests back to back; the limits have their own test.
            "RATE_LIMIT_KEY": "100000/100000", "RATE_LIMIT_ADDRESS": "100000/100000", "RATE_LIMIT_RETELL": "100000/100000",
        ]
        env.merge(extra) { _, new in new }
        return try AppConfig.load(environment: env)
    }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// For tests that prove correctness under contention: no deadline an answer could miss on a slow machine, so the
    /// test fails only when the answers are wrong (the deadlines have tests of their own).
    static let noDeadlines: @Sendable (inout AppConfig) -> Void = {
        $0.functionTimeout = .seconds(600)
        $0.databaseTimeout = .seconds(600)
    }

    /// `live`: a real server on a free port (`api.client.port`), for tests that need client addresses or sockets.
    static func run(
        extra: [String: String] = [:], live: Bool = false, logger: Logger = TestApp.logger,
        adjust: @Sendable (inout AppConfig) -> Void = { _ in },
        _ body: @Sendable (API, AppServices) async throws -> Void
    ) async throws {
        let db = try await TestDatabase.shared.create()
        do {
            var config = try config(databaseURL: db.url, extra: live ? extra.merging(["PORT": "0"]) { a, _ in a } : extra)
            adjust(&config)
            let (app, services) = try buildApplication(config, logger: logger)
            try await app.test(live ? .live : .router) { client in try await body(API(client: client, contract: services.contract), services) }
        } catch {
            await TestDatabase.shared.drop(db.name)
            throw error
        }
        await TestDatabase.shared.drop(db.name)
    }
}

/// A response as tests look at it.
struct APIResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: JSON
    let text: String
}

/// Small JSON client over the test client; `key` goes into `Authorization: Bearer`.
struct API: Sendable {
    let client: any TestClientProtocol
    /// When set, every answer is checked against the documented schema of its route and status (see `ResponseConformance`).
    var contract: APIContract?
    static let admin = TestEnvironment.platformAdminKey

    init(client: any TestClientProtocol, contract: APIContract? = nil) {
        self.client = client
        self.contract = contract
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, key: String? = nil, json: Any? = nil, raw: String? = nil,
        contentType: String? = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let raw {
            body = ByteBuffer(string: raw)
        }
        if body != nil, let contentType { headers[.contentType] = contentType }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        let data = Data(response.body.readableBytesView)
        if let contract {
            ResponseConformance.check(contract, method: method, path: path, status: response.status, headers: response.headers, body: data)
        }
        return APIResponse(status: response.status, headers: response.headers, body: JSON(data: data), text: String(decoding: data, as: UTF8.self))
    }

    /// Creates a business as the platform and returns (id, its first key).
    func createBusiness(slug: String, extra: [String: Any] = [:]) async throws -> (id: String, key: String) {
        var body: [String: Any] = ["slug": slug, "name": "Test \(slug)", "kind": "restaurant", "timezone": "America/New_York"]
        body.merge(extra) { _, new in new }
        let response = try await call(.post, "/v1/businesses", key: Self.admin, json: body)
        guard response.status == .created, let id = response.body["business"]["id"].string,
            let key = response.body["api_key"]["secret"].string
        else {
            throw TestFailure("create business failed: \(response.status) \(response.text)")
        }
        return (id, key)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
