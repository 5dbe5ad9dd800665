import Foundation
import PostgresNIO

/// The Retell agent ids and phone numbers registered to a business; a call carrying them can act only on it.
public struct RetellRoutesStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public struct Routes: Sendable, Equatable {
        public var agentIDs: [String]
        public var phoneNumbers: [String]

        public init(agentIDs: [String], phoneNumbers: [String]) {
            self.agentIDs = agentIDs
            self.phoneNumbers = phoneNumbers
        }
    }

    /// The businesses a call's agent id and called number are registered to, the agent's first.
    public func owners(agentID: String?, toNumber: String?) async throws -> [UUID] {
        guard agentID != nil || toNumber != nil else { return [] }
        let rows = try await database.query(
            """
            SELECT business_id FROM retell_routes
            WHERE (kind = 'agent_id' AND value = \(agentID)) OR (kind = 'phone_number' AND value = \(toNumber))
            ORDER BY kind
            """)
        var owners: [UUID] = []
        for try await id in rows.decode(UUID.self) where !owners.contains(id) { owners.append(id) }
        return owners
    }

    public func get(_ businessID: UUID) async throws -> Routes {
        var routes = Routes(agentIDs: [], phoneNumbers: [])
        let rows = try await database.query("SELECT kind, value FROM retell_routes WHERE business_id = \(businessID) ORDER BY kind, value")
        for try await (kind, value) in rows.decode((String, String).self) {
            if kind == "agent_id" { routes.agentIDs.append(value) } else { routes.phoneNumbers.append(value) }
        }
        return routes
    }

    /// Replaces the business's routes atomically; `StorageError.duplicate` when one belongs to another business.
    public func replace(_ businessID: UUID, with routes: Routes) async throws {
        try await database.transaction { session in
            try await RetellRoutesSQL.replace(businessID, agentIDs: routes.agentIDs, numbers: routes.phoneNumbers, in: session)
        }
    }
}

/// The routes' statements inside a caller's transaction (a manual registration, or a provisioned agent's publish).
enum RetellRoutesSQL {
    static func replace(_ businessID: UUID, agentIDs: [String], numbers: [String], in session: DatabaseSession) async throws {
        try await session.query("DELETE FROM retell_routes WHERE business_id = \(businessID)")
        for (kind, values) in [("agent_id", agentIDs), ("phone_number", numbers)] {
            for value in values {
                try await session.query("INSERT INTO retell_routes (business_id, kind, value) VALUES (\(businessID), \(kind), \(value))")
            }
        }
    }
}
