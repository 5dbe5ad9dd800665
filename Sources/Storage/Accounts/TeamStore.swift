import Domain
import Foundation
import PostgresNIO

/// A business's team: who may act on it and how, and the invitations to join it. Every change is audited in its
/// own transaction; a business never loses its last owner.
public struct TeamStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Member: Sendable, Equatable {
        public var accountID: UUID
        public var name: String
        public var email: String
        public var role: AccountRole
    }

    public struct Invite: Sendable, Equatable {
        public var id: UUID
        public var businessID: UUID
        public var email: String
        public var role: AccountRole
        public var expiresAt: Date
    }

    /// Why a team change was refused.
    public enum Refusal: Error, Equatable { case lastOwner, notMember }

    /// How long an invitation's link works.
    public static let inviteLifetime: TimeInterval = 7 * 24 * 3600

    public func members(_ businessID: UUID) async throws -> [Member] {
        var members: [Member] = []
        for try await (id, name, email, role) in try await database.query(
            """
            SELECT a.id, a.name, a.email, m.role FROM account_businesses m JOIN accounts a ON a.id = m.account_id
            WHERE m.business_id = \(businessID) ORDER BY m.role, lower(a.name), a.id
            """
        ).decode((UUID, String, String, String).self) {
            members.append(Member(accountID: id, name: name, email: email, role: AccountRole(rawValue: role) ?? .staff))
        }
        return members
    }

    /// Invitations not yet accepted, revoked or expired.
    public func pendingInvites(_ businessID: UUID) async throws -> [Invite] {
        var invites: [Invite] = []
        for try await (id, email, role, expires) in try await database.query(
            """
            SELECT id, email, role, expires_at FROM account_invites
            WHERE business_id = \(businessID) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            ORDER BY created_at
            """
        ).decode((UUID, String, String, Date).self) {
            invites.append(Invite(id: id, businessID: businessID, email: email, role: AccountRole(rawValue: role) ?? .staff, expiresAt: expires))
        }
        return invites
    }

    /// The invitation, its email queued and the change audited, together.
    public func invite(_ businessID: UUID, email: String, role: AccountRole, by accountID: UUID) async throws -> UUID {
        try await database.transaction { session in
            var id: UUID?
            for try await row in try await session.query(
                """
                INSERT INTO account_invites (business_id, email, role, invited_by, expires_at)
                VALUES (\(businessID), \(email), \(role.rawValue), \(accountID), now() + make_interval(secs => \(Self.inviteLifetime)))
                RETURNING id
                """
            ).decode(UUID.self) { id = row }
            guard let id else { throw StorageError.server(sqlState: "client", message: "invite not created") }
            try await Outbox.enqueue(.teamInvite(id), businessID: businessID, in: session)
            try await AuditSQL.record(
                .account(accountID, "team.invited", business: businessID, detail: ["email": email, "role": role.rawValue]), in: session)
            return id
        }
    }

    /// The invitation with what its email needs; nil once it cannot be used any more.
    public func pendingInvite(_ id: UUID) async throws -> (invite: Invite, businessName: String, inviter: String?)? {
        try await pendingInvite(id: id, digest: nil)
    }

    /// The invitation behind a link, while it can still be accepted (what the acceptance page shows).
    public func pendingInvite(digest: Data) async throws -> (invite: Invite, businessName: String, inviter: String?)? {
        try await pendingInvite(id: nil, digest: digest)
    }

    /// By its id or by its link's digest (the one given; a NULL comparison matches nothing).
    func pendingInvite(id: UUID?, digest: Data?) async throws -> (invite: Invite, businessName: String, inviter: String?)? {
        for try await (id, businessID, email, role, expires, name, inviter) in try await database.query(
            """
            SELECT i.id, i.business_id, i.email, i.role, i.expires_at, b.name, a.name FROM account_invites i
            JOIN businesses b ON b.id = i.business_id LEFT JOIN accounts a ON a.id = i.invited_by
            WHERE (i.id = \(id) OR i.token_hash = \(digest)) AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
            """
        ).decode((UUID, UUID, String, String, Date, String, String?).self) {
            let invite = Invite(id: id, businessID: businessID, email: email, role: AccountRole(rawValue: role) ?? .staff, expiresAt: expires)
            return (invite, name, inviter)
        }
        return nil
    }

    /// The link's digest, replacing any earlier one (only the latest email's link works).
    public func setInviteLink(_ id: UUID, digest: Data) async throws {
        try await database.query("UPDATE account_invites SET token_hash = \(digest) WHERE id = \(id)").collect()
    }

    /// Uses an invitation's link once: the account joins with the invited role (an existing member keeps the higher one).
    public func accept(digest: Data, accountID: UUID) async throws -> (businessID: UUID, role: AccountRole)? {
        try await database.transaction { session in
            var taken: (UUID, String)?
            for try await row in try await session.query(
                """
                UPDATE account_invites SET accepted_at = now(), accepted_by = \(accountID)
                WHERE token_hash = \(digest) AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
                RETURNING business_id, role
                """
            ).decode((UUID, String).self) { taken = row }
            guard let (businessID, roleText) = taken, let role = AccountRole(rawValue: roleText) else { return nil }
            try await session.query(
                """
                INSERT INTO account_businesses (account_id, business_id, role) VALUES (\(accountID), \(businessID), \(role.rawValue))
                ON CONFLICT (account_id, business_id) DO UPDATE SET role = CASE WHEN account_businesses.role = 'owner' THEN 'owner'
                    ELSE EXCLUDED.role END
                """)
            try await AuditSQL.record(.account(accountID, "team.joined", business: businessID, detail: ["role": role.rawValue]), in: session)
            return (businessID, role)
        }
    }

    public func revokeInvite(_ id: UUID, businessID: UUID, by accountID: UUID) async throws -> Bool {
        try await database.transaction { session in
            var revoked = false
            for try await _ in try await session.query(
                """
                UPDATE account_invites SET revoked_at = now()
                WHERE id = \(id) AND business_id = \(businessID) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING 1
                """)
            { revoked = true }
            if revoked {
                try await AuditSQL.record(
                    .account(accountID, "team.invite_revoked", business: businessID, detail: ["invite_id": id.uuidString.lowercased()]),
                    in: session)
            }
            return revoked
        }
    }

    /// A member's new role, or their removal (`role` nil); never leaves the business without an owner.
    public func change(_ memberID: UUID, businessID: UUID, to role: AccountRole?, by accountID: UUID) async throws {
        try await database.transaction { session in
            // The owners' rows locked first, so two owners demoting each other at once cannot both succeed.
            var owners: [UUID] = []
            for try await id in try await session.query(
                "SELECT account_id FROM account_businesses WHERE business_id = \(businessID) AND role = 'owner' ORDER BY account_id FOR UPDATE"
            ).decode(UUID.self) { owners.append(id) }
            if owners == [memberID], role != .owner { throw Refusal.lastOwner }
            let statement: PostgresQuery =
                if let role {
                    """
                    UPDATE account_businesses SET role = \(role.rawValue) WHERE account_id = \(memberID) AND business_id = \(businessID)
                    RETURNING 1
                    """
                } else {
                    "DELETE FROM account_businesses WHERE account_id = \(memberID) AND business_id = \(businessID) RETURNING 1"
                }
            var changed = false
            for try await _ in try await session.query(statement) { changed = true }
            guard changed else { throw Refusal.notMember }
            try await AuditSQL.record(
                .account(
                    accountID, role == nil ? "team.removed" : "team.role_changed", business: businessID,
                    detail: ["account_id": memberID.uuidString.lowercased(), "role": role?.rawValue ?? "none"]),
                in: session)
        }
    }
}
