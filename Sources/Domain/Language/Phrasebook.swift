/// The sentences callers hear and messages carry, per language. English is the engine's own wording (`Refusal.message`),
/// unchanged; the other languages are written here, one table per language, so a missing sentence is a compile error.
public struct Phrasebook: Sendable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    /// Why a time cannot be had, in the caller's language.
    public func refusal(_ refusal: Refusal, today: LocalDate) -> String {
        if language.isEnglish { return refusal.message }
        let t = table
        switch refusal {
        case .closed: return t.closed
        case .outsideHours: return t.outsideHours
        case .timeSkippedByClockChange: return t.clockChange
        case .notOnSlotGrid(let interval): return t.grid(interval)
        case .inThePast: return t.past
        case .tooSoon(let minutes): return t.tooSoon(minutes)
        case .tooFarAhead(let last, _): return t.tooFar(Speech.date(last, today: today, language: language))
        case .partyTooLarge(let max): return t.tooLarge(max)
        case .partyTooSmall(let min): return t.tooSmall(min)
        case .unknownService(let known): return t.unknownService(known.joined(separator: ", "))
        case .unknownStaff(let known): return t.unknownStaff(known.joined(separator: ", "))
        case .serviceRequired(let known): return t.whichService(known.joined(separator: ", "))
        case .unknownRound(let known): return t.rounds(known.joined(separator: ", "))
        case .durationNotOffered(let allowed): return t.lengths(allowed.map(String.init).joined(separator: ", "))
        case .slotTaken: return t.full
        }
    }

    public func booked(_ when: String, code: String) -> String {
        language.isEnglish ? "Booked for \(when). Confirmation code \(code)." : table.booked(when, code)
    }
    public func changed(_ when: String) -> String { language.isEnglish ? "Changed to \(when)." : table.changed(when) }
    public func cancelled(already: Bool) -> String {
        language.isEnglish ? (already ? "That booking was already cancelled." : "The booking is cancelled.") : table.cancelled(already)
    }

    /// The phone agent's first words.
    public func greeting(_ business: String) -> String {
        switch language {
        case .englishUS, .englishUK: "Thank you for calling \(business). How can I help you?"
        case .spanish: "Gracias por llamar a \(business). ¿En qué puedo ayudarle?"
        case .french: "Merci d'avoir appelé \(business). Comment puis-je vous aider ?"
        case .german: "Danke für Ihren Anruf bei \(business). Wie kann ich Ihnen helfen?"
        case .italian: "Grazie per aver chiamato \(business). Come posso aiutarla?"
        case .portuguese: "Obrigado por ligar para \(business). Como posso ajudar?"
        }
    }

    /// The words of the prompt's facts (hours and exceptions), so the agent reads its business's week in its language.
    public var factWords: (hours: String, exceptions: String, closed: String, open: String, to: String, and: String) {
        switch language {
        case .englishUS, .englishUK: ("Opening hours", "Exceptions to these hours", "closed", "open", "to", "and")
        case .spanish: ("Horario", "Excepciones a este horario", "cerrado", "abierto", "a", "y")
        case .french: ("Horaires", "Exceptions à ces horaires", "fermé", "ouvert", "à", "et")
        case .german: ("Öffnungszeiten", "Abweichungen", "geschlossen", "geöffnet", "bis", "und")
        case .italian: ("Orari", "Eccezioni a questi orari", "chiuso", "aperto", "alle", "e")
        case .portuguese: ("Horário", "Exceções a este horário", "fechado", "aberto", "às", "e")
        }
    }

    /// What `send_confirmation` and `take_message` tell the caller.
    public func confirmationSent(byText: Bool) -> String {
        switch (language, byText) {
        case (.englishUS, true), (.englishUK, true): "A text with the details is on its way."
        case (.englishUS, false), (.englishUK, false): "An email with the details is on its way."
        case (.spanish, true): "Le enviamos un mensaje de texto con los detalles."
        case (.spanish, false): "Le enviamos un correo electrónico con los detalles."
        case (.french, true): "Un SMS avec les détails est en route."
        case (.french, false): "Un e-mail avec les détails est en route."
        case (.german, true): "Eine SMS mit den Details ist unterwegs."
        case (.german, false): "Eine E-Mail mit den Details ist unterwegs."
        case (.italian, true): "Un SMS con i dettagli è in arrivo."
        case (.italian, false): "Un'e-mail con i dettagli è in arrivo."
        case (.portuguese, true): "Uma mensagem de texto com os detalhes está a caminho."
        case (.portuguese, false): "Um e-mail com os detalhes está a caminho."
        }
    }

    public var messageRecorded: String {
        switch language {
        case .englishUS, .englishUK: "The message is recorded and the team will be told."
        case .spanish: "El mensaje está anotado y el equipo será avisado."
        case .french: "Le message est noté et l'équipe sera prévenue."
        case .german: "Die Nachricht ist notiert und das Team wird benachrichtigt."
        case .italian: "Il messaggio è registrato e il team sarà avvisato."
        case .portuguese: "A mensagem foi registrada e a equipe será avisada."
        }
    }

    public var noUpcoming: String {
        switch language {
        case .englishUS, .englishUK: "No upcoming booking found."
        case .spanish: "No hay ninguna reserva próxima."
        case .french: "Aucune réservation à venir."
        case .german: "Keine anstehende Buchung gefunden."
        case .italian: "Nessuna prenotazione in arrivo."
        case .portuguese: "Nenhuma reserva futura encontrada."
        }
    }

    public var notFound: String { language.isEnglish ? "No booking with that confirmation code." : table.notFound }
    public func notModifiable(_ status: BookingStatus) -> String {
        language.isEnglish ? "That booking is \(status.rawValue.lowercased()) and cannot be changed." : table.notModifiable
    }

    /// "a table for 4", "3 players", in the language.
    public func details(kind: BusinessKind, partySize: Int, service: String?, staff: String?) -> String {
        if language.isEnglish {
            switch kind {
            case .restaurant: return "a table for \(partySize)"
            case .teeTimes: return partySize == 1 ? "1 player" : "\(partySize) players"
            case .appointments:
                let s = service ?? "an appointment"
                return staff.map { "\(s) with \($0)" } ?? s
            }
        }
        return table.details(kind, partySize, service, staff)
    }

    struct Table: Sendable {
        var closed, outsideHours, clockChange, past, full, notFound, notModifiable: String
        var grid: @Sendable (Int) -> String
        var tooSoon: @Sendable (Int) -> String
        var tooFar: @Sendable (String) -> String
        var tooLarge, tooSmall: @Sendable (Int) -> String
        var unknownService, unknownStaff, whichService, rounds, lengths: @Sendable (String) -> String
        var booked: @Sendable (String, String) -> String
        var changed: @Sendable (String) -> String
        var cancelled: @Sendable (Bool) -> String
        var details: @Sendable (BusinessKind, Int, String?, String?) -> String
    }

    var table: Table {
        switch language {
        case .englishUS, .englishUK, .spanish: Self.spanish
        case .french: Self.french
        case .german: Self.german
        case .italian: Self.italian
        case .portuguese: Self.portuguese
        }
    }

    static let spanish = Table(
        closed: "ese día estamos cerrados", outsideHours: "esa hora está fuera de nuestro horario",
        clockChange: "esa hora no existe esa noche porque se adelantan los relojes", past: "esa hora ya ha pasado",
        full: "esa hora está completa", notFound: "No hay ninguna reserva con ese código de confirmación.",
        notModifiable: "Esa reserva ya no se puede cambiar.", grid: { "aceptamos reservas cada \($0) minutos" },
        tooSoon: { "hay que reservar con al menos \($0) minutos de antelación" }, tooFar: { "solo aceptamos reservas hasta el \($0)" },
        tooLarge: { "el grupo más grande que podemos reservar es de \($0)" }, tooSmall: { "el grupo más pequeño que podemos reservar es de \($0)" },
        unknownService: { "no ofrecemos ese servicio; ofrecemos \($0)" },
        unknownStaff: { "no hay nadie con ese nombre para ese servicio; pregunte por \($0)" },
        whichService: { "¿qué servicio desea: \($0)?" }, rounds: { "ofrecemos recorridos de \($0)" },
        lengths: { "se puede reservar por \($0) minutos" },
        booked: { "Reservado para el \($0). Código de confirmación \($1)." }, changed: { "Cambiado al \($0)." },
        cancelled: { $0 ? "Esa reserva ya estaba cancelada." : "La reserva está cancelada." },
        details: { kind, n, service, staff in
            switch kind {
            case .restaurant: "una mesa para \(n)"
            case .teeTimes: n == 1 ? "1 jugador" : "\(n) jugadores"
            case .appointments: staff.map { "\(service ?? "una cita") con \($0)" } ?? service ?? "una cita"
            }
        })

    static let french = Table(
        closed: "nous sommes fermés ce jour-là", outsideHours: "cette heure est en dehors de nos horaires",
        clockChange: "cette heure n'existe pas cette nuit-là, car on avance les horloges", past: "cette heure est déjà passée",
        full: "ce créneau est complet", notFound: "Aucune réservation avec ce code de confirmation.",
        notModifiable: "Cette réservation ne peut plus être modifiée.", grid: { "nous prenons les réservations toutes les \($0) minutes" },
        tooSoon: { "il faut réserver au moins \($0) minutes à l'avance" }, tooFar: { "nous prenons les réservations jusqu'au \($0)" },
        tooLarge: { "le plus grand groupe que nous pouvons accueillir est de \($0)" },
        tooSmall: { "le plus petit groupe que nous pouvons réserver est de \($0)" },
        unknownService: { "nous ne proposons pas ce service ; nous proposons \($0)" },
        unknownStaff: { "personne de ce nom pour ce service ; demandez \($0)" }, whichService: { "quel service souhaitez-vous : \($0) ?" },
        rounds: { "nous proposons des parcours de \($0)" }, lengths: { "cela peut se réserver pour \($0) minutes" },
        booked: { "Réservé pour \($0). Code de confirmation \($1)." }, changed: { "Modifié pour \($0)." },
        cancelled: { $0 ? "Cette réservation était déjà annulée." : "La réservation est annulée." },
        details: { kind, n, service, staff in
            switch kind {
            case .restaurant: "une table pour \(n)"
            case .teeTimes: n == 1 ? "1 joueur" : "\(n) joueurs"
            case .appointments: staff.map { "\(service ?? "un rendez-vous") avec \($0)" } ?? service ?? "un rendez-vous"
            }
        })

    static let german = Table(
        closed: "an diesem Tag haben wir geschlossen", outsideHours: "diese Uhrzeit liegt außerhalb unserer Öffnungszeiten",
        clockChange: "diese Uhrzeit gibt es in dieser Nacht nicht, weil die Uhren vorgestellt werden", past: "diese Uhrzeit ist schon vorbei",
        full: "diese Uhrzeit ist ausgebucht", notFound: "Es gibt keine Buchung mit diesem Bestätigungscode.",
        notModifiable: "Diese Buchung kann nicht mehr geändert werden.", grid: { "wir nehmen Buchungen alle \($0) Minuten an" },
        tooSoon: { "Buchungen sind mindestens \($0) Minuten im Voraus nötig" }, tooFar: { "wir nehmen Buchungen bis \($0) an" },
        tooLarge: { "die größte Gruppe, die wir buchen können, sind \($0) Personen" },
        tooSmall: { "die kleinste Gruppe, die wir buchen können, sind \($0) Personen" },
        unknownService: { "diese Leistung bieten wir nicht an; wir bieten \($0)" },
        unknownStaff: { "für diese Leistung gibt es niemanden mit diesem Namen; fragen Sie nach \($0)" },
        whichService: { "welche Leistung möchten Sie: \($0)?" }, rounds: { "wir bieten Runden mit \($0) an" },
        lengths: { "das kann für \($0) Minuten gebucht werden" }, booked: { "Gebucht für \($0). Bestätigungscode \($1)." },
        changed: { "Geändert auf \($0)." }, cancelled: { $0 ? "Diese Buchung war schon storniert." : "Die Buchung ist storniert." },
        details: { kind, n, service, staff in
            switch kind {
            case .restaurant: "ein Tisch für \(n)"
            case .teeTimes: n == 1 ? "1 Spieler" : "\(n) Spieler"
            case .appointments: staff.map { "\(service ?? "ein Termin") bei \($0)" } ?? service ?? "ein Termin"
            }
        })

    static let italian = Table(
        closed: "quel giorno siamo chiusi", outsideHours: "quell'orario è fuori dai nostri orari di apertura",
        clockChange: "quell'orario non esiste quella notte perché si spostano avanti gli orologi", past: "quell'orario è già passato",
        full: "quell'orario è al completo", notFound: "Nessuna prenotazione con quel codice di conferma.",
        notModifiable: "Quella prenotazione non può più essere modificata.", grid: { "accettiamo prenotazioni ogni \($0) minuti" },
        tooSoon: { "bisogna prenotare almeno \($0) minuti prima" }, tooFar: { "accettiamo prenotazioni fino a \($0)" },
        tooLarge: { "il gruppo più grande che possiamo prenotare è di \($0)" },
        tooSmall: { "il gruppo più piccolo che possiamo prenotare è di \($0)" },
        unknownService: { "non offriamo quel servizio; offriamo \($0)" },
        unknownStaff: { "nessuno con quel nome per questo servizio; chieda di \($0)" },
        whichService: { "quale servizio desidera: \($0)?" }, rounds: { "offriamo percorsi da \($0)" },
        lengths: { "si può prenotare per \($0) minuti" },
        booked: { "Prenotato per \($0). Codice di conferma \($1)." }, changed: { "Spostato a \($0)." },
        cancelled: { $0 ? "Quella prenotazione era già cancellata." : "La prenotazione è cancellata." },
        details: { kind, n, service, staff in
            switch kind {
            case .restaurant: "un tavolo per \(n)"
            case .teeTimes: n == 1 ? "1 giocatore" : "\(n) giocatori"
            case .appointments: staff.map { "\(service ?? "un appuntamento") con \($0)" } ?? service ?? "un appuntamento"
            }
        })

    static let portuguese = Table(
        closed: "nesse dia estamos fechados", outsideHours: "esse horário está fora do nosso horário de funcionamento",
        clockChange: "esse horário não existe nessa noite porque os relógios são adiantados", past: "esse horário já passou",
        full: "esse horário está lotado", notFound: "Não há nenhuma reserva com esse código de confirmação.",
        notModifiable: "Essa reserva não pode mais ser alterada.", grid: { "aceitamos reservas a cada \($0) minutos" },
        tooSoon: { "é preciso reservar com pelo menos \($0) minutos de antecedência" }, tooFar: { "aceitamos reservas até \($0)" },
        tooLarge: { "o maior grupo que podemos reservar é de \($0)" }, tooSmall: { "o menor grupo que podemos reservar é de \($0)" },
        unknownService: { "não oferecemos esse serviço; oferecemos \($0)" },
        unknownStaff: { "não há ninguém com esse nome para esse serviço; pergunte por \($0)" },
        whichService: { "qual serviço deseja: \($0)?" }, rounds: { "oferecemos percursos de \($0)" },
        lengths: { "pode ser reservado por \($0) minutos" },
        booked: { "Reservado para \($0). Código de confirmação \($1)." }, changed: { "Alterado para \($0)." },
        cancelled: { $0 ? "Essa reserva já estava cancelada." : "A reserva está cancelada." },
        details: { kind, n, service, staff in
            switch kind {
            case .restaurant: "uma mesa para \(n)"
            case .teeTimes: n == 1 ? "1 jogador" : "\(n) jogadores"
            case .appointments: staff.map { "\(service ?? "um horário") com \($0)" } ?? service ?? "um horário"
            }
        })
}
