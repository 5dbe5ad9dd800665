import Crypto
import Domain
import Foundation
import Storage

/// A customer's text to the platform's number: matched to the business that last texted it, read (`TextReply`, in
/// English and the business's language) and acted on: STOP / START recorded (an opted-out number gets nothing more
/// from that business), HELP answered, CANCEL cancels their booking through the engine (asking which when several
/// are upcoming), anything else goes to the owner's inbox. Once per Twilio MessageSid; every reply and its outcome is
/// recorded. Returns our answer ("" for none).
public struct TextReplies: Sendable {
    let store: TextReplyStore
    let businesses: BusinessStore
    let rules: RulesStore
    let bookings: BookingService
    let database: Database

    public init(database: Database, bookings: BookingService) {
        self.store = TextReplyStore(database: database)
        self.businesses = BusinessStore(database: database)
        self.rules = RulesStore(database: database)
        self.bookings = bookings
        self.database = database
    }

    public struct Inbound: Sendable {
        public var messageSID: String
        public var from: PhoneNumber
        public var body: String

        public init(messageSID: String, from: PhoneNumber, body: String) {
            self.messageSID = messageSID
            self.from = from
            self.body = body
        }
    }

    public func handle(_ inbound: Inbound) async throws -> String {
        let phone = inbound.from.e164
        let thread = try await store.latestThread(phone: phone)
        switch try await store.receive(messageSID: inbound.messageSID, businessID: thread?.businessID, from: phone, body: inbound.body) {
        case .seen(let answer):
            return answer ?? ""
        case .new(let id):
            guard let thread, let business = try await businesses.get(thread.businessID) else {
                try await store.finish(id, intent: "unknown", outcome: "no business has texted this number", answer: "")
                return ""
            }
            let reply = TextReply.read(inbound.body, language: business.language)
            let optedOut = try await store.optedOut(businessID: business.id, phone: phone)
            let (outcome, key, extra) = try await act(reply, inbound, business: business, thread: thread)
            var values = ["business": business.name, "business_phone": (business.phone ?? business.transferPhone)?.e164 ?? ""]
            values.merge(extra) { _, new in new }
            // After STOP only START and HELP are answered (carriers' rule); what else arrives still reaches the owner.
            let answered = !optedOut || [.start, .help].contains(reply)
            let answer = answered ? key.map { TextAnswers.render($0, business.language, values) } ?? "" : ""
            try await store.finish(id, intent: Self.name(reply), outcome: outcome, answer: answer)
            return answer
        }
    }

    func act(
        _ reply: TextReply, _ inbound: Inbound, business: Business, thread: (businessID: UUID, bookingID: UUID?)
    ) async throws -> (outcome: String, answer: TextAnswers.Key?, values: [String: String]) {
        let phone = inbound.from.e164
        switch reply {
        case .stop:
            try await store.setOptedOut(true, businessID: business.id, phone: phone, messageSID: inbound.messageSID)
            return ("opted out", .stopped, [:])
        case .start:
            try await store.setOptedOut(false, businessID: business.id, phone: phone, messageSID: inbound.messageSID)
            return ("opted in", .started, [:])
        case .help:
            return ("help sent", .help, [:])
        case .cancel(let code):
            return try await cancel(code: code, inbound, business: business)
        case .yes, .no, .other:
            // No offer waits for a YES or NO yet: the owner reads it like any other text.
            var name = "Text message"
            if let booking = thread.bookingID, let known = try await BookingStore(database: database).get(booking)?.customerName { name = known }
            let sender = name
            try await database.transaction { session in
                let message = try await MessageStore.insert(
                    businessID: business.id, callID: nil, name: sender, phone: phone, body: String(inbound.body.prefix(1600)), urgent: false,
                    in: session)
                try await Outbox.enqueue(.ownerMessage(message), businessID: business.id, in: session)
            }
            return ("passed to the owner's inbox", .passedOn, [:])
        }
    }

    /// CANCEL: the texter's own upcoming booking (by code when given, which must be theirs), through the engine. The
    /// business's usual cancellation message confirms it, so the reply itself says nothing more.
    func cancel(
        code: String?, _ inbound: Inbound, business: Business
    ) async throws -> (
        outcome: String, answer: TextAnswers.Key?, values: [String: String]
    ) {
        let phone = inbound.from.e164
        guard let loaded = try await rules.load(business.id, from: nil) else { return ("business gone", nil, [:]) }
        let tenant = Tenant(id: business.id, rules: loaded.rules)
        let upcoming = try await bookings.find(tenant, code: nil, phone: phone, name: nil, date: nil)
        let target: Booking
        if let code {
            guard let chosen = upcoming.first(where: { $0.confirmationCode == code }) else { return ("no such booking of theirs", .noBooking, [:]) }
            target = chosen
        } else if upcoming.count == 1 {
            target = upcoming[0]
        } else if upcoming.isEmpty {
            return ("no upcoming booking", .noBooking, [:])
        } else {
            let list = upcoming.map { booking in
                "\(booking.confirmationCode) \(NotificationValues.booking(booking, business: business, now: Date())["when"] ?? "")"
            }
            return ("asked which of \(upcoming.count)", .which, ["list": list.joined(separator: "; ")])
        }
        let key = IdempotencyKey(
            scope: "sms", key: inbound.messageSID, requestHash: Array(SHA256.hash(data: Data(target.confirmationCode.utf8))))
        let result = try await bookings.cancel(
            businessID: business.id, code: target.confirmationCode, reason: "cancelled by the customer's text",
            actor: Actor(type: "system", id: "sms"), idempotency: key, render: { _ in [] })
        switch result {
        case .fresh(.cancelled, _), .replayed: return ("cancelled \(target.confirmationCode)", nil, [:])
        case .fresh(.notModifiable, _): return ("not cancellable", .notCancellable, [:])
        default: return ("not found", .noBooking, [:])
        }
    }

    static func name(_ reply: TextReply) -> String {
        switch reply {
        case .stop: "stop"
        case .start: "start"
        case .help: "help"
        case .cancel: "cancel"
        case .yes: "yes"
        case .no: "no"
        case .other: "other"
        }
    }
}
