import Foundation

/// The placeholder values of a message, worded for reading on a phone and set in the business's time zone.
public enum NotificationValues {
    /// Values of a customer message about `booking`, written at `now` (a date far ahead is spoken with its year).
    /// `language`: the business's unless given (an owner's alert is in English).
    public static func booking(_ booking: Booking, business: Business, now: Date, language: Language? = nil) -> [String: String] {
        var values = common(business, at: booking.start, now: now, language: language)
        values["name"] = booking.customerName ?? "there"
        values["code"] = booking.confirmationCode
        values["party_size"] = String(booking.partySize)
        values["service"] = booking.service ?? ""
        values["staff"] = booking.staffName ?? ""
        values["details"] = details(booking, kind: business.kind, language: language ?? business.language)
        return values
    }

    /// Values of an owner notice about a call or a message, dated at `at`.
    public static func owner(
        business: Business, at: Date, now: Date, callerName: String?, callerPhone: String?, message: String?,
        urgent: Bool, outcome: String?, summary: String?
    ) -> [String: String] {
        // Owners read their notices in English (the console's language), whatever their callers speak.
        var values = common(business, at: at, now: now, language: .englishUS)
        values["caller_name"] = callerName ?? "A caller"
        values["caller_phone"] = callerPhone ?? "no number given"
        values["message"] = message ?? ""
        values["urgent"] = urgent ? "URGENT: " : ""
        values["outcome"] = outcome.map { $0.replacingOccurrences(of: "_", with: " ") } ?? "unknown"
        values["summary"] = summary ?? ""
        return values
    }

    static func common(_ business: Business, at instant: Date, now: Date, language: Language? = nil) -> [String: String] {
        let clock = ZonedClock(business.timezone.timeZone)
        let local = clock.local(instant), today = clock.today(now), language = language ?? business.language
        return [
            "business": business.name,
            "business_phone": (business.phone ?? business.transferPhone)?.e164 ?? "us",
            "when": Speech.dateTime(local.date, local.minutes, today: today, language: language),
            "date": Speech.date(local.date, today: today, language: language),
            "time": Speech.time(local.minutes, language: language),
        ]
    }

    /// "a table for 4", "3 players", "Haircut with Sam": what was booked, in the business's own terms.
    public static func details(_ booking: Booking, kind: BusinessKind, language: Language = .englishUS) -> String {
        let said = Phrasebook(language).details(kind: kind, partySize: booking.partySize, service: booking.service, staff: booking.staffName)
        guard kind == .teeTimes, let holes = booking.options["holes"].flatMap(RoundType.Holes.init(rawValue:)) else { return said }
        return language.isEnglish ? "\(said), \(holes.spoken)" : "\(said), \(holes.count) \(Self.holesWord[language] ?? "holes")"
    }

    static let holesWord: [Language: String] = [.spanish: "hoyos", .french: "trous", .german: "Löcher", .italian: "buche", .portuguese: "buracos"]
}
