import App
import Domain
import Foundation
import Storage
import Testing

/// The owner's waitlist page: adding someone (errors next to their fields), the list, Today's mention of the day's
/// requests, the agent finding the same request by phone, and taking a request off; another business's team cannot.
@Suite struct ConsoleWaitlistTests {
    @Test func theTeamAddsListsAndRemovesWaitlistRequests() async throws {
        try await TestApp.run { api, services in
            let (id, zone) = try await ConsoleDailyTests.allDayRestaurant(api, slug: "waitlist-console", name: "Waitlist Bistro")
            var (owner, host) = try await ConsoleDailyTests.team(api, services, business: id, owner: "Olive", host: "Hal")
            let base = "/console/businesses/\(id)/waitlist"
            let empty = try await owner.get(base)
            #expect(empty.status == .ok && empty.html.contains("Nobody is waiting."))
            let csrf = try #require(empty.csrf)
            let date = ZonedClock(TimeZone(identifier: zone)!).today(Date()).adding(days: 2).description
            let wrong = try await owner.post(
                base, ["csrf": csrf, "date": date, "time_from": "21:00", "time_to": "19:00", "party_size": "4", "name": "Ada", "phone": "555"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.html.contains(#"id="phone-error""#) && wrong.html.contains("country code"), "the error next to its field")
            #expect(try await services.database.count("SELECT count(*)::int FROM waitlist_entries") == 0, "nothing written")
            let backwards = try await owner.post(
                base,
                ["csrf": csrf, "date": date, "time_from": "21:00", "time_to": "19:00", "party_size": "4", "name": "Ada", "phone": "+12125550111"])
            #expect(backwards.status == .unprocessableContent && backwards.html.contains("must not be before the earliest"))
            let added = try await owner.post(
                base,
                ["csrf": csrf, "date": date, "time_from": "19:00", "time_to": "21:00", "party_size": "4", "name": "Ada", "phone": "+12125550111"])
            #expect(added.status == .seeOther)
            let list = try await host.get(base)
            #expect(
                list.html.contains("<strong>Ada</strong>") && list.html.contains("19:00–21:00") && list.html.contains("Waiting"), "staff see it too")
            let today = try await owner.get("/console/businesses/\(id)/today?date=\(date)")
            #expect(today.html.contains("1 request on the waitlist"))
            // The agent finds the same request by the caller's phone.
            let found = try await api.retell(id).call("find_booking", [:])
            #expect(found.body["waitlist"][0]["time_from"].string == "19:00", "\(found.text)")

            // Another business's owner cannot take it off.
            let (other, _) = try await api.createRestaurant(slug: "waitlist-other")
            var (stranger, _) = try await ConsoleDailyTests.team(api, services, business: other, owner: "Sam", host: "Sid")
            let entry = try #require(try await services.database.strings("SELECT id::text FROM waitlist_entries").first)
            let strangerPage = try await stranger.get("/console/businesses/\(other)/waitlist")
            let foreign = try await stranger.post(
                "/console/businesses/\(other)/waitlist/remove", ["csrf": try #require(strangerPage.csrf), "entry_id": entry])
            #expect(foreign.status == .notFound)
            let removed = try await owner.post(base + "/remove", ["csrf": csrf, "entry_id": entry])
            #expect(removed.status == .seeOther)
            #expect(try await services.database.strings("SELECT status FROM waitlist_entries") == ["left"])
            #expect(try await services.database.count("SELECT count(*)::int FROM audit_events WHERE action = 'waitlist.removed'") == 1)
            #expect(try await owner.get(base).html.contains("Nobody is waiting."))
        }
    }
}
