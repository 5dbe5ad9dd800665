import Domain
import Foundation

/// Every kind of job the product puts in the outbox. The raw values are what the `jobs.kind` column holds.
public enum JobKind: String, Sendable, CaseIterable {
    case bookingConfirmed = "booking_confirmed"
    case bookingChanged = "booking_changed"
    case bookingCancelled = "booking_cancelled"
    case bookingReminder = "booking_reminder"
    case sendConfirmation = "send_confirmation"
    case ownerMessage = "owner_message"
    case ownerCallNotice = "owner_call_notice"
    case ownerCalendarDisconnected = "owner_calendar_disconnected"
    case calendarSync = "calendar_sync"
    case accountEmail = "account_email"
    case teamInvite = "team_invite"
    case retellSync = "retell_sync"
    case ownerPhoneAgentBroken = "owner_phone_agent_broken"
    case ownerBookingAlert = "owner_booking_alert"
    case ownerCalendarChange = "owner_calendar_change"
    case calendarWatch = "calendar_watch"
    case calendarPull = "calendar_pull"
    case waitlistMatch = "waitlist_match"
    case waitlistOffer = "waitlist_offer"

    /// The notification a job of this kind sends, if it sends one.
    public var notification: NotificationKind? {
        self == .sendConfirmation ? .bookingConfirmed : NotificationKind(rawValue: rawValue)
    }
}

/// A job's payload as a type: producers and handlers agree on its fields through it (stored as strings, as before).
public protocol JobPayload: Sendable {
    var fields: [String: String] { get }
    init?(fields: [String: String])
}

/// About one booking: its messages, a confirmation sent again (`channel`), a reminder (`startsAt`), its calendar sync.
public struct BookingJob: JobPayload, Equatable {
    public var bookingID: UUID
    public var channel: String?
    /// The booking's start (seconds since 1970) a reminder was planned for: a moved booking makes the reminder stale.
    public var startsAt: Int?

    public init(bookingID: UUID, channel: String? = nil, startsAt: Int? = nil) {
        self.bookingID = bookingID
        self.channel = channel
        self.startsAt = startsAt
    }

    public var fields: [String: String] {
        var f = ["booking_id": bookingID.uuidString.lowercased()]
        f["channel"] = channel
        f["starts_at"] = startsAt.map(String.init)
        return f
    }

    public init?(fields: [String: String]) {
        guard let id = fields["booking_id"].flatMap(UUID.init(uuidString:)) else { return nil }
        self.init(bookingID: id, channel: fields["channel"], startsAt: fields["starts_at"].flatMap { Int($0) })
    }
}

/// An owner's alert of one booking change: which booking, what happened to it (`new`, `changed`, `cancelled`), how.
public struct BookingAlertJob: JobPayload, Equatable {
    public var bookingID: UUID
    public var change: String
    public var channel: String

    public init(bookingID: UUID, change: String, channel: String) {
        self.bookingID = bookingID
        self.change = change
        self.channel = channel
    }

    public var fields: [String: String] { ["booking_id": bookingID.uuidString.lowercased(), "change": change, "channel": channel] }

    public init?(fields: [String: String]) {
        guard let id = fields["booking_id"].flatMap(UUID.init(uuidString:)), let change = fields["change"], let channel = fields["channel"]
        else { return nil }
        self.init(bookingID: id, change: change, channel: channel)
    }
}

/// A booking whose event the owner deleted or moved in Google: the owner is asked what to do (`removed` / `moved`,
/// with the new start in seconds since 1970).
public struct CalendarChangeJob: JobPayload, Equatable {
    public var bookingID: UUID
    public var change: String
    public var movedTo: Int?

    public init(bookingID: UUID, change: String, movedTo: Int?) {
        self.bookingID = bookingID
        self.change = change
        self.movedTo = movedTo
    }

    public var fields: [String: String] {
        var f = ["booking_id": bookingID.uuidString.lowercased(), "change": change]
        f["moved_to"] = movedTo.map(String.init)
        return f
    }

    public init?(fields: [String: String]) {
        guard let id = fields["booking_id"].flatMap(UUID.init(uuidString:)), let change = fields["change"] else { return nil }
        self.init(bookingID: id, change: change, movedTo: fields["moved_to"].flatMap { Int($0) })
    }
}

/// A job about a business's calendar connection as a whole (open or renew its channel; pull Google's changes).
/// `renewing`: the channel a renewal replaces (a renewal for a channel already replaced does nothing).
public struct CalendarJob: JobPayload, Equatable {
    public var renewing: String?

    public init(renewing: String? = nil) { self.renewing = renewing }

    public var fields: [String: String] {
        var f: [String: String] = [:]
        f["renewing"] = renewing
        return f
    }

    public init?(fields: [String: String]) { self.init(renewing: fields["renewing"]) }
}

/// A waitlist offer, for its text.
public struct WaitlistOfferJob: JobPayload, Equatable {
    public var offerID: UUID

    public init(offerID: UUID) { self.offerID = offerID }

    public var fields: [String: String] { ["offer_id": offerID.uuidString.lowercased()] }

    public init?(fields: [String: String]) {
        guard let id = fields["offer_id"].flatMap(UUID.init(uuidString:)) else { return nil }
        self.init(offerID: id)
    }
}

/// A message the agent took, for its owner notice.
public struct MessageJob: JobPayload, Equatable {
    public var messageID: UUID

    public init(messageID: UUID) { self.messageID = messageID }

    public var fields: [String: String] { ["message_id": messageID.uuidString.lowercased()] }

    public init?(fields: [String: String]) {
        guard let id = fields["message_id"].flatMap(UUID.init(uuidString:)) else { return nil }
        self.init(messageID: id)
    }
}

/// A call whose outcome the owner hears about.
public struct CallNoticeJob: JobPayload, Equatable {
    public var callID: String
    public var outcome: CallOutcome

    public init(callID: String, outcome: CallOutcome) {
        self.callID = callID
        self.outcome = outcome
    }

    public var fields: [String: String] { ["call_id": callID, "outcome": outcome.rawValue] }

    public init?(fields: [String: String]) {
        guard let callID = fields["call_id"], let outcome = fields["outcome"].flatMap(CallOutcome.init(rawValue:)) else { return nil }
        self.init(callID: callID, outcome: outcome)
    }
}

/// An owner notice whose one fact is a reason: Google Calendar or the phone agent stopped accepting our changes.
public struct OwnerNoticeJob: JobPayload, Equatable {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var fields: [String: String] { ["reason": reason] }

    public init?(fields: [String: String]) {
        guard let reason = fields["reason"] else { return nil }
        self.init(reason: reason)
    }
}

/// An email to a console account with a single-use link (verify an address, reset a password). The link itself is
/// made when the email is sent, so no secret waits in the outbox.
public struct AccountEmailJob: JobPayload, Equatable {
    public var accountID: UUID
    /// `verify_email` or `reset_password`.
    public var purpose: String
    public var email: String

    public init(accountID: UUID, purpose: String, email: String) {
        self.accountID = accountID
        self.purpose = purpose
        self.email = email
    }

    public var fields: [String: String] { ["account_id": accountID.uuidString.lowercased(), "purpose": purpose, "email": email] }

    public init?(fields: [String: String]) {
        guard let id = fields["account_id"].flatMap(UUID.init(uuidString:)), let purpose = fields["purpose"], let email = fields["email"] else {
            return nil
        }
        self.init(accountID: id, purpose: purpose, email: email)
    }
}

/// An invitation to join a business's team, emailed with its link (made when sent, like an account's links).
public struct TeamInviteJob: JobPayload, Equatable {
    public var inviteID: UUID

    public init(inviteID: UUID) { self.inviteID = inviteID }

    public var fields: [String: String] { ["invite_id": inviteID.uuidString.lowercased()] }

    public init?(fields: [String: String]) {
        guard let id = fields["invite_id"].flatMap(UUID.init(uuidString:)) else { return nil }
        self.init(inviteID: id)
    }
}

/// The product's jobs, each built in one place with its kind, payload, dedupe key and ordering.
extension NewJob {
    /// The customer's message about a booking change, once per change, never overtaking an earlier one.
    public static func customerMessage(_ kind: JobKind, booking: Booking) -> NewJob {
        let id = booking.id.uuidString.lowercased()
        let stamp = String(Int(booking.updatedAt.timeIntervalSince1970 * 1000))
        return NewJob(kind, BookingJob(bookingID: booking.id), dedupeKey: "\(kind.rawValue):\(id):\(stamp)", orderingKey: "notify:\(id)")
    }

    /// The customer's messages about a change, one per way to reach them: a text when the booking has a phone, an
    /// email when it has an address (each once per change, in order per booking and channel).
    public static func customerMessages(_ kind: JobKind, booking: Booking) -> [NewJob] {
        var jobs: [NewJob] = []
        if booking.customerPhone != nil { jobs.append(customerMessage(kind, booking: booking)) }
        if booking.customerEmail != nil {
            let id = booking.id.uuidString.lowercased()
            let stamp = String(Int(booking.updatedAt.timeIntervalSince1970 * 1000))
            jobs.append(
                NewJob(
                    kind, BookingJob(bookingID: booking.id, channel: "email"), dedupeKey: "\(kind.rawValue):\(id):\(stamp):email",
                    orderingKey: "notify-email:\(id)"))
        }
        return jobs
    }

    /// The owner told of a new, changed or cancelled booking on each channel they opted in to (none by default).
    public static func ownerBookingAlerts(_ kind: JobKind, booking: Booking) -> [NewJob] {
        let id = booking.id.uuidString.lowercased()
        let stamp = String(Int(booking.updatedAt.timeIntervalSince1970 * 1000))
        let change =
            switch kind {
            case .bookingConfirmed: "new"
            case .bookingCancelled: "cancelled"
            default: "changed"
            }
        return ["email", "sms"].map { channel in
            var job = NewJob(
                .ownerBookingAlert, BookingAlertJob(bookingID: booking.id, change: change, channel: channel),
                dedupeKey: "owner_booking_alert:\(id):\(stamp):\(channel)", orderingKey: "owner-alert-\(channel):\(id)")
            job.onlyIfAlertChannel = channel
            return job
        }
    }

    /// The booking mirrored to the owner's Google Calendar, in order per booking.
    public static func calendarSync(booking id: UUID) -> NewJob {
        NewJob(.calendarSync, BookingJob(bookingID: id), orderingKey: "booking:\(id.uuidString.lowercased())")
    }

    /// The booking's details sent again on the caller's request, once per call and channel.
    public static func sendConfirmation(booking id: UUID, channel: String, callID: String?) -> NewJob {
        NewJob(
            .sendConfirmation, BookingJob(bookingID: id, channel: channel),
            dedupeKey: "send_confirmation:\(id.uuidString.lowercased()):\(channel):\(callID ?? UUID().uuidString)")
    }

    /// The owner told of a message the agent took.
    public static func ownerMessage(_ id: UUID) -> NewJob {
        NewJob(.ownerMessage, MessageJob(messageID: id), dedupeKey: "owner_message:\(id.uuidString.lowercased())")
    }

    /// The owner told of a call's outcome, once per call.
    public static func ownerCallNotice(callID: String, outcome: CallOutcome) -> NewJob {
        NewJob(.ownerCallNotice, CallNoticeJob(callID: callID, outcome: outcome), dedupeKey: "owner_call_notice:\(callID)")
    }

    /// An email with a link for a console account.
    public static func accountEmail(accountID: UUID, purpose: String, email: String) -> NewJob {
        NewJob(.accountEmail, AccountEmailJob(accountID: accountID, purpose: purpose, email: email))
    }

    /// An invitation's email (a re-send is a new job with a new link: the older one stops working).
    public static func teamInvite(_ id: UUID) -> NewJob {
        NewJob(.teamInvite, TeamInviteJob(inviteID: id))
    }

    /// The owner told, once per breakage, that Retell stopped accepting their phone agent's updates.
    public static func ownerPhoneAgentBroken(reason: String) -> NewJob {
        NewJob(.ownerPhoneAgentBroken, OwnerNoticeJob(reason: reason))
    }

    /// The owner told that Google Calendar stopped accepting the business's bookings.
    public static func ownerCalendarDisconnected(reason: String) -> NewJob {
        NewJob(.ownerCalendarDisconnected, OwnerNoticeJob(reason: reason))
    }

    /// Opens (or, `renewing` a channel, replaces) the calendar's push channel; one at a time per business.
    public static func calendarWatch(businessID: UUID, renewing: String? = nil, at runAt: Date? = nil) -> NewJob {
        NewJob(.calendarWatch, CalendarJob(renewing: renewing), runAt: runAt, orderingKey: "calendar-watch:\(businessID.uuidString.lowercased())")
    }

    /// The owner asked what to do about a booking whose event was deleted or moved in Google.
    public static func ownerCalendarChange(bookingID: UUID, change: String, movedTo: Date?) -> NewJob {
        NewJob(.ownerCalendarChange, CalendarChangeJob(bookingID: bookingID, change: change, movedTo: movedTo.map { Int($0.timeIntervalSince1970) }))
    }

    /// The text offering a freed place to a waiting caller.
    public static func waitlistOffer(_ offerID: UUID) -> NewJob {
        NewJob(.waitlistOffer, WaitlistOfferJob(offerID: offerID), dedupeKey: "waitlist_offer:\(offerID.uuidString.lowercased())")
    }

    /// Match freed places with the waitlist (now, or when an offer expires). No ordering key: a match due now must not
    /// wait behind one queued for a later expiry; the business's lock serialises the matching itself.
    public static func waitlistMatch(businessID: UUID, at runAt: Date? = nil) -> NewJob {
        NewJob(.waitlistMatch, CalendarJob(), runAt: runAt)
    }
}
