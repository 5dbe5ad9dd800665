import Crypto
import Domain
import Foundation
import Testing

@Suite struct ValueTests {
    @Test func localDateParsesRealDatesOnly() throws {
        #expect(try LocalDate(parsing: "2024-02-29", field: "d").day == 29)
        #expect(throws: ValidationError.self) { try LocalDate(parsing: "2026-02-29", field: "d") }
        #expect(throws: ValidationError.self) { try LocalDate(parsing: "2026-13-01", field: "d") }
        #expect(throws: ValidationError.self) { try LocalDate(parsing: "26-11-27", field: "d") }
        #expect(throws: ValidationError.self) { try LocalDate(parsing: "2026-11-2x", field: "d") }
    }

    @Test func weekdayMatchesTheCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // Every day over several years, including leap days, against Foundation's calendar.
        var date = LocalDate(year: 2023, month: 1, day: 1)!
        for _ in 0 ..< (366 * 4) {
            let d = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
            let foundation = calendar.component(.weekday, from: d)  // 1 = Sunday
            let iso = foundation == 1 ? 7 : foundation - 1
            #expect(date.weekday.rawValue == iso, "\(date)")
            #expect(LocalDate(daysSinceEpoch: date.daysSinceEpoch) == date)
            date = date.adding(days: 1)
        }
    }

    @Test func timeZonesMustBeIANANames() throws {
        #expect(try TimeZoneName("Europe/London").identifier == "Europe/London")
        #expect(try TimeZoneName("UTC").identifier == "UTC")
        #expect(throws: ValidationError.self) { try TimeZoneName("Mars/Olympus_Mons") }
        #expect(throws: ValidationError.self) { try TimeZoneName("EST5EDT+") }
        #expect(throws: ValidationError.self) { try TimeZoneName("GMT+2") }
    }

    @Test func phoneNumbersNormaliseToE164() throws {
        #expect(try PhoneNumber("+1 (415) 555-0123", field: "phone").e164 == "+14155550123")
        #expect(try PhoneNumber("+44 20 7946 0958", field: "phone").e164 == "+442079460958")
        #expect(throws: ValidationError.self) { try PhoneNumber("415-555-0123", field: "phone") }
        #expect(throws: ValidationError.self) { try PhoneNumber("+0123456789", field: "phone") }
        #expect(throws: ValidationError.self) { try PhoneNumber("+1 415 CALL NOW", field: "phone") }
        #expect(throws: ValidationError.self) { try PhoneNumber("+1234567890123456", field: "phone") }
    }

    @Test func slugs() throws {
        #expect(try Slug("chez-marie-2").value == "chez-marie-2")
        for bad in ["A", "-x", "x-", "a--b", "Chez", "caf\u{e9}", String(repeating: "a", count: 64)] {
            #expect(throws: ValidationError.self, "\(bad)") { try Slug(bad) }
        }
    }

    @Test func policyRulesNameTheirField() throws {
        var policy = BookingPolicy.defaults(for: .restaurant)
        try policy.validate(for: .restaurant)
        policy.slotIntervalMinutes = 7
        #expect(throws: ValidationError.self) { try policy.validate(for: .restaurant) }
        policy = .defaults(for: .restaurant)
        policy.maxPartySize = 50
        #expect(throws: ValidationError(field: "policy.max_party_size", "cannot exceed capacity (40)")) { try policy.validate(for: .restaurant) }
        policy = .defaults(for: .teeTimes)
        policy.capacity = nil
        #expect(throws: ValidationError(field: "policy.capacity", "is required for a tee_times business")) { try policy.validate(for: .teeTimes) }
        policy = .defaults(for: .restaurant)
        policy.turnTimes = [TurnTime(maxPartySize: nil, minutes: 60), TurnTime(maxPartySize: 4, minutes: 90)]
        #expect(throws: ValidationError.self) { try policy.validate(for: .restaurant) }
    }

    @Test func stayFollowsTurnTimes() {
        let policy = BookingPolicy.defaults(for: .restaurant)
        #expect(policy.stayMinutes(partySize: 2) == 75)
        #expect(policy.stayMinutes(partySize: 3) == 90)
        #expect(policy.stayMinutes(partySize: 8) == 120)
    }

    @Test func apiKeysRoundTripAndRejectLookalikes() throws {
        let key = APIKey.generate()
        #expect(key.token.hasPrefix("rk_"))
        #expect(APIKey(token: key.token) == key)
        #expect(APIKey(token: key.token + "x") == nil)
        #expect(APIKey(token: "rk_short_secret") == nil)
        #expect(APIKey(token: key.token.uppercased()) == nil)
        #expect(APIKey.generate() != key)
        let secret = SymmetricKey(size: .bits256)
        #expect(APIKey.derived(from: secret, label: "a") == APIKey.derived(from: secret, label: "a"))
        #expect(APIKey.derived(from: secret, label: "a") != APIKey.derived(from: secret, label: "b"))
        #expect(APIKey(token: APIKey.derived(from: secret, label: "a").token) != nil)
    }

    @Test func secretBoxSealsOpensRotatesAndDetectsTampering() throws {
        let old = SymmetricKey(size: .bits256)
        let new = SymmetricKey(size: .bits256)
        let sealedOld = try SecretBox(current: old).seal(Array("refresh-token".utf8), context: "row-1")
        let box = SecretBox(current: new, previous: [old])
        #expect(try box.open(sealedOld, context: "row-1") == Array("refresh-token".utf8))
        #expect(throws: SecretBox.Failure.corrupted) { try box.open(sealedOld, context: "row-2") }
        var tampered = try box.seal(Array("x".utf8), context: "c")
        #expect(tampered.keyID == box.currentKeyID)
        tampered.combined[tampered.combined.count - 1] ^= 1
        #expect(throws: SecretBox.Failure.corrupted) { try box.open(tampered, context: "c") }
        #expect(throws: SecretBox.Failure.unknownKey(SecretBox.keyID(of: old))) { try SecretBox(current: new).open(sealedOld, context: "row-1") }
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
    }
}

@Suite struct RedactionTests {
    @Test func providerErrorsLoseNumbersAndAddressesButKeepTheirMeaning() {
        let twilio = Redaction.scrub("21211: The 'To' number +1 (415) 555-0123, is not a valid phone number")
        #expect(!twilio.contains("555-0123") && !twilio.contains("4155550123"))
        #expect(twilio.hasPrefix("21211: The 'To' number +1"))
        #expect(twilio.hasSuffix("0123, is not a valid phone number"))
        let smtp = Redaction.scrub("550 5.1.1 <ada.lovelace@example.org>: Recipient address rejected on 2026-11-24")
        #expect(!smtp.contains("ada.lovelace"))
        #expect(smtp.contains("<a•••@example.org>:"))
        #expect(smtp.hasSuffix("rejected on 2026-11-24"))
        #expect(Redaction.scrub("call 4155550123 now") == "call +4•••••0123 now")
        #expect(Redaction.scrub("to ada@x.com,bob@y.org") == "to a•••@x.com,b•••@y.org")
        #expect(Redaction.path("/v1/businesses/abc/customers/%2B14155550123/erase") == "/v1/businesses/abc/customers/+1••••••0123/erase")
        #expect(Redaction.path("/v1/businesses/3f2a/bookings/2026-11-24") == "/v1/businesses/3f2a/bookings/2026-11-24")
    }
}
