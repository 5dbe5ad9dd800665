import Foundation

/// The words callers use for days and times, per language. Weekday and month names and numbers in words come from
/// the platform's locale data (`CallerVocabulary.names`); what no formatter offers for parsing ("tomorrow", "half past",
/// "next") is listed here, folded (lower case, no accents) as the parser compares it.
struct CallerVocabulary: Sendable {
    var today: [String]
    var tonight: [String]
    var tomorrow: [String]
    var dayAfterTomorrow: [String]
    var next: [String]
    var weekend: [String]
    var within: [String]
    var weekUnits: [String]
    var dayUnits: [String]
    var one: [String]
    var noon: [String]
    var midnight: [String]
    var pm: [String]
    var am: [String]
    var half: [String]
    var quarter: [String]
    var past: [String]
    var to: [String]
    var hourWords: [String]
    /// Words that carry no meaning for a date or time ("the", "on", "at", "um", "a las").
    var filler: Set<String>
    /// Words that make two numbers a range or a choice ("between 7 and 8", "7 or 8"): not one time.
    var alternatives: [String] {
        ["between", "or", "entre", "oder", "ou", "oppure", "o bien", "zwischen", "tra le"]
    }

    static func of(_ language: Language) -> CallerVocabulary {
        switch language {
        case .englishUS, .englishUK:
            CallerVocabulary(
                today: ["today"], tonight: ["tonight", "this evening"], tomorrow: ["tomorrow", "tmrw"],
                dayAfterTomorrow: ["day after tomorrow", "the day after tomorrow"], next: ["next"],
                weekend: ["weekend"], within: ["in", "within"], weekUnits: ["week", "weeks"], dayUnits: ["day", "days"],
                one: ["a", "an", "one"], noon: ["noon", "midday", "twelve noon"], midnight: ["midnight"],
                pm: ["pm", "p m", "in the evening", "in the afternoon", "at night", "tonight", "evening", "afternoon"],
                am: ["am", "a m", "in the morning", "morning"], half: ["half"], quarter: ["quarter", "a quarter"],
                past: ["past", "after"], to: ["to"], hourWords: ["o clock", "oclock", "hours", "hrs"],
                filler: ["the", "on", "for", "at", "of", "this", "around", "about"])
        case .spanish:
            CallerVocabulary(
                today: ["hoy", "esta manana"], tonight: ["esta noche", "hoy por la noche", "esta tarde"], tomorrow: ["manana"],
                dayAfterTomorrow: ["pasado manana"], next: ["proximo", "proxima", "que viene", "siguiente"],
                weekend: ["fin de semana", "finde"], within: ["en", "dentro de"], weekUnits: ["semana", "semanas"],
                dayUnits: ["dia", "dias"], one: ["un", "una", "uno"], noon: ["mediodia"], midnight: ["medianoche"],
                pm: ["pm", "de la tarde", "de la noche", "por la tarde", "por la noche", "tarde", "noche"],
                am: ["am", "de la manana", "por la manana"], half: ["media"], quarter: ["cuarto"], past: ["y"], to: ["menos"],
                hourWords: ["en punto", "horas", "hora"], filler: ["el", "la", "los", "las", "de", "del", "para", "a", "este", "esta", "sobre"])
        case .french:
            CallerVocabulary(
                today: ["aujourd hui", "aujourdhui"], tonight: ["ce soir"], tomorrow: ["demain"],
                dayAfterTomorrow: ["apres demain"], next: ["prochain", "prochaine", "suivant", "suivante"],
                weekend: ["week end", "weekend", "fin de semaine"], within: ["dans", "d ici"], weekUnits: ["semaine", "semaines"],
                dayUnits: ["jour", "jours"], one: ["un", "une"], noon: ["midi"], midnight: ["minuit"],
                pm: ["pm", "du soir", "de l apres midi", "le soir", "soir", "apres midi"], am: ["am", "du matin", "le matin", "matin"],
                half: ["demie", "demi"], quarter: ["quart", "le quart"], past: ["et"], to: ["moins"], hourWords: ["heures", "heure", "h"],
                filler: ["le", "la", "les", "de", "du", "pour", "a", "ce", "cette", "vers"])
        case .german:
            CallerVocabulary(
                today: ["heute"], tonight: ["heute abend"], tomorrow: ["morgen"], dayAfterTomorrow: ["ubermorgen"],
                next: ["nachsten", "nachster", "nachste", "kommenden", "kommender", "kommende"], weekend: ["wochenende"],
                within: ["in"], weekUnits: ["woche", "wochen"], dayUnits: ["tag", "tagen", "tage"], one: ["ein", "einer", "eine", "einem"],
                noon: ["mittag", "mittags"], midnight: ["mitternacht"], pm: ["abends", "nachmittags", "am abend", "am nachmittag", "pm"],
                am: ["morgens", "vormittags", "am morgen", "am vormittag", "in der fruh"], half: ["halb"], quarter: ["viertel"], past: ["nach"],
                to: ["vor"], hourWords: ["uhr"], filler: ["den", "der", "die", "das", "fur", "um", "diesen", "dieser", "diese", "gegen"])
        case .italian:
            CallerVocabulary(
                today: ["oggi"], tonight: ["stasera", "stanotte"], tomorrow: ["domani"], dayAfterTomorrow: ["dopodomani", "dopo domani"],
                next: ["prossimo", "prossima"], weekend: ["fine settimana", "weekend"], within: ["tra", "fra"],
                weekUnits: ["settimana", "settimane"], dayUnits: ["giorno", "giorni"], one: ["un", "una", "uno"],
                noon: ["mezzogiorno", "mezzodi"], midnight: ["mezzanotte"], pm: ["di sera", "del pomeriggio", "sera", "pomeriggio", "pm"],
                am: ["di mattina", "del mattino", "mattina", "am"], half: ["mezza", "mezzo"], quarter: ["quarto", "un quarto"], past: ["e"],
                to: ["meno"], hourWords: ["ore", "in punto"],
                filler: ["il", "lo", "la", "di", "del", "per", "alle", "a", "questo", "questa", "verso"])
        case .portuguese:
            CallerVocabulary(
                today: ["hoje"], tonight: ["hoje a noite", "esta noite", "hoje de noite"], tomorrow: ["amanha"],
                dayAfterTomorrow: ["depois de amanha"], next: ["proximo", "proxima", "que vem"], weekend: ["fim de semana"],
                within: ["em", "daqui a", "dentro de"], weekUnits: ["semana", "semanas"], dayUnits: ["dia", "dias"], one: ["um", "uma"],
                noon: ["meio dia", "meiodia"], midnight: ["meia noite", "meianoite"], pm: ["da tarde", "da noite", "a tarde", "a noite", "pm"],
                am: ["da manha", "de manha", "am"], half: ["meia"], quarter: ["um quarto"], past: ["e"], to: ["para"],
                hourWords: ["horas", "hora", "em ponto"], filler: ["o", "a", "os", "as", "de", "do", "da", "este", "esta", "por volta"])
        }
    }

    /// Lower case, no accents, punctuation other than `:` and `/` as spaces, one space between words.
    static func fold(_ text: String, _ language: Language) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: language.locale)
            .replacingOccurrences(of: "\u{00AD}", with: "")
        var out = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || scalar == ":" || scalar == "/" {
                out.unicodeScalars.append(scalar)
            } else {
                out += " "
            }
        }
        return out.split(separator: " ").joined(separator: " ")
    }
}
