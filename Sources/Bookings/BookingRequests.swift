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
    /// Answers to the business's intake questions, checked against them before anything is written.
    public var intake: [String: String]
    /// The waitlist offer this booking takes up: its held place counts as free for it, and the offer is marked taken
    /// in the booking's transaction (the booking fails if the offer is no longer open).
    public var claimsOffer: UUID?

    public init(
        date: LocalDate, time: LocalTime, query: SlotQuery, name: String, phone: PhoneNumber?, notes: String?,
        options: [String: String] = [:], source: BookingSource, overrideCapacity: Bool = false, email: String? = nil,
        intake: [String: String] = [:]
    ) {
        self.intake = intake
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
    /// Golf: another round (NINE / EIGHTEEN); nil keeps the booking's.
    public var round: String?
    /// Appointments: another length the service allows; nil keeps the booking's when its service stays.
    public var durationMinutes: Int?
    /// A staff member asked for by name; nil keeps the booking's while they do its service.
    public var staff: String?
    /// Intake answers that change, merged with the booking's ("" clears one); with `details` (PUT) they are all of them.
    public var intake: [String: String]?
    /// The owner API's PUT: the person's details replaced as well (a nil phone, email or note clears it).
    public var details: Details?

    /// Who the booking is for, as a full replacement.
    public struct Details: Sendable {
        public var name: String
        public var phone: PhoneNumber?
        public var email: String?
        public var notes: String?

        public init(name: String, phone: PhoneNumber?, email: String?, notes: String?) {
            self.name = name
            self.phone = phone
            self.email = email
            self.notes = notes
        }
    }

    public init(
        code: String, date: LocalDate?, time: LocalTime?, partySize: Int?, service: String?, notes: String?,
        round: String? = nil, durationMinutes: Int? = nil, staff: String? = nil, intake: [String: String]? = nil, details: Details? = nil
    ) {
        self.round = round
        self.durationMinutes = durationMinutes
        self.staff = staff
        self.intake = intake
        self.details = details
        self.code = code
        self.date = date
        self.time = time
        self.partySize = partySize
        self.service = service
        self.notes = notes
    }
}
