import Foundation
import Testing

/// A customer who gave an email address hears of their booking by email — made, changed, reminded, cancelled — even with no
/// phone number (an owner booking with only an address used to send nothing), delivered through the real SMTP test
/// server and read back from what arrived.
@Suite struct CustomerEmailTests {
    @Test func confirmationChangeAndCancellationArriveByEmail() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "email-bistro")
            try await SMTPTestServer.with { smtp in
                /// Delivers what waits, until `count` emails have gone out (each message is sent while it still applies).
                func deliver(_ count: Int) async throws {
                    let pool = try TestPools.product(services.database, environment: smtp.environment)
                    let sent = try await TestPools.run([pool]) {
                        try await services.database.count("SELECT count(*)::int FROM notifications WHERE channel = 'email' AND status = 'sent'")
                            == count
                    }
                    #expect(sent, "\(count) emails: \(smtp.process.output)")
                }
                let made = try await api.call(
                    .post, "/v1/businesses/\(id)/bookings", key: key,
                    json: ["date": futureDate(days: 3), "time": "19:00", "party_size": 2, "name": "Eve", "email": "eve@example.org"])
                #expect(made.status == .created, "\(made.text)")
                let bookingID = try #require(made.body["id"].string)
                try await deliver(1)
                #expect(try await api.call(.patch, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key, json: ["time": "20:00"]).status == .ok)
                try await deliver(2)
                // The reminder goes by email too; made due now rather than waited for.
                #expect(
                    try await services.database.strings(
                        "UPDATE jobs SET run_at = now() WHERE kind = 'booking_reminder' AND state = 'available' RETURNING payload->>'channel'")
                        == ["email"], "one pending reminder, by email")
                try await deliver(3)
                #expect(try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key).status == .ok)
                try await deliver(4)
                #expect(
                    try await services.database.strings(
                        "SELECT kind || ' ' || (payload->>'channel') FROM jobs WHERE kind LIKE 'booking_%' AND kind <> 'booking_reminder' ORDER BY id"
                    )
                        == ["booking_confirmed email", "booking_changed email", "booking_cancelled email"],
                    "one email per change, and no text without a phone")
                let texts = smtp.received.filter { $0.contains("X-Envelope-To: eve@example.org") }.map { mail -> String in
                    let body = mail.components(separatedBy: "\r\n\r\n").last ?? ""
                    return String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(body.utf8), as: UTF8.self)
                }
                #expect(texts.count == 4)
                #expect(texts.contains { $0.contains("Reminder from") && $0.contains("8 PM") }, "\(texts)")
                #expect(texts.contains { $0.contains("you're booked, a table for 2") })
                #expect(texts.contains { $0.contains("is now a table for 2") && $0.contains("8 PM") })
                #expect(texts.contains { $0.contains("is cancelled") })
            }
        }
    }
}
