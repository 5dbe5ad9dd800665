import Bookings
import Domain
import Foundation
import Storage

/// Runs one of the agent's functions for a business whose rules are loaded: the HTTP layer verifies the signature,
/// finds the business and records the call; this builds the call's context and dispatches through the catalog.
public struct FunctionRunner: Sendable {
    let bookings: BookingService
    let confirmations: ConfirmationRequests
    let messages: MessageTaking
    let waitlist: Waitlist

    public init(bookings: BookingService, database: Database) {
        self.bookings = bookings
        self.confirmations = ConfirmationRequests(database: database)
        self.messages = MessageTaking(database: database)
        self.waitlist = Waitlist(database: database, bookings: bookings)
    }

    /// The answer's bytes; throws `ArgumentError` for an argument the agent should fix. `arguments` is the arguments
    /// object as the envelope parsed it.
    public func run(
        _ function: AgentFunction, business: Business, rules: BookingRules, arguments: [String: JSONValue], callID: String?,
        fromNumber: PhoneNumber?, idempotency: IdempotencyKey?, requestID: String, callLanguage: String? = nil
    ) async throws -> FunctionAnswer {
        let now = bookings.now
        // The caller's (the argument or the call's own, read by the envelope), else the business's.
        let language = callLanguage.flatMap(Language.init(loose:)) ?? business.language
        let caller = CallerContext(
            today: rules.clock.today(now), language: language, business: business.language, kind: business.kind, weekly: rules.schedule.weekly)
        let context = FunctionContext(
            business: business, rules: rules, arguments: arguments, caller: caller,
            callID: callID, fromNumber: fromNumber, idempotency: idempotency,
            answer: AgentAnswer(clock: rules.clock, now: now, currency: rules.policy.currency, language: language, heard: caller),
            bookings: bookings, confirmations: confirmations, messages: messages, waitlist: waitlist, requestID: requestID)
        return try await function.handler(context)
    }
}
