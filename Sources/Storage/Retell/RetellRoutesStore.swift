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
        try await database.transaction { [logger = database.logger] connection in
            try await connection.query("DELETE FROM retell_routes WHERE business_id = \(businessID)", logger: logger)
            for (kind, values) in [("agent_id", routes.agentIDs), ("phone_number", routes.phoneNumbers)] {
                for value in values {
                    try await connection.query(
                        "INSERT INTO retell_routes (business_id, kind, value) VALUES (\(businessID), \(kind), \(value))", logger: logger)
                }
            }
        }
    }
}
