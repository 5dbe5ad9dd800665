import App
import Domain
import Foundation
import Storage
import Testing

/// The waitlist end to end: callers join by voice (positions in order, listed by find_booking, left by voice); a
/// cancellation offers the freed place by text to the first request it fits, holding it from phone callers; YES
/// books it exactly once even when two replies race; an offer left unanswered passes to the next request, and NO
/// frees the place for anyone.
@Suite struct WaitlistFlowTests {
    typealias Flow = TextReplyFlowTests
    static let second = "+12125550122"
    static let filler = "+12125550190"
    static let third = "+12125550133"

    /// A restaurant whose 20:00 on the day is full (6 + 4 of 10); returns the 4's code.
    static func fullEvening(_ api: API, slug: String) async throws -> (id: String, date: String, four: String) {
        let (id, _) = try await api.createRestaurant(slug: slug)
        let date = futureDate(days: 5)
        var four = ""
        for (name, party) in [("Big Table", 6), ("Four Top", 4)] {
            let made = try await api.retell(id).call(
                "create_booking", ["date": date, "time": "20:00", "party_size": party, "name": name], call: ["from_number": Self.filler])
            four = try #require(made.body["booking"]["confirmation_code"].string, "\(made.text)")
        }
        return (id, date, four)
    }

    static func offers(_ db: Database, _ status: String) async throws -> Int {
        try await db.count("SELECT count(*)::int FROM waitlist_offers WHERE status = '\(status)'")
    }

    @Test func aCancellationIsOfferedToTheFirstInLineHeldFromCallersAndBookedOnceOnYes() async throws {
        try await Flow.run { api, services, line, env in
            let db = services.database
            let (id, date, four) = try await Self.fullEvening(api, slug: "waitlist-first")
            let retell = api.retell(id)
            let refused = try await retell.call("check_availability", ["date": date, "time": "20:00", "party_size": 4])
            #expect(refused.body["available"].bool == false)
            let first = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "20:00", "time_to": "21:00", "party_size": 4, "name": "Ada Lovelace"])
            #expect(first.body["ok"].bool == true && first.body["waitlist"]["position"].int == 1, "\(first.text)")
            #expect(first.body["message"].string?.contains("reply YES within 15 minutes") == true)
            let second = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "19:45", "time_to": "20:15", "party_size": 4, "name": "Grace Hopper"],
                call: ["from_number": Self.second])
            #expect(second.body["waitlist"]["position"].int == 2)
            let found = try await retell.call("find_booking", [:])
            #expect(
                found.body["waitlist"][0]["time_from"].string == "20:00" && found.body["waitlist"][0]["status"].string == "WAITING", "\(found.text)")
            #expect(try await Self.offers(db, "open") == 0, "nothing is free yet")

            // The four-top cancels: the first in line is offered 20:00 by text; the second hears nothing.
            _ = try await retell.call("cancel_booking", ["confirmation_code": four], call: ["from_number": Self.filler])
            #expect(
                try await Flow.drain(services, env) {
                    line.toCustomer.contains { $0.body.contains("Reply YES within") }
                })
            let offer = try #require(line.toCustomer.last { $0.body.contains("Reply YES") })
            #expect(
                offer.body.contains("a table for 4") && offer.body.contains("at 8 PM, is free") && offer.body.contains("within 15 minutes"),
                "\(offer.body)")
            #expect(!line.twilio.messages.contains { $0.to == Self.second && $0.body.contains("Reply YES") })
            #expect(try await Self.offers(db, "open") == 1)
            // Held: a phone caller cannot take it meanwhile.
            let held = try await retell.call(
                "check_availability", ["date": date, "time": "20:00", "party_size": 4], call: ["from_number": Self.filler])
            #expect(held.body["available"].bool == false, "the offered place is held \(held.text)")

            // Two YES replies race (a double tap): one booking.
            async let yes1 = line.text("YES")
            async let yes2 = line.text("yes!")
            let answers = try await [yes1, yes2]
            #expect(answers.allSatisfy { $0.status == 200 })
            #expect(try await Self.offers(db, "accepted") == 1)
            #expect(
                try await db.count(
                    "SELECT count(*)::int FROM bookings b JOIN waitlist_entries e ON e.booking_id = b.id WHERE b.status = 'CONFIRMED'") == 1)
            #expect(
                try await db.count("SELECT count(*)::int FROM bookings WHERE status = 'CONFIRMED'") == 2,
                "the big table and one booking from the offer")
            #expect(try await db.strings("SELECT status FROM waitlist_entries ORDER BY created_at") == ["booked", "waiting"])
            // Its confirmation follows, like any booking's.
            #expect(try await Flow.drain(services, env) { line.toCustomer.contains { $0.body.contains("you're booked") } })
            let full = try await retell.call(
                "check_availability", ["date": date, "time": "20:00", "party_size": 4], call: ["from_number": Self.filler])
            #expect(full.body["available"].bool == false)
        }
    }

    @Test func anUnansweredOfferPassesToTheNextAndNoFreesThePlace() async throws {
        try await Flow.run { api, services, line, env in
            let db = services.database
            let (id, date, four) = try await Self.fullEvening(api, slug: "waitlist-next")
            let retell = api.retell(id)
            _ = try await retell.call("join_waitlist", ["date": date, "time_from": "20:00", "time_to": "20:30", "party_size": 4, "name": "Ada"])
            _ = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "20:00", "time_to": "20:30", "party_size": 2, "name": "Grace"],
                call: ["from_number": Self.second])
            _ = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "20:00", "time_to": "20:30", "party_size": 4, "name": "Linus"],
                call: ["from_number": Self.third])
            _ = try await retell.call("cancel_booking", ["confirmation_code": four], call: ["from_number": Self.filler])
            #expect(try await Flow.drain(services, env) { line.toCustomer.contains { $0.body.contains("Reply YES") } })
            #expect(
                try await db.count("SELECT count(*)::int FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.status = 'open'")
                    == 1,
                "one offer for the freed place: the second request would fit only if the first's hold were ignored")
            // Fifteen minutes pass without an answer.
            try await db.run("UPDATE waitlist_offers SET expires_at = now() - interval '1 second' WHERE status = 'open'")
            try await db.run("UPDATE jobs SET run_at = now() WHERE kind = 'waitlist_match' AND state = 'available'")
            #expect(
                try await Flow.drain(services, env) {
                    line.twilio.messages.contains { $0.to == Self.second && $0.body.contains("Reply YES") }
                })
            #expect(
                try await db.strings("SELECT status FROM waitlist_entries ORDER BY created_at") == ["expired", "offered", "waiting"],
                "the party of 4 behind does not fit beside the 2 being offered")
            let late = try await line.text("YES")
            #expect(late.body.contains("passed on"), "the first one's offer is gone: an ordinary message \(late.body)")
            let no = try await line.text("No", from: Self.second)
            #expect(no.body.contains("offered the place to the next person"), "\(no.body)")
            // At once (no waiting for any expiry): the next in line is offered the place.
            #expect(
                try await Flow.drain(services, env) {
                    line.twilio.messages.contains { $0.to == Self.third && $0.body.contains("Reply YES") }
                })
            let thirdNo = try await line.text("no", from: Self.third)
            #expect(thirdNo.body.contains("offered the place to the next person"))
            #expect(try await Flow.drain(services, env) { try await Flow.sent(db) })
            let free = try await retell.call(
                "check_availability", ["date": date, "time": "20:00", "party_size": 4], call: ["from_number": Self.filler])
            #expect(free.body["available"].bool == true, "nobody waits: a phone caller gets it \(free.text)")
            // Waiting with no offer to answer, NO by text leaves the waitlist.
            _ = try await retell.call("join_waitlist", ["date": date, "time_from": "22:00", "time_to": "22:30", "party_size": 2, "name": "Ada"])
            let leave = try await line.text("no")
            #expect(leave.body.contains("you are off the waitlist"), "\(leave.body)")
            #expect(try await db.count("SELECT count(*)::int FROM waitlist_entries WHERE status IN ('waiting', 'offered')") == 0)
        }
    }

    @Test func callersLeaveTheWaitlistByVoice() async throws {
        try await Flow.run { api, services, _, _ in
            let (id, date, _) = try await Self.fullEvening(api, slug: "waitlist-leave")
            let retell = api.retell(id)
            let joined = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "21:00", "time_to": "20:00", "party_size": 2, "name": "Ada"])
            #expect(joined.body["ok"].bool == false && joined.body["field"].string == "time_to", "\(joined.text)")
            let once = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "20:00", "time_to": "21:00", "party_size": 2, "name": "Ada"])
            let twice = try await retell.call(
                "join_waitlist", ["date": date, "time_from": "20:00", "time_to": "21:00", "party_size": 2, "name": "Ada"])
            #expect(once.body["waitlist"]["position"].int == 1 && twice.body["waitlist"]["position"].int == 1, "the same request is one request")
            #expect(try await services.database.count("SELECT count(*)::int FROM waitlist_entries") == 1)
            // Another caller naming nobody's number cannot take Ada off: only the calling number leaves.
            let stranger = try await retell.call("leave_waitlist", [:], call: ["from_number": Self.second])
            #expect(stranger.body["error"].string == "NOT_FOUND")
            let left = try await retell.call("leave_waitlist", ["date": date])
            #expect(left.body["ok"].bool == true && left.body["left"].int == 1)
            let again = try await retell.call("leave_waitlist", [:])
            #expect(again.body["ok"].bool == false && again.body["error"].string == "NOT_FOUND")
            let found = try await retell.call("find_booking", [:])
            #expect(found.body["waitlist"].array.isEmpty, "\(found.text)")
            #expect(try await services.database.strings("SELECT status FROM waitlist_entries") == ["left"])
        }
    }
}
