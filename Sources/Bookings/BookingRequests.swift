import Domain
import Foundation

/// A new booking as asked for, in the business's wall clock.
public struct CreateBookingRequest: Sendable {
    public var date: LocalDate
    public var time: LocalTime
    public var query: SlotQuery
    public var name: String
    public var phone: PhoneNumber?
    public var notes: String?
    public var options: [String: String]
    public var source: BookingSource
    /// An owner seating a walk-in past capacity: a full slot is booked anyway and recorded as an override.
    /// Only capacity is overridden, never opening hours or party-size rules.
    public var overrideCapacity: Bool
    /// Where an emailed confirmation goes, when the caller or owner gave one (sealed with the other personal fields).
    public var email: String?

    public init(
        date: LocalDate, time: LocalTime, query: SlotQuery, name: String, phone: PhoneNumber?, notes: String?,
        options: [String: String] = [:], source: BookingSource, overrideCapacity: Bool = false, email: String? = nil
    ) {
        self.overrideCapacity = overrideCapacity
        self.email = email
        self.date = date
        self.time = time
        self.query = query
        self.name = name
        self.phone = phone
        self.notes = notes
        self.options = options
        self.source = source
    }
}

/// Changes to an existing booking, found by its code (knowing the code is what entitles a caller to change it);
/// nil fields stay as they are.
public struct ModifyBookingRequest: Sendable {
    public var code: String
    public var date: LocalDate?
    public var time: LocalTime?
    public var partySize: Int?
    public var service: String?
    public var notes: String?

    public init(code: String, date: LocalDate?, time: LocalTime?, partySize: Int?, service: String?, notes: String?) {
        self.code = code
        self.date = date
        self.time = time
        self.partySize = partySize
        self.service = service
        self.notes = notes
    }
}
