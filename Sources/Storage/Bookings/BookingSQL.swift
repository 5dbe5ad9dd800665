import Domain
import Foundation
import Logging
import PostgresNIO

/// What a new booking row needs; the confirmation code is chosen on insert.
public struct NewBookingRow: Sendable {
    public var businessID: UUID
    public var status: BookingStatus
    public var start: Date
    public var end: Date
    public var busyStart: Date
    public var busyEnd: Date
    public var partySize: Int
    public var customerName: String?
    public var customerPhone: String?
    public var notes: String?
    public var customerEmail: String?
    /// Answers to the business's intake questions (sealed).
    public var intake: [String: String] = [:]
    public var service: String?
    public var staffID: UUID?
    public var options: [String: String]
    public var source: BookingSource
    public var callID: String?

    public init(
        businessID: UUID, status: BookingStatus, start: Date, end: Date, busyStart: Date, busyEnd: Date, partySize: Int,
        customerName: String?, customerPhone: String?, notes: String?, service: String?, staffID: UUID?,
        options: [String: String], source: BookingSource, callID: String?, customerEmail: String? = nil
    ) {
        self.customerEmail = customerEmail
        self.businessID = businessID
        self.status = status
        self.start = start
        self.end = end
        self.busyStart = busyStart
        self.busyEnd = busyEnd
        self.partySize = partySize
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.notes = notes
        self.service = service
        self.staffID = staffID
        self.options = options
        self.source = source
        self.callID = callID
    }
}

/// Booking statements that run inside a caller's transaction, so a decision and its writes commit together.
public enum BookingSQL {
    /// Serialises capacity decisions of one business until commit: two callers racing for the last table queue here.
    public static func lockBusiness(_ businessID: UUID, in session: DatabaseSession) async throws {
        _ = try await take(.wait, businessID, in: session)
    }

    /// The lock as asked (`.tryOnly`: only if nobody holds it), by a statement of its own: true when taken.
    static func take(_ lock: BusinessLock, _ businessID: UUID, in session: DatabaseSession) async throws -> Bool {
        guard let taking = lock.taking(businessID) else { return false }
        for row in try await session.rows("SELECT \(taking)") { return try row.decode(Bool.self) }
        return false
    }

    /// Live bookings overlapping [from, to); bounded below by a day so the index range follows the dates asked about.
    /// With them, the places held for a waitlist offer still open (its id stands for a booking's): nobody else can
    /// take a place while it is being offered.
    public static func live(
        _ businessID: UUID, from: Date, to: Date, in session: DatabaseSession
    ) async throws -> [ExistingBooking] {
        // One row: each booking packed in 68 bytes of the wire's own binary forms (`LiveBookingPack`), since a driver
        // row per booking (its frame, its async step, seven cells) was the largest part of a booking's CPU in the
        // profile: a busy restaurant's three days are a couple of hundred rows, read on every check and booking.
        let rows = try await session.rows(
            """
            SELECT string_agg(uuid_send(id) || timestamptz_send(starts_at) || timestamptz_send(ends_at) || int4send(party_size)
                              || uuid_send(coalesce(staff_id, '00000000-0000-0000-0000-000000000000')) || timestamptz_send(busy_start)
                              || timestamptz_send(busy_end), ''::bytea)
            FROM (SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at) AS busy_start,
                         coalesce(busy_ends_at, ends_at) AS busy_end
                  FROM bookings
                  WHERE business_id = \(businessID) AND status IN ('PENDING', 'CONFIRMED')
                    AND starts_at < \(to) AND starts_at > \(from.addingTimeInterval(-86400 - 4 * 3600)) AND coalesce(busy_ends_at, ends_at) > \(from)
                  UNION ALL
                  SELECT id, starts_at, ends_at, party_size, staff_id, starts_at, ends_at FROM waitlist_offers
                  WHERE business_id = \(businessID) AND status = 'open' AND expires_at > now() AND starts_at < \(to) AND ends_at > \(from)
                 ) AS live
            """)
        var packed: ByteBuffer?
        for row in rows {
            var cells = row.makeIterator()
            packed = try cells.next()?.decode(ByteBuffer?.self)
        }
        return try packed.map(LiveBookingPack.unpack) ?? []
    }

    /// Inserts with a fresh speakable code, retrying on the rare code collision without aborting the transaction.
    public static func insert(
        _ new: NewBookingRow, in session: DatabaseSession
    ) async throws -> Booking {
        let options = JSONText.object(new.options)
        var sealed = BookingPersonal(name: new.customerName, phone: new.customerPhone, email: new.customerEmail, notes: new.notes)
        sealed.intake = new.intake.isEmpty ? nil : new.intake
        let personal = try BookingRows.stored(sealed, businessID: new.businessID, vault: session.vault)
        for _ in 0 ..< 8 {
            let code = ConfirmationCode.generate()
            let rows = try await session.rows(
                """
                WITH b AS (
                    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, busy_starts_at, busy_ends_at,
                        party_size, customer_name, pii, customer_phone_bidx, search_tokens, service, staff_id, options, source, call_id)
                    VALUES (\(new.businessID), \(code), \(new.status.rawValue), \(new.start), \(new.end), \(new.busyStart), \(new.busyEnd),
                        \(new.partySize), \(personal.plainName), \(personal.pii), \(personal.phoneIndex), \(personal.tokens), \(new.service),
                        \(new.staffID), \(options)::jsonb, \(new.source.rawValue), \(new.callID))
                    ON CONFLICT (business_id, confirmation_code) DO NOTHING
                    RETURNING *
                )
                SELECT \(unescaped: BookingRows.columns) FROM b
                """)
            for row in rows { return try BookingRows.decode(row, vault: session.vault, written: (sealed, new.options)) }
        }
        throw StorageError.server(sqlState: "client", message: "could not find a free confirmation code")
    }

    /// Writes the changed fields of a booking (status, times, party, personal fields, staff, options) and returns the stored row.
    /// `busyStart`/`busyEnd` nil keep the stored busy window (a status change does not move the staff member's time).
    public static func update(
        _ b: Booking, busyStart: Date?, busyEnd: Date?, in session: DatabaseSession
    ) async throws -> Booking {
        // Notes may have changed: the personal fields are sealed again (and a row from before sealing loses its plain copy).
        let written = BookingPersonal(b)
        let personal = try BookingRows.stored(written, businessID: b.businessID, vault: session.vault)
        let options = JSONText.object(b.options)
        let rows = try await session.rows(
            """
            WITH u AS (
                UPDATE bookings SET status = \(b.status.rawValue), starts_at = \(b.start), ends_at = \(b.end),
                    busy_starts_at = coalesce(\(busyStart), busy_starts_at), busy_ends_at = coalesce(\(busyEnd), busy_ends_at), party_size =
                    \(b.partySize),
                    customer_name = \(personal.plainName), customer_phone = NULL, notes = NULL, pii = \(personal.pii),
                    customer_phone_bidx = \(personal.phoneIndex), search_tokens = \(personal.tokens),
                    service = \(b.service), staff_id = \(b.staffID), options = \(options)::jsonb, updated_at = now(),
                    cancelled_at = CASE WHEN \(b.status.rawValue) = 'CANCELLED' THEN coalesce(cancelled_at, now()) ELSE NULL END,
                    -- Changed here, the booking is the truth again (its calendar job writes it back to Google): no flag.
                    calendar_flag = NULL, calendar_flag_start = NULL, calendar_flag_end = NULL, calendar_flagged_at = NULL
                WHERE id = \(b.id) AND business_id = \(b.businessID)
                RETURNING *
            )
            SELECT \(unescaped: BookingRows.columns) FROM u b
            """)
        for row in rows { return try BookingRows.decode(row, vault: session.vault, written: (written, b.options)) }
        throw StorageError.server(sqlState: "client", message: "booking vanished during update")
    }

    /// The append-only audit row of a mutation, written in one statement with the change's other writes (its jobs, its
    /// reminder: `BookingService.record`).
    public static func change(_ action: String, before: Booking?, after: Booking, actor: Actor, reason: String?) -> SQLPart {
        """
        INSERT INTO booking_changes (business_id, booking_id, action, actor_type, actor_id, reason, before, after, call_id, request_id)
        VALUES (\(after.businessID), \(after.id), \(action), \(actor.type), \(actor.id), \(reason.map(Redaction.scrub)),
                \(before.map(BookingRows.snapshotJSON))::jsonb, \(BookingRows.snapshotJSON(after))::jsonb, \(actor.callID), \(actor.requestID))
        """
    }

    /// One booking of this business by id, locked for update.
    public static func byID(
        _ id: UUID, businessID: UUID, in session: DatabaseSession
    ) async throws -> Booking? {
        let rows = try await session.query(
            """
            SELECT \(unescaped: BookingRows.columns) FROM bookings b
            WHERE b.business_id = \(businessID) AND b.id = \(id) FOR UPDATE OF b
            """)
        for try await row in rows { return try BookingRows.decode(row, vault: session.vault) }
        return nil
    }

    /// One booking of this business by code, locked for update when `lock` is set.
    public static func byCode(
        _ code: String, businessID: UUID, lock: Bool, in session: DatabaseSession
    ) async throws -> Booking? {
        let rows = try await session.rows(
            """
            SELECT \(unescaped: BookingRows.columns) FROM bookings b
            WHERE b.business_id = \(businessID) AND b.confirmation_code = \(code)
            \(unescaped: lock ? "FOR UPDATE OF b" : "")
            """)
        for row in rows { return try BookingRows.decode(row, vault: session.vault) }
        return nil
    }

    /// Upcoming live bookings of this business matching a phone (E.164), a name (every word a prefix of a word of the
    /// name), or both, soonest first; found through the blind indexes, so the plain values never reach SQL.
    public static func upcoming(
        businessID: UUID, phone: String?, name: String?, from: Date, to: Date?, limit: Int, in session: DatabaseSession
    ) async throws -> [Booking] {
        guard let match = PersonalMatch(businessID: businessID, phone: phone, name: name, vault: try session.requireVault()) else { return [] }
        let rows = try await session.query(
            """
            SELECT \(unescaped: BookingRows.columns) FROM bookings b
            WHERE b.business_id = \(businessID) AND b.status IN ('PENDING', 'CONFIRMED') AND b.starts_at >= \(from)
              AND (\(to)::timestamptz IS NULL OR b.starts_at < \(to))
              AND (\(match.phoneIndexes)::text[] IS NULL OR b.customer_phone_bidx = ANY(\(match.phoneIndexes)::text[]))
              AND (\(match.nameTokens)::text[] IS NULL OR b.search_tokens @> \(match.nameTokens)::text[])
            ORDER BY b.starts_at LIMIT \(limit)
            """)
        var result: [Booking] = []
        for try await row in rows { result.append(try BookingRows.decode(row, vault: session.vault)) }
        return result
    }

    /// The name on this caller's most recent booking (for greeting a returning caller), found by the phone's index.
    public static func latestName(
        businessID: UUID, phone: String, in session: DatabaseSession
    ) async throws -> String? {
        let rows = try await session.query(
            """
            SELECT \(unescaped: BookingRows.columns) FROM bookings b
            WHERE b.business_id = \(businessID) AND b.customer_phone_bidx = ANY(\(try session.requireVault().phoneIndexes(businessID, phone))::text[])
            ORDER BY b.created_at DESC LIMIT 1
            """)
        for try await row in rows { return try BookingRows.decode(row, vault: session.vault).customerName }
        return nil
    }
}
