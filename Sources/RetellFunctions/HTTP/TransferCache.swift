import Domain
import Foundation
import Synchronization

/// What the agent needs to hand a caller over while the database is away: kept from the last successful load.
public final class TransferCache: Sendable {
    public struct Entry: Sendable {
        public var transferPhone: String?
        public var timeZone: TimeZone
    }

    private let entries = Mutex<[UUID: Entry]>([:])

    public init() {}

    public func remember(_ business: Business) {
        entries.withLock { $0[business.id] = Entry(transferPhone: business.transferPhone?.e164, timeZone: business.timezone.timeZone) }
    }

    public func entry(_ id: UUID) -> Entry? { entries.withLock { $0[id] } }
}
