import Foundation

/// Which status changes an owner may make: a booking is confirmed or cancelled before it happens, and only once it
/// has begun can it be completed or marked a no-show (a no-show may be corrected to completed). A cancelled booking
/// may be brought back (confirmed) until it starts, when its place is still free; completed is final.
public enum StatusTransition {
    public static func allowed(from status: BookingStatus, start: Date, now: Date) -> [BookingStatus] {
        let begun = now >= start
        switch status {
        case .pending: return [.confirmed, .cancelled]
        case .confirmed: return begun ? [.cancelled, .completed, .noShow] : [.cancelled]
        case .noShow: return begun ? [.completed] : []
        case .cancelled: return begun ? [] : [.confirmed]
        case .completed: return []
        }
    }
}
