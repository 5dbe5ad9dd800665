import Domain
import Foundation
import PostgresNIO

/// Console accounts, their businesses, their sessions and their emailed links. Secrets are looked up by digest only.
public struct AccountStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// An account with what log-in checks against.
    public struct Stored: Sendable {
        public var account: Account
        public var passwordHash: String
    }

    /// What `link` gives back: whose it was and for which address.
    public struct LinkUse: Sendable, Equatable {
        public var accountID: UUID
        public var email: String
    }

    /// A live session with its account and CSRF token.
    public struct Session: Sendable {
        public var account: Account
        public var csrfToken: String
        public var createdAt: Date
        public var lastSeenAt: Date
    }

    static let columns = "a.id, a.email, a.name, a.email_verified_at IS NOT NULL, a.platform_admin, a.password_hash"

    static func decode(_ rows: PostgresRowSequence) async throws -> Stored? {
        for try await (id, email, name, verified, admin, hash) in rows.decode((UUID, String, String, Bool, Bool, String).self) {
            return Stored(account: Account(id: id, email: email, name: name, emailVerified: verified, platformAdmin: admin), passwordHash: hash)
        }
        return nil
    }

    /// A new account; `StorageError.duplicate` when the address has one.
    /// The account and its email to verify the address, in one transaction (a taken address surfaces as
    /// `StorageError.duplicate`, mapped like every other error).
    public func create(email: String, name: String, passwordHash: String) async throws -> Account {
        let stored = try await database.transaction { session in
            let stored = try await Self.decode(
                try await session.query(
                    """
                    INSERT INTO accounts AS a (email, name, password_hash) VALUES (\(email), \(name), \(passwordHash))
                    RETURNING \(unescaped: Self.columns)
                    """))
            if let account = stored?.account {
                try await Outbox.enqueue(.accountEmail(accountID: account.id, purpose: "verify_email", email: email), businessID: nil, in: session)
            }
            return stored
        }
        guard let stored else { throw StorageError.server(sqlState: "client", message: "account not created") }
        return stored.account
    }

    public func byEmail(_ email: String) async throws -> Stored? {
        try await Self.decode(try await database.query("SELECT \(unescaped: Self.columns) FROM accounts a WHERE a.email = \(email)"))
    }

    public func byID(_ id: UUID) async throws -> Stored? {
        try await Self.decode(try await database.query("SELECT \(unescaped: Self.columns) FROM accounts a WHERE a.id = \(id)"))
    }

    /// The businesses the account may act on, with its role in each.
    public func businesses(of accountID: UUID) async throws -> [(businessID: UUID, role: AccountRole)] {
        var out: [(UUID, AccountRole)] = []
        for try await (id, role) in try await database.query(
            "SELECT business_id, role FROM account_businesses WHERE account_id = \(accountID) ORDER BY created_at"
        ).decode((UUID, String).self) {
            if let role = AccountRole(rawValue: role) { out.append((id, role)) }
        }
        return out.map { (businessID: $0.0, role: $0.1) }
    }

    /// Gives the account a role in a business (a second call changes the role).
    public func addMember(_ accountID: UUID, businessID: UUID, role: AccountRole) async throws {
        try await database.query(
            """
            INSERT INTO account_businesses (account_id, business_id, role) VALUES (\(accountID), \(businessID), \(role.rawValue))
            ON CONFLICT (account_id, business_id) DO UPDATE SET role = EXCLUDED.role
            """
        ).collect()
    }

    /// Makes the account a platform admin (or not), audited; false when no account uses the address.
    public func setPlatformAdmin(email: String, _ admin: Bool) async throws -> Bool {
        try await database.transaction { session in
            var id: UUID?
            for try await row in try await session.query(
                "UPDATE accounts SET platform_admin = \(admin), updated_at = now() WHERE email = \(email) RETURNING id"
            ).decode(UUID.self) { id = row }
            guard let id else { return false }
            try await AuditSQL.record(
                AuditEntry(
                    businessID: nil, actorType: .platform, actorID: nil, action: admin ? "admin.granted" : "admin.revoked",
                    detail: ["account_id": id.uuidString.lowercased()]), in: session)
            return true
        }
    }

    // MARK: sessions

    /// Stores a session by its secret's digest.
    public func createSession(accountID: UUID, digest: Data, csrfToken: String, expiresAt: Date) async throws {
        try await database.query(
            """
            INSERT INTO console_sessions (token_hash, account_id, csrf_token, expires_at)
            VALUES (\(digest), \(accountID), \(csrfToken), \(expiresAt))
            """
        ).collect()
    }

    /// The session of this digest while it has not reached its absolute expiry; its last use is moved to now.
    public func touchSession(digest: Data) async throws -> Session? {
        let rows = try await database.query(
            """
            WITH s AS (
                SELECT token_hash, account_id, csrf_token, created_at, last_seen_at FROM console_sessions
                WHERE token_hash = \(digest) AND expires_at > now()
            ), touched AS (
                UPDATE console_sessions c SET last_seen_at = now() FROM s WHERE c.token_hash = s.token_hash RETURNING c.token_hash
            )
            SELECT \(unescaped: Self.columns), s.csrf_token, s.created_at, s.last_seen_at
            FROM s JOIN accounts a ON a.id = s.account_id
            """)
        for try await (id, email, name, verified, admin, _, csrf, created, seen) in rows.decode(
            (UUID, String, String, Bool, Bool, String, String, Date, Date).self)
        {
            return Session(
                account: Account(id: id, email: email, name: name, emailVerified: verified, platformAdmin: admin), csrfToken: csrf,
                createdAt: created, lastSeenAt: seen)
        }
        return nil
    }

    public func deleteSession(digest: Data) async throws {
        try await database.query("DELETE FROM console_sessions WHERE token_hash = \(digest)").collect()
    }

    /// Signs the account out everywhere (a password change or reset, or the owner's own request).
    public func deleteSessions(of accountID: UUID) async throws {
        try await database.query("DELETE FROM console_sessions WHERE account_id = \(accountID)").collect()
    }

    // MARK: credentials

    /// A new password; every session of the account ends with it, in the same transaction.
    public func setPassword(_ accountID: UUID, hash: String) async throws {
        try await database.transaction { session in
            try await session.query("UPDATE accounts SET password_hash = \(hash), updated_at = now() WHERE id = \(accountID)")
            try await session.query("DELETE FROM console_sessions WHERE account_id = \(accountID)")
        }
    }

    /// The address proven by a link: it becomes the account's (a change of address), verified.
    public func verify(_ accountID: UUID, email: String) async throws {
        try await database.query(
            "UPDATE accounts SET email = \(email), email_verified_at = now(), updated_at = now() WHERE id = \(accountID)"
        ).collect()
    }

    // MARK: emailed links

    public func createLink(accountID: UUID, purpose: String, email: String, digest: Data, expiresAt: Date) async throws {
        try await database.query(
            """
            INSERT INTO account_links (token_hash, account_id, purpose, email, expires_at)
            VALUES (\(digest), \(accountID), \(purpose), \(email), \(expiresAt))
            """
        ).collect()
    }

    /// Uses a link once: nil when it is unknown, used, expired or for another purpose.
    public func useLink(digest: Data, purpose: String) async throws -> LinkUse? {
        for try await (account, email) in try await database.query(
            """
            UPDATE account_links SET used_at = now()
            WHERE token_hash = \(digest) AND purpose = \(purpose) AND used_at IS NULL AND expires_at > now()
            RETURNING account_id, email
            """
        ).decode((UUID, String).self) { return LinkUse(accountID: account, email: email) }
        return nil
    }

    // MARK: throttling

    /// Emails with a link queued for the account lately (so a form cannot be used to flood someone's inbox).
    public func recentLinkEmails(_ accountID: UUID, purpose: String, window: TimeInterval) async throws -> Int {
        for try await n in try await database.query(
            """
            SELECT count(*)::int FROM jobs
            WHERE kind = 'account_email' AND payload->>'account_id' = \(accountID.uuidString.lowercased())
              AND payload->>'purpose' = \(purpose) AND created_at > now() - make_interval(secs => \(window))
            """
        ).decode(Int.self) { return n }
        return 0
    }

    /// Failed log-ins in the last `window` seconds for the address typed and for the client's address (keyed digests).
    public func recentFailures(account: Data, client: Data, window: TimeInterval) async throws -> (account: Int, client: Int) {
        for try await (a, c) in try await database.query(
            """
            SELECT count(*) FILTER (WHERE key_hash = \(account))::int, count(*) FILTER (WHERE key_hash = \(client))::int
            FROM login_failures WHERE key_hash IN (\(account), \(client)) AND at > now() - make_interval(secs => \(window))
            """
        ).decode((Int, Int).self) { return (a, c) }
        return (0, 0)
    }

    public func recordFailure(account: Data, client: Data) async throws {
        try await database.query("INSERT INTO login_failures (key_hash) VALUES (\(account)), (\(client))").collect()
    }

    /// A successful log-in clears the account's failures (the client's stay: one person's success is not another's).
    public func clearFailures(account: Data) async throws {
        try await database.query("DELETE FROM login_failures WHERE key_hash = \(account)").collect()
    }
}
