import Foundation
import HTTPTypes
import Testing

/// The seed systems on the one engine: a golf course's rounds (length, prices by time of day, windows, a change of
/// round), seed 004's consultations (intake questions, lengths chosen per booking, PUT of a booking), and the owner's
/// opt-in alerts, each through the real routes and a real PostgreSQL.
@Suite struct SeedSystemsTests {
    static let everyDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    static func weekly(_ opens: String, _ closes: String) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: everyDay.map { ($0, [["opens": opens, "closes": closes]]) })
    }

    @Test func aCourseSellsRoundsByLengthAndPriceAndSearchesAWindow() async throws {
        try await TestApp.run { api, services in
            let rounds: [[String: Any]] = [
                ["holes": "EIGHTEEN", "minutes": 270, "rates": [["from": "00:00", "price_cents": 6500], ["from": "15:00", "price_cents": 4500]]],
                ["holes": "NINE", "minutes": 135, "rates": [["from": "00:00", "price_cents": 3500]]],
            ]
            let (id, key) = try await api.createBusiness(
                slug: "seed-links",
                extra: [
                    "kind": "tee_times", "hours": ["weekly": Self.weekly("07:00", "19:00")],
                    "policy": [
                        "slot_interval_minutes": 10, "capacity": 4, "max_party_size": 4, "min_notice_minutes": 0, "booking_horizon_days": 14,
                        "round_types": rounds,
                    ],
                ])
            let shown = try await api.call(.get, "/v1/businesses/\(id)", key: key)
            #expect(shown.body["policy"]["round_types"][0]["rates"][1]["from"].string == "15:00", "\(shown.text)")
            let retell = api.retell(id)
            let date = futureDate(days: 4)

            // "Between 7 and 9" lists tee times in that window, each priced in words.
            let window = try await retell.call("check_availability", ["date": date, "time": "07:00-09:00", "party_size": 2, "holes": "NINE"])
            let slots = window.body["slots"].array
            #expect(window.body["ok"].bool == true && !slots.isEmpty, "\(window.text)")
            #expect(slots.allSatisfy { ($0["start"].string ?? "") >= "\(date)T07:00" && ($0["start"].string ?? "") <= "\(date)T09:00" })
            #expect(slots.allSatisfy { $0["price_spoken"].string == "thirty-five dollars per player" && $0["holes"].string == "NINE" })

            // The twilight rate from 15:00, and no 18-hole round that would end after closing.
            let twilight = try await retell.call("check_availability", ["date": date, "time": "14:30", "party_size": 2, "holes": "EIGHTEEN"])
            #expect(twilight.body["slot"]["price_spoken"].string == "sixty-five dollars per player", "\(twilight.text)")
            let late18 = try await retell.call("check_availability", ["date": date, "time": "15:00", "party_size": 2, "holes": "EIGHTEEN"])
            #expect(late18.body["ok"].bool == false && late18.body["error"].string == "OUTSIDE_HOURS", "15:00 + 4h30 ends after 19:00")
            #expect(late18.body["available"].bool == false && late18.body["reason"].string == "OUTSIDE_HOURS", "the deprecated fields stay")
            let offered = late18.body["alternatives"].array.compactMap { $0["start"].string }.filter { $0.hasPrefix(date) }
            #expect(!offered.isEmpty && offered.allSatisfy { $0 <= "\(date)T14:30" }, "only 18-hole starts that finish: \(offered)")
            let evening = try await retell.call("check_availability", ["date": date, "time": "16:00-24:00", "party_size": 2, "holes": "NINE"])
            #expect(
                evening.body["slots"].array.compactMap { $0["start"].string }.allSatisfy { $0 >= "\(date)T16:00" && $0 <= "\(date)T16:40" }
                    && !evening.body["slots"].array.isEmpty, "a window to midnight: nine holes until 16:40: \(evening.text)")
            let late9 = try await retell.call("check_availability", ["date": date, "time": "16:00", "party_size": 2, "holes": "NINE"])
            #expect(late9.body["available"].bool == true, "nine holes from 16:00 end at 18:15: \(late9.text)")

            let made = try await retell.call("create_booking", ["date": date, "time": "16:00", "party_size": 2, "name": "Tom", "holes": "NINE"])
            let code = try #require(made.body["booking"]["confirmation_code"].string, "\(made.text)")
            #expect(made.body["booking"]["price_spoken"].string == "thirty-five dollars per player")

            // Changing the round is checked like any move: 18 holes from 16:00 is refused and nothing changes.
            let refused = try await retell.call("modify_booking", ["confirmation_code": code, "holes": "EIGHTEEN"])
            #expect(refused.body["ok"].bool == false && refused.body["error"].string == "OUTSIDE_HOURS", "\(refused.text)")
            #expect(!refused.body["alternatives"].array.isEmpty)
            #expect(try await services.database.strings("SELECT options->>'holes' FROM bookings") == ["NINE"])
            let moved = try await retell.call("modify_booking", ["confirmation_code": code, "holes": "EIGHTEEN", "time": "09:00"])
            #expect(moved.body["ok"].bool == true, "\(moved.text)")
            let list = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key)
            let booking = list.body["bookings"][0]
            #expect(booking["holes"].string == "EIGHTEEN" && booking["price_per_player"].string == "65.00", "\(list.text)")
            #expect(booking["duration_minutes"].int == 270 && booking["currency"].string == "USD")

            let toldBefore = try await api.call(.get, "/v1/businesses/\(id)/retell/tools", key: key).body["prompt"].string ?? ""
            #expect(toldBefore.contains("sixty-five dollars, forty-five dollars from 3 PM per player"), "\(toldBefore)")

            // A replacement that restates the time keeps the round and its quoted price (the rates may change meanwhile).
            let bookingID = try #require(booking["id"].string)
            _ = try await api.call(
                .patch, "/v1/businesses/\(id)", key: key,
                json: ["policy": ["round_types": [["holes": "EIGHTEEN", "minutes": 270, "rates": [["from": "00:00", "price_cents": 9900]]]]]])
            let restated = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "09:00", "party_size": 3, "name": "Tom Morris"])
            #expect(restated.status == .ok, "\(restated.text)")
            #expect(restated.body["holes"].string == "EIGHTEEN" && restated.body["price_per_player"].string == "65.00", "\(restated.text)")
            #expect(restated.body["party_size"].int == 3)

            // The agent is told the rounds and their prices; a twilight rate before the first is refused by its field.
            let tools = try await api.call(.get, "/v1/businesses/\(id)/retell/tools", key: key)
            let prompt = tools.body["prompt"].string ?? ""
            #expect(prompt.contains("18 holes (EIGHTEEN") && prompt.contains("ninety-nine dollars per player"), "today's rates: \(prompt)")
            let bad = try await api.call(
                .patch, "/v1/businesses/\(id)", key: key,
                json: [
                    "policy": [
                        "round_types": [
                            ["holes": "NINE", "minutes": 135, "rates": [["from": "00:00", "price_cents": 1], ["from": "00:00", "price_cents": 2]]]
                        ]
                    ]
                ])
            #expect(bad.status == .unprocessableContent && bad.body["error"]["field"].string == "policy.round_types[0].rates[1].from", "\(bad.text)")
        }
    }

    @Test func aConsultationAsksItsQuestionsTakesAChosenLengthAndIsReplacedByPut() async throws {
        try await TestApp.run { api, services in
            let questions: [[String: Any]] = [
                ["key": "company", "label": "Which company are you with?", "kind": "text", "required": true],
                ["key": "inquiry_topic", "label": "Is it about sales or support?", "kind": "choice", "choices": ["Sales", "Support"]],
            ]
            let (id, key) = try await api.createBusiness(
                slug: "seed-consult",
                extra: [
                    "kind": "appointments", "hours": ["weekly": Self.weekly("09:00", "17:00")],
                    "policy": ["min_notice_minutes": 0, "booking_horizon_days": 60, "intake_questions": questions],
                ])
            let put = try await api.call(
                .put, "/v1/businesses/\(id)/services", key: key,
                json: ["services": [["name": "Consultation", "duration_minutes": 30, "durations": [15, 30, 45, 60]]]])
            #expect(put.status == .ok, "\(put.text)")
            _ = try await api.call(.put, "/v1/businesses/\(id)/staff", key: key, json: ["staff": [["name": "Kim", "services": ["Consultation"]]]])

            // The agent's tool names each question (required ones required); the prompt tells it to ask them.
            let tools = try await api.call(.get, "/v1/businesses/\(id)/retell/tools", key: key)
            let create = try #require(tools.body["tools"].array.first { $0["name"].string == "create_booking" })
            let intake = create["parameters"]["properties"]["intake"]
            #expect(intake["properties"]["company"]["description"].string == "Which company are you with?", "\(tools.text)")
            #expect(intake["properties"]["inquiry_topic"]["enum"].array.map(\.string) == ["Sales", "Support"])
            #expect(intake["required"].array.map(\.string) == ["company"])
            #expect((tools.body["prompt"].string ?? "").contains("\"Which company are you with?\" (company, required)"))

            let retell = api.retell(id)
            let date = futureDate(days: 5)
            let missing = try await retell.call("create_booking", ["date": date, "time": "10:00", "name": "Ada", "party_size": 1])
            #expect(missing.body["error"].string == "INVALID_ARGUMENT" && missing.body["field"].string == "intake.company", "\(missing.text)")
            let oddLength = try await retell.call(
                "create_booking",
                ["date": date, "time": "10:00", "name": "Ada", "party_size": 1, "duration_minutes": 20, "intake": ["company": "Acme"]])
            #expect(oddLength.body["ok"].bool == false && oddLength.body["field"].string == "duration_minutes", "\(oddLength.text)")
            let made = try await retell.call(
                "create_booking",
                [
                    "date": date, "time": "10:00", "name": "Ada", "party_size": 1, "duration_minutes": 45,
                    "intake": ["company": "Acme Analytics", "inquiry_topic": "sales"],
                ])
            let code = try #require(made.body["booking"]["confirmation_code"].string, "\(made.text)")
            #expect(made.body["booking"]["intake"]["inquiry_topic"].string == "Sales", "the owner's spelling of the choice")
            #expect(
                try await services.database.count(
                    "SELECT count(*)::int FROM bookings WHERE encode(pii, 'escape') LIKE '%Acme%' OR options::text LIKE '%Acme%'") == 0,
                "the answers are sealed")

            // A move keeps the chosen length; the owner sees the answers.
            let moved = try await retell.call("modify_booking", ["confirmation_code": code, "time": "11:00"])
            #expect(moved.body["ok"].bool == true, "\(moved.text)")
            var booking = try await api.call(.get, "/v1/businesses/\(id)/bookings", key: key).body["bookings"][0]
            #expect(booking["duration_minutes"].int == 45 && booking["local_time"].string == "11:00", "\(booking)")
            #expect(booking["intake"]["company"].string == "Acme Analytics")
            let bookingID = try #require(booking["id"].string)

            // A change names only the answers it changes; a required one cannot be cleared.
            let topic = try await retell.call("modify_booking", ["confirmation_code": code, "intake": ["inquiry_topic": "Support"]])
            #expect(topic.body["booking"]["intake"]["company"].string == "Acme Analytics", "\(topic.text)")
            #expect(topic.body["booking"]["intake"]["inquiry_topic"].string == "Support")
            let cleared = try await retell.call("modify_booking", ["confirmation_code": code, "intake": ["company": ""]])
            #expect(cleared.body["error"].string == "INVALID_ARGUMENT" && cleared.body["field"].string == "intake.company", "\(cleared.text)")

            // Cancelled and restored, it keeps its chosen length.
            _ = try await api.call(.delete, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key)
            let restored = try await api.call(.post, "/v1/businesses/\(id)/bookings/\(bookingID)/status", key: key, json: ["status": "CONFIRMED"])
            #expect(restored.body["status"].string == "CONFIRMED" && restored.body["duration_minutes"].int == 45, "\(restored.text)")

            // PUT replaces the details: what is left out is cleared or takes the usual value.
            let replaced = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: [
                    "date": date, "time": "14:00", "party_size": 1, "name": "Ada Lovelace", "duration_minutes": 60,
                    "intake": ["company": "Analytical Engines"],
                ])
            #expect(replaced.status == .ok, "\(replaced.text)")
            #expect(replaced.body["duration_minutes"].int == 60 && replaced.body["customer_name"].string == "Ada Lovelace")
            #expect(replaced.body["intake"]["inquiry_topic"].isNull && replaced.body["customer_phone"].isNull, "\(replaced.text)")
            let usual = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada Lovelace"])
            #expect(usual.body["duration_minutes"].int == 60 && usual.body["intake"].isNull, "the length is kept: \(usual.text)")
            #expect(
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_reminder' AND state = 'available'") == 0,
                "no phone, no address: no reminder")
            let emailOnly = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada Lovelace", "email": "ada@example.org"])
            #expect(emailOnly.status == .ok)
            #expect(
                try await services.database.strings(
                    "SELECT coalesce(payload->>'channel', 'sms') FROM jobs WHERE kind = 'booking_reminder' AND state = 'available'") == ["email"])
            _ = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada Lovelace", "phone": "+12125550177"])
            #expect(
                try await services.database.strings(
                    "SELECT coalesce(payload->>'channel', 'sms') FROM jobs WHERE kind = 'booking_reminder' AND state = 'available'") == ["sms"],
                "the revived reminder follows the booking's contact")
            let unknown = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada", "intake": ["shoe_size": "9"]])
            #expect(unknown.status == .unprocessableContent && unknown.body["error"]["field"].string == "intake.shoe_size", "\(unknown.text)")
            let notOffered = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada", "duration_minutes": 50])
            #expect(notOffered.status == .unprocessableContent && notOffered.body["error"]["field"].string == "duration_minutes")
            #expect(
                try await services.database.strings("SELECT action FROM booking_changes ORDER BY id")
                    == ["created", "modified", "modified", "cancelled", "restored", "modified", "modified", "modified", "modified"],
                "each accepted change audited, the refused ones not")

            // The answers are personal data: erased with the customer.
            _ = try await api.call(
                .put, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key,
                json: ["date": date, "time": "14:00", "party_size": 1, "name": "Ada", "phone": "+12125550142", "intake": ["company": "Acme"]])
            let erase = try await api.call(.post, "/v1/businesses/\(id)/customers/%2B12125550142/erase", key: key)
            #expect(erase.status == .ok, "\(erase.text)")
            booking = try await api.call(.get, "/v1/businesses/\(id)/bookings/\(bookingID)", key: key).body["booking"]
            #expect(booking["intake"].isNull && booking["customer_name"].string == "(erased)", "\(booking)")
        }
    }

    @Test func anOwnerWhoOptsInIsToldOfNewChangedAndCancelledBookings() async throws {
        try await TestApp.run { api, services in
            let (id, key) = try await api.createRestaurant(slug: "alert-bistro")
            _ = try await api.call(.patch, "/v1/businesses/\(id)", key: key, json: ["email": "owner@alert-bistro.example"])
            let retell = api.retell(id)
            _ = try await retell.call("create_booking", ["date": futureDate(days: 3), "time": "18:00", "party_size": 2, "name": "Early"])
            #expect(
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'owner_booking_alert'") == 0,
                "no alerts until the owner asks")

            let settings = try await api.call(
                .patch, "/v1/businesses/\(id)/notifications/settings", key: key, json: ["booking_alerts": ["sms", "email"]])
            #expect(settings.body["booking_alerts"].array.map(\.string) == ["email", "sms"], "\(settings.text)")
            try await FakeTwilio.with { twilio in
                try await SMTPTestServer.with { smtp in
                    func deliver(_ count: Int) async throws {
                        let pool = try TestPools.product(
                            services.database, environment: twilio.environment.merging(smtp.environment) { _, new in new })
                        let done = try await TestPools.run([pool]) {
                            try await services.database.count(
                                "SELECT count(*)::int FROM notifications WHERE kind = 'owner_booking_alert' AND status = 'sent'") == count
                        }
                        #expect(done, "\(count) alerts sent")
                    }
                    let made = try await retell.call(
                        "create_booking", ["date": futureDate(days: 3), "time": "19:00", "party_size": 4, "name": "Nora"])
                    let code = try #require(made.body["booking"]["confirmation_code"].string)
                    try await deliver(2)
                    _ = try await retell.call("cancel_booking", ["confirmation_code": code])
                    try await deliver(4)
                    let texts = twilio.messages.filter { $0.to == "+12125550123" }.map(\.body)
                    #expect(texts.count == 2, "\(texts)")
                    #expect(texts.contains { $0.contains("New booking — Nora, a table for 4") && $0.contains(code) }, "\(texts)")
                    #expect(texts.contains { $0.contains("Booking cancelled — Nora") }, "\(texts)")
                    let mails = smtp.received.filter { $0.contains("X-Envelope-To: owner@alert-bistro.example") }
                    #expect(mails.count == 2 && mails.contains { $0.contains("Subject: New booking: Nora") }, "\(mails)")
                }
            }
        }
    }
}
