import Accounts
import App
import Domain
import Foundation
import Storage

/// Creates the demo restaurant idempotently and its stable demo key, so a new operator has something to call at once.
public struct DemoSeeder: Sendable {
    public struct Result: Sendable {
        public let business: Business
        public let created: Bool
        public let apiKey: String
        /// False when someone revoked the demo key; the printed key would then be refused.
        public let keyUsable: Bool
    }

    let database: Database
    let config: AppConfig

    public init(database: Database, config: AppConfig) {
        self.database = database
        self.config = config
    }

    /// The demo owner's log-in: an account that owns the demo businesses, its password made once into the data folder.
    public struct Owner: Sendable {
        public let email: String
        public let password: String
    }

    public static let ownerEmail = "demo-owner@example.com"

    /// The demo owner (development only): created verified, or given the password in the data folder again, and made
    /// owner of every business in `businesses`, so the console opens on them at once.
    public func seedOwner(of businesses: [Business]) async throws -> Owner {
        let password = try DevSecrets.loadOrCreate(directory: config.dataDirectory, name: "demo-owner.password") {
            SecretToken.generate().value
        }
        let accounts = config.makeAccountService(database: database)
        let store = AccountStore(database: database)
        let account: Account
        if let existing = try await store.byEmail(Self.ownerEmail)?.account {
            // Only when the data folder's password changed: a restart leaves the demo owner's browsers signed in.
            if try await !accounts.passwordMatches(accountID: existing.id, password: password) {
                try await accounts.replacePassword(accountID: existing.id, new: password)
            }
            account = existing
        } else {
            guard case .created(let created) = try await accounts.signUp(name: "Demo Owner", email: Self.ownerEmail, password: password) else {
                throw StorageError.duplicate(constraint: "accounts_email_idx")
            }
            account = created
        }
        try await store.verify(account.id, email: Self.ownerEmail)
        for business in businesses { try await store.addMember(account.id, businessID: business.id, role: .owner) }
        return Owner(email: Self.ownerEmail, password: password)
    }

    /// The three demo businesses: a restaurant, a salon (appointments) and a golf course (tee times).
    public func seedAll(today: Date = Date()) async throws -> [Result] {
        [try await seedRestaurant(today: today), try await seedSalon(), try await seedGolfCourse()]
    }

    public func seedRestaurant(today: Date = Date()) async throws -> Result {
        let zone = try TimeZoneName("America/New_York")
        var policy = BookingPolicy.defaults(for: .restaurant)
        policy.capacity = 40
        policy.maxPartySize = 10
        let new = NewBusiness(
            slug: try Slug("demo-bistro"), name: "Demo Bistro", kind: .restaurant, timezone: zone,
            phone: try PhoneNumber("+12125550100", field: "phone"),
            transferPhone: try PhoneNumber("+12125550101", field: "transfer_phone"),
            email: "owner@demo-bistro.example", policy: policy)
        let dinner = try range("17:00", "22:00")
        let lateDinner = try range("17:00", "00:30")  // Friday and Saturday run past midnight.
        let brunch = try range("11:00", "14:30")
        let hours = try WeeklyHours([
            .tuesday: [dinner], .wednesday: [dinner], .thursday: [dinner],
            .friday: [lateDinner], .saturday: [brunch, lateDinner], .sunday: [brunch, try range("17:00", "21:00")],
        ])
        let overrides = [
            try DateOverride(date: Self.nextChristmas(after: today, in: zone.timeZone), closed: true, intervals: [], reason: "Christmas Day")
        ]
        return try await ensure(new, hours: hours, overrides: overrides)
    }

    /// A hair salon in London: services with buffers, two stylists, one of them afternoons only.
    public func seedSalon() async throws -> Result {
        var policy = BookingPolicy.defaults(for: .appointments)
        policy.minNoticeMinutes = 60
        let new = NewBusiness(
            slug: try Slug("demo-salon"), name: "Demo Salon", kind: .appointments, timezone: try TimeZoneName("Europe/London"),
            phone: try PhoneNumber("+442079460100", field: "phone"), transferPhone: try PhoneNumber("+442079460101", field: "transfer_phone"),
            email: "hello@demo-salon.example", policy: policy)
        let day = try range("09:00", "18:00")
        let hours = try WeeklyHours([.tuesday: [day], .wednesday: [day], .thursday: [day], .friday: [day], .saturday: [try range("09:00", "16:00")]])
        let result = try await ensure(new, hours: hours, overrides: [])
        if result.created {
            let store = ServiceStaffStore(database: database)
            try await store.replaceServices(
                result.business.id,
                [
                    Service(name: "Haircut", durationMinutes: 30, bufferAfterMinutes: 10),
                    Service(name: "Colour", durationMinutes: 90, bufferAfterMinutes: 15),
                    Service(name: "Beard trim", durationMinutes: 15),
                ])
            try await store.replaceStaff(
                result.business.id,
                [
                    StaffMember(id: UUID(), name: "Ana", services: ["haircut", "colour"]),
                    StaffMember(
                        id: UUID(), name: "Ben", services: ["haircut", "beard trim"],
                        hours: try WeeklyHours([
                            .thursday: [try range("12:00", "18:00")], .friday: [try range("12:00", "18:00")],
                            .saturday: [try range("09:00", "16:00")],
                        ])),
                ])
        }
        return result
    }

    /// A golf course in Arizona (no daylight saving): tee times every 10 minutes shared by up to four players.
    public func seedGolfCourse() async throws -> Result {
        var policy = BookingPolicy.defaults(for: .teeTimes)
        policy.capacity = 4
        policy.maxPartySize = 4
        policy.slotIntervalMinutes = 10
        let new = NewBusiness(
            slug: try Slug("demo-golf"), name: "Demo Golf Club", kind: .teeTimes, timezone: try TimeZoneName("America/Phoenix"),
            phone: try PhoneNumber("+16025550100", field: "phone"), transferPhone: try PhoneNumber("+16025550101", field: "transfer_phone"),
            email: "proshop@demo-golf.example", policy: policy)
        let day = try range("06:30", "16:00")
        let hours = try WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [day]) }))
        return try await ensure(new, hours: hours, overrides: [])
    }

    private func range(_ opens: String, _ closes: String) throws -> OpeningInterval {
        try OpeningInterval(opens: opens, closes: closes, field: "demo")
    }

    /// Creates the business once and makes sure its derived demo key exists.
    private func ensure(_ new: NewBusiness, hours: WeeklyHours, overrides: [DateOverride]) async throws -> Result {
        let (business, created) = try await BusinessStore(database: database).createIfAbsent(new, hours: hours, overrides: overrides)
        if created, let phone = business.phone {
            // Calls to the demo number route to the demo business (webhooks without a business in the path, inbound).
            try await RetellRoutesStore(database: database).replace(
                business.id,
                with: .init(agentIDs: ["agent_\(business.slug.value.replacingOccurrences(of: "-", with: "_"))"], phoneNumbers: [phone.e164]))
        }
        let key = APIKey.derived(from: config.encryptionKey, label: "demo-api-key:\(business.slug)")
        let usable = try await APIKeyStore(database: database).ensure(businessID: business.id, key: key, name: "demo")
        return Result(business: business, created: created, apiKey: key.token, keyUsable: usable)
    }

    static func nextChristmas(after date: Date, in zone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = (parts.month! == 12 && parts.day! > 25) ? parts.year! + 1 : parts.year!
        return LocalDate(year: year, month: 12, day: 25)!
    }
}
