import Domain
import Foundation
import PostgresNIO
import Testing

@testable import CalendarSync
@testable import Storage
@testable import Workers

/// Numbers and text from outside the process: nothing traps, nothing wraps, a date far away is spoken with its year.
@Suite struct OutsideInputTests {
    @Test func outsideNumbersNeverTrapOrWrap() {
        let any = Int.min ... Int.max
        for hostile in [1e308, -1e308, 0x1p63, -0x1p63 * 2, 0x1p70, Double.nan, .infinity, -.infinity, 1e19, 0.5, -1.5] {
            #expect(OutsideNumber.integer(hostile, in: any) == nil, "\(hostile)")
        }
        #expect(OutsideNumber.integer(-0x1p63, in: any) == Int.min, "the exact lower edge is an Int")
        #expect(OutsideNumber.integer(-0.0, in: 0 ... 10) == 0)
        #expect(OutsideNumber.integer(7, in: 1 ... 6) == nil)
        #expect(OutsideNumber.integer(1_790_000_000_000, in: OutsideNumber.epochMilliseconds) == 1_790_000_000_000)
        #expect(OutsideNumber.integer(-1, in: OutsideNumber.epochMilliseconds) == nil)
    }

    @Test func controlCharactersAreNamedAndLineBreaksKept() {
        #expect(OutsideText.problem("a\u{0}b") == "must not contain a NUL character")
        #expect(OutsideText.problem("bell\u{7}") == "must not contain control characters")
        #expect(OutsideText.problem("del\u{7f}") == "must not contain control characters")
        #expect(OutsideText.problem("two\nlines\tand\r\n") == nil)
        #expect(OutsideText.problem("Zoë 🎉") == nil)
        #expect(throws: ValidationError(field: "call.call_id", "must be at most 200 characters")) {
            try OutsideText.identifier(String(repeating: "c", count: 201), field: "call.call_id", max: 200)
        }
        #expect(throws: ValidationError(field: "x", "must not be empty")) { try OutsideText.identifier("", field: "x", max: 5) }
    }

    @Test func aDeliveryWithABugsValuesIsRefusedNamingTheField() {
        func refusal(_ call: [String: JSONValue], body: [String: JSONValue] = [:], event: String = "call_ended") -> String? {
            var call = call
            if call["call_id"] == nil { call["call_id"] = .string("call_1") }
            do { try RetellCallLimits.check(event: event, body: body, call: call) } catch { return error.field }
            return nil
        }
        #expect(refusal(["end_timestamp": .number(1e308)]) == "call.end_timestamp")
        #expect(refusal(["start_timestamp": .number(-1e308)]) == "call.start_timestamp")
        #expect(refusal(["start_timestamp": .number(0x1p63)]) == "call.start_timestamp")
        #expect(refusal(["duration_ms": .number(1e19)]) == "call.duration_ms")
        #expect(refusal(["duration_ms": .number(-5)]) == "call.duration_ms")
        #expect(refusal([:], body: ["start_timestamp": .number(1e308)], event: "transfer_started") == "start_timestamp")
        #expect(refusal(["call_id": .string(String(repeating: "x", count: 5000))]) == "call.call_id")
        #expect(refusal(["call_id": .string("call\u{0}")]) == "call.call_id")
        #expect(refusal(["agent_id": .string("agent\u{0}")]) == "call.agent_id")
        #expect(refusal(["agent_id": .number(4)]) == "call.agent_id")
        #expect(refusal([:], event: "call\u{0}ended") == "event")
        #expect(refusal(["call_cost": .object(["product\u{0}": .number(1)])]) == "call.call_cost")
        #expect(refusal(["call\u{0}": .string("x")]) == "call")
        // What real calls carry passes, and sealed-only text (the transcript) may hold anything.
        #expect(
            refusal([
                "start_timestamp": .number(1_790_000_000_000), "end_timestamp": .number(1_790_000_090_000),
                "duration_ms": .number(90_000), "transcript": .string("Agent: hi\u{0}"), "disconnection_reason": .string(""),
            ]) == nil)
    }

    @Test func aDateBeyondSixMonthsIsSpokenWithItsYear() {
        let today = LocalDate(year: 2026, month: 11, day: 30)!
        #expect(Speech.date(LocalDate(year: 2026, month: 12, day: 24)!, today: today) == "Thursday, December 24")
        #expect(Speech.date(today.adding(days: Speech.yearlessDays), today: today) == "Monday, May 31")
        #expect(Speech.date(LocalDate(year: 2027, month: 11, day: 30)!, today: today) == "Tuesday, November 30, 2027")
        #expect(Speech.date(LocalDate(year: 2025, month: 11, day: 30)!, today: today) == "Sunday, November 30, 2025")
        // The case: on Monday 30 November 2026 a 365-day horizon ends a year away, not "tomorrow".
        let refusal = Refusal.tooFarAhead(lastDate: today.adding(days: 365), today: today)
        #expect(refusal.message == "we only take bookings up to Tuesday, November 30, 2027")
    }

    @Test func providersStrangeNumbersBecomeSafeDefaults() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        for header in ["nan", "NaN", "-nan", "inf", "1e308", "-1e308", "abc"] {
            let wait = RetryAfter.until(header, now: now).timeIntervalSince(now)
            #expect((1 ... 3600).contains(wait), "Retry-After: \(header) waited \(wait) s")
        }
        #expect(RetryAfter.until("nan", now: now).timeIntervalSince(now) == 30)
        #expect(GoogleClient.expiresIn(NSNumber(value: 3599)) == 3599)
        for hostile: Any in [NSNumber(value: Int.max), NSNumber(value: 1e308), NSNumber(value: -5), "3600", NSNull()] {
            #expect(GoogleClient.expiresIn(hostile) == 3600, "\(hostile)")
        }
    }
}

/// The probe that lets the agent answer SYSTEM_DOWN at once: it learns from a refused connect, forgets when an
/// operation succeeds, and its knowledge ends with it (the next call after a quiet spell tries again).
@Suite struct DatabaseReachabilityTests {
    @Test func aRefusedConnectIsKnownUntilTheDatabaseAnswersOrTheProbeEnds() async throws {
        let configuration = PostgresClient.Configuration(host: "127.0.0.1", port: 1, username: "x", password: nil, database: nil, tls: .disable)
        // A memory of 2 s: the probe stops once nobody asked for that long, and a busy machine (the whole suite beside
        // it) once starved this test's questions past 300 ms, so the probe ended before the test saw what it knew.
        let reachability = DatabaseReachability(
            configuration: configuration, connectTimeout: .seconds(1), memory: .seconds(2),
            interval: .milliseconds(20))
        #expect(!reachability.isKnownDown, "nothing is known before a failure")
        reachability.suspect()
        var known = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !known, ContinuousClock.now < deadline {
            known = reachability.isKnownDown
            if !known { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(known, "a refused connect makes the outage known")
        reachability.noteAnswered()
        #expect(!reachability.knownNow, "an answered query clears it at once")

        reachability.suspect()
        while !reachability.knownNow, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        // Nobody asks now: the probe stops after `memory`, and with it what it knew.
        while reachability.state.withLock({ $0.probing }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!reachability.state.withLock { $0.probing })
        #expect(!reachability.knownNow && reachability.state.withLock { $0.failedAt } == nil)
    }
}
