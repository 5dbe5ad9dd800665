import Foundation

/// One local day's bookings grouped by start as a host stand reads them: covers (or staff) per start time. Grouped by
/// instant, not wall time, so the two 01:30s of an autumn night are two rows; a no-show's guests are not covers.
public struct DaySheet: Sendable {
    public struct Slot: Sendable {
        public var start: Date
        /// The start's local wall time ("19:30").
        public var time: String
        public var covers: Int
        public var staff: [String]
        public var bookings: [Booking]
    }

    public var slots: [Slot]
    public var covers: Int { slots.reduce(0) { $0 + $1.covers } }
    public var count: Int { slots.reduce(0) { $0 + $1.bookings.count } }

    /// `bookings` in start order (as the owner's list returns them).
    public init(_ bookings: [Booking], clock: ZonedClock) {
        var slots: [Slot] = []
        for booking in bookings {
            let covers = booking.status == .noShow || booking.status == .cancelled ? 0 : booking.partySize
            if var last = slots.last, last.start == booking.start {
                last.covers += covers
                if let staff = booking.staffName, !last.staff.contains(staff) { last.staff.append(staff) }
                last.bookings.append(booking)
                slots[slots.count - 1] = last
            } else {
                let minutes = clock.local(booking.start).minutes
                slots.append(
                    Slot(
                        start: booking.start, time: LocalTime(minutes: minutes).description, covers: covers,
                        staff: booking.staffName.map { [$0] } ?? [], bookings: [booking]))
            }
        }
        self.slots = slots
    }
}
