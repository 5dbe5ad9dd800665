import Workers

/// Sends a text message; returns the provider's id for it.
public protocol SMSSender: Sendable {
    func send(to: String, body: String) async throws(ProviderFailure) -> String
}

/// Sends a plain-text email; returns its Message-ID.
public protocol EmailSender: Sendable {
    func send(to: String, subject: String, body: String) async throws(ProviderFailure) -> String
}
