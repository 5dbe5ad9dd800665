import Foundation
import Notifications
import Workers

/// The worker pool's and the message providers' settings. A provider left unset is not an error: its messages
/// are recorded as skipped with the reason, so a development machine runs without Twilio or a mail server.
public struct WorkerSettings: Sendable {
    /// Whether `serve` runs the pool too (`WORKERS=off` for API-only processes beside `receptionist work`).
    public var inServe: Bool
    public var pool: WorkerPoolConfiguration
    public var twilio: TwilioConfiguration?
    public var smtp: SMTPConfiguration?

    static func load(_ value: (String) -> String?) throws(ConfigError) -> WorkerSettings {
        let inServeText = (value("WORKERS") ?? "on").lowercased()
        guard ["on", "off", "true", "false", "1", "0"].contains(inServeText) else {
            throw ConfigError("WORKERS", "must be on or off, not '\(inServeText)'")
        }
        var pool = WorkerPoolConfiguration()
        pool.concurrency = try number(value, "WORKER_CONCURRENCY", default: 4, in: 1 ... 256)
        pool.perBusiness = try number(value, "WORKER_PER_BUSINESS", default: 2, in: 1 ... 256)
        let lease = try number(value, "WORKER_LEASE_SECONDS", default: 30, in: 2 ... 3600)
        pool.lease = .seconds(lease)
        pool.heartbeat = .milliseconds(lease * 1000 / 3)
        pool.grace = .seconds(try number(value, "WORKER_GRACE_SECONDS", default: 20, in: 0 ... 600))
        let retention = try number(value, "JOB_RETENTION_HOURS", default: 168, in: 0 ... 87600)
        pool.retention = retention == 0 ? nil : .seconds(retention * 3600)

        return WorkerSettings(
            inServe: ["on", "true", "1"].contains(inServeText), pool: pool,
            twilio: try twilio(value), smtp: try smtp(value))
    }

    /// All three Twilio variables or none: half a configuration is a mistake worth stopping for.
    static func twilio(_ value: (String) -> String?) throws(ConfigError) -> TwilioConfiguration? {
        let names = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"]
        let values = names.map(value)
        guard values.contains(where: { $0 != nil }) else { return nil }
        if let missing = zip(names, values).first(where: { $0.1 == nil })?.0 {
            throw ConfigError(
                missing, "is required when any TWILIO_ variable is set (SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM)")
        }
        let base = value("TWILIO_BASE_URL") ?? "https://api.twilio.com"
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ConfigError("TWILIO_BASE_URL", "must be an http(s) URL, not '\(base)'")
        }
        return TwilioConfiguration(accountSID: values[0]!, authToken: values[1]!, from: values[2]!, baseURL: base)
    }

    static func smtp(_ value: (String) -> String?) throws(ConfigError) -> SMTPConfiguration? {
        guard let url = value("SMTP_URL") else { return nil }
        guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
            throw ConfigError("SMTP_URL", "must start with smtp:// (STARTTLS) or smtps:// (TLS), not '\(url)'")
        }
        guard let from = value("SMTP_FROM") else { throw ConfigError("SMTP_FROM", "is required with SMTP_URL (the sender address)") }
        let tls = (value("SMTP_TLS") ?? "required").lowercased()
        guard tls == "required" || tls == "optional" else { throw ConfigError("SMTP_TLS", "must be required or optional, not '\(tls)'") }
        return SMTPConfiguration(
            url: url, username: value("SMTP_USERNAME"), password: value("SMTP_PASSWORD"), from: from,
            requireTLS: tls == "required", caFile: value("SMTP_CA_FILE"))
    }

    static func number(_ value: (String) -> String?, _ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return n
    }
}
