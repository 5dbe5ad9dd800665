import Domain
import Foundation
import PostgresNIO

/// What a business's set-up checklist shows: each item true once it is done.
public struct SetupProgress: Sendable, Equatable {
    public var hours: Bool
    public var rules: Bool
    public var transferPhone: Bool
    public var closures: Int
    public var phoneAgent: Bool
    /// The Google Calendar connection's state (`connected`, `invalid`, `disconnected`), nil when never connected.
    public var calendar: String?
    public var calendarAccount: String?
    public var testCall: Bool
}

extension BusinessStore {
    /// The businesses an account may act on, with its role, and every business for a platform admin (as an owner).
    public func memberships(of accountID: UUID, admin: Bool) async throws -> [(business: Business, role: AccountRole)] {
        let query: PostgresQuery =
            if admin {
                "SELECT \(unescaped: BusinessRows.columns), 'owner' AS member_role FROM businesses b ORDER BY b.name, b.id LIMIT 500"
            } else {
                """
                SELECT \(unescaped: BusinessRows.columns), m.role AS member_role FROM businesses b
                JOIN LATERAL (SELECT role, created_at AS joined_at FROM account_businesses
                              WHERE business_id = b.id AND account_id = \(accountID)) m ON true
                ORDER BY m.joined_at, b.id
                """
            }
        var result: [(Business, AccountRole)] = []
        for try await row in try await database.query(query) {
            let role = try row.makeRandomAccess()["member_role"].decode(String.self)
            result.append((try BusinessRows.decode(row), AccountRole(rawValue: role) ?? .staff))
        }
        return result.map { (business: $0.0, role: $0.1) }
    }

    /// The account's role in one business (owner for a platform admin); nil when it has none.
    public func role(of accountID: UUID, admin: Bool, in businessID: UUID) async throws -> (business: Business, role: AccountRole)? {
        for try await row in try await database.query(
            """
            SELECT \(unescaped: BusinessRows.columns),
              CASE WHEN \(admin) THEN 'owner'
                   ELSE (SELECT role FROM account_businesses WHERE business_id = b.id AND account_id = \(accountID)) END AS member_role
            FROM businesses b WHERE b.id = \(businessID)
            """)
        {
            guard let role = try row.makeRandomAccess()["member_role"].decode(String?.self).flatMap(AccountRole.init(rawValue:)) else {
                return nil
            }
            return (try BusinessRows.decode(row), role)
        }
        return nil
    }

    /// The set-up checklist of several businesses in one query.
    public func setupProgress(_ ids: [UUID]) async throws -> [UUID: SetupProgress] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: SetupProgress] = [:]
        for try await (id, hours, rules, transfer, closures, agent, calendar, account, call) in try await database.query(
            """
            SELECT b.id,
              EXISTS (SELECT 1 FROM business_hours h WHERE h.business_id = b.id),
              b.rules_confirmed_at IS NOT NULL,
              b.transfer_phone IS NOT NULL,
              (SELECT count(*)::int FROM business_date_overrides o WHERE o.business_id = b.id AND o.date >= current_date - 1),
              EXISTS (SELECT 1 FROM retell_routes r WHERE r.business_id = b.id),
              c.status, c.account_email,
              EXISTS (SELECT 1 FROM calls k WHERE k.business_id = b.id)
            FROM businesses b LEFT JOIN calendar_connections c ON c.business_id = b.id
            WHERE b.id = ANY(\(ids))
            """
        ).decode((UUID, Bool, Bool, Bool, Int, Bool, String?, String?, Bool).self) {
            result[id] = SetupProgress(
                hours: hours, rules: rules, transferPhone: transfer, closures: closures, phoneAgent: agent, calendar: calendar,
                calendarAccount: account, testCall: call)
        }
        return result
    }
}
