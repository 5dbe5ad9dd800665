import Crypto
import Domain
import Foundation
import HTTPCore
import Hummingbird
import Storage

/// Customers (bookings grouped by phone): search by name or phone, a customer's bookings, and erasure of their
/// personal data on request (bookings kept as anonymous history).
public struct CustomersController: Sendable {
    let customers: CustomerStore
    let queries: OwnerBookingQueries
    let businesses: BusinessStore
    let erasureKey: SymmetricKey

    public init(database: Database, erasureKey: SymmetricKey) {
        self.customers = CustomerStore(database: database)
        self.queries = OwnerBookingQueries(database: database)
        self.businesses = BusinessStore(database: database)
        self.erasureKey = erasureKey
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.searchOperation, use: search)
        business.add(Self.bookingsOperation, use: bookings)
        business.add(Self.eraseOperation, use: erase)
    }

    struct CustomerJSON: Encodable {
        var phone: String
        var name: String?
        var bookings: Int
        var lastBookingAt: Date
    }
    struct Found: ResponseEncodable { var customers: [CustomerJSON] }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Found {
        let id = try await businesses.requireExisting(context)
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        guard (2 ... 100).contains(query.count) else {
            throw APIError(.badRequest, .validationFailed, "q must be 2–100 characters of a name or phone number", field: "q")
        }
        let found = try await customers.search(id, query: query, limit: try request.pageLimit())
        return Found(customers: found.map { CustomerJSON(phone: $0.phone, name: $0.name, bookings: $0.bookings, lastBookingAt: $0.lastBookingAt) })
    }

    struct Bookings: ResponseEncodable { var bookings: [OwnerBookingJSON] }

    @Sendable func bookings(_ request: Request, context: AppRequestContext) async throws -> Bookings {
        let id = try await businesses.requireExisting(context)
        guard let business = try await businesses.get(id) else { throw APIError.notFound("business") }
        var filter = BookingFilter()
        filter.phone = try Self.phone(context)
        let list = try await queries.list(id, filter: filter, after: nil, limit: try request.pageLimit(default: 200, max: 500))
        return Bookings(bookings: list.map { OwnerBookingJSON($0, clock: ZonedClock(business.timezone.timeZone)) })
    }

    struct Erased: ResponseEncodable { var erasedBookings: Int }

    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Erased {
        let id = try await businesses.requireExisting(context)
        let by = context.principal == .platform ? "platform" : "owner"
        return Erased(erasedBookings: try await customers.erase(id, phone: try Self.phone(context), requestedBy: by, key: erasureKey))
    }

    static func phone(_ context: AppRequestContext) throws -> String {
        let text = (context.parameters.get("phone") ?? "").removingPercentEncoding ?? ""
        // A path parameter that does not parse is a 400 naming it, like a bad query parameter.
        do { return try PhoneNumber(text, field: "phone").e164 } catch { throw APIError.parameter(error) }
    }
}
