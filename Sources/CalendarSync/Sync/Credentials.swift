import Domain
import Foundation
import Logging
import Storage

/// Access tokens per business: unsealed from the database while valid, refreshed a minute before expiry, with one
/// refresh in flight per credential shared by every job that needs it. A dead refresh token (`invalid_grant`)
/// marks the connection invalid and tells the owner once. Cached per connection version: after a reconnect (perhaps
/// to another Google account) or a disconnect in any process, the next job reads the new version from the database
/// and never uses the old account's token here.
public actor Credentials {
    struct Key: Hashable {
        let businessID: UUID
        let version: Int64
    }

    let google: GoogleClient
    let store: CalendarConnectionStore
    let database: Database
    let box: SecretBox
    let logger: Logger
    private var cached: [Key: (token: String, expires: Date)] = [:]
    private var refreshing: [Key: Task<String, any Error>] = [:]

    public init(google: GoogleClient, database: Database, box: SecretBox, logger: Logger) {
        self.google = google
        self.store = CalendarConnectionStore(database: database)
        self.database = database
        self.box = box
        self.logger = logger
    }

    static func context(_ businessID: UUID, _ role: String) -> String { "calendar:\(businessID.uuidString.lowercased()):\(role)" }

    /// A usable access token. `rejected` is a token Google just answered 401 to: it is never handed out again, but a
    /// newer one another job already refreshed is, so a burst of 401s costs one refresh.
    public func accessToken(_ connection: CalendarConnection, rejected: String? = nil) async throws -> String {
        let id = Key(businessID: connection.businessID, version: connection.version)
        let soon = Date().addingTimeInterval(60)
        if let hit = cached[id], hit.expires > soon, hit.token != rejected { return hit.token }
        if cached[id] == nil, let sealed = connection.accessToken, let expires = connection.accessExpiresAt, expires > soon,
            let bytes = try? box.open(sealed, context: Self.context(id.businessID, "access")), String(decoding: bytes, as: UTF8.self) != rejected
        {
            let token = String(decoding: bytes, as: UTF8.self)
            cached[id] = (token, expires)
            return token
        }
        cached[id] = nil
        let task: Task<String, any Error>
        if let running = refreshing[id] {
            task = running
        } else {
            task = Task { try await self.refresh(connection) }
            refreshing[id] = task
        }
        do {
            let token = try await task.value
            refreshing[id] = nil
            return token
        } catch let failure as GoogleFailure {
            refreshing[id] = nil
            throw failure
        } catch {
            refreshing[id] = nil
            throw GoogleFailure(.transient, "token refresh failed: \(error)")
        }
    }

    private func refresh(_ connection: CalendarConnection) async throws -> String {
        let id = connection.businessID, key = Key(businessID: id, version: connection.version)
        guard let sealed = connection.refreshToken else { throw GoogleFailure(.invalidGrant, "no refresh token stored") }
        let refreshToken: String
        do {
            refreshToken = String(decoding: try box.open(sealed, context: Self.context(id, "refresh")), as: UTF8.self)
        } catch {
            throw GoogleFailure(.permanent, "the stored refresh token cannot be decrypted with the configured keys")
        }
        do {
            let tokens = try await google.refresh(refreshToken: refreshToken)
            let expires = Date().addingTimeInterval(Double(tokens.expiresIn))
            let sealedAccess = try box.seal(Array(tokens.accessToken.utf8), context: Self.context(id, "access"))
            try await store.updateAccessToken(id, version: connection.version, sealed: sealedAccess, expiresAt: expires)
            cached[key] = (tokens.accessToken, expires)
            logger.info("calendar access token refreshed", metadata: ["business_id": "\(id)"])
            return tokens.accessToken
        } catch let failure as GoogleFailure where failure.kind == .invalidGrant {
            try await invalidate(
                id, version: connection.version, reason: "Google refused the refresh token (\(failure.message)); reconnect the calendar")
            throw failure
        }
    }

    /// The connection stops syncing until reconnected; the owner hears once per invalidation. Only the version whose
    /// token was refused: a job still holding a disconnected account's token cannot mark the reconnection invalid.
    func invalidate(_ businessID: UUID, version: Int64, reason: String) async throws {
        cached = cached.filter { $0.key.businessID != businessID }
        if try await store.markInvalid(businessID, version: version, reason: reason) {
            logger.warning("calendar connection invalid: waiting for the owner to reconnect", metadata: ["business_id": "\(businessID)"])
            try await Outbox.enqueue(.ownerCalendarDisconnected(reason: reason), businessID: businessID, database: database)
        }
    }

    /// Drops what is cached for a business (after a disconnect or reconnect in this process; other processes see the
    /// new version instead).
    public func forget(_ businessID: UUID) { cached = cached.filter { $0.key.businessID != businessID } }
}

extension Credentials {
    /// Runs one Google call with a token, and once more with a fresh one when Google answered 401 (the token was
    /// revoked or expired early).
    public nonisolated func withToken<Result: Sendable>(
        _ connection: CalendarConnection, _ call: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let token = try await accessToken(connection)
        do {
            return try await call(token)
        } catch let failure as GoogleFailure where failure.kind == .unauthorized {
            return try await call(try await accessToken(connection, rejected: token))
        }
    }
}
