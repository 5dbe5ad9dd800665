import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// A booking as the owner API shows it, with its local date and time in the business's zone.
struct OwnerBookingJSON: ResponseEncodable {
    var id: String
    var confirmationCode: String
    var status: String
    var startsAt: Date
    var endsAt: Date
    var localDate: String
    var localTime: String
    var partySize: Int
    var customerName: String?
    var customerPhone: String?
    var customerEmail: String?
    var notes: String?
    var service: String?
    var staffName: String?
    var durationMinutes: Int
    var holes: String?
    var pricePerPlayer: String?
    var currency: String?
    var intake: [String: String]?
    var source: String
    var callId: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ b: Booking, clock: ZonedClock) {
        let local = clock.local(b.start)
        id = b.id.apiString
        confirmationCode = b.confirmationCode
        status = b.status.rawValue
        startsAt = b.start
        endsAt = b.end
        localDate = local.date.description
        localTime = LocalTime(minutes: local.minutes).description
        partySize = b.partySize
        customerName = b.customerName
        customerPhone = b.customerPhone
        customerEmail = b.customerEmail
        notes = b.notes
        service = b.service
        staffName = b.staffName
        durationMinutes = Int(b.end.timeIntervalSince(b.start) / 60)
        holes = b.options["holes"]
        pricePerPlayer = b.options["price_per_player"]
        currency = b.options["currency"]
        intake = b.intake.isEmpty ? nil : b.intake
        source = b.source.rawValue
        callId = b.callID
        createdAt = b.createdAt
        updatedAt = b.updatedAt
    }
}
