import Foundation

/// The Google OAuth client and the endpoints it talks to; every URL is configurable so tests use a fake Google.
public struct GoogleConfiguration: Sendable {
    public var clientID: String
    public var clientSecret: String
    public var redirectURL: String
    public var authURL: String
    public var tokenURL: String
    public var revokeURL: String
    public var apiBaseURL: String
    /// How long availability waits for free/busy before answering from Postgres alone.
    public var busyTimeout: Duration
    public var requestTimeout: Duration
    /// Where Google posts a calendar's change notifications (our public HTTPS route); nil: no public address (a
    /// development machine), so Google's changes are polled every `pollInterval` instead.
    public var pushAddress: String?
    public var pollInterval: TimeInterval = 300
    /// With push, a pull this often all the same: Google says a small share of notifications is dropped.
    public var safetyPullInterval: TimeInterval = 6 * 3600

    /// The route Google's notifications come to.
    public static let notificationsPath = "/v1/google/calendar/notifications"

    public init(
        clientID: String, clientSecret: String, redirectURL: String,
        authURL: String = "https://accounts.google.com/o/oauth2/v2/auth",
        tokenURL: String = "https://oauth2.googleapis.com/token",
        revokeURL: String = "https://oauth2.googleapis.com/revoke",
        apiBaseURL: String = "https://www.googleapis.com",
        busyTimeout: Duration = .milliseconds(300), requestTimeout: Duration = .seconds(10)
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURL = redirectURL
        self.authURL = authURL
        self.tokenURL = tokenURL
        self.revokeURL = revokeURL
        self.apiBaseURL = apiBaseURL
        self.busyTimeout = busyTimeout
        self.requestTimeout = requestTimeout
    }

    /// Edit the events we create, read free/busy, and learn the account's address.
    public static let scopes = [
        "openid", "email", "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.freebusy",
    ]

    /// The scopes whose absence makes the connection useless; `openid`/`email` cannot be unticked.
    public static let requiredScopes = ["https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.freebusy"]
}
