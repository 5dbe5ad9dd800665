import Domain
import Foundation
import Storage

/// What one notification job should do, decided from the database as it is when the job runs.
public enum NotificationPlan: Sendable, Equatable {
    case send(Outgoing)
    /// Nothing to send, for a reason worth keeping (cancelled since, no provider, no address, …).
    case skip(kind: NotificationKind, channel: String, recipient: String?, reason: String)

    public struct Outgoing: Sendable, Equatable {
        public var kind: NotificationKind
        public var channel: Channel
        public var to: String
        public var subject: String?
        public var body: String

        public init(kind: NotificationKind, channel: Channel, to: String, subject: String?, body: String) {
            self.kind = kind
            self.channel = channel
            self.to = to
            self.subject = subject
            self.body = body
        }
    }

    public enum Channel: String, Sendable { case sms, email }
}

/// Turns a notification job into a plan: loads the booking, message or call, checks it is still worth sending,
/// picks the channel and renders the business's template in its time zone.
public struct NotificationPlanner: Sendable {
    let store: NotificationStore
    let bookings: BookingStore
    let businesses: BusinessStore
    /// Which providers are configured; a message for a missing one is skipped with the reason.
    let canSMS: Bool
    let canEmail: Bool
    let flags: CalendarFlagStore
    let waitlist: WaitlistStore
    /// Where the console lives (`PUBLIC_BASE_URL`): an owner notice links to the booking's page there.
    let consoleURL: String?

    public init(database: Database, canSMS: Bool, canEmail: Bool, consoleURL: String? = nil) {
        self.store = NotificationStore(database: database)
        self.bookings = BookingStore(database: database)
        self.businesses = BusinessStore(database: database)
        self.flags = CalendarFlagStore(database: database)
        self.waitlist = WaitlistStore(database: database)
        self.canSMS = canSMS
        self.canEmail = canEmail
        self.consoleURL = consoleURL
    }

    /// Owners read these (the console's "What was sent", the owner API's history); the variables an operator sets are
    /// in the worker's start-up log.
    static let noSMS = "text messages are not set up on this platform yet"
    static let noEmail = "email is not set up on this platform yet"

    public func plan(kind jobKind: String, payload: [String: String], businessID: UUID?, now: Date = Date()) async throws -> NotificationPlan {
        guard let kind = JobKind(rawValue: jobKind)?.notification else {
            return .skip(kind: .bookingConfirmed, channel: "none", recipient: nil, reason: "not a notification kind: \(jobKind)")
        }
        guard let businessID, let business = try await businesses.get(businessID) else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "the business no longer exists")
        }
        let settings = try await store.settings(businessID)
        let template = settings.template(kind)
        if kind == .ownerBookingAlert { return try await alertPlan(payload, business, settings, template, now: now) }
        if kind == .ownerCalendarChange { return try await calendarChangePlan(payload, business, template, now: now) }
        if kind == .waitlistOffer { return try await offerPlan(payload, business, template, now: now) }
        if kind.isForOwner { return try await ownerPlan(kind, payload, business, template, now: now) }

        guard let job = BookingJob(fields: payload), let booking = try await bookings.get(job.bookingID) else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "the booking no longer exists")
        }
        let channel = job.channel ?? "sms"
        if let reason = Self.staleReason(kind, booking, job: job, now: now) {
            return .skip(kind: kind, channel: channel, recipient: nil, reason: reason)
        }
        let rendered = template.render(NotificationValues.booking(booking, business: business, now: now))
        if channel == "email" {
            guard let email = booking.customerEmail else {
                return .skip(kind: kind, channel: "email", recipient: nil, reason: "the booking has no email address on record")
            }
            guard canEmail else { return .skip(kind: kind, channel: "email", recipient: Redaction.email(email), reason: Self.noEmail) }
            return .send(
                .init(kind: kind, channel: .email, to: email, subject: rendered.subject ?? "\(business.name): your booking", body: rendered.body))
        }
        guard let phone = booking.customerPhone else {
            return .skip(kind: kind, channel: "sms", recipient: nil, reason: "the booking has no phone number")
        }
        guard canSMS else { return .skip(kind: kind, channel: "sms", recipient: Redaction.phone(phone), reason: Self.noSMS) }
        return .send(.init(kind: kind, channel: .sms, to: phone, subject: nil, body: rendered.body))
    }

    /// Why a customer message no longer applies: the booking was cancelled before "booked" went out, or a reminder's
    /// booking moved (its new reminder is already scheduled), was cancelled, or has already begun.
    static func staleReason(_ kind: NotificationKind, _ booking: Booking, job: BookingJob, now: Date) -> String? {
        switch kind {
        case .bookingConfirmed, .bookingChanged:
            return booking.status.isLive ? nil : "the booking was cancelled before this message went out"
        case .bookingReminder:
            if !booking.status.isLive { return "the booking was cancelled" }
            if let start = job.startsAt, start != Int(booking.start.timeIntervalSince1970) {
                return "the booking moved; the reminder for its new time replaces this one"
            }
            if booking.start <= now { return "the booking has already started" }
            return nil
        default:
            return nil
        }
    }

    /// An owner's booking alert on the channel it was queued for: email to the business's address, SMS to its transfer
    /// phone; skipped if the owner has opted out since.
    func alertPlan(
        _ payload: [String: String], _ business: Business, _ settings: NotificationSettings, _ template: MessageTemplate, now: Date
    ) async throws -> NotificationPlan {
        let kind = NotificationKind.ownerBookingAlert
        guard let job = BookingAlertJob(fields: payload), let booking = try await bookings.get(job.bookingID) else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "the booking no longer exists")
        }
        guard settings.bookingAlerts.contains(job.channel) else {
            return .skip(kind: kind, channel: job.channel, recipient: nil, reason: "booking alerts by \(job.channel) were turned off")
        }
        var values = NotificationValues.booking(booking, business: business, now: now, language: .englishUS)
        values["change"] =
            switch job.change {
            case "new": "New booking"
            case "cancelled": "Booking cancelled"
            default: "Booking changed"
            }
        let rendered = template.render(values)
        if job.channel == "email" {
            guard let email = business.email else {
                return .skip(kind: kind, channel: "email", recipient: nil, reason: "the business has no email address")
            }
            guard canEmail else { return .skip(kind: kind, channel: "email", recipient: Redaction.email(email), reason: Self.noEmail) }
            return .send(.init(kind: kind, channel: .email, to: email, subject: rendered.subject ?? values["change"], body: rendered.body))
        }
        guard let phone = business.transferPhone else {
            return .skip(kind: kind, channel: "sms", recipient: nil, reason: "the business has no transfer phone to text")
        }
        guard canSMS else { return .skip(kind: kind, channel: "sms", recipient: Redaction.phone(phone.e164), reason: Self.noSMS) }
        return .send(.init(kind: kind, channel: .sms, to: phone.e164, subject: nil, body: rendered.body))
    }

    /// Owner notices go by email to the business's address, else by SMS to its transfer phone.
    func ownerPlan(
        _ kind: NotificationKind, _ payload: [String: String], _ business: Business, _ template: MessageTemplate,
        now: Date
    ) async throws -> NotificationPlan {
        let values: [String: String]
        if kind == .ownerMessage {
            guard let job = MessageJob(fields: payload), let message = try await store.message(job.messageID) else {
                return .skip(kind: kind, channel: "none", recipient: nil, reason: "the message no longer exists")
            }
            values = NotificationValues.owner(
                business: business, at: message.createdAt, now: now, callerName: message.callerName,
                callerPhone: message.callerPhone, message: message.body, urgent: message.urgent,
                outcome: nil, summary: nil)
        } else if kind == .ownerCalendarDisconnected || kind == .ownerPhoneAgentBroken {
            values = NotificationValues.owner(
                business: business, at: now, now: now, callerName: nil, callerPhone: nil, message: nil,
                urgent: false, outcome: nil, summary: OwnerNoticeJob(fields: payload)?.reason)
        } else {
            let notice = CallNoticeJob(fields: payload)
            if notice?.outcome == .messageTaken {
                return .skip(kind: kind, channel: "none", recipient: nil, reason: "the message itself is sent to the owner")
            }
            guard let notice, let call = try await store.call(notice.callID) else {
                return .skip(kind: kind, channel: "none", recipient: nil, reason: "the call is not on record")
            }
            values = NotificationValues.owner(
                business: business, at: call.at, now: now, callerName: nil, callerPhone: call.fromNumber,
                message: nil, urgent: false, outcome: notice.outcome.rawValue, summary: call.summary)
        }
        return ownerDelivery(kind, template.render(values), business)
    }

    /// A booking whose event the owner deleted or moved in Google, while that is still so: what happened, and the
    /// link to the booking's page where one tap settles it.
    func calendarChangePlan(
        _ payload: [String: String], _ business: Business, _ template: MessageTemplate, now: Date
    ) async throws
        -> NotificationPlan
    {
        let kind = NotificationKind.ownerCalendarChange
        guard let job = CalendarChangeJob(fields: payload), let booking = try await bookings.get(job.bookingID) else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "the booking no longer exists")
        }
        // Still so, and the latest news: after a second drag, the first move's notice has nothing left to say.
        let flag = try await flags.flag(job.bookingID)
        guard booking.status.isLive, let flag, flag.flag.rawValue == job.change,
            job.movedTo == flag.start.map({ Int($0.timeIntervalSince1970) })
        else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "settled or changed again before this notice went out")
        }
        var values = NotificationValues.booking(booking, business: business, now: now, language: .englishUS)
        if let movedTo = job.movedTo {
            var moved = booking
            moved.start = Date(timeIntervalSince1970: Double(movedTo))
            values["change"] = "moved to " + (NotificationValues.booking(moved, business: business, now: now, language: .englishUS)["when"] ?? "")
        } else {
            values["change"] = "deleted"
        }
        let page = "/console/businesses/\(business.id.uuidString.lowercased())/bookings/\(booking.id.uuidString.lowercased())"
        values["link"] = (consoleURL ?? "") + page
        return ownerDelivery(kind, template.render(values), business)
    }

    /// The text offering a freed place, while the offer is open: what, when, and how long to answer.
    func offerPlan(_ payload: [String: String], _ business: Business, _ template: MessageTemplate, now: Date) async throws -> NotificationPlan {
        let kind = NotificationKind.waitlistOffer
        guard let job = WaitlistOfferJob(fields: payload), let offer = try await waitlist.offer(job.offerID) else {
            return .skip(kind: kind, channel: "none", recipient: nil, reason: "the offer no longer exists")
        }
        guard offer.status == "open", offer.expiresAt > now else {
            return .skip(kind: kind, channel: "sms", recipient: nil, reason: "the offer was taken, declined or expired before this text went out")
        }
        guard canSMS else { return .skip(kind: kind, channel: "sms", recipient: Redaction.phone(offer.phone), reason: Self.noSMS) }
        // The offer as a booking would be, for the business's own words for what and when.
        let shape = Booking(
            id: offer.id, businessID: business.id, confirmationCode: "", status: .pending, start: offer.start, end: offer.end,
            partySize: offer.partySize, customerName: offer.name, customerPhone: offer.phone, notes: nil, service: offer.service, staffID: nil,
            staffName: nil, options: [:], source: .phone, callID: nil, createdAt: now, updatedAt: now)
        var values = NotificationValues.booking(shape, business: business, now: now)
        values["minutes"] = String(max(1, Int((offer.expiresAt.timeIntervalSince(now) / 60).rounded(.up))))
        return .send(.init(kind: kind, channel: .sms, to: offer.phone, subject: nil, body: template.render(values).body))
    }

    /// An owner notice goes by email to the business's address, else by SMS to its transfer phone.
    func ownerDelivery(_ kind: NotificationKind, _ rendered: (subject: String?, body: String), _ business: Business) -> NotificationPlan {
        if let email = business.email, canEmail {
            return .send(.init(kind: kind, channel: .email, to: email, subject: rendered.subject ?? kind.rawValue, body: rendered.body))
        }
        if let phone = business.transferPhone, canSMS {
            return .send(.init(kind: kind, channel: .sms, to: phone.e164, subject: nil, body: rendered.body))
        }
        let reason =
            switch (business.email, business.transferPhone) {
            case (nil, nil): "the business has neither an email address nor a transfer phone"
            case (.some, nil): Self.noEmail
            case (nil, .some): Self.noSMS
            case (.some, .some): "\(Self.noEmail); \(Self.noSMS)"
            }
        return .skip(kind: kind, channel: "none", recipient: nil, reason: reason)
    }
}
