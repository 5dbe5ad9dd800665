import Domain
import Foundation
import NIOCore

/// The live bookings of a read as PostgreSQL packs them (`BookingSQL.live`): per booking, in the wire's binary forms,
/// its id (16 bytes), start and end (8 each: microseconds since 2000-01-01 UTC), party size (4), staff member (16; all
/// zeros for none), and busy start and end (8 each).
enum LiveBookingPack {
    static let width = 68

    /// A pack whose length is not a whole number of bookings (a changed statement) is refused, not half read.
    struct Malformed: Error, CustomStringConvertible {
        let length: Int
        var description: String { "packed live bookings of \(length) bytes, not a multiple of \(LiveBookingPack.width)" }
    }

    static func unpack(_ packed: ByteBuffer) throws -> [ExistingBooking] {
        guard packed.readableBytes % width == 0 else { throw Malformed(length: packed.readableBytes) }
        var buffer = packed
        var result: [ExistingBooking] = []
        result.reserveCapacity(packed.readableBytes / width)
        while buffer.readableBytes >= width {
            let id = uuid(&buffer), start = date(&buffer), end = date(&buffer)
            let party = Int(buffer.readInteger(as: Int32.self)!)
            let staff = uuid(&buffer)
            let busyStart = date(&buffer), busyEnd = date(&buffer)
            result.append(
                ExistingBooking(
                    id: id, start: start, end: end, partySize: party, staffID: staff == none ? nil : staff, busyStart: busyStart,
                    busyEnd: busyEnd))
        }
        return result
    }

    static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    /// PostgreSQL's epoch, as the driver decodes `timestamptz` (the same arithmetic, so the same `Date`s).
    static let epoch = Date(timeIntervalSince1970: 946_684_800)

    static func uuid(_ buffer: inout ByteBuffer) -> UUID {
        buffer.readWithUnsafeReadableBytes { bytes in
            (16, UUID(uuid: bytes.loadUnaligned(as: uuid_t.self)))
        }
    }

    static func date(_ buffer: inout ByteBuffer) -> Date {
        Date(timeInterval: Double(buffer.readInteger(as: Int64.self)!) / 1_000_000, since: epoch)
    }
}
