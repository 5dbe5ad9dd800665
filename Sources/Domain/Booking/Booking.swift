import Foundation

/// The lifecycle of a booking; cancelled ones are kept, never deleted.
public enum BookingStatus: String, Sendable, Codable, CaseIterable {
    case pending = "PENDING", confirmed = "CONFIRMED", cancelled = "CANCELLED", completed = "COMPLETED", noShow = "NO_SHOW"

    /// Statuses that hold capacity.
    public var isLive: Bool { self == .pending || self == .confirmed }
}

/// Where a booking came from.
public enum BookingSource: String, Sendable, Codable {
    case phone, owner, api, walkIn = "walk_in"
}

/// A booking as the system of record holds it.
public struct Booking: Sendable, Equatable {
    public var id: UUID
    public var businessID: UUID
    public var confirmationCode: String
    public var status: BookingStatus
    public var start: Date
    public var end: Date
    public var partySize: Int
    public var customerName: String?
    public var customerPhone: String?
    public var notes: String?
    /// For emailed confirmations; collected when the caller or owner gives one.
    public var customerEmail: String?
    /// Answers to the business's intake questions, by question key (sealed with the other personal fields).
    public var intake: [String: String] = [:]
    public var service: String?
    public var staffID: UUID?
    public var staffName: String?
    public var options: [String: String]
    public var source: BookingSource
    public var callID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, businessID: UUID, confirmationCode: String, status: BookingStatus, start: Date, end: Date, partySize: Int,
        customerName: String?, customerPhone: String?, notes: String?, service: String?, staffID: UUID?, staffName: String?,
        options: [String: String], source: BookingSource, callID: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.businessID = businessID
        self.confirmationCode = confirmationCode
        self.status = status
        self.start = start
        self.end = end
        self.partySize = partySize
        self.customerName = customerName
        self.customerPhone = customerPhone
        self.notes = notes
        self.service = service
        self.staffID = staffID
        self.staffName = staffName
        self.options = options
        self.source = source
        self.callID = callID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
