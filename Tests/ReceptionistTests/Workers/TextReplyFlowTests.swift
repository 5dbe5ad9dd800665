import App
import Domain
import Foundation
import Storage
import Testing

/// Customers' texts through Twilio's inbound webhook (the fake Twilio signs and posts them to the live server, and
/// sends our outgoing texts): forgeries refused with nothing stored, a reply finds the business that last texted the
/// number, HELP, CANCEL through the engine (asking which when several), anything else to the owner's inbox, the same
/// message delivered twice handled once, STOP honoured by every later message until START, and a Spanish business's
/// customers understood in Spanish.
@Suite struct TextReplyFlowTests {
    static let site = "https://receptionist.test"
    static let customer = "+12125550111"

    struct Line: Sendable {
        var twilio: FakeTwilio
        var address: String
        /// What was texted to the customer (the owner's notices go to the business's own phone).
        var toCustomer: [FakeTwilio.Message] { twilio.messages.filter { $0.to == TextReplyFlowTests.customer } }
        func text(
            _ body: String, from: String = TextReplyFlowTests.customer, sid: String? = nil, signature: String? = nil
        ) async throws
            -> FakeTwilio.Answer
        {
            if let sid {
                return try await twilio.text(
                    address: address, signedURL: TextReplyFlowTests.site + "/v1/twilio/sms", from: from, body: body, sid: sid, signature: signature)
            }
            return try await twilio.text(
                address: address, signedURL: TextReplyFlowTests.site + "/v1/twilio/sms", from: from, body: body, signature: signature)
        }
    }

    static func run(_ body: @Sendable @escaping (API, AppServices, Line, [String: String]) async throws -> Void) async throws {
        try await FakeTwilio.with { twilio in
            let env = twilio.environment.merging(["PUBLIC_BASE_URL": Self.site]) { _, new in new }
            try await TestApp.run(extra: env, live: true) { api, services in
                let line = Line(twilio: twilio, address: "http://127.0.0.1:\(try #require(api.client.port))/v1/twilio/sms")
                try await body(api, services, line, env)
            }
        }
    }

    static func drain(_ services: AppServices, _ env: [String: String], until: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        try await TestPools.run([try TestPools.product(services.database, environment: env)], until: until)
    }

    static func book(_ api: API, _ id: String, _ time: String, days: Int = 4) async throws -> String {
        let made = try await api.retell(id).call(
            "create_booking", ["date": futureDate(days: days), "time": time, "party_size": 2, "name": "Ada Lovelace"])
        return try #require(made.body["booking"]["confirmation_code"].string, "\(made.text)")
    }

    /// Every queued notification has run.
    static func sent(_ db: Database) async throws -> Bool {
        try await db.count(
            "SELECT count(*)::int FROM jobs WHERE kind LIKE 'booking_%' AND state IN ('available', 'running', 'failed') AND run_at <= now()") == 0
    }

    @Test func repliesHelpCancelInboxAndForgeries() async throws {
        try await Self.run { api, services, line, env in
            let db = services.database
            let (id, _) = try await api.createRestaurant(slug: "texts-bistro")
            let first = try await Self.book(api, id, "19:00")
            // Nobody has texted this number yet: a reply leads nowhere (recorded, no answer).
            let stranger = try await line.text("HELP", from: "+12125550177")
            #expect(stranger.status == 200 && stranger.body.contains("<Response/>"))
            #expect(try await Self.drain(services, env) { try await Self.sent(db) && line.toCustomer.count == 1 })

            let forged = try await line.text("CANCEL", signature: "bm90IGEgc2lnbmF0dXJl")
            #expect(forged.status == 403)
            #expect(try await db.count("SELECT count(*)::int FROM sms_replies WHERE business_id IS NOT NULL") == 0, "nothing stored")

            let help = try await line.text("help")
            #expect(help.status == 200 && help.body.contains("<Message>Test texts-bistro: texts about your bookings."), "\(help.body)")

            let question = try await line.text("Can I bring my dog & my cat?", sid: "SMquestion0001")
            #expect(question.body.contains("passed on to the team"))
            let again = try await line.text("Can I bring my dog & my cat?", sid: "SMquestion0001")
            #expect(again.body == question.body, "Twilio delivering twice gets the same answer")
            #expect(try await db.count("SELECT count(*)::int FROM messages WHERE business_id = '\(id)'") == 1, "and one message in the inbox")
            #expect(try await db.count("SELECT count(*)::int FROM jobs WHERE kind = 'owner_message'") == 1)

            // One upcoming booking: CANCEL cancels it through the engine; the usual cancellation text confirms it.
            let cancel = try await line.text("Cancel")
            #expect(cancel.body.contains("<Response/>"), "\(cancel.body)")
            #expect(try await db.strings("SELECT status FROM bookings WHERE confirmation_code = '\(first)'") == ["CANCELLED"])
            #expect(try await db.count("SELECT count(*)::int FROM booking_changes WHERE action = 'cancelled' AND actor_id = 'sms'") == 1)
            let cancelled = try await Self.drain(services, env) { try await Self.sent(db) && line.toCustomer.count == 2 }
            let history = try await db.strings("SELECT kind || ':' || status || ':' || coalesce(reason, '') FROM notifications")
            #expect(cancelled, "\(history)")
            #expect(line.toCustomer.last?.body.contains("cancelled") == true)

            // Two upcoming: which one? Then the one named.
            let a = try await Self.book(api, id, "18:00"), b = try await Self.book(api, id, "20:00", days: 5)
            let which = try await line.text("C")
            #expect(which.body.contains(a) && which.body.contains(b) && which.body.contains("Reply CANCEL and the code"), "\(which.body)")
            let named = try await line.text("cancel \(b.lowercased())")
            #expect(named.status == 200)
            #expect(
                try await db.strings("SELECT status FROM bookings WHERE confirmation_code IN ('\(a)', '\(b)') ORDER BY starts_at") == [
                    "CONFIRMED", "CANCELLED",
                ])
            // Another customer of the business cannot cancel Ada's booking by its code.
            _ = try await api.retell(id).call(
                "create_booking", ["date": futureDate(days: 6), "time": "19:00", "party_size": 2, "name": "Sam"],
                call: ["from_number": "+12125550177"])
            #expect(try await Self.drain(services, env) { try await Self.sent(db) && line.twilio.messages.contains { $0.to == "+12125550177" } })
            let notTheirs = try await line.text("cancel \(a)", from: "+12125550177")
            #expect(notTheirs.body.contains("no upcoming booking"), "\(notTheirs.body)")
            #expect(try await db.strings("SELECT status FROM bookings WHERE confirmation_code = '\(a)'") == ["CONFIRMED"])
            #expect(
                try await db.count("SELECT count(*)::int FROM sms_replies WHERE intent IS NOT NULL") == 7,
                "every reply recorded with what it was read as")
        }
    }

    @Test func stopIsHonouredByEveryLaterMessageUntilStart() async throws {
        try await Self.run { api, services, line, env in
            let db = services.database
            let (id, _) = try await api.createRestaurant(slug: "texts-stop")
            let code = try await Self.book(api, id, "19:00")
            #expect(try await Self.drain(services, env) { try await Self.sent(db) && line.toCustomer.count == 1 })
            let stop = try await line.text("STOP")
            #expect(stop.body.contains("no more texts"))
            #expect(try await db.count("SELECT count(*)::int FROM audit_events WHERE action = 'sms.opted_out'") == 1)
            // A change, a new booking, a reminder's kind of message: none is texted.
            _ = try await api.retell(id).call("modify_booking", ["confirmation_code": code, "time": "20:00"])
            _ = try await Self.book(api, id, "18:00", days: 6)
            _ = try await api.retell(id).call("send_confirmation", ["confirmation_code": code])
            #expect(try await Self.drain(services, env) { try await Self.sent(db) })
            #expect(line.toCustomer.count == 1, "nothing texted after STOP")
            #expect(
                try await db.count("SELECT count(*)::int FROM notifications WHERE channel = 'sms' AND status = 'skipped' AND reason LIKE '%STOP%'")
                    >= 3)
            // After STOP only START and HELP are answered; anything else still reaches the owner.
            let chatter = try await line.text("why did you stop?")
            #expect(chatter.body.contains("<Response/>"))
            #expect(try await db.count("SELECT count(*)::int FROM messages WHERE business_id = '\(id)'") == 1)
            let start = try await line.text("start")
            #expect(start.body.contains("texts are on again"))
            _ = try await Self.book(api, id, "17:00", days: 7)
            #expect(
                try await Self.drain(services, env) { try await Self.sent(db) && line.toCustomer.count == 2 }, "texts flow again after START")
        }
    }

    @Test func aSpanishBusinessCustomersAreUnderstoodInSpanish() async throws {
        try await Self.run { api, services, line, env in
            let db = services.database
            let every = [["opens": "12:00", "closes": "23:00"]]
            let weekly = Dictionary(
                uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { ($0, every) })
            let (id, _) = try await api.createBusiness(
                slug: "texts-taberna",
                extra: [
                    "language": "es-ES", "transfer_phone": "+12125550123", "hours": ["weekly": weekly],
                    "policy": ["capacity": 10, "max_party_size": 6, "min_notice_minutes": 0, "booking_horizon_days": 90],
                ])
            let code = try await Self.book(api, id, "21:00")
            #expect(try await Self.drain(services, env) { try await Self.sent(db) && line.toCustomer.count == 1 })
            let help = try await line.text("Ayuda")
            #expect(help.body.contains("mensajes sobre sus reservas"), "\(help.body)")
            let cancel = try await line.text("CANCELAR")
            #expect(cancel.status == 200)
            #expect(try await db.strings("SELECT status FROM bookings WHERE confirmation_code = '\(code)'") == ["CANCELLED"])
            let yes = try await line.text("sí")
            #expect(yes.body.contains("gracias"), "no offer waits: to the owner, answered in Spanish \(yes.body)")
            #expect(try await db.strings("SELECT intent FROM sms_replies WHERE intent IS NOT NULL ORDER BY created_at") == ["help", "cancel", "yes"])
        }
    }
}
