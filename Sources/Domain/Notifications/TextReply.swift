import Foundation

/// What a customer's text to us means. Understood in English (carriers' keywords are English everywhere) and in the
/// business's language; anything else is a message for the owner. Pure, so every language's words are tested.
public enum TextReply: Sendable, Equatable {
    /// Stop texting me (carriers require STOP and its synonyms to opt out).
    case stop
    /// Text me again.
    case start
    case help
    /// Cancel my booking: the one with this code when given.
    case cancel(code: String?)
    case yes
    case no
    case other

    /// Reads a text: the first word decides, case, accents and punctuation aside ("Cancel ABC123", "sí", "Oui!").
    public static func read(_ text: String, language: Language) -> TextReply {
        let words = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let first = words.first else { return .other }
        let rest = Array(words.dropFirst())
        let vocabulary = Words.english.merging(Words.of(language))
        if vocabulary.stop.contains(first) && rest.isEmpty { return .stop }
        if vocabulary.start.contains(first) && rest.isEmpty { return .start }
        if vocabulary.help.contains(first) && rest.isEmpty { return .help }
        if vocabulary.cancel.contains(first) {
            // "CANCEL", or "CANCEL" and a confirmation code however spaced or dashed ("abc-123"); other words: not a
            // request we act on (the owner reads it).
            if rest.isEmpty { return .cancel(code: nil) }
            return ConfirmationCode.normalize(rest.joined()).map { .cancel(code: $0) } ?? .other
        }
        if vocabulary.yes.contains(first) && rest.count <= 1 { return .yes }
        if vocabulary.no.contains(first) && rest.count <= 1 { return .no }
        return .other
    }

    /// The keywords of one language, upper case and without accents.
    struct Words {
        var stop: Set<String>
        var start: Set<String>
        var help: Set<String>
        var cancel: Set<String>
        var yes: Set<String>
        var no: Set<String>

        func merging(_ other: Words) -> Words {
            Words(
                stop: stop.union(other.stop), start: start.union(other.start), help: help.union(other.help),
                cancel: cancel.union(other.cancel), yes: yes.union(other.yes), no: no.union(other.no))
        }

        /// Twilio's and the carriers' standard keywords (STOP, STOPALL, UNSUBSCRIBE, END, QUIT; START, UNSTOP; HELP,
        /// INFO). CANCEL is not among the stop words here: it cancels a booking (Twilio's own handling of CANCEL as
        /// an opt-out must be turned off on the Messaging Service: README).
        static let english = Words(
            stop: ["STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "OPTOUT", "REVOKE"], start: ["START", "UNSTOP"], help: ["HELP", "INFO"],
            cancel: ["C", "CANCEL"], yes: ["YES", "Y", "YEP", "YEAH", "OK", "OKAY"], no: ["NO", "N", "NOPE"])

        static func of(_ language: Language) -> Words {
            switch language {
            case .englishUS, .englishUK: english
            case .spanish:
                Words(
                    stop: ["BAJA", "PARAR", "DETENER"], start: ["ALTA", "EMPEZAR"], help: ["AYUDA"], cancel: ["CANCELAR", "ANULAR"],
                    yes: ["SI", "VALE", "CLARO"], no: ["NO"])
            case .french:
                Words(
                    stop: ["ARRET", "ARRETER"], start: ["DEMARRER", "REPRENDRE"], help: ["AIDE"], cancel: ["ANNULER", "ANNULE", "ANNULATION"],
                    yes: ["OUI", "DACCORD"], no: ["NON"])
            case .german:
                Words(
                    stop: ["STOPP", "ABMELDEN"], start: ["ANMELDEN"], help: ["HILFE"], cancel: ["STORNIEREN", "STORNO", "ABSAGEN"],
                    yes: ["JA", "GERNE"], no: ["NEIN"])
            case .italian:
                Words(
                    stop: ["BASTA", "FERMA"], start: ["INIZIA", "RIPRENDI"], help: ["AIUTO"], cancel: ["ANNULLA", "ANNULLARE", "DISDICI"],
                    yes: ["SI", "CERTO"], no: ["NO"])
            case .portuguese:
                Words(
                    stop: ["PARAR", "SAIR"], start: ["VOLTAR", "INICIAR"], help: ["AJUDA"], cancel: ["CANCELAR"],
                    yes: ["SIM", "CLARO"], no: ["NAO"])
            }
        }
    }
}
