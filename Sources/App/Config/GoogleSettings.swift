import CalendarSync
import Foundation

/// Google Calendar's OAuth client and endpoints. Unset client: connecting answers 503 NOT_CONFIGURED and sync jobs
/// end as done (nothing can be connected).
enum GoogleSettings {
    static func load(_ value: (String) -> String?, publicBaseURL: String) throws(ConfigError) -> GoogleConfiguration? {
        let id = value("GOOGLE_CLIENT_ID"), secret = value("GOOGLE_CLIENT_SECRET")
        guard id != nil || secret != nil else { return nil }
        guard let id else { throw ConfigError("GOOGLE_CLIENT_ID", "is required with GOOGLE_CLIENT_SECRET") }
        guard let secret else { throw ConfigError("GOOGLE_CLIENT_SECRET", "is required with GOOGLE_CLIENT_ID") }
        func url(_ name: String, _ fallback: String) throws(ConfigError) -> String {
            let text = value(name) ?? fallback
            guard let parsed = URL(string: text), parsed.scheme == "https" || parsed.scheme == "http", parsed.host != nil else {
                throw ConfigError(name, "must be an http(s) URL, not '\(text)'")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        let base = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        let busyText = value("GOOGLE_BUSY_TIMEOUT_MS") ?? "300"
        guard let busyMs = Int(busyText), (20 ... 5000).contains(busyMs) else {
            throw ConfigError("GOOGLE_BUSY_TIMEOUT_MS", "must be a whole number of milliseconds from 20 to 5000, not '\(busyText)'")
        }
        var configuration = GoogleConfiguration(
            clientID: id, clientSecret: secret,
            redirectURL: try url("GOOGLE_REDIRECT_URL", "\(base)/v1/oauth/google/callback"),
            authURL: try url("GOOGLE_AUTH_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
            tokenURL: try url("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
            revokeURL: try url("GOOGLE_REVOKE_URL", "https://oauth2.googleapis.com/revoke"),
            apiBaseURL: try url("GOOGLE_API_URL", "https://www.googleapis.com"),
            busyTimeout: .milliseconds(busyMs))
        configuration.pushAddress = try pushAddress(value, base: base)
        let pollText = value("GOOGLE_POLL_SECONDS") ?? "300"
        guard let poll = Int(pollText), (10 ... 86_400).contains(poll) else {
            throw ConfigError("GOOGLE_POLL_SECONDS", "must be a whole number of seconds from 10 to 86400, not '\(pollText)'")
        }
        configuration.pollInterval = TimeInterval(poll)
        return configuration
    }

    /// `GOOGLE_PUSH_URL` (`off`: always poll); by default our notification route under an HTTPS `PUBLIC_BASE_URL`
    /// (Google posts only to HTTPS with a valid certificate), else none and Google's changes are polled.
    static func pushAddress(_ value: (String) -> String?, base: String) throws(ConfigError) -> String? {
        if let text = value("GOOGLE_PUSH_URL") {
            if text == "off" { return nil }
            guard let parsed = URL(string: text), parsed.scheme == "https" || parsed.scheme == "http", parsed.host != nil else {
                throw ConfigError("GOOGLE_PUSH_URL", "must be an http(s) URL or off, not '\(text)'")
            }
            return text
        }
        return base.hasPrefix("https://") ? base + GoogleConfiguration.notificationsPath : nil
    }
}
