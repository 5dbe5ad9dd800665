import Domain
import Foundation
import Testing

/// The timestamps written without a formatter are Foundation's `ISO8601DateFormatter`'s, to the character.
@Suite struct ISOTimestampTests {
    @Test func writesWhatISO8601DateFormatterWrites() {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        // Whole quarter hours (bookings), fractions of a second (jobs' run times), the epoch's edges, leap days, 1900–2300.
        var instants: [Double] = [0, -0.001, 0.999, 951_782_400, 4_107_542_399.5, -2_208_988_800, 1_803_842_100, 1_796_093_166.948]
        for _ in 0 ..< 5000 { instants.append(Double.random(in: -2_208_988_800 ... 10_413_792_000, using: &random)) }
        for _ in 0 ..< 500 { instants.append(Double(Int.random(in: 0 ... 400_000, using: &random)) * 900) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISOTimestamp.utc(date) == plain.string(from: date), "\(seconds)")
            #expect(ISOTimestamp.utc(date, milliseconds: true) == fractional.string(from: date), "\(seconds)")
        }
    }
}
