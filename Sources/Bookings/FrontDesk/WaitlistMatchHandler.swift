import Domain
import Foundation
import Logging
import Storage
import Workers

/// Runs `waitlist_match` jobs (queued when a place frees up, when a request joins or leaves, and when an offer's hold
/// ends): `Waitlist.match` for the business, one job at a time per business.
public struct WaitlistMatchHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.waitlistMatch.rawValue]
    let waitlist: Waitlist
    let rules: RulesStore
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.waitlist = Waitlist(database: database, bookings: BookingService(database: database))
        self.rules = RulesStore(database: database)
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let businessID = job.businessID else { return .done }
        do {
            guard let loaded = try await rules.load(businessID, from: nil) else { return .done }
            let offers = try await waitlist.match(Tenant(id: businessID, rules: loaded.rules))
            if offers > 0 { logger.info("waitlist offers made", metadata: ["business_id": "\(businessID)", "offers": "\(offers)"]) }
            return .done
        } catch {
            return .retry("waitlist matching failed: \(error)")
        }
    }
}
