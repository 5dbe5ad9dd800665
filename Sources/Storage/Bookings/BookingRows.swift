import Domain
import Foundation
import PostgresNIO

/// Row ↔ domain mapping for `bookings`, and the JSON snapshot written into `booking_changes` (which holds no personal
/// data: the audit says what changed, the booking row, sealed, says for whom).
enum BookingRows {
    static let columns = """
        b.id, b.business_id, b.confirmation_code, b.status, b.starts_at, b.ends_at, b.party_size, b.customer_name,
        b.customer_phone, b.notes, b.pii, b.service, b.staff_id, (SELECT name FROM staff WHERE staff.id = b.staff_id) AS staff_name,
        b.options::text AS options_json, b.source, b.call_id, b.created_at, b.updated_at
        """

    /// Opens the sealed personal fields (rows written before sealing fall back to their plain columns). A row just
    /// written passes what it wrote (`written`): its personal fields and options are not opened and parsed back.
    static func decode(_ row: PostgresRow, vault: PersonalDataVault?, written: (BookingPersonal, [String: String])? = nil) throws -> Booking {
        let c = row.makeRandomAccess()
        let options =
            written?.1 ?? (try? JSONDecoder().decode([String: String].self, from: Data(try c["options_json"].decode(String.self).utf8))) ?? [:]
        let businessID = try c["business_id"].decode(UUID.self)
        var personal: BookingPersonal
        if let written {
            personal = written.0
        } else {
            personal = BookingPersonal(
                name: try c["customer_name"].decode(String?.self), phone: try c["customer_phone"].decode(String?.self),
                email: nil, notes: try c["notes"].decode(String?.self))
            if let sealed = try c["pii"].decode(Data?.self) {
                personal = try vault.required().openJSON(BookingPersonal.self, sealed, context: SealingContext.bookings(businessID))
            }
        }
        var booking = Booking(
            id: try c["id"].decode(UUID.self),
            businessID: businessID,
            confirmationCode: try c["confirmation_code"].decode(String.self),
            status: BookingStatus(rawValue: try c["status"].decode(String.self)) ?? .pending,
            start: try c["starts_at"].decode(Date.self),
            end: try c["ends_at"].decode(Date.self),
            partySize: try c["party_size"].decode(Int.self),
            customerName: personal.name,
            customerPhone: personal.phone,
            notes: personal.notes,
            service: try c["service"].decode(String?.self),
            staffID: try c["staff_id"].decode(UUID?.self),
            staffName: try c["staff_name"].decode(String?.self),
            options: options,
            source: BookingSource(rawValue: try c["source"].decode(String.self)) ?? .api,
            callID: try c["call_id"].decode(String?.self),
            createdAt: try c["created_at"].decode(Date.self),
            updatedAt: try c["updated_at"].decode(Date.self))
        booking.customerEmail = personal.email
        booking.intake = personal.intake ?? [:]
        return booking
    }

    /// What a write stores for a booking's personal fields: plain columns only for the erasure marker, else the sealed
    /// value, the phone's blind index and the search tokens.
    struct Stored {
        var plainName: String?
        var pii: Data?
        var phoneIndex: String?
        var tokens: [String]?
    }

    static func stored(_ p: BookingPersonal, businessID: UUID, vault: PersonalDataVault?) throws -> Stored {
        if p.isErased { return Stored(plainName: BookingPersonal.erasedName) }
        guard p.name != nil || p.phone != nil || p.email != nil || p.notes != nil || p.intake != nil else { return Stored() }
        let vault = try vault.required()
        return Stored(
            pii: try vault.seal(p.json, context: SealingContext.bookings(businessID)),
            phoneIndex: p.phone.map { vault.phoneIndex(businessID, $0) },
            tokens: vault.searchTokens(businessID, name: p.name, phone: p.phone))
    }

    /// The audit row's snapshot, in the database's own column names (keys sorted; a missing service or staff member
    /// left out), written directly: one or two per booking change, and the encoder and date formatter it used were a
    /// tenth of a booking's CPU. The column is `jsonb`, so only the values matter, not the bytes.
    static func snapshotJSON(_ b: Booking) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func field(_ key: String, _ value: String) {
            out += #","\#(key)":"#.utf8
            JSONText.quote(value, into: &out)
        }
        out += #"{"ends_at":"#.utf8
        JSONText.quote(ISOTimestamp.utc(b.end), into: &out)
        out += #","options":"#.utf8
        JSONText.object(b.options, into: &out)
        out += #","party_size":"#.utf8
        out += String(b.partySize).utf8
        if let service = b.service { field("service", service) }
        if let staff = b.staffID { field("staff_id", UUIDText.lowercase(staff)) }
        field("starts_at", ISOTimestamp.utc(b.start))
        field("status", b.status.rawValue)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// A booking's personal fields, sealed together in `bookings.pii`.
struct BookingPersonal: Codable, Sendable {
    var name: String?
    var phone: String?
    var email: String?
    var notes: String?
    /// Answers to the business's intake questions; absent in rows sealed before they existed.
    var intake: [String: String]?

    /// What an erased booking keeps: a marker in the plain name column, nothing sealed.
    static let erasedName = "(erased)"
    var isErased: Bool { name == Self.erasedName && phone == nil && email == nil && notes == nil && intake == nil }

    init(name: String?, phone: String?, email: String?, notes: String?) {
        self.name = name
        self.phone = phone
        self.email = email
        self.notes = notes
    }

    init(_ b: Booking) {
        self.init(name: b.customerName, phone: b.customerPhone, email: b.customerEmail, notes: b.notes)
        intake = b.intake.isEmpty ? nil : b.intake
    }

    /// The JSON sealed in `bookings.pii`, as `JSONEncoder` with sorted keys would write its value (absent fields left
    /// out), written by `JSONText`: every booking write seals one, and the encoder was a visible part of its CPU.
    var json: [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(128)
        func key(_ name: String) {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            JSONText.quote(name, into: &out)
            out.append(UInt8(ascii: ":"))
        }
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONText.quote(value, into: &out)
        }
        field("email", email)
        if let intake {
            key("intake")
            JSONText.object(intake, into: &out)
        }
        field("name", name)
        field("notes", notes)
        field("phone", phone)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
