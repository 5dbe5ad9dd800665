import Bookings
import Domain
import Foundation
import Testing

@testable import RetellFunctions

/// The answers' own JSON writer must give Foundation's bytes exactly (answers are compared and replayed as bytes), and
/// leave to Foundation what it does not write the same way.
@Suite struct AnswerJSONTests {
    /// Every ASCII character, accents, a euro sign, an emoji, a line separator; keys with underscores and prefixes of
    /// one another; nested objects and arrays; booleans, integers and null.
    @Test func writesFoundationsBytes() throws {
        var all = ""
        for i in 0 ..< 128 { all.unicodeScalars.append(UnicodeScalar(UInt8(i))) }
        let samples: [[String: Any]] = [
            ["ok": true, "available": true, "party_size": 4, "slot": ["date": "2026-12-04", "time": "19:30", "spoken": "Friday at 7:30 PM"]],
            ["ok": false, "error": "SLOT_TAKEN", "message": all + "é€😀\u{2028}", "alternatives": [["a": 1], ["a_b": -2, "ab": 0, "a": "x"]]],
            ["x": [1, "two", false, NSNull(), [String: Any](), [Any]()], "x_": "", "_x": Int.max, "y": Int.min],
            ["notes": "He said \"table by the window\" \\ back/slash\t\n\r\u{8}\u{c}\u{0b}", "intake": ["company": "Ünïcödé 株式会社"]],
        ]
        for sample in samples {
            let ours = try #require(AnswerJSON.encode(sample), "written here")
            #expect(ours == AgentAnswer.foundationEncode(sample), "\(String(decoding: ours, as: UTF8.self))")
        }
        // Random objects from the same pieces.
        var random = SystemRandomNumberGenerator()
        let keys = ["a", "b", "ab", "a_b", "_", "ok", "error", "party_size", "slot", "slots", "time", "z"]
        func value(_ depth: Int) -> Any {
            switch Int.random(in: 0 ..< (depth > 2 ? 4 : 6), using: &random) {
            case 0: return Bool.random(using: &random)
            case 1: return Int.random(in: -1_000_000 ... 1_000_000, using: &random)
            case 2: return String((0 ..< Int.random(in: 0 ... 12, using: &random)).map { _ in all.randomElement(using: &random)! })
            case 3: return NSNull()
            case 4: return (0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in value(depth + 1) }
            default:
                return Dictionary(
                    (0 ..< Int.random(in: 0 ... 5, using: &random)).map { _ in (keys.randomElement(using: &random)!, value(depth + 1)) }
                ) { a, _ in a }
            }
        }
        for _ in 0 ..< 300 {
            let object = Dictionary((0 ..< Int.random(in: 1 ... 6, using: &random)).map { _ in (keys.randomElement(using: &random)!, value(0)) }) {
                a, _ in a
            }
            #expect(AgentAnswer.encode(object) == AgentAnswer.foundationEncode(object))
        }
    }

    /// Keys whose order Foundation decides by locale (capitals, digits, other scripts) and values it writes its own way
    /// (fractions) go to Foundation, so the bytes are still Foundation's.
    @Test func leavesTheRestToFoundation() {
        for object: [String: Any] in [["Z": 1, "a": 2], ["z10": 1, "z2": 2], ["ключ": 1], ["price": 45.5], ["n": Int64(3)]] {
            #expect(AnswerJSON.encode(object) == nil)
            #expect(AgentAnswer.encode(object) == AgentAnswer.foundationEncode(object))
        }
    }

    /// The audit row's `ok` and error code of a booking mutation come from its outcome instead of the answer's bytes:
    /// for every outcome they must be what the bytes say.
    @Test func outcomesOkAndErrorAreTheAnswers() throws {
        let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let booking = Booking(
            id: UUID(), businessID: UUID(), confirmationCode: "K7PQ2M", status: .confirmed, start: now.addingTimeInterval(86_400),
            end: now.addingTimeInterval(86_400 + 5_400), partySize: 4, customerName: "Ada", customerPhone: "+12125550100", notes: nil,
            service: nil, staffID: nil, staffName: nil, options: [:], source: .phone, callID: "call_1", createdAt: now, updatedAt: now)
        var cancelled = booking
        cancelled.status = .cancelled
        let slot = Slot(
            start: now, end: now.addingTimeInterval(5_400), date: try #require(LocalDate(year: 2026, month: 12, day: 1)), minutes: 19 * 60,
            staffID: nil)
        let refusals: [Refusal] = [
            .closed(reason: "holiday"), .outsideHours, .inThePast, .tooSoon(minNoticeMinutes: 60), .partyTooLarge(max: 8),
            .partyTooSmall(min: 2), .unknownService(known: ["Cut"]), .slotTaken,
        ]
        let outcomes: [BookingOutcome] =
            [
                .booked(booking), .modified(before: booking, after: booking), .cancelled(cancelled, alreadyCancelled: false),
                .cancelled(cancelled, alreadyCancelled: true), .notFound, .notModifiable(.cancelled),
            ] + refusals.map { .refused($0, alternatives: [slot]) }
        for outcome in outcomes {
            let bytes = AgentAnswer.encode(OutcomeAnswer.render(outcome, AgentAnswer(clock: clock, now: now)))
            let parsed = FunctionAnswer(bytes: bytes, replayed: false).okAndError
            let known = OutcomeAnswer.okAndError(outcome)
            #expect(parsed.ok == known.ok && parsed.error == known.error, "\(outcome): \(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
