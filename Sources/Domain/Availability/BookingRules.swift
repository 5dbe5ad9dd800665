import Foundation

/// A service an appointment business offers; buffers keep the staff member busy before and after the client's time.
public struct Service: Equatable, Sendable {
    public var name: String
    public var durationMinutes: Int
    public var bufferBeforeMinutes: Int
    public var bufferAfterMinutes: Int
    /// Other lengths a client may choose per booking (seed 004's 15/30/45/60); empty: only `durationMinutes`.
    public var durations: [Int]

    public init(name: String, durationMinutes: Int, bufferBeforeMinutes: Int = 0, bufferAfterMinutes: Int = 0, durations: [Int] = []) {
        self.durations = durations
        self.name = name
        self.durationMinutes = durationMinutes
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
    }

    /// Every length a booking of it may have, ascending.
    public var allowedDurations: [Int] { Array(Set(durations + [durationMinutes])).sorted() }
}

/// Someone who performs services, one client at a time, optionally within hours of their own.
public struct StaffMember: Equatable, Sendable {
    public var id: UUID
    public var name: String
    /// Lower-cased service names this person can do.
    public var services: Set<String>
    public var hours: WeeklyHours?

    public init(id: UUID, name: String, services: Set<String>, hours: WeeklyHours? = nil) {
        self.id = id
        self.name = name
        self.services = Set(services.map { $0.lowercased() })
        self.hours = hours
    }
}

/// A live booking as the engine needs it: when, how many, with whom.
public struct ExistingBooking: Equatable, Sendable {
    public var id: UUID
    public var start: Date
    public var end: Date
    public var partySize: Int
    public var staffID: UUID?
    /// The staff member's busy time around it (buffers); defaults to the booking itself.
    public var busyStart: Date
    public var busyEnd: Date
    /// A busy time of the owner's own calendar: nobody is free then (appointments).
    public var blocksAllStaff: Bool

    public init(
        id: UUID, start: Date, end: Date, partySize: Int, staffID: UUID? = nil, busyStart: Date? = nil, busyEnd: Date? = nil,
        blocksAllStaff: Bool = false
    ) {
        self.id = id
        self.blocksAllStaff = blocksAllStaff
        self.start = start
        self.end = end
        self.partySize = partySize
        self.staffID = staffID
        self.busyStart = busyStart ?? start
        self.busyEnd = busyEnd ?? end
    }
}

/// Everything about a business that decides availability.
public struct BookingRules: Sendable {
    public var kind: BusinessKind
    public var policy: BookingPolicy
    public var schedule: OpeningSchedule
    public var services: [Service]
    public var staff: [StaffMember]

    public init(kind: BusinessKind, policy: BookingPolicy, schedule: OpeningSchedule, services: [Service] = [], staff: [StaffMember] = []) {
        self.kind = kind
        self.policy = policy
        self.schedule = schedule
        self.services = services
        self.staff = staff
    }

    public var clock: ZonedClock { schedule.clock }
}

/// What a caller asks for besides the time.
public struct SlotQuery: Equatable, Sendable {
    public var partySize: Int
    public var service: String?
    public var staff: String?
    /// Golf: NINE or EIGHTEEN (the longest sold when not said).
    public var round: String?
    /// Appointments: a length the service allows, instead of its usual one.
    public var durationMinutes: Int?

    public init(partySize: Int, service: String? = nil, staff: String? = nil, round: String? = nil, durationMinutes: Int? = nil) {
        self.round = round
        self.durationMinutes = durationMinutes
        self.partySize = partySize
        self.service = service
        self.staff = staff
    }
}

/// A bookable start, in instants and in the business's wall clock.
public struct Slot: Equatable, Sendable {
    public var start: Date
    public var end: Date
    public var date: LocalDate
    public var minutes: Int
    public var staffID: UUID?
    /// Golf: the round it was checked for, and its price per player at this time (when the course prices rounds).
    public var round: RoundType.Holes?
    public var priceCents: Int?

    public init(
        start: Date, end: Date, date: LocalDate, minutes: Int, staffID: UUID?, round: RoundType.Holes? = nil, priceCents: Int? = nil
    ) {
        self.start = start
        self.end = end
        self.date = date
        self.minutes = minutes
        self.staffID = staffID
        self.round = round
        self.priceCents = priceCents
    }

    public var localTime: LocalTime { LocalTime(minutes: minutes) }
}

/// Why a request cannot be booked; each maps to one stable error code of the agent API.
public enum Refusal: Error, Equatable, Sendable {
    case closed(reason: String)
    case outsideHours
    case timeSkippedByClockChange
    case notOnSlotGrid(intervalMinutes: Int)
    case inThePast
    case tooSoon(minNoticeMinutes: Int)
    case tooFarAhead(lastDate: LocalDate, today: LocalDate)
    case partyTooLarge(max: Int)
    case partyTooSmall(min: Int)
    case unknownService(known: [String])
    case unknownStaff(known: [String])
    case serviceRequired(known: [String])
    case unknownRound(known: [String])
    case durationNotOffered(allowed: [Int])
    case slotTaken

    /// The stable code the agent and the owner API report.
    public var code: String {
        switch self {
        case .closed: "CLOSED"
        case .outsideHours, .timeSkippedByClockChange, .notOnSlotGrid: "OUTSIDE_HOURS"
        case .inThePast: "IN_THE_PAST"
        case .tooSoon: "TOO_SOON"
        case .tooFarAhead: "TOO_FAR_AHEAD"
        case .partyTooLarge: "PARTY_TOO_LARGE"
        case .partyTooSmall: "PARTY_TOO_SMALL"
        case .unknownService, .unknownStaff, .serviceRequired, .unknownRound, .durationNotOffered: "INVALID_ARGUMENT"
        case .slotTaken: "SLOT_TAKEN"
        }
    }

    /// The argument to change when the refusal is about one rather than about the time.
    public var field: String? {
        switch self {
        case .unknownService, .serviceRequired: "service"
        case .unknownStaff: "staff"
        case .unknownRound: "holes"
        case .durationNotOffered: "duration_minutes"
        case .partyTooLarge, .partyTooSmall: "party_size"
        default: nil
        }
    }

    /// A short reason the agent can say.
    public var message: String {
        switch self {
        case .closed(let reason): reason
        case .outsideHours: "that time is outside our opening hours"
        case .timeSkippedByClockChange: "that time does not exist that night because the clocks go forward"
        case .notOnSlotGrid(let interval): "we take bookings every \(interval) minutes"
        case .inThePast: "that time has already passed"
        case .tooSoon(let minutes): "bookings must be made at least \(Speech.duration(minutes)) ahead"
        case .tooFarAhead(let last, let today): "we only take bookings up to \(Speech.date(last, today: today))"
        case .partyTooLarge(let max): "the largest party we can book is \(max)"
        case .partyTooSmall(let min): "the smallest party we can book is \(min)"
        case .unknownService(let known): "we do not offer that service; we offer \(known.joined(separator: ", "))"
        case .unknownStaff(let known): "there is nobody by that name for this service; ask for \(known.joined(separator: ", "))"
        case .serviceRequired(let known): "which service would you like: \(known.joined(separator: ", "))?"
        case .unknownRound(let known): "we offer \(known.joined(separator: " and ")) rounds"
        case .durationNotOffered(let allowed):
            allowed.count > 1
                ? "that can be booked for \(allowed.map { "\($0)" }.joined(separator: ", ")) minutes"
                : "bookings here have a set length"
        case .slotTaken: "that time is fully booked"
        }
    }
}
