import Foundation

/// What an owner's edit of one of our events in Google means for its booking. Pure, so the rules (what is an echo of
/// our own write, what is left alone) are tested without Google or a database.
public enum CalendarEventChange: Sendable, Equatable {
    /// Nothing to do: our own write coming back, a change we are about to overwrite, or a booking left alone.
    case none
    /// Deleted in Google while the booking stands: flagged, not cancelled (the customer was not told).
    case removed
    /// Dragged to another time: flagged with it; the owner applies it through the engine or puts the event back.
    case moved(start: Date, end: Date)
    /// The event matches the booking again (the owner undid the edit in Google): the flag goes.
    case settled

    /// The booking's flag as stored.
    public enum Flag: String, Sendable { case removed, moved }

    /// The event as Google lists it: cancelled, or its start and end (nil for an all-day event), and when it last
    /// changed (Google's clock).
    public struct Event: Sendable, Equatable {
        public var cancelled: Bool
        public var start: Date?
        public var end: Date?
        public var updated: Date?

        public init(cancelled: Bool, start: Date?, end: Date?, updated: Date? = nil) {
            self.cancelled = cancelled
            self.start = start
            self.end = end
            self.updated = updated
        }
    }

    /// The booking as stored, with whether one of our writes of it is still queued.
    public struct BookingSide: Sendable, Equatable {
        public var live: Bool
        public var start: Date
        public var end: Date
        public var flag: Flag?
        public var flagStart: Date?
        public var writePending: Bool
        /// Google's `updated` of our last write of the event.
        public var written: Date?

        public init(live: Bool, start: Date, end: Date, flag: Flag?, flagStart: Date?, writePending: Bool, written: Date? = nil) {
            self.live = live
            self.start = start
            self.end = end
            self.flag = flag
            self.flagStart = flagStart
            self.writePending = writePending
            self.written = written
        }
    }

    /// Decides. Left alone: a booking one of our writes is queued for (that write puts Google right, so what Google
    /// shows meanwhile is our own past), a version of the event older than our last write (a page read before it), a
    /// cancelled booking (nothing to bring back from Google), and a booking that has ended by `now` (its record is
    /// what happened; an owner tidying yesterday's calendar changes nothing).
    public static func decide(event: Event, booking: BookingSide, now: Date) -> CalendarEventChange {
        guard booking.live, !booking.writePending, booking.end > now else { return .none }
        if let updated = event.updated, let written = booking.written, updated < written { return .none }
        if event.cancelled { return booking.flag == .removed ? .none : .removed }
        guard let start = event.start, let end = event.end, start < end else { return .none }
        if start == booking.start && end == booking.end { return booking.flag == nil ? .none : .settled }
        if booking.flag == .moved && booking.flagStart == start { return .none }
        return .moved(start: start, end: end)
    }
}
