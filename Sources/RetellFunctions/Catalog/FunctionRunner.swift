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

    public init(bookings: BookingService, database: Database) {
        self.bookings = bookings
        self.confirmations = ConfirmationRequests(database: database)
        self.messages = MessageTaking(database: database)
    }

    /// The answer's bytes; throws `ArgumentError` for an argument the agent should fix. `arguments` is the arguments
    /// object's JSON.
    public func run(
        _ function: AgentFunction, business: Business, rules: BookingRules, arguments: Data, callID: String?,
        fromNumber: PhoneNumber?, idempotency: IdempotencyKey?, requestID: String
    ) async throws -> FunctionAnswer {
        let now = bookings.now
        let language = Self.callLanguage(arguments) ?? business.language
        let caller = CallerContext(today: rules.clock.today(now), language: language, kind: business.kind, weekly: rules.schedule.weekly)
        let context = FunctionContext(
            business: business, rules: rules, arguments: arguments, caller: caller,
            callID: callID, fromNumber: fromNumber, idempotency: idempotency,
            answer: AgentAnswer(clock: rules.clock, now: now, currency: rules.policy.currency, language: language, heard: caller),
            bookings: bookings, confirmations: confirmations, messages: messages, requestID: requestID)
        return try await function.handler(context)
    }

    /// The caller's language when the call names one (`"language": "es"`, for a multilingual agent); the arguments are
    /// only decoded a second time when the word appears at all.
    static func callLanguage(_ arguments: Data) -> Language? {
        guard arguments.range(of: Data("\"language\"".utf8)) != nil else { return nil }
        struct Said: Decodable { var language: String? }
        return (try? JSONDecoder().decode(Said.self, from: arguments))?.language.flatMap(Language.init(loose:))
    }
}
