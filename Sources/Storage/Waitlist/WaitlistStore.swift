import Domain
import Foundation
import PostgresNIO

/// Waiting requests and the offers made to them. The caller's name and phone are sealed like a booking's; the phone's
/// blind index finds "my waitlist" and the open offer a text reply answers.
public struct WaitlistStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// A waiting request as read back (name and phone opened).
    public struct Entry: Sendable, Equatable {
        public var id: UUID
        public var status: String
        public var windowStart: Date
        public var windowEnd: Date
        public var partySize: Int
        public var service: String?
        public var name: String
        public var phone: String
        public var createdAt: Date
    }

    struct Personal: Codable {
        var name: String
        var phone: String
    }

    static func context(_ businessID: UUID) -> String { "waitlist:\(businessID.uuidString.lowercased())" }

    /// Adds a request (in the caller's transaction) and returns its place in the queue among those waiting for the
    /// same day whose windows overlap it.
    public static func join(
        businessID: UUID, windowStart: Date, windowEnd: Date, partySize: Int, service: String?, name: String, phone: String,
        in session: DatabaseSession
    ) async throws -> (id: UUID, position: Int) {
        let vault = try session.requireVault()
        let sealed = try vault.sealJSON(Personal(name: name, phone: phone), context: context(businessID))
        // The same request again (a retried call, a second call) is the request already waiting, in its place.
        var id = UUID()
        var inserted = false
        for try await _ in try await session.query(
            """
            INSERT INTO waitlist_entries (id, business_id, status, window_start, window_end, party_size, service, sealed, phone_index)
            VALUES (\(id), \(businessID), 'waiting', \(windowStart), \(windowEnd), \(partySize), \(service), \(sealed),
                    \(vault.phoneIndex(businessID, phone)))
            ON CONFLICT (business_id, phone_index, window_start, window_end, party_size) WHERE status IN ('waiting', 'offered') DO NOTHING
            RETURNING 1
            """)
        { inserted = true }
        if !inserted {
            for try await existing in try await session.query(
                """
                SELECT id FROM waitlist_entries
                WHERE business_id = \(businessID) AND phone_index = ANY(\(vault.phoneIndexes(businessID, phone))::text[])
                  AND window_start = \(windowStart) AND window_end = \(windowEnd) AND party_size = \(partySize) AND status IN ('waiting', 'offered')
                """
            ).decode(UUID.self) { id = existing }
        }
        var position = 1
        for try await n in try await session.query(
            """
            SELECT count(*)::int FROM waitlist_entries
            WHERE business_id = \(businessID) AND status IN ('waiting', 'offered') AND id <> \(id)
              AND created_at <= (SELECT created_at FROM waitlist_entries WHERE id = \(id))
              AND window_start < \(windowEnd) + interval '1 minute' AND window_end > \(windowStart) - interval '1 minute'
            """
        ).decode(Int.self) { position = n + 1 }
        return (id, position)
    }

    /// The phone's requests still waiting (or being offered a place), soonest first.
    public func active(businessID: UUID, phone: String) async throws -> [Entry] {
        let indexes = try database.requireVault().phoneIndexes(businessID, phone)
        return try await database.withConnection { session in
            try await Self.entries(
                """
                SELECT \(unescaped: Self.entryColumns) FROM waitlist_entries
                WHERE business_id = \(businessID) AND status IN ('waiting', 'offered') AND phone_index = ANY(\(indexes)::text[])
                  AND window_end > now()
                ORDER BY window_start
                """, businessID, in: session)
        }
    }

    /// The business's requests still ahead (waiting or being offered), soonest day first, then in the order they joined:
    /// the owner's waitlist page.
    public func upcoming(_ businessID: UUID) async throws -> [Entry] {
        try await database.withConnection { session in
            try await Self.entries(
                """
                SELECT \(unescaped: Self.entryColumns) FROM waitlist_entries
                WHERE business_id = \(businessID) AND status IN ('waiting', 'offered') AND window_end > now()
                ORDER BY window_start::date, created_at LIMIT 200
                """, businessID, in: session)
        }
    }

    /// The owner takes a request off (audited); its open offer is withdrawn and the place matched again.
    public func remove(_ entryID: UUID, businessID: UUID, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { session in
            var start: Date?
            for try await at in try await session.query(
                """
                UPDATE waitlist_entries SET status = 'left', updated_at = now()
                WHERE id = \(entryID) AND business_id = \(businessID) AND status IN ('waiting', 'offered') RETURNING window_start
                """
            ).decode(Date.self) { start = at }
            guard let start else { return false }
            try await session.query(
                "UPDATE waitlist_offers SET status = 'declined', decided_at = now() WHERE entry_id = \(entryID) AND status = 'open'")
            try await WaitlistSQL.placeFreed(businessID, around: start, in: session)
            try await AuditSQL.record(audit.adding(["entry_id": entryID.uuidString.lowercased()]), in: session)
            return true
        }
    }

    /// Every request waiting, first come first served: the matching job's queue.
    public static func waiting(_ businessID: UUID, in session: DatabaseSession) async throws -> [Entry] {
        try await entries(
            """
            SELECT \(unescaped: entryColumns) FROM waitlist_entries
            WHERE business_id = \(businessID) AND status = 'waiting' AND window_end > now() ORDER BY created_at, id
            """, businessID, in: session)
    }

    static let entryColumns = "id, status, window_start, window_end, party_size, service, sealed, created_at"

    static func entries(_ query: PostgresQuery, _ businessID: UUID, in session: DatabaseSession) async throws -> [Entry] {
        let vault = try session.requireVault()
        var found: [Entry] = []
        for try await (id, status, start, end, party, service, sealed, created) in try await session.query(query).decode(
            (UUID, String, Date, Date, Int, String?, Data?, Date).self)
        {
            guard let sealed else { continue }
            let personal = try vault.openJSON(Personal.self, sealed, context: context(businessID))
            found.append(
                Entry(
                    id: id, status: status, windowStart: start, windowEnd: end, partySize: party, service: service, name: personal.name,
                    phone: personal.phone, createdAt: created))
        }
        return found
    }

    /// The phone leaves the waitlist (of one day, or all); an offer open to it is withdrawn. How many requests left.
    public func leave(businessID: UUID, phone: String, dayStart: Date?, dayEnd: Date?) async throws -> Int {
        let indexes = try database.requireVault().phoneIndexes(businessID, phone)
        return try await database.transaction { session in
            var left: [UUID] = [], around: Date?
            for try await (id, start) in try await session.query(
                """
                UPDATE waitlist_entries SET status = 'left', updated_at = now()
                WHERE business_id = \(businessID) AND status IN ('waiting', 'offered') AND phone_index = ANY(\(indexes)::text[])
                  AND (\(dayStart)::timestamptz IS NULL OR (window_start >= \(dayStart) AND window_start < \(dayEnd)))
                RETURNING id, window_start
                """
            ).decode((UUID, Date).self) {
                left.append(id)
                around = min(around ?? start, start)
            }
            if !left.isEmpty {
                try await session.query(
                    "UPDATE waitlist_offers SET status = 'declined', decided_at = now() WHERE entry_id = ANY(\(left)::uuid[]) AND status = 'open'")
                try await WaitlistSQL.placeFreed(businessID, around: around ?? Date(), in: session)
            }
            return left.count
        }
    }

    /// An offer as the texts about it need it.
    public struct Offer: Sendable, Equatable {
        public var id: UUID
        public var entryID: UUID
        public var status: String
        public var start: Date
        public var end: Date
        public var partySize: Int
        public var service: String?
        public var expiresAt: Date
        public var name: String
        public var phone: String
    }

    public func offer(_ id: UUID) async throws -> Offer? {
        try await database.withConnection { session in
            try await Self.offers(
                "SELECT \(unescaped: Self.offerColumns) FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.id = \(id)",
                in: session
            ).first
        }
    }

    /// The open offer to this phone at this business (the one a YES or NO answers).
    public func openOffer(businessID: UUID, phone: String) async throws -> Offer? {
        let indexes = try database.requireVault().phoneIndexes(businessID, phone)
        return try await database.withConnection { session in
            try await Self.offers(
                """
                SELECT \(unescaped: Self.offerColumns) FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id
                WHERE o.business_id = \(businessID) AND o.status = 'open' AND e.phone_index = ANY(\(indexes)::text[])
                ORDER BY o.created_at DESC LIMIT 1
                """, in: session
            ).first
        }
    }

    static let offerColumns = "o.id, o.entry_id, o.status, o.starts_at, o.ends_at, o.party_size, e.service, o.expires_at, e.sealed, o.business_id"

    static func offers(_ query: PostgresQuery, in session: DatabaseSession) async throws -> [Offer] {
        let vault = try session.requireVault()
        var found: [Offer] = []
        for try await (id, entry, status, start, end, party, service, expires, sealed, business) in try await session.query(query).decode(
            (UUID, UUID, String, Date, Date, Int, String?, Date, Data?, UUID).self)
        {
            guard let sealed else { continue }
            let personal = try vault.openJSON(Personal.self, sealed, context: context(business))
            found.append(
                Offer(
                    id: id, entryID: entry, status: status, start: start, end: end, partySize: party, service: service, expiresAt: expires,
                    name: personal.name, phone: personal.phone))
        }
        return found
    }

    /// Offers past their time expire (their requests too: the place goes to the next), in the matching transaction.
    public static func expireOffers(_ businessID: UUID, in session: DatabaseSession) async throws {
        try await session.query(
            """
            WITH expired AS (
                UPDATE waitlist_offers SET status = 'expired', decided_at = now()
                WHERE business_id = \(businessID) AND status = 'open' AND expires_at <= now() RETURNING entry_id
            )
            UPDATE waitlist_entries SET status = 'expired', updated_at = now() WHERE id IN (SELECT entry_id FROM expired)
            """)
    }

    /// An offer holding the place until `expires`, its request marked offered, its text and its expiry's matching job
    /// queued, all in the matching transaction.
    public static func makeOffer(
        businessID: UUID, entryID: UUID, start: Date, end: Date, partySize: Int, staffID: UUID?, expires: Date, in session: DatabaseSession
    ) async throws -> UUID {
        let id = UUID()
        try await session.query(
            """
            INSERT INTO waitlist_offers (id, business_id, entry_id, status, starts_at, ends_at, party_size, staff_id, expires_at)
            VALUES (\(id), \(businessID), \(entryID), 'open', \(start), \(end), \(partySize), \(staffID), \(expires))
            """)
        try await session.query("UPDATE waitlist_entries SET status = 'offered', updated_at = now() WHERE id = \(entryID)")
        try await Outbox.enqueue(
            [.waitlistOffer(id), .waitlistMatch(businessID: businessID, at: expires.addingTimeInterval(1))], businessID: businessID, in: session)
        return id
    }

    /// An offer the engine can no longer honour (the time became too soon, the rules changed): closed, its request
    /// expired, and the place matched again.
    public func withdraw(_ offerID: UUID, businessID: UUID) async throws {
        _ = try await close(offerID, businessID: businessID, offer: "expired", entry: "expired")
    }

    /// NO: the offer is declined and its request leaves the queue; the place goes to the next (a matching job now).
    public func decline(_ offerID: UUID, businessID: UUID) async throws -> Bool {
        try await close(offerID, businessID: businessID, offer: "declined", entry: "left")
    }

    /// Closes an open offer and its request, and frees its place for the next request the way any freed place is
    /// (`WaitlistSQL.placeFreed`). False: the offer was no longer open.
    func close(_ offerID: UUID, businessID: UUID, offer: String, entry: String) async throws -> Bool {
        try await database.transaction { session in
            var closed: (entry: UUID, start: Date)?
            for try await row in try await session.query(
                """
                UPDATE waitlist_offers SET status = \(offer), decided_at = now() WHERE id = \(offerID) AND status = 'open'
                RETURNING entry_id, starts_at
                """
            ).decode((UUID, Date).self) { closed = row }
            guard let closed else { return false }
            try await session.query("UPDATE waitlist_entries SET status = \(entry), updated_at = now() WHERE id = \(closed.entry)")
            try await WaitlistSQL.placeFreed(businessID, around: closed.start, in: session)
            return true
        }
    }
}
