import Foundation

/// Dates and times in the words an agent reads out: "Friday, November 27 at 7:30 PM".
public enum Speech {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    public static func dayName(_ date: LocalDate) -> String { date.weekday.name.capitalized }

    /// How far ahead a date is spoken without its year: further (or in the past) "November 30" is ambiguous.
    public static let yearlessDays = 182

    /// "Friday, November 27", with ", 2027" when the date is not within the next six months of `today`.
    public static func date(_ date: LocalDate, today: LocalDate) -> String {
        let words = "\(dayName(date)), \(months[date.month - 1]) \(date.day)"
        return date < today || date > today.adding(days: yearlessDays) ? "\(words), \(date.year)" : words
    }

    public static func time(_ minutes: Int) -> String {
        let m = minutes % 1440
        if m == 0 { return "midnight" }
        if m == 720 { return "noon" }
        let hour = m / 60, minute = m % 60
        let h12 = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour < 12 ? "AM" : "PM"
        return minute == 0 ? "\(h12) \(suffix)" : "\(h12):\(minute < 10 ? "0" : "")\(minute) \(suffix)"
    }

    public static func dateTime(_ date: LocalDate, _ minutes: Int, today: LocalDate) -> String {
        "\(Self.date(date, today: today)) at \(time(minutes))"
    }

    /// `2026-11-27T19:30`, the machine form next to the words.
    public static func isoLocal(_ date: LocalDate, _ minutes: Int) -> String { "\(date)T\(LocalTime(minutes: minutes % 1440))" }

    /// "1 hour", "90 minutes", "2 days".
    public static func duration(_ minutes: Int) -> String {
        func unit(_ n: Int, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if minutes > 0, minutes % 1440 == 0 { return unit(minutes / 1440, "day") }
        if minutes > 0, minutes % 60 == 0 { return unit(minutes / 60, "hour") }
        return unit(minutes, "minute")
    }
}
