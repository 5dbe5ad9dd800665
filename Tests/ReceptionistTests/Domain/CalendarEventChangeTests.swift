import Domain
import Foundation
import Testing

/// What an edit of one of our events in Google means: deletion and moves flag a live, future booking; our own echo,
/// a queued write of ours, a cancelled booking and a booking that has ended are left alone.
@Suite struct CalendarEventChangeTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var start: Date { now.addingTimeInterval(86_400) }
    var end: Date { start.addingTimeInterval(5400) }

    func booking(
        live: Bool = true, flag: CalendarEventChange.Flag? = nil, flagStart: Date? = nil, pending: Bool = false, ended: Bool = false
    )
        -> CalendarEventChange.BookingSide
    {
        let shift: TimeInterval = ended ? -3 * 86_400 : 0
        return .init(
            live: live, start: start.addingTimeInterval(shift), end: end.addingTimeInterval(shift), flag: flag, flagStart: flagStart,
            writePending: pending)
    }

    @Test func decisions() {
        let deleted = CalendarEventChange.Event(cancelled: true, start: nil, end: nil)
        let same = CalendarEventChange.Event(cancelled: false, start: start, end: end)
        let later = start.addingTimeInterval(3600)
        let dragged = CalendarEventChange.Event(cancelled: false, start: later, end: later.addingTimeInterval(5400))
        #expect(CalendarEventChange.decide(event: same, booking: booking(), now: now) == .none, "our own echo")
        #expect(CalendarEventChange.decide(event: deleted, booking: booking(), now: now) == .removed)
        #expect(CalendarEventChange.decide(event: deleted, booking: booking(flag: .removed), now: now) == .none, "already flagged")
        #expect(CalendarEventChange.decide(event: dragged, booking: booking(), now: now) == .moved(start: later, end: later.addingTimeInterval(5400)))
        #expect(CalendarEventChange.decide(event: dragged, booking: booking(flag: .moved, flagStart: later), now: now) == .none)
        #expect(CalendarEventChange.decide(event: same, booking: booking(flag: .removed), now: now) == .settled, "put back in Google")
        #expect(CalendarEventChange.decide(event: deleted, booking: booking(pending: true), now: now) == .none, "our write is queued")
        #expect(CalendarEventChange.decide(event: deleted, booking: booking(live: false), now: now) == .none, "cancelled by us")
        #expect(CalendarEventChange.decide(event: dragged, booking: booking(ended: true), now: now) == .none, "the past is left alone")
        // A page read before our last write shows an older version: not the owner's doing.
        var written = booking()
        written.written = now
        let stale = CalendarEventChange.Event(cancelled: false, start: later, end: later.addingTimeInterval(5400), updated: now - 1)
        #expect(CalendarEventChange.decide(event: stale, booking: written, now: now) == .none, "older than our write")
        var fresh = stale
        fresh.updated = now + 1
        #expect(CalendarEventChange.decide(event: fresh, booking: written, now: now) == .moved(start: later, end: later.addingTimeInterval(5400)))
        let allDay = CalendarEventChange.Event(cancelled: false, start: nil, end: nil)
        #expect(CalendarEventChange.decide(event: allDay, booking: booking(), now: now) == .none)
    }
}
