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
    let waitlist: Waitlist
    let offers: WaitlistStore
    let database: Database

    public init(database: Database, bookings: BookingService) {
        self.store = TextReplyStore(database: database)
        self.businesses = BusinessStore(database: database)
        self.rules = RulesStore(database: database)
        self.bookings = bookings
        self.waitlist = Waitlist(database: database, bookings: bookings)
        self.offers = WaitlistStore(database: database)
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
            var reply = TextReply.read(inbound.body, language: business.language)
            let optedOut = try await store.optedOut(phone: phone)
            // YES from a stopped number with no offer to answer is Twilio's opt-in keyword: START.
            if optedOut, inbound.body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() == "YES",
                try await offers.openOffer(businessID: business.id, phone: phone) == nil
            {
                reply = .start
            }
            let acted: (outcome: String, answer: TextAnswers.Key?, values: [String: String])
            do {
                acted = try await act(reply, inbound, business: business, thread: thread)
            } catch {
                // Unhandled: the next delivery of this message starts afresh.
                await store.forget(id)
                throw error
            }
            let (outcome, key, extra) = acted
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
        case .yes, .no:
            if let offer = try await offers.openOffer(businessID: business.id, phone: phone) {
                return try await answer(offer: offer, yes: reply == .yes, inbound, business: business)
            }
            // NO while waiting (no offer to answer): off the waitlist, by text as by voice.
            if reply == .no, try await !offers.active(businessID: business.id, phone: phone).isEmpty {
                let left = try await offers.leave(businessID: business.id, phone: phone, dayStart: nil, dayEnd: nil)
                return ("left \(left) waitlist request(s)", .leftWaitlist, [:])
            }
            return try await toInbox(inbound, business: business, thread: thread)
        case .other:
            return try await toInbox(inbound, business: business, thread: thread)
        }
    }

    /// YES books the offered place through the engine (the booking's confirmation text follows, so the reply says
    /// nothing more); NO passes it to the next request.
    func answer(
        offer: WaitlistStore.Offer, yes: Bool, _ inbound: Inbound, business: Business
    ) async throws -> (
        outcome: String, answer: TextAnswers.Key?, values: [String: String]
    ) {
        guard yes else {
            return try await offers.decline(offer.id, businessID: business.id)
                ? ("offer declined", .offerDeclined, [:]) : ("offer already gone", .offerGone, [:])
        }
        guard let loaded = try await rules.load(business.id, from: nil) else { return ("business gone", nil, [:]) }
        switch try await waitlist.accept(Tenant(id: business.id, rules: loaded.rules), offer: offer, messageSID: inbound.messageSID) {
        case .booked(let booking): return ("booked \(booking.confirmationCode) from the waitlist", nil, [:])
        case .alreadyBooked: return ("already booked from this offer", nil, [:])
        case .gone: return ("offer gone", .offerGone, [:])
        }
    }

    /// A text that is neither a keyword nor an answer to an offer: the owner reads it like any other message.
    func toInbox(
        _ inbound: Inbound, business: Business, thread: (businessID: UUID, bookingID: UUID?)
    ) async throws -> (
        outcome: String, answer: TextAnswers.Key?, values: [String: String]
    ) {
        let phone = inbound.from.e164
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
        let target: Booking
        if let code {
            // Only the texter's own booking: the code looked up, then its phone compared.
            guard let chosen = try await bookings.find(tenant, code: code, phone: nil, name: nil, date: nil).first, chosen.customerPhone == phone,
                chosen.status.isLive, chosen.start > Date()
            else { return ("no such upcoming booking of theirs", .noBooking, [:]) }
            return try await cancel(chosen, inbound, business: business)
        }
        let upcoming = try await bookings.find(tenant, code: nil, phone: phone, name: nil, date: nil)
        if upcoming.count == 1 {
            target = upcoming[0]
        } else if upcoming.isEmpty {
            return ("no upcoming booking", .noBooking, [:])
        } else {
            let list = upcoming.map { booking in
                "\(booking.confirmationCode) \(NotificationValues.booking(booking, business: business, now: Date())["when"] ?? "")"
            }
            return ("asked which of \(upcoming.count)", .which, ["list": list.joined(separator: "; ")])
        }
        return try await cancel(target, inbound, business: business)
    }

    func cancel(
        _ target: Booking, _ inbound: Inbound, business: Business
    ) async throws -> (
        outcome: String, answer: TextAnswers.Key?, values: [String: String]
    ) {
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
