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
        func range(_ opens: String, _ closes: String) throws -> OpeningInterval {
            try OpeningInterval(opens: opens, closes: closes, field: "demo")
        }
        let dinner = try range("17:00", "22:00")
        let lateDinner = try range("17:00", "00:30") // Friday and Saturday run past midnight.
        let brunch = try range("11:00", "14:30")
        let hours = try WeeklyHours([
            .tuesday: [dinner], .wednesday: [dinner], .thursday: [dinner],
            .friday: [lateDinner], .saturday: [brunch, lateDinner], .sunday: [brunch, try range("17:00", "21:00")],
        ])
        let overrides = [try DateOverride(date: Self.nextChristmas(after: today, in: zone.timeZone), closed: true, intervals: [], reason: "Christmas Day")]
        let (business, created) = try await BusinessStore(database: database).createIfAbsent(new, hours: hours, overrides: overrides)
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
