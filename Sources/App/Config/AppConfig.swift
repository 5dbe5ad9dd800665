import Accounts
import CalendarSync
import Configuration
import Crypto
import Domain
import Foundation
import HTTPCore
import Logging
import PostgresNIO
import Storage

/// Everything the process reads from its environment, validated up front: a bad value stops start-up, naming the variable.
public struct AppConfig: Sendable {
    public enum Mode: String, Sendable { case development, production }
    public enum LogFormat: String, Sendable { case json, text }

    /// The database the private development cluster listens on (see scripts/pg.sh).
    public static let developmentDatabaseURL = "postgres://postgres@127.0.0.1:54320/receptionist"

    public var mode: Mode
    public var databaseURL: String
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var platformAdminKey: String
    public var dbPoolMax: Int
    public var encryptionKey: SymmetricKey
    public var previousEncryptionKeys: [SymmetricKey]
    /// Customers' personal data is sealed under keys derived from `ENCRYPTION_KEY` (the previous keys still open).
    /// A key for one purpose, derived from `ENCRYPTION_KEY` (HKDF), so one secret serves several uses without reuse.
    public func derivedKey(_ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: encryptionKey, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// The console's accounts, with the throttle's key derived from `ENCRYPTION_KEY` (every process derives the same).
    public func makeAccountService(database: Database) -> AccountService {
        AccountService(database: database, throttleKey: derivedKey("console log-in throttle"))
    }

    public var personalDataVault: PersonalDataVault { PersonalDataVault(current: encryptionKey, previous: previousEncryptionKeys) }
    public var dataDirectory: String
    public var migrationsDirectory: URL
    /// Retell API keys whose signatures are accepted (several during a rotation).
    public var retellAPIKeys: [String]
    /// Where Retell reaches this server, for the tool URLs handed to the agent.
    public var publicBaseURL: String
    /// The platform's Retell workspace key for provisioning agents (`RETELL_API_KEY`, one of `RETELL_API_KEYS`), and
    /// Retell's API address (`RETELL_API_URL`); nil when provisioning is not configured (agents registered by hand).
    public var retellProvisioning: (apiKey: String, baseURL: String)?
    /// How long a function call may take before it answers SYSTEM_DOWN (the caller must hear something within 2 s).
    public var functionTimeout: Duration
    /// How long the inbound-call webhook looks things up before answering from its cache (it must answer within 300 ms).
    public var inboundTimeout: Duration
    /// How long one database operation (waiting for a connection and for the business's lock included) may take
    /// before it fails as unavailable.
    public var databaseTimeout: Duration = .seconds(5)
    /// The outbox worker pool and the SMS / email providers it sends through.
    public var workers: WorkerSettings
    /// Token-bucket limits per API key, per client address, and for Retell's routes per business.
    public var rateLimits: RateLimitMiddleware.Limits
    /// A connection straight to PostgreSQL, not through PgBouncer (`DATABASE_DIRECT_URL`): `migrate` uses it (DDL and its
    /// lock on one server session). Nil: `DATABASE_URL` is direct already.
    public var directDatabaseURL: String?
    /// `work`'s `/metrics` listener (`METRICS_PORT`); nil: none (its figures would be recorded but never scraped).
    public var metricsPort: Int?
    /// The load balancers whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`); none by default.
    public var trustedProxies: TrustedProxies = .none
    /// Browser origins allowed to call the API (CORS); empty allows none.
    public var corsOrigins: [String]
    /// How long function calls reuse a business's loaded rules (0 turns the cache off).
    public var rulesCacheTTL: Duration
    /// Google Calendar's OAuth client; nil when not configured.
    public var google: GoogleConfiguration?

    /// Reads the settings through swift-configuration: the process environment (in tests, a dictionary) first, then,
    /// when given, files mounted by a secret manager (`SECRETS_DIR`: a file `database-url` holds `DATABASE_URL`).
    public static func load(
        environment env: [String: String] = ProcessInfo.processInfo.environment,
        secretFiles: DirectoryFilesProvider? = nil
    ) throws(ConfigError) -> AppConfig {
        let providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: env)] + (secretFiles.map { [$0] } ?? [])
        let reader = ConfigReader(providers: providers)
        /// `DATABASE_URL` is the key `database.url`: the environment's name, and `database-url` as a secret file.
        func value(_ name: String) -> String? {
            let key = ConfigKey(name.lowercased().split(separator: "_").map(String.init))
            guard let v = reader.string(forKey: key)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        let modeText = value("RECEPTIONIST_ENV") ?? "development"
        guard let mode = Mode(rawValue: modeText) else {
            throw ConfigError("RECEPTIONIST_ENV", "must be development or production, not '\(modeText)'")
        }
        let dataDirectory = value("DATA_DIR") ?? ".local"
        /// The variable's value; in development a default, in production an error when it is unset.
        func required(_ name: String, hint: String = "", development: () throws(ConfigError) -> String) throws(ConfigError) -> String {
            if let v = value(name) { return v }
            guard mode == .development else { throw ConfigError(name, "is required in production\(hint)") }
            return try development()
        }

        let databaseURL = try required("DATABASE_URL") { developmentDatabaseURL }
        do {
            _ = try DatabaseURL.configuration(from: databaseURL)
        } catch {
            throw ConfigError("DATABASE_URL", "\(error)")
        }

        let host = value("HOST") ?? "127.0.0.1"
        let portText = value("PORT") ?? "8080"
        guard let port = Int(portText), (0 ... 65535).contains(port) else {
            throw ConfigError("PORT", "must be a port number from 0 to 65535, not '\(portText)'")
        }
        let levelText = (value("LOG_LEVEL") ?? "info").lowercased()
        guard let logLevel = Logger.Level(rawValue: levelText == "warn" ? "warning" : levelText) else {
            throw ConfigError("LOG_LEVEL", "must be one of trace, debug, info, notice, warning, error, critical, not '\(levelText)'")
        }
        let formatText = (value("LOG_FORMAT") ?? (mode == .production ? "json" : "text")).lowercased()
        guard let logFormat = LogFormat(rawValue: formatText) else {
            throw ConfigError("LOG_FORMAT", "must be json or text, not '\(formatText)'")
        }
        let poolText = value("DB_POOL_MAX") ?? "10"
        guard let dbPoolMax = Int(poolText), (1 ... 500).contains(dbPoolMax) else {
            throw ConfigError("DB_POOL_MAX", "must be a whole number from 1 to 500, not '\(poolText)'")
        }

        let platformAdminKey = try required("PLATFORM_ADMIN_KEY") { () throws(ConfigError) in
            try DevSecrets.loadOrCreate(directory: dataDirectory, name: "platform-admin.key", make: DevSecrets.randomAdminKey)
        }
        guard platformAdminKey.count >= 24 else {
            throw ConfigError("PLATFORM_ADMIN_KEY", "must be at least 24 characters of random text")
        }

        let keyText = try required("ENCRYPTION_KEY", hint: " (32 random bytes, base64: `openssl rand -base64 32`)") { () throws(ConfigError) in
            try DevSecrets.loadOrCreate(directory: dataDirectory, name: "encryption.key", make: DevSecrets.randomKeyBase64)
        }
        let encryptionKey = try parseKey(keyText, variable: "ENCRYPTION_KEY")
        var previous: [SymmetricKey] = []
        for part in (value("ENCRYPTION_KEYS_PREVIOUS") ?? "").split(separator: ",") {
            previous.append(try parseKey(part.trimmingCharacters(in: .whitespaces), variable: "ENCRYPTION_KEYS_PREVIOUS"))
        }

        let migrationsDirectory = try locateMigrations(value("MIGRATIONS_DIR"))

        let retellText = try required("RETELL_API_KEYS") { () throws(ConfigError) in
            try DevSecrets.loadOrCreate(directory: dataDirectory, name: "retell-api.key") { "key_dev_" + DevSecrets.randomAdminKey().dropFirst(3) }
        }
        let retellAPIKeys = retellText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !retellAPIKeys.isEmpty else { throw ConfigError("RETELL_API_KEYS", "must list at least one Retell API key") }
        let publicBaseURL = value("PUBLIC_BASE_URL") ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        let functionText = value("FUNCTION_TIMEOUT_MS") ?? "1500"
        guard let functionMs = Int(functionText), (100 ... 10_000).contains(functionMs) else {
            throw ConfigError("FUNCTION_TIMEOUT_MS", "must be a whole number of milliseconds from 100 to 10000, not '\(functionText)'")
        }
        let inboundText = value("INBOUND_TIMEOUT_MS") ?? "200"
        guard let inboundMs = Int(inboundText), (20 ... 10_000).contains(inboundMs) else {
            throw ConfigError("INBOUND_TIMEOUT_MS", "must be a whole number of milliseconds from 20 to 10000, not '\(inboundText)'")
        }
        guard let base = URL(string: publicBaseURL), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ConfigError("PUBLIC_BASE_URL", "must be an http(s) URL such as https://receptionist.example.com")
        }

        let workers = try WorkerSettings.load(value)
        func limit(_ name: String, rate: Int, burst: Int) throws(ConfigError) -> TokenBuckets.Limit {
            let text = value(name) ?? "\(rate)/\(burst)"
            let parts = text.split(separator: "/").compactMap { Double($0) }
            // At least one request an hour: a smaller rate makes the wait before the next token overflow.
            guard parts.count == 2, parts[0] >= 1.0 / 3600, parts[0] <= 1_000_000, parts[1] >= 1, parts[1] <= 1_000_000 else {
                throw ConfigError(name, "must be RATE/BURST in requests a second and a burst size, such as 20/40, not '\(text)'")
            }
            return TokenBuckets.Limit(rate: parts[0], burst: parts[1])
        }
        let rateLimits = RateLimitMiddleware.Limits(
            perKey: try limit("RATE_LIMIT_KEY", rate: 20, burst: 40),
            perAddress: try limit("RATE_LIMIT_ADDRESS", rate: 50, burst: 100),
            retell: try limit("RATE_LIMIT_RETELL", rate: 200, burst: 400))
        let corsOrigins = (value("CORS_ORIGINS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for origin in corsOrigins {
            guard let url = URL(string: origin), url.scheme == "https" || url.scheme == "http", url.host != nil, url.path.isEmpty else {
                throw ConfigError("CORS_ORIGINS", "must list origins such as https://console.example.com, not '\(origin)'")
            }
        }
        let rulesText = value("RULES_CACHE_MS") ?? "1000"
        guard let rulesMs = Int(rulesText), (0 ... 60_000).contains(rulesMs) else {
            throw ConfigError("RULES_CACHE_MS", "must be a whole number of milliseconds from 0 to 60000, not '\(rulesText)'")
        }
        let google = try GoogleSettings.load(value, publicBaseURL: publicBaseURL)
        let databaseText = value("DB_OPERATION_TIMEOUT_MS") ?? "5000"
        guard let databaseMs = Int(databaseText), (100 ... 60_000).contains(databaseMs) else {
            throw ConfigError("DB_OPERATION_TIMEOUT_MS", "must be a whole number of milliseconds from 100 to 60000, not '\(databaseText)'")
        }

        var config = AppConfig(
            mode: mode, databaseURL: databaseURL, host: host, port: port, logLevel: logLevel, logFormat: logFormat,
            platformAdminKey: platformAdminKey, dbPoolMax: dbPoolMax, encryptionKey: encryptionKey,
            previousEncryptionKeys: previous, dataDirectory: dataDirectory, migrationsDirectory: migrationsDirectory,
            retellAPIKeys: retellAPIKeys, publicBaseURL: publicBaseURL, functionTimeout: .milliseconds(functionMs),
            inboundTimeout: .milliseconds(inboundMs),
            workers: workers, rateLimits: rateLimits, corsOrigins: corsOrigins, rulesCacheTTL: .milliseconds(rulesMs), google: google)
        config.databaseTimeout = .milliseconds(databaseMs)
        if let text = value("METRICS_PORT"), !text.isEmpty {
            guard let port = Int(text), (1 ... 65535).contains(port) else {
                throw ConfigError("METRICS_PORT", "must be a port number from 1 to 65535, not '\(text)'")
            }
            config.metricsPort = port
        }
        if let direct = value("DATABASE_DIRECT_URL"), !direct.isEmpty {
            do { _ = try DatabaseURL.configuration(from: direct) } catch { throw ConfigError("DATABASE_DIRECT_URL", "\(error)") }
            config.directDatabaseURL = direct
        }
        do { config.trustedProxies = try TrustedProxies(parsing: value("TRUSTED_PROXIES") ?? "") } catch {
            throw ConfigError("TRUSTED_PROXIES", error.message)
        }
        if let key = value("RETELL_API_KEY"), !key.isEmpty {
            guard retellAPIKeys.contains(key) else {
                throw ConfigError("RETELL_API_KEY", "must be one of RETELL_API_KEYS (Retell signs its calls with the same workspace key)")
            }
            let url = value("RETELL_API_URL") ?? "https://api.retellai.com"
            // The platform's key rides on every call: plain http only in development (a local fake).
            guard let parsed = URL(string: url), parsed.scheme == "https" || (parsed.scheme == "http" && mode == .development), parsed.host != nil
            else {
                throw ConfigError("RETELL_API_URL", "must be an https URL such as https://api.retellai.com (http only in development)")
            }
            config.retellProvisioning = (key, url)
        }
        return config
    }

    static func parseKey(_ text: String, variable: String) throws(ConfigError) -> SymmetricKey {
        guard let data = Data(base64Encoded: text), data.count == 32 else {
            throw ConfigError(variable, "must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)")
        }
        return SymmetricKey(data: data)
    }

    /// `MIGRATIONS_DIR`, else `./migrations`, else the checkout this binary was built from.
    static func locateMigrations(_ explicit: String?) throws(ConfigError) -> URL {
        var isDirectory: ObjCBool = false
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigError("MIGRATIONS_DIR", "(\(explicit)) is not a directory")
            }
            return URL(fileURLWithPath: explicit)
        }
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("migrations"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations"),
        ]
        for url in candidates where FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue {
            return url
        }
        throw ConfigError("MIGRATIONS_DIR", "is unset and no migrations/ folder was found; point it at the repository's migrations/")
    }

    /// The database as every command uses it: this pool, the operation timeout and the personal-data vault, so no
    /// process is built without one of them.
    public func makeDatabase(logger: Logger) throws -> Database {
        Database(configuration: try postgresConfiguration(), logger: logger, operationTimeout: databaseTimeout, vault: personalDataVault)
    }

    /// The pool for work that needs one PostgreSQL session (migrations): `DATABASE_DIRECT_URL` when set.
    public func makeDirectDatabase(logger: Logger) throws -> Database {
        guard let directDatabaseURL else { return try makeDatabase(logger: logger) }
        var configuration = try DatabaseURL.configuration(from: directDatabaseURL)
        configuration.options.maximumConnections = 2
        return Database(configuration: configuration, logger: logger, operationTimeout: databaseTimeout, vault: personalDataVault)
    }

    /// The pool configuration for `DATABASE_URL` with `DB_POOL_MAX`.
    public func postgresConfiguration() throws -> PostgresClient.Configuration {
        var configuration = try DatabaseURL.configuration(from: databaseURL)
        configuration.options.maximumConnections = dbPoolMax
        return configuration
    }
}
