/// The messages the outbox sends; each has a built-in template a business may replace.
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    case bookingConfirmed = "booking_confirmed"
    case bookingChanged = "booking_changed"
    case bookingCancelled = "booking_cancelled"
    case bookingReminder = "booking_reminder"
    case ownerMessage = "owner_message"
    case ownerCallNotice = "owner_call_notice"
    case ownerCalendarDisconnected = "owner_calendar_disconnected"
    case ownerPhoneAgentBroken = "owner_phone_agent_broken"
    case ownerBookingAlert = "owner_booking_alert"
    case ownerCalendarChange = "owner_calendar_change"
    case waitlistOffer = "waitlist_offer"

    /// Whether the message goes to the business's own people rather than to its customer.
    public var isForOwner: Bool {
        self == .ownerMessage || self == .ownerCallNotice || self == .ownerCalendarDisconnected || self == .ownerPhoneAgentBroken
            || self == .ownerBookingAlert || self == .ownerCalendarChange
    }

    /// The placeholders a template of this kind may use; anything else is a typo the owner should hear about.
    public var placeholders: Set<String> {
        let common: Set<String> = ["business", "business_phone", "when", "date", "time"]
        if self == .ownerBookingAlert { return common.union(["change", "name", "details", "party_size", "code", "service", "staff"]) }
        if self == .waitlistOffer { return common.union(["name", "details", "party_size", "service", "minutes"]) }
        if self == .ownerCalendarChange { return common.union(["change", "name", "details", "party_size", "code", "link"]) }
        if isForOwner { return common.union(["caller_name", "caller_phone", "message", "urgent", "outcome", "summary"]) }
        return common.union(["name", "details", "party_size", "code", "service", "staff"])
    }
}
