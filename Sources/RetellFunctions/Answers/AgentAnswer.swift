import Domain
import Foundation
import Storage

/// Builds the compact JSON the agent reads: every answer says whether it worked and what "today" is for the business.
struct AgentAnswer {
    let clock: ZonedClock
    let now: Date
    /// The business's prices' currency (golf rounds).
    var currency = "USD"
    /// The language the caller is answered in (spoken dates, messages).
    var language: Language = .englishUS
    /// The call's arguments as understood (day and time, machine form and spoken), echoed for the agent to confirm.
    var heard: CallerContext?

    /// The business's current local date and time, so the agent never books a past year, and what the caller's words
    /// were read as.
    var context: [String: Any] {
        let local = clock.local(now)
        var fields: [String: Any] = [
            "today": local.date.description, "today_weekday": Speech.dayName(local.date), "local_time": LocalTime(minutes: local.minutes).description,
        ]
        if let understood = heard?.understood, !understood.isEmpty { fields["understood"] = understood }
        return fields
    }

    func ok(_ fields: [String: Any]) -> [String: Any] {
        context.merging(fields) { _, new in new }.merging(["ok": true]) { _, new in new }
    }

    func failure(_ code: String, _ message: String, _ fields: [String: Any] = [:]) -> [String: Any] {
        context.merging(fields) { _, new in new }.merging(["ok": false, "error": code, "message": message]) { _, new in new }
    }

    /// The one shape of "what you asked is not possible", whichever function asked: `ok` false, the refusal's code in
    /// `error` and its words in `message`, the nearest free times in `alternatives`, and `field` when an argument is
    /// the problem rather than the time.
    func refused(_ refusal: Refusal, alternatives: [Slot], _ fields: [String: Any] = [:]) -> [String: Any] {
        var fields = fields
        fields["alternatives"] = alternatives.map(slot)
        if let field = refusal.field { fields["field"] = field }
        return failure(refusal.code, Phrasebook(language).refusal(refusal, today: clock.today(now)), fields)
    }

    func slot(_ slot: Slot) -> [String: Any] {
        var s: [String: Any] = [
            "start": Speech.isoLocal(slot.date, slot.minutes),
            "spoken": Speech.dateTime(slot.date, slot.minutes, today: clock.today(now), language: language),
        ]
        if let staff = slot.staffID { s["staff_id"] = UUIDText.lowercase(staff) }
        if let round = slot.round { s["holes"] = round.rawValue }
        if let cents = slot.priceCents {
            let price = Price(cents: cents, currency: currency)
            s["price_per_player"] = price.plain
            s["price_spoken"] = "\(price.spoken) per player"
        }
        return s
    }

    /// A waitlist request as the agent reads it back to the caller.
    func waitlistEntry(_ e: WaitlistStore.Entry) -> [String: Any] {
        let from = clock.local(e.windowStart), to = clock.local(e.windowEnd)
        var entry: [String: Any] = [
            "date": from.date.description, "time_from": LocalTime(minutes: from.minutes).description,
            "time_to": LocalTime(minutes: to.minutes).description, "party_size": e.partySize,
            "status": e.status == "offered" ? "OFFERED" : "WAITING",
            "spoken": Speech.dateTime(from.date, from.minutes, today: clock.today(now), language: language),
        ]
        if let service = e.service { entry["service"] = service }
        return entry
    }

    func booking(_ b: Booking) -> [String: Any] {
        let local = clock.local(b.start)
        var d: [String: Any] = [
            "confirmation_code": b.confirmationCode,
            "confirmation_code_spoken": b.confirmationCode.map(String.init).joined(separator: " "),
            "status": b.status.rawValue,
            "start": Speech.isoLocal(local.date, local.minutes),
            "spoken": Speech.dateTime(local.date, local.minutes, today: clock.today(now), language: language),
            "party_size": b.partySize,
        ]
        if let name = b.customerName { d["name"] = name }
        if let service = b.service { d["service"] = service }
        if let staff = b.staffName { d["staff"] = staff }
        if let notes = b.notes { d["notes"] = notes }
        for (k, v) in b.options { d[k] = v }
        if let text = b.options["price_per_player"], let price = Price(plain: text, currency: b.options["currency"] ?? currency) {
            d["price_spoken"] = "\(price.spoken) per player"
        }
        if !b.intake.isEmpty { d["intake"] = b.intake }
        return d
    }

    /// Sorted keys and no escaped slashes: the same answer is always the same bytes.
    static func encode(_ object: [String: Any]) -> [UInt8] {
        AnswerJSON.encode(object) ?? foundationEncode(object)
    }

    /// Foundation's bytes for the same object: what `AnswerJSON` must equal, and its fallback.
    static func foundationEncode(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
    }
}
