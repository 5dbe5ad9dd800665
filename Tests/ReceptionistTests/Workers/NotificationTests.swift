import App
import Bookings
import Domain
import Foundation
import Notifications
import Storage
import Testing
import Workers

/// What the outbox sends, end to end: a booking change commits its jobs, the product's pool sends them through a
/// fake Twilio or a real SMTP server, and the history records sent, skipped (with the reason) or failed.
@Suite struct NotificationTests {
    static let actor = Actor(type: "agent", callID: "call-notify")
    static let newYork = ZonedClock(TimeZone(identifier: "America/New_York")!)

    /// A local date `n` days after today in New York (the fixture's zone), so the tests never book the past.
    static func day(_ n: Int) -> LocalDate { newYork.today(Date()).adding(days: n) }

    /// Books through the real service (real clock) and returns the booking.
    static func book(_ f: BookingFixture, _ date: LocalDate, _ time: String, party: Int = 2, phone: String? = "+12125550199") async throws -> Booking
    {
        let service = BookingService(database: f.database)
        let request = try f.request(date.description, time, party: party, phone: phone)
        guard
            case .fresh(.booked(let b), _) = try await service.create(
                f.tenant, request: request, actor: actor,
                idempotency: nil, render: testRender)
        else {
            throw TestFailure("booking \(date) \(time) was refused")
        }
        return b
    }

    static func state(_ f: BookingFixture, kind: String) async throws -> String {
        for try await s in try await f.database.query("SELECT state FROM jobs WHERE kind = \(kind) ORDER BY id DESC LIMIT 1").decode(String.self) {
            return s
        }
        return "none"
    }

    @Test func aBookingTextsItsConfirmationInTheBusinessesTimeAndWords() async throws {
        try await BookingFixture.run { f in
            try await f.database.run("UPDATE businesses SET phone = '+12125550100'")
            let date = Self.day(3)
            let booking = try await Self.book(f, date, "19:30")
            try await FakeTwilio.with { twilio in
                let pool = try TestPools.product(f.database, environment: twilio.environment)
                let done = try await TestPools.run([pool]) {
                    try await f.count("SELECT count(*)::int FROM jobs WHERE kind IN ('booking_confirmed', 'calendar_sync') AND state = 'succeeded'")
                        == 2
                }
                #expect(done)
                let messages = twilio.messages
                #expect(messages.count == 1)
                let sms = try #require(messages.first)
                #expect(sms.to == "+12125550199")
                #expect(sms.from == FakeTwilio.from)
                #expect(
                    sms.body.contains(
                        "Fixture: you're booked, a table for 2, \(Speech.dateTime(date, 19 * 60 + 30, today: Self.newYork.today(Date())))."))
                #expect(sms.body.contains("Confirmation code \(booking.confirmationCode)"))
                #expect(sms.body.contains("call +12125550100"))
            }
            #expect(
                try await f.count(
                    """
                    SELECT count(*)::int FROM notifications
                    WHERE status = 'sent' AND channel = 'sms' AND recipient = '\(Redaction.phone("+12125550199"))'
                    """
                ) == 1)
            #expect(try await f.count("SELECT count(*)::int FROM notifications WHERE recipient LIKE '%5550199%'") == 0, "the history masks numbers")
        }
    }

    @Test func withoutAProviderAMessageIsRecordedAsSkippedWithTheReason() async throws {
        try await BookingFixture.run { f in
            _ = try await Self.book(f, Self.day(2), "18:00")
            let done = try await TestPools.run([try TestPools.product(f.database)]) {
                try await Self.state(f, kind: "booking_confirmed") == "succeeded"
            }
            #expect(done)
            let reasons = try await f.database.query("SELECT reason FROM notifications WHERE status = 'skipped'").collect()
            #expect(reasons.count == 1)
            #expect(try reasons.first?.decode(String.self) == "text messages are not set up on this platform yet", "said so an owner understands")
        }
    }

    @Test func twilioRateLimitsWaitServerErrorsRetryAndBadNumbersDie() async throws {
        try await BookingFixture.run { f in
            _ = try await Self.book(f, Self.day(2), "18:00")
            try await FakeTwilio.with { twilio in
                let pool = { try TestPools.product(f.database, environment: twilio.environment) }
                let job = "(SELECT id FROM jobs WHERE kind = 'booking_confirmed')"

                twilio.script(.rateLimited(retryAfter: 120))
                let ok1 = try await TestPools.run([try pool()]) {
                    try await f.count(
                        "SELECT count(*)::int FROM jobs WHERE id = \(job) AND state = 'available' AND attempt = 0 AND run_at > now() + "
                            + "interval '100 seconds'"
                    ) == 1
                }
                #expect(ok1, "429 postpones by Retry-After without spending an attempt")

                try await f.database.run("UPDATE jobs SET run_at = now() WHERE id = \(job)")
                twilio.script(.serverError)
                let ok2 = try await TestPools.run([try pool()]) {
                    try await f.count("SELECT count(*)::int FROM jobs WHERE id = \(job) AND state = 'failed' AND attempt = 1 AND run_at > now()") == 1
                }
                #expect(ok2, "500 backs off and spends an attempt")

                try await f.database.run("UPDATE jobs SET run_at = now() WHERE id = \(job)")
                twilio.script(.invalidNumber)
                let ok3 = try await TestPools.run([try pool()]) { try await Self.state(f, kind: "booking_confirmed") == "dead" }
                #expect(ok3, "a 400 from Twilio is final")
                #expect(try await f.count("SELECT count(*)::int FROM notifications WHERE status = 'failed' AND reason LIKE '%21211%'") == 1)
                #expect(twilio.messages.isEmpty)

                // An operator retries the dead job once the number is fixed: it is sent.
                let id = try await f.count("SELECT id::int FROM jobs WHERE kind = 'booking_confirmed'")
                #expect(try await JobQueue(database: f.database).retryDead(Int64(id)))
                let ok7 = try await TestPools.run([try pool()]) { try await Self.state(f, kind: "booking_confirmed") == "succeeded" }
                #expect(ok7)
                #expect(twilio.messages.count == 1)
            }
        }
    }

    @Test func remindersMoveWithTheBookingAndNeverOutliveACancel() async throws {
        try await BookingFixture.run { f in
            let pending = "SELECT count(*)::int FROM jobs WHERE kind = 'booking_reminder' AND state IN ('available', 'failed')"
            func reminderAt() async throws -> Date? {
                for try await d in try await f.database.query(
                    "SELECT run_at FROM jobs WHERE kind = 'booking_reminder' AND state = 'available'"
                ).decode(Date.self) { return d }
                return nil
            }
            let booking = try await Self.book(f, Self.day(3), "19:00")
            #expect(try await f.count(pending) == 1)
            #expect(try await reminderAt() == booking.start.addingTimeInterval(-86400), "24 hours before by default")

            let service = BookingService(database: f.database)
            let move = ModifyBookingRequest(
                code: booking.confirmationCode, date: Self.day(4), time: try LocalTime(parsing: "20:00", field: "t"),
                partySize: nil, service: nil, notes: nil)
            guard
                case .fresh(.modified(_, let moved), _) = try await service.modify(
                    f.tenant, request: move, actor: Self.actor,
                    idempotency: nil, render: testRender)
            else {
                Issue.record("modify refused")
                return
            }
            #expect(try await f.count(pending) == 1, "the old reminder is withdrawn, one new one waits")
            #expect(try await reminderAt() == moved.start.addingTimeInterval(-86400))

            let back = ModifyBookingRequest(
                code: booking.confirmationCode, date: Self.day(3), time: try LocalTime(parsing: "19:00", field: "t"),
                partySize: nil, service: nil, notes: nil)
            _ = try await service.modify(f.tenant, request: back, actor: Self.actor, idempotency: nil, render: testRender)
            #expect(try await f.count(pending) == 1, "moving back revives the first reminder")
            #expect(try await reminderAt() == booking.start.addingTimeInterval(-86400))

            _ = try await service.cancel(
                businessID: f.businessID, code: booking.confirmationCode, reason: nil, actor: Self.actor,
                idempotency: nil, render: testRender)
            #expect(try await f.count(pending) == 0, "no reminder after a cancel")

            // A booking whose reminder time has already passed gets none.
            try await f.database.run("UPDATE businesses SET reminder_lead_minutes = 10080")
            _ = try await Self.book(f, Self.day(2), "19:00")
            #expect(try await f.count(pending) == 0)
        }
    }

    @Test func aDueReminderIsSentAndAStaleOneIsSkipped() async throws {
        try await BookingFixture.run { f in
            let live = try await Self.book(f, Self.day(3), "19:00")
            let moved = try await Self.book(f, Self.day(3), "20:00", phone: "+12125550177")
            // Make both reminders due; the second one's booking "moved" since its reminder was written.
            try await f.database.run("UPDATE jobs SET run_at = now() WHERE kind = 'booking_reminder'")
            try await f.database.run(
                "UPDATE bookings SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = '\(moved.id)'")
            try await FakeTwilio.with { twilio in
                let ok8 = try await TestPools.run([try TestPools.product(f.database, environment: twilio.environment)]) {
                    try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_reminder' AND state = 'succeeded'") == 2
                }
                #expect(ok8)
                let reminders = twilio.messages.filter { $0.body.hasPrefix("Reminder from Fixture") }
                #expect(reminders.count == 1)
                #expect(reminders.first?.to == "+12125550199")
                #expect(reminders.first?.body.contains(live.confirmationCode) == true)
            }
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM notifications WHERE kind = 'booking_reminder' AND status = 'skipped' AND reason LIKE '%moved%'") == 1)
        }
    }

    @Test func aBusinessesOwnTemplateIsUsed() async throws {
        try await BookingFixture.run { f in
            let store = NotificationStore(database: f.database)
            try await store.update(
                f.businessID, reminderLeadMinutes: nil,
                templates: [.bookingConfirmed: MessageTemplate(subject: nil, body: "Hi {name}! {details} on {date} at {time}. Ref {code}.")])
            let booking = try await Self.book(f, Self.day(5), "12:15")
            let planner = NotificationPlanner(database: f.database, canSMS: true, canEmail: false)
            let plan = try await planner.plan(kind: "booking_confirmed", payload: ["booking_id": booking.id.uuidString], businessID: f.businessID)
            let local = Self.newYork.local(booking.start)
            #expect(
                plan
                    == .send(
                        .init(
                            kind: .bookingConfirmed, channel: .sms, to: "+12125550199", subject: nil,
                            body:
                                "Hi Guest! a table for 2 on \(Speech.date(local.date, today: Self.newYork.today(Date()))) at 12:15 PM. Ref "
                                + "\(booking.confirmationCode)."
                        )))
        }
    }

    @Test func ownerMessagesGoByEmailOverStartTLSWithAuth() async throws {
        try await BookingFixture.run { f in
            try await f.database.run("UPDATE businesses SET email = 'owner@fixture.test'")
            try await f.database.run(
                """
                INSERT INTO messages (id, business_id, call_id, caller_name, caller_phone, body, urgent)
                VALUES ('6f1c1d3e-0000-4000-8000-000000000001', '\(f.businessID)', 'call-1', 'Zoë Müller', '+12125550123',
                'Please call back about the private room.', true)
                """)
            try await f.database.run(
                """
                INSERT INTO jobs (business_id, kind, payload) VALUES ('\(f.businessID)', 'owner_message',
                '{"message_id": "6f1c1d3e-0000-4000-8000-000000000001"}')
                """)
            try await SMTPTestServer.with { smtp in
                let ok4 = try await TestPools.run([try TestPools.product(f.database, environment: smtp.environment)]) {
                    try await Self.state(f, kind: "owner_message") == "succeeded"
                }
                #expect(ok4)
                if !ok4 {
                    let rows = try await f.database.query("SELECT state || ' ' || coalesce(last_error, '-') FROM jobs WHERE kind = 'owner_message'")
                        .collect()
                    Issue.record("job: \(try rows.map { try $0.decode(String.self) }) \(smtp.process.output)")
                }
                let mail = try #require(smtp.received.first)
                #expect(mail.contains("X-Was-TLS: True"))
                #expect(mail.contains("X-Envelope-To: owner@fixture.test"))
                #expect(mail.contains("Subject: =?UTF-8?B?"), "a non-ASCII subject is an encoded word")
                let body = try #require(mail.components(separatedBy: "\r\n\r\n").last)
                let text = String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(), as: UTF8.self)
                #expect(text.contains("URGENT: Zoë Müller (+12125550123) left a message for Fixture"))
                #expect(text.contains("Please call back about the private room."))
            }
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM notifications WHERE status = 'sent' AND channel = 'email' AND recipient = 'o•••@fixture.test'"
                ) == 1)
        }
    }

    @Test func refusedCredentialsOrARejectedAddressAreFinal() async throws {
        try await BookingFixture.run { f in
            try await f.database.run("UPDATE businesses SET email = 'owner@rejected.test'")
            try await f.database.run(
                """
                INSERT INTO messages (id, business_id, body) VALUES ('6f1c1d3e-0000-4000-8000-000000000002', '\(f.businessID)', 'hello')
                """)
            try await f.database.run(
                """
                INSERT INTO jobs (business_id, kind, payload) VALUES ('\(f.businessID)', 'owner_message',
                '{"message_id": "6f1c1d3e-0000-4000-8000-000000000002"}')
                """)
            try await SMTPTestServer.with { smtp in
                let ok5 = try await TestPools.run([try TestPools.product(f.database, environment: smtp.environment)]) {
                    try await Self.state(f, kind: "owner_message") == "dead"
                }
                #expect(ok5, "550 for the recipient")
                try await f.database.run("UPDATE businesses SET email = 'owner@fixture.test'")
                try await f.database.run("UPDATE jobs SET state = 'available', attempt = 0 WHERE kind = 'owner_message'")
                var env = smtp.environment
                env["SMTP_PASSWORD"] = "wrong"
                let ok6 = try await TestPools.run([try TestPools.product(f.database, environment: env)]) {
                    try await Self.state(f, kind: "owner_message") == "dead"
                }
                #expect(ok6, "login denied")
                #expect(smtp.received.isEmpty)
            }
            #expect(
                try await f.count("SELECT count(*)::int FROM notifications WHERE status = 'failed' AND channel = 'email' AND reason LIKE 'SMTP 550%'")
                    == 1)
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM notifications WHERE status = 'failed' AND channel = 'email' AND reason ILIKE '%login denied%'") == 1)
        }
    }
}
