import Foundation
import PostgresNIO

/// Turns a `postgres://user:pass@host:port/db?sslmode=…` URL into a client configuration.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func configuration(from text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), let scheme = url.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else {
            throw Invalid(description: "must look like postgres://user[:password]@host[:port]/database")
        }
        let username = url.user.map { $0.removingPercentEncoding ?? $0 } ?? "postgres"
        let password = url.password.map { $0.removingPercentEncoding ?? $0 }
        var database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        if database.isEmpty { database = username }
        let sslmode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let rootCert = url.queryItems?.first { $0.name == "sslrootcert" }?.value
        let tls = try Self.tls(sslmode: sslmode, rootCert: rootCert)
        if let host = url.host, !host.isEmpty {
            guard url.port.map({ (1 ... 65535).contains($0) }) ?? true else {
                throw Invalid(description: "port must be between 1 and 65535")
            }
            return withPoolOptions(.init(host: host, port: url.port ?? 5432, username: username, password: password, database: database, tls: tls))
        }
        if let socketDir = url.queryItems?.first(where: { $0.name == "host" })?.value {
            let port = url.port ?? 5432
            return withPoolOptions(.init(unixSocketPath: "\(socketDir)/.s.PGSQL.\(port)", username: username, password: password, database: database))
        }
        throw Invalid(description: "has no host")
    }

    /// libpq's meanings: `require` encrypts without checking the certificate (unless `sslrootcert` is given, then as
    /// `verify-ca`), `verify-ca` checks it against the roots, `verify-full` the host name too. The roots are
    /// `sslrootcert` (a managed database's CA, e.g. RDS's bundle) or the system's.
    static func tls(sslmode: String, rootCert: String?) throws -> PostgresClient.Configuration.TLS {
        var config = TLSConfiguration.makeClientConfiguration()
        if let rootCert {
            guard FileManager.default.isReadableFile(atPath: rootCert) else {
                throw Invalid(description: "sslrootcert '\(rootCert)' is not a readable file (a PEM bundle of the server's CA)")
            }
            config.trustRoots = .file(rootCert)
        }
        switch sslmode {
        case "disable": return .disable
        case "allow", "prefer":
            config.certificateVerification = .none
            return .prefer(config)
        case "require":
            config.certificateVerification = rootCert == nil ? .none : .noHostnameVerification
            return .require(config)
        case "verify-ca":
            config.certificateVerification = .noHostnameVerification
            return .require(config)
        case "verify-full":
            config.certificateVerification = .fullVerification
            return .require(config)
        default:
            throw Invalid(description: "sslmode '\(sslmode)' is not one of disable, prefer, require, verify-ca, verify-full")
        }
    }

    /// PostgresNIO starts an idle timer and a keep-alive timer each time a connection goes back to the pool, as a
    /// sleeping task that stays allocated until its deadline even when cancelled: with the defaults (60 s, 30 s)
    /// that held ~100 MB at thousands of queries a second. No keep-alive (a dead connection is noticed when it
    /// closes, or by the query's own time limit) and a 10 s idle timeout keep it to a few MB. (A minimum pool size
    /// would avoid the idle timers too, but PostgresNIO 1.33 then trips a precondition during an outage.)
    static func withPoolOptions(_ configuration: PostgresClient.Configuration) -> PostgresClient.Configuration {
        var configuration = configuration
        configuration.options.keepAliveBehavior = nil
        configuration.options.connectionIdleTimeout = .seconds(10)
        return configuration
    }
}
