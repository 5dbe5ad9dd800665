import Domain
import Foundation
import PostgresNIO

/// Row ↔ domain mapping for `bookings`, and the JSON snapshot written into `booking_changes`.
enum BookingRows {
    static let columns = """
        b.id, b.business_id, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
        b.customer_phone, b.notes, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
        b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at
        """

    static func decode(_ row: PostgresRow) throws -> Booking {
        let c = row.makeRandomAccess()
        let options = (try? JSONDecoder().decode([String: String].self, from: Data(try c["options_json"].decode(String.self).utf8))) ?? [:]
        return Booking(
            id: try c["id"].decode(UUID.self),
            businessID: try c["business_id"].decode(UUID.self),
            confirmationCode: try c["confirmation_code"].decode(String.self),
            status: BookingStatus(rawValue: try c["status"].decode(String.self)) ?? .pending,
            start: try c["starts_at"].decode(Date.self),
            end: try c["ends_at"].decode(Date.self),
            partySize: try c["party_size"].decode(Int.self),
            customerName: try c["customer_name"].decode(String?.self),
            customerPhone: try c["customer_phone"].decode(String?.self),
            notes: try c["notes"].decode(String?.self),
            service: try c["service"].decode(String?.self),
            staffID: try c["staff_id"].decode(UUID?.self),
            staffName: try c["staff_name"].decode(String?.self),
            options: options,
            source: BookingSource(rawValue: try c["source"].decode(String.self)) ?? .api,
            callID: try c["call_id"].decode(String?.self),
            createdAt: try c["created_at"].decode(Date.self),
            updatedAt: try c["updated_at"].decode(Date.self))
    }

    struct Snapshot: Encodable {
        var status: String
        var starts_at: String
        var ends_at: String
        var party_size: Int
        var customer_name: String?
        var customer_phone: String?
        var notes: String?
        var service: String?
        var staff_id: String?
        var options: [String: String]
    }

    static func snapshotJSON(_ b: Booking) -> String {
        let iso = ISO8601DateFormatter()
        let snapshot = Snapshot(
            status: b.status.rawValue, starts_at: iso.string(from: b.start), ends_at: iso.string(from: b.end), party_size: b.partySize,
            customer_name: b.customerName, customer_phone: b.customerPhone, notes: b.notes, service: b.service,
            staff_id: b.staffID?.uuidString.lowercased(), options: b.options)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(snapshot)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
