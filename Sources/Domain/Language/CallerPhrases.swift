import Foundation

/// What a caller's words resolved to: one value (with a note when something was inferred), or the values they could
/// mean, for the agent to ask which.
public enum CallerReading<Value: Sendable & Equatable>: Sendable, Equatable {
    case value(Value, note: String?)
    case choices([Value])
}

/// Days and times as callers say them ("next friday", "the 4th", "half past seven", "19h30"), resolved in the business's
/// calendar and language, so the LLM never does date arithmetic. Nil when the words are not a day or a time.
public enum CallerPhrases {
    // MARK: Days

    /// `next <weekday>` is that weekday in the next calendar week (weeks start on Monday); a bare weekday is the next one
    /// from today, and today's own weekday is asked about (today, or a week today?).
    public static func date(_ text: String, today: LocalDate, language: Language) -> CallerReading<LocalDate>? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 10, let iso = try? LocalDate(parsing: String(trimmed.prefix(10)), field: "date") { return .value(iso, note: nil) }
        let v = CallerVocabulary.of(language), names = LocaleNames.of(language)
        let phrase = CallerVocabulary.fold(trimmed, language)
        guard !phrase.isEmpty else { return nil }
        func has(_ terms: [String]) -> Bool { terms.contains { " \(phrase) ".contains(" \($0) ") } }
        let tokens = phrase.split(separator: " ").map(String.init)
        let saysNext = has(v.next)

        if has(v.dayAfterTomorrow) { return .value(today.adding(days: 2), note: nil) }
        if has(v.today) || has(v.tonight) { return .value(today, note: nil) }
        // "Mañana" and "Morgen" are also the morning: "el viernes por la mañana", "Freitag morgen" are Friday's.
        let mornings = ["por la manana", "de la manana", "en la manana", "am morgen", "morgens"]
        let morningOnly = mornings.reduce(" \(phrase) ") { $0.replacingOccurrences(of: " \($1) ", with: " ") }
        let weekdaySaid = weekday(tokens, names) != nil
        if v.tomorrow.contains(where: { morningOnly.contains(" \($0) ") }), !(language == .german && weekdaySaid) {
            return .value(today.adding(days: 1), note: nil)
        }
        if has(v.weekend) {
            let toSaturday = (6 - today.weekday.rawValue + 7) % 7
            var saturday = today.adding(days: toSaturday)
            if today.weekday == .sunday { saturday = today.adding(days: -1) }
            if saysNext { saturday = saturday.adding(days: 7) }
            let days = [saturday, saturday.adding(days: 1)].filter { $0 >= today }
            return days.count == 1 ? .value(days[0], note: nil) : .choices(days)
        }
        if has(v.within), let (count, unitIndex) = amount(tokens, v, names) {
            // Two years at most: a count past that is a mishearing (and must never overflow the arithmetic).
            let unit = tokens[unitIndex]
            if v.weekUnits.contains(unit), (0 ... 104).contains(count) { return .value(today.adding(days: 7 * count), note: nil) }
            if v.dayUnits.contains(unit), (0 ... 730).contains(count) { return .value(today.adding(days: count), note: nil) }
            return nil
        }
        if has(v.within), tokens.contains(where: { v.one.contains($0) }), !tokens.contains(where: { names.months[$0] != nil }) {
            // "In a month", "dans un mois": a span in a unit not handled is refused, not read as the 1st.
            return nil
        }
        let numbers = dayNumbers(tokens.filter { !v.one.contains($0) }, names)
        let year = tokens.compactMap { Int($0) }.first { $0 >= 2000 && $0 <= 2100 }
        let monthSaid = tokens.compactMap { names.months[$0] }.first
        if monthSaid == nil, let day = weekday(tokens, names) {
            let ahead = (day.rawValue - today.weekday.rawValue + 7) % 7
            var reading: CallerReading<LocalDate>
            if saysNext {
                // The weekday of next week: Monday-based weeks.
                let nextMonday = today.adding(days: 7 - (today.weekday.rawValue - 1))
                reading = .value(nextMonday.adding(days: day.rawValue - 1), note: nil)
            } else {
                reading = ahead == 0 ? .choices([today, today.adding(days: 7)]) : .value(today.adding(days: ahead), note: nil)
            }
            // "Friday the 4th": the two agree, or the caller is asked which they meant.
            if numbers.count == 1, case .value(let onWeekday, _)? = date("\(numbers[0])", today: today, language: .englishUS) {
                if onWeekday.weekday == day { return .value(onWeekday, note: nil) }
                if case .value(let byWeekday, _) = reading { return .choices([byWeekday, onWeekday]) }
            }
            return reading
        }
        if let month = monthSaid, let day = numbers.first {
            if let year { return (LocalDate(year: year, month: month, day: day)).map { .value($0, note: nil) } }
            for y in [today.year, today.year + 1] {
                if let date = LocalDate(year: y, month: month, day: day), date >= today { return .value(date, note: nil) }
            }
            return nil
        }
        if let slashed = tokens.first(where: { $0.contains("/") }) {
            let parts = slashed.split(separator: "/").compactMap { Int($0) }
            guard parts.count >= 2 else { return nil }
            let (month, day) = language == .englishUS ? (parts[0], parts[1]) : (parts[1], parts[0])
            let y = parts.count > 2 ? (parts[2] < 100 ? 2000 + parts[2] : parts[2]) : nil
            if let y { return (LocalDate(year: y, month: month, day: day)).map { .value($0, note: nil) } }
            for y in [today.year, today.year + 1] {
                if let date = LocalDate(year: y, month: month, day: day), date >= today { return .value(date, note: nil) }
            }
            return nil
        }
        if numbers.count == 1, let day = numbers.first {
            // "The 4th": this month's when still ahead, today's asked about, else next month's (or the first month that has it).
            if day == today.day { return .choices([today, nextMonths(day, after: today).first].compactMap { $0 }) }
            if day > today.day, let date = LocalDate(year: today.year, month: today.month, day: day) { return .value(date, note: nil) }
            return nextMonths(day, after: today).first.map { .value($0, note: nil) }
        }
        return nil
    }

    /// The first date after `today`'s month with that day of the month.
    static func nextMonths(_ day: Int, after today: LocalDate) -> [LocalDate] {
        var (year, month) = (today.year, today.month)
        for _ in 0 ..< 3 {
            month += 1
            if month > 12 { (year, month) = (year + 1, 1) }
            if let date = LocalDate(year: year, month: month, day: day) { return [date] }
        }
        return []
    }

    static func weekday(_ tokens: [String], _ names: LocaleNames) -> Weekday? {
        for (index, token) in tokens.enumerated() {
            if index + 1 < tokens.count, let day = names.weekdays["\(token) \(tokens[index + 1])"] { return day }
            if let day = names.weekdays[token] { return day }
        }
        return nil
    }

    /// Days of the month said as digits ("4", "4th", "1er", "4.") or words ("four").
    static func dayNumbers(_ tokens: [String], _ names: LocaleNames) -> [Int] {
        var found: [Int] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            let digits = token.prefix { $0.isNumber }
            let suffix = token.dropFirst(digits.count)
            if !digits.isEmpty, ["", "st", "nd", "rd", "th", "er", "e", "o", "a", "eme", "th."].contains(String(suffix)), let n = Int(digits),
                (1 ... 31).contains(n)
            {
                found.append(n)
            } else if let (n, used) = numberWord(tokens, from: index, names), (1 ... 31).contains(n) {
                found.append(n)
                index += used
                continue
            }
            index += 1
        }
        return found
    }

    /// A number in words starting at `from`, the longest that matches (up to four words: "vingt et un").
    static func numberWord(_ tokens: [String], from: Int, _ names: LocaleNames) -> (Int, Int)? {
        for length in stride(from: min(4, tokens.count - from), through: 1, by: -1) {
            let words = tokens[from ..< from + length].joined(separator: " ")
            if let n = names.numbers[words] { return (n, length) }
        }
        return nil
    }

    /// "2 weeks", "two weeks", "a week": the count and the index of its unit.
    static func amount(_ tokens: [String], _ v: CallerVocabulary, _ names: LocaleNames) -> (Int, Int)? {
        for (index, token) in tokens.enumerated() where v.weekUnits.contains(token) || v.dayUnits.contains(token) {
            guard index > 0 else { continue }
            let before = tokens[index - 1]
            if let n = Int(before) { return (n, index) }
            if v.one.contains(before) { return (1, index) }
            for start in stride(from: index - 1, through: max(0, index - 4), by: -1) {
                if let (n, used) = numberWord(tokens, from: start, names), start + used == index { return (n, index) }
            }
        }
        return nil
    }

    // MARK: Times

    /// A time of day. Without AM/PM an hour from 1 to 12 is the one the business is open at; open at both, a restaurant's
    /// is the evening (said in the note), any other business's is asked about.
    public static func time(
        _ text: String, language: Language, kind: BusinessKind, isOpen: (Int) -> Bool
    ) -> CallerReading<LocalTime>? {
        let v = CallerVocabulary.of(language), names = LocaleNames.of(language)
        let phrase = split(CallerVocabulary.fold(text, language))
        guard !phrase.isEmpty else { return nil }
        func has(_ terms: [String]) -> Bool { terms.contains { " \(phrase) ".contains(" \($0) ") } }
        // A range ("19h-21h", "7-8") or a choice ("between 7 and 8", "7 or 8") is not one time.
        if text.range(of: #"[0-9][^0-9]*[-–][^0-9]*[0-9]"#, options: .regularExpression) != nil, !text.contains(":") { return nil }
        if has(v.alternatives) || (language.isEnglish && has(["and"])) { return nil }
        // "Midi" is noon, "après-midi" the afternoon; "midi et demi" is 12:30 and "1 Uhr mittags" 1 PM.
        let noonSaid = has(v.noon) && !has(v.pm), midnightSaid = has(v.midnight)
        let tokens = phrase.split(separator: " ").map(String.init).filter { !v.filler.contains($0) }
        var pm = has(v.pm), am = !pm && has(v.am)

        // The numbers said, in order, each with its position; "7:30" is two.
        var numbers: [(value: Int, at: Int)] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                guard parts.count == 2 || parts.count == 3 else { return nil }
                numbers += [(parts[0], index), (parts[1], index)]
            } else if let n = Int(token) {
                numbers.append((n, index))
            } else if let (n, used) = numberWord(tokens, from: index, names) {
                // "quinze" is both fifteen and (in Portuguese) a quarter: a number either way.
                numbers.append((n, index))
                index += used
                continue
            }
            index += 1
        }
        if numbers.isEmpty, noonSaid || midnightSaid {
            // The named hour itself, or a half or quarter past it ("midi et demi", "meia-noite e meia").
            let base = noonSaid ? 720 : 0
            let minute = has(v.half) ? 30 : has(v.quarter) ? 15 : 0
            return .value(LocalTime(minutes: base + minute), note: nil)
        }
        if noonSaid, !numbers.isEmpty { pm = true }
        guard !numbers.isEmpty || has(v.half) || has(v.quarter) else { return nil }
        let toAt = tokens.firstIndex { v.to.contains($0) }
        let pastAt = tokens.firstIndex { v.past.contains($0) }
        // Which comes first around "to" ("ten to eight", "quinze para as oito") and around "past" ("ten past seven",
        // but "sete e dez"): languages differ.
        let minuteFirst = [.englishUS, .englishUK, .german, .portuguese].contains(language)
        let minuteFirstPast = [.englishUS, .englishUK, .german].contains(language)
        if let toAt, !numbers.contains(where: { $0.at > toAt }), !has(v.quarter), language != .german || !tokens.contains("halb") {
            return nil
        }
        var hour: Int, minute = 0
        // An hour reached by counting back ("quarter to one", "halb eins") is 12, never 0: AM/PM decides below.
        var countedBack = false
        if language == .german, let halbAt = tokens.firstIndex(of: "halb"), let h = numbers.first(where: { $0.at > halbAt }) {
            // "halb acht" is half past seven.
            hour = h.value - 1
            minute = 30
            countedBack = true
        } else if let toAt, numbers.contains(where: { $0.at > toAt }) || has(v.quarter) {
            // "ten to eight", "quarter to eight", "ocho menos diez", "huit heures moins le quart", "quinze para as oito".
            let after = numbers.filter { $0.at > toAt }, before = numbers.filter { $0.at < toAt }
            let hourSaid = minuteFirst ? after.first?.value : before.first?.value ?? after.first?.value
            let minutesSaid = has(v.quarter) ? 15 : (minuteFirst ? before.first?.value : after.first?.value)
            guard let hourSaid, let minutesSaid, (1 ... 59).contains(minutesSaid) else { return nil }
            hour = hourSaid - 1
            minute = 60 - minutesSaid
            countedBack = true
        } else if has(v.half) || has(v.quarter) {
            // "half past seven", "siete y media", "sept heures et quart", "viertel nach sieben".
            guard let h = (minuteFirstPast ? numbers.last : numbers.first)?.value else { return nil }
            hour = h
            minute = has(v.half) ? 30 : 15
        } else if let pastAt, minuteFirstPast, numbers.count >= 2, numbers[0].at < pastAt {
            // "ten past seven", "zehn nach sieben".
            hour = numbers[1].value
            minute = numbers[0].value
        } else {
            hour = numbers[0].value
            if numbers.count > 1 { minute = numbers[1].value }
        }
        if countedBack, hour == 0 { hour = 12 }
        if hour < 0 { hour += 24 }
        guard (0 ... 23).contains(hour), (0 ... 59).contains(minute) else { return nil }
        if pm, (1 ... 11).contains(hour) { return .value(LocalTime(minutes: (hour + 12) * 60 + minute), note: nil) }
        if am, hour == 12 { return .value(LocalTime(minutes: minute), note: nil) }
        if pm || am || hour == 0 || hour > 12 { return .value(LocalTime(minutes: hour * 60 + minute), note: nil) }
        // No AM or PM: the hour the business is open at.
        let morning = LocalTime(minutes: (hour % 12) * 60 + minute), evening = LocalTime(minutes: (hour % 12 + 12) * 60 + minute)
        let open = [morning, evening].filter { isOpen($0.minutes) }
        if open.count == 1 {
            let only = open[0]
            return .value(
                only, note: only == evening && hour != 12 ? "\(hour) taken as \(Speech.time(only.minutes)): the business is open then" : nil)
        }
        if open.count == 2, kind == .restaurant {
            return .value(evening, note: "\(hour) taken as \(Speech.time(evening.minutes)) (evening); check with the caller")
        }
        return .choices([morning, evening])
    }

    /// Digits and letters apart ("7pm" → "7 pm", "19h30" → "19 h 30"), keeping "7:30" and ordinals whole.
    static func split(_ phrase: String) -> String {
        var out = ""
        var previous: Character?
        for c in phrase {
            if let p = previous, (p.isNumber && c.isLetter) || (p.isLetter && c.isNumber) { out.append(" ") }
            out.append(c)
            previous = c
        }
        return out
    }
}
