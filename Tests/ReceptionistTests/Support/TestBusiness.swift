import Bookings
import Domain
import Foundation
import Logging
import PostgresNIO
import Storage

/// A database with one restaurant, and the booking service pinned to a fixed "now", for storage-level tests.
struct BookingFixture: Sendable {
    let database: Database
    /// The fixture database's URL, for processes the test starts.
    let url: String
    let businessID: UUID
    let rules: BookingRules
    var tenant: Tenant { Tenant(id: businessID, rules: rules) }
    let service: BookingService

    /// 2026-11-24 12:00 UTC (07:00 in New York, a Tuesday).
    static let now = ISO8601DateFormatter().date(from: "2026-11-24T12:00:00Z")!

    static func run(capacity: Int = 10, maxParty: Int = 4, _ body: @Sendable (BookingFixture) async throws -> Void) async throws {
        let db = try await TestDatabase.shared.create()
        var logger = Logger(label: "fixture")
        logger.logLevel = .warning
        let database = Database(
            configuration: try DatabaseURL.configuration(from: db.url), logger: logger, operationTimeout: TestEnvironment.databaseTimeout,
            vault: TestEnvironment.vault)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await database.client.run() }
                defer { group.cancelAll() }
                var policy = BookingPolicy.defaults(for: .restaurant)
                policy.capacity = capacity
                policy.maxPartySize = maxParty
                policy.minNoticeMinutes = 0
                let every = try OpeningInterval(opens: "12:00", closes: "23:00", field: "h")
                let hours = try WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [every]) }))
                let (business, _) = try await BusinessStore(database: database).create(
                    NewBusiness(
                        slug: try Slug("fixture"), name: "Fixture", kind: .restaurant, timezone: try TimeZoneName("America/New_York"),
                        phone: nil, transferPhone: nil, email: nil, policy: policy),
                    hours: hours, firstKey: APIKey.generate(), keyName: "test")
                let loaded = try await RulesStore(database: database).load(business.id, from: nil)!
                try await body(
                    BookingFixture(
                        database: database, url: db.url, businessID: business.id, rules: loaded.rules,
                        service: BookingService(database: database, clock: { now })))
            }
        } catch {
            await TestDatabase.shared.drop(db.name)
            throw error
        }
        await TestDatabase.shared.drop(db.name)
    }

    func count(_ sql: String) async throws -> Int { try await database.count(sql) }

    func request(_ date: String, _ time: String, party: Int, name: String = "Guest", phone: String? = "+12125550199") throws -> CreateBookingRequest {
        CreateBookingRequest(
            date: try LocalDate(parsing: date, field: "date"), time: try LocalTime(parsing: time, field: "time"),
            query: SlotQuery(partySize: party), name: name, phone: try phone.map { try PhoneNumber($0, field: "phone") },
            notes: nil, source: .phone)
    }
}

extension Database {
    /// The single integer a test's counting query returns (-1 for no row).
    func count(_ sql: String) async throws -> Int {
        for try await n in try await query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return n }
        return -1
    }

    /// The first column of every row a test's query returns, as text.
    func strings(_ sql: String) async throws -> [String] {
        var values: [String] = []
        for try await value in try await query(PostgresQuery(unsafeSQL: sql)).decode(String.self) { values.append(value) }
        return values
    }

    /// Runs a test's own SQL text (fixtures, not user input).
    func run(_ sql: String) async throws {
        for try await _ in try await query(PostgresQuery(unsafeSQL: sql)) {}
    }
}

/// Renders outcomes to small stable bytes for the tests (the HTTP layer has its own rendering).
let testRender: BookingService.Render = { outcome in
    switch outcome {
    case .booked(let b): Array("booked \(b.confirmationCode)".utf8)
    case .modified(_, let after): Array("modified \(after.confirmationCode) \(after.start.timeIntervalSince1970)".utf8)
    case .cancelled(let b, let again): Array("cancelled \(b.confirmationCode) \(again)".utf8)
    case .refused(let r, let alternatives): Array("refused \(r.code) \(alternatives.count)".utf8)
    case .notFound: Array("not found".utf8)
    case .notModifiable(let s): Array("not modifiable \(s)".utf8)
    }
}
