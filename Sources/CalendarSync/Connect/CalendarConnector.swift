import Crypto
import Domain
import Foundation
import Logging
import Storage

/// The server-side OAuth connect: a consent URL with a signed, single-use, short-lived state and PKCE; the callback
/// that checks all of it, the granted scopes and the account, and stores the tokens sealed; and the disconnect.
public struct CalendarConnector: Sendable {
    let google: GoogleClient
    let states: OAuthStateStore
    let connections: CalendarConnectionStore
    let credentials: Credentials
    let box: SecretBox
    let logger: Logger
    /// How long a consent page may stay open.
    static let stateLifetime: TimeInterval = 600

    public init(google: GoogleClient, database: Database, credentials: Credentials, box: SecretBox, logger: Logger) {
        self.google = google
        self.states = OAuthStateStore(database: database)
        self.connections = CalendarConnectionStore(database: database)
        self.credentials = credentials
        self.box = box
        self.logger = logger
    }

    /// The Google consent URL for this business; `returnTo`, a console page, is where the browser comes back to.
    public func start(businessID: UUID, returnTo: String? = nil) async throws -> (url: String, expires: Date) {
        let pkce = PKCE.generate()
        let state = SignedState(stateID: UUID(), businessID: businessID, expires: Date().addingTimeInterval(Self.stateLifetime))
        try await states.create(
            id: state.stateID, businessID: businessID,
            verifier: try box.seal(Array(pkce.verifier.utf8), context: "oauth-state:\(state.stateID.uuidString.lowercased())"),
            expires: state.expires, returnTo: returnTo)
        return (google.authorizationURL(state: state.encoded(key: box.currentKey), challenge: pkce.challenge), state.expires)
    }

    /// What the callback page tells the admin.
    public enum Outcome: Sendable, Equatable {
        case connected(businessID: UUID, account: String?, backfilled: Int)
        /// Refused before anything was stored; the message says why and what to do.
        case refused(String)
    }

    /// The outcome, and the console page to go back to when the connection was started from the console.
    public func complete(code: String?, state: String?, error: String?) async -> (outcome: Outcome, returnTo: String?) {
        var returnTo: String?
        let outcome = await complete(code: code, state: state, error: error, returnTo: &returnTo)
        return (outcome, returnTo)
    }

    func complete(code: String?, state: String?, error: String?, returnTo: inout String?) async -> Outcome {
        guard let state else { return .refused("The link is missing its state. Start the connection again from your settings.") }
        let signed: SignedState
        do {
            signed = try SignedState.decode(state, key: box.currentKey)
        } catch .expired {
            return .refused("This connection link has expired. Start the connection again from your settings.")
        } catch {
            logger.warning("OAuth callback with a forged or malformed state")
            return .refused("This connection link is not valid. Start the connection again from your settings.")
        }
        do {
            let verifier: SecretBox.Sealed
            switch try await states.consume(id: signed.stateID, businessID: signed.businessID) {
            case .ok(let sealed, let back):
                verifier = sealed
                returnTo = back
            case .reused: return .refused("This connection link was already used. Start the connection again from your settings.")
            case .expired: return .refused("This connection link has expired. Start the connection again from your settings.")
            case .unknown, .otherBusiness:
                logger.warning("OAuth callback with a state that names another business or none", metadata: ["business_id": "\(signed.businessID)"])
                return .refused("This connection link is not valid. Start the connection again from your settings.")
            }
            if let error {
                return .refused(
                    error == "access_denied"
                        ? "Access was not granted, so the calendar is not connected."
                        : "Google answered '\(error)', so the calendar is not connected.")
            }
            guard let code, !code.isEmpty else { return .refused("Google sent no authorization code. Start the connection again.") }
            let plainVerifier = String(
                decoding: try box.open(verifier, context: "oauth-state:\(signed.stateID.uuidString.lowercased())"), as: UTF8.self)
            let tokens: GoogleTokens
            do {
                tokens = try await google.exchange(code: code, verifier: plainVerifier)
            } catch {
                logger.warning("OAuth code exchange failed", metadata: ["error": "\((error as? GoogleFailure)?.message ?? "\(error)")"])
                return .refused(
                    "Google did not accept the sign-in (\((error as? GoogleFailure)?.message ?? "\(error)")). Start the connection again.")
            }
            let granted = Set(tokens.scope.split(separator: " ").map(String.init))
            let missing = GoogleConfiguration.requiredScopes.filter { !granted.contains($0) }
            if !missing.isEmpty {
                try? await google.revoke(token: tokens.refreshToken ?? tokens.accessToken)
                let names = missing.map { $0.hasSuffix("calendar.events") ? "see and edit events" : "see free/busy times" }
                let permissions = names.joined(separator: " and ")
                return .refused(
                    "Google Calendar was not connected: the permission to \(permissions) was not granted. Start again and leave every box ticked.")
            }
            guard let refresh = tokens.refreshToken else {
                return .refused("Google gave no offline access. Start the connection again and approve every permission.")
            }
            let id = signed.businessID
            let backfilled = try await connections.connect(
                id, accountEmail: IDToken.email(tokens.idToken), scopes: granted.sorted().joined(separator: " "),
                refreshToken: try box.seal(Array(refresh.utf8), context: Credentials.context(id, "refresh")),
                accessToken: try box.seal(Array(tokens.accessToken.utf8), context: Credentials.context(id, "access")),
                accessExpiresAt: Date().addingTimeInterval(Double(tokens.expiresIn)))
            await credentials.forget(id)
            logger.info("calendar connected", metadata: ["business_id": "\(id)", "backfilled": "\(backfilled)"])
            return .connected(businessID: id, account: IDToken.email(tokens.idToken), backfilled: backfilled)
        } catch {
            logger.error("OAuth callback failed", metadata: ["error": "\(error)"])
            return .refused("Something went wrong on our side; nothing was connected. Please try again in a minute.")
        }
    }

    /// Stops the push channel and revokes the grant at Google (best effort: a channel left open lapses at its expiry and
    /// its notifications are refused), and wipes the tokens and the channel here.
    public func disconnect(businessID: UUID, audit: AuditEntry? = nil) async throws {
        let connection = try await connections.get(businessID)
        if let connection, connection.status == .connected, let id = connection.channelID, let resource = connection.channelResourceID {
            do {
                try await credentials.withToken(connection) { token in
                    try await google.stopChannel(accessToken: token, channelID: id, resourceID: resource)
                }
            } catch {
                logger.warning("calendar channel not stopped on disconnect; it lapses at its expiry")
            }
        }
        if let connection, let sealed = connection.refreshToken,
            let token = try? box.open(sealed, context: Credentials.context(businessID, "refresh"))
        {
            do {
                try await google.revoke(token: String(decoding: token, as: UTF8.self))
            } catch {
                logger.warning(
                    "revoking at Google failed; the tokens are wiped here anyway",
                    metadata: ["error": "\((error as? GoogleFailure)?.message ?? "\(error)")"])
            }
        }
        try await connections.disconnect(businessID, audit: audit)
        await credentials.forget(businessID)
    }
}
