import Domain
import Foundation
import PostgresNIO
import Testing

@testable import Storage

/// The live bookings read packed in one row are the ones a row per booking gives, field for field (staff or none,
/// busy times or not, odd seconds, open waitlist offers), and only those.
@Suite struct LiveBookingPackTests {
    @Test func thePackedReadEqualsOneRowPerBooking() async throws {
        try await BookingFixture.run { f in
            let staff = UUID()
            try await f.database.query("INSERT INTO staff (id, business_id, name) VALUES (\(staff), \(f.businessID), 'Ana')").collect()
            try await f.database.query(
                """
                INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, busy_starts_at, busy_ends_at,
                                      party_size, pii, customer_phone_bidx, source, staff_id)
                SELECT \(f.businessID), 'LB' || g, CASE WHEN g % 9 = 0 THEN 'CANCELLED' WHEN g % 5 = 0 THEN 'PENDING' ELSE 'CONFIRMED' END,
                       t, t + make_interval(mins => 30 + g), CASE WHEN g % 3 = 0 THEN t - interval '10 minutes' END,
                       CASE WHEN g % 3 = 0 THEN t + make_interval(mins => 45 + g, secs => 0.25) END,
                       1 + g % 7, '\\x00', md5(g::text), 'phone', CASE WHEN g % 2 = 0 THEN \(staff) END
                FROM generate_series(1, 300) g,
                     LATERAL (SELECT timestamptz '2026-12-10 12:00:00+00' + make_interval(mins => 17 * g, secs => (g % 4) * 1.5) AS t) x
                """
            ).collect()
            try await f.database.query(
                """
                INSERT INTO waitlist_entries (id, business_id, status, window_start, window_end, party_size, phone_index)
                VALUES ('11111111-1111-1111-1111-111111111111', \(f.businessID), 'offered', '2026-12-11 18:00+00', '2026-12-11 21:00+00', 2, 'x')
                """
            ).collect()
            try await f.database.query(
                """
                INSERT INTO waitlist_offers (id, business_id, entry_id, status, starts_at, ends_at, party_size, staff_id, expires_at)
                VALUES ('22222222-2222-2222-2222-222222222222', \(f.businessID), '11111111-1111-1111-1111-111111111111', 'open',
                        '2026-12-11 19:00+00', '2026-12-11 20:30+00', 3, \(staff), now() + interval '1 hour'),
                       ('33333333-3333-3333-3333-333333333333', \(f.businessID), '11111111-1111-1111-1111-111111111111', 'declined',
                        '2026-12-11 19:00+00', '2026-12-11 20:30+00', 3, NULL, now() + interval '1 hour')
                """
            ).collect()
            let from = Date(timeIntervalSince1970: 1_796_904_000)  // 2026-12-10 12:00 UTC
            let to = from.addingTimeInterval(3 * 86400)
            let packed = try await f.database.withConnection { try await BookingSQL.live(f.businessID, from: from, to: to, in: $0) }
            let rows = try await f.database.query(
                """
                SELECT id, starts_at, ends_at, party_size, staff_id, coalesce(busy_starts_at, starts_at), coalesce(busy_ends_at, ends_at)
                FROM bookings
                WHERE business_id = \(f.businessID) AND status IN ('PENDING', 'CONFIRMED')
                  AND starts_at < \(to) AND starts_at > \(from.addingTimeInterval(-86400 - 4 * 3600)) AND coalesce(busy_ends_at, ends_at) > \(from)
                UNION ALL
                SELECT id, starts_at, ends_at, party_size, staff_id, starts_at, ends_at FROM waitlist_offers
                WHERE business_id = \(f.businessID) AND status = 'open' AND expires_at > now() AND starts_at < \(to) AND ends_at > \(from)
                """
            ).collect()
            var expected: [ExistingBooking] = []
            for row in rows {
                let (id, start, end, party, staffID, busyStart, busyEnd) = try row.decode((UUID, Date, Date, Int, UUID?, Date, Date).self)
                expected.append(
                    ExistingBooking(id: id, start: start, end: end, partySize: party, staffID: staffID, busyStart: busyStart, busyEnd: busyEnd))
            }
            #expect(expected.count > 100 && expected.contains { $0.staffID == nil } && expected.contains { $0.staffID != nil })
            let open = UUID(uuidString: "22222222-2222-2222-2222-222222222222")!, declined = UUID(uuidString: "33333333-3333-3333-3333-333333333333")!
            #expect(expected.contains { $0.id == open } && !expected.contains { $0.id == declined }, "the open offer, not the declined one")
            let key = { (b: ExistingBooking) in b.id.uuidString }
            #expect(packed.sorted { key($0) < key($1) } == expected.sorted { key($0) < key($1) })
            // Nothing live in the window: no row at all, not an error.
            let none = try await f.database.withConnection {
                try await BookingSQL.live(
                    f.businessID, from: from.addingTimeInterval(-400 * 86400), to: from.addingTimeInterval(-399 * 86400), in: $0)
            }
            #expect(none.isEmpty)
        }
    }

    @Test func aPackOfTheWrongLengthIsRefused() throws {
        #expect(throws: LiveBookingPack.Malformed.self) { try LiveBookingPack.unpack(ByteBuffer(bytes: [UInt8](repeating: 0, count: 67))) }
        #expect(try LiveBookingPack.unpack(ByteBuffer()) == [])
    }
}
