import Domain
import Foundation
import PostgresNIO

/// Bookings read by id outside a booking transaction: what the outbox's jobs (messages, calendar sync) look up when
/// they run, long after the change that queued them.
public struct BookingStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// The booking as it is now, personal data opened; nil once it no longer exists.
    public func get(_ id: UUID) async throws -> Booking? {
        let rows = try await database.query("SELECT \(unescaped: BookingRows.columns) FROM bookings b WHERE b.id = \(id)")
        for try await row in rows { return try BookingRows.decode(row, vault: database.vault) }
        return nil
    }
}
