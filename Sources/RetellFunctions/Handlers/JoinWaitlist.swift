import Bookings
import Domain
import Foundation
import Storage

extension AgentFunction {
    /// `join_waitlist`: a caller waits for a full day and window to free up; a freed place is offered by text.
    static let joinWaitlist = AgentFunction(
        name: "join_waitlist",
        description:
            "Put the caller on the waitlist when the time they want is full: the day, the window of start times they can make "
            + "(e.g. 7 to 9 PM), the party size or service, name and phone. If a place frees up they get a text and reply YES to book it.",
        arguments: JoinWaitlist.Arguments.self, mutates: true, speakDuringExecution: false
    ) { args, c in c.reply(try await JoinWaitlist.handle(args, c)) }
}

enum JoinWaitlist {
    struct Arguments: AgentArguments {
        static let from = Param<LocalTime?>.time("time_from", "Earliest start time the caller can make, as they said it.").required()
        static let to = Param<LocalTime?>.time("time_to", "Latest start time the caller can make, as they said it.").required()
        static let name = Param<String?>.text("name", "Caller's name.", max: 100).required()
        static let phone = Param<PhoneNumber?>.phone("phone", "Mobile number for the text offering a place; defaults to the number calling.")
        static let parameters = [
            Param<LocalDate>.date.parameter, from.parameter, to.parameter, Param<Int?>.partySize.parameter, Param<String?>.service.parameter,
            name.parameter, phone.parameter, Param<String?>.idempotency, Param<String?>.language,
        ]

        var date: LocalDate, from: LocalTime, to: LocalTime, partySize: Int?, service: String?, name: String, phone: PhoneNumber?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            date = try read(Param<LocalDate>.date)
            from = try read(Self.from)
            to = try read(Self.to)
            partySize = try read(Param<Int?>.partySize)
            service = try read(Param<String?>.service)
            name = try read(Self.name)
            phone = try read(Self.phone)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> IdempotentOutcome<Int> {
        guard let phone = args.phone ?? c.fromNumber else {
            throw ArgumentError(field: "phone", message: "give a mobile number for the text offering a place")
        }
        let request = Waitlist.JoinRequest(
            date: args.date, from: args.from, to: args.to, partySize: c.partySize(args.partySize), service: args.service, name: args.name,
            phone: phone)
        let answer = c.answer, language = c.answer.language, today = c.today
        do {
            return try await c.waitlist.join(c.tenant, request, idempotency: c.idempotency) { position in
                AgentAnswer.encode(
                    answer.ok([
                        "waitlist": [
                            "position": position, "date": request.date.description, "time_from": request.from.description,
                            "time_to": request.to.description, "party_size": request.partySize,
                            "spoken": Speech.dateTime(request.date, request.from.minutes, today: today, language: language),
                        ],
                        "message": WaitlistWords.joined(language, position: position, minutes: Waitlist.holdMinutes),
                    ]))
            }
        } catch let refusal as Waitlist.JoinRefusal {
            switch refusal {
            case .windowOrder: throw ArgumentError(field: "time_to", message: "must not be before time_from")
            case .past: throw ArgumentError(field: "date", message: "is in the past")
            case .beyondHorizon: throw ArgumentError(field: "date", message: "is further ahead than the business takes bookings")
            case .partyTooLarge(let most): throw ArgumentError(field: "party_size", message: "must be at most \(most)")
            }
        }
    }
}

/// What the agent tells a caller about the waitlist, in the call's language.
enum WaitlistWords {
    static func joined(_ language: Language, position: Int, minutes: Int) -> String {
        switch language {
        case .englishUS, .englishUK:
            "You are number \(position) on the waitlist. If a place frees up we will text you; reply YES within \(minutes) minutes to book it."
        case .spanish:
            "Está en el puesto \(position) de la lista de espera. Si se libera un hueco le enviaremos un mensaje; "
                + "responda SI en \(minutes) minutos para reservarlo."
        case .french:
            "Vous êtes numéro \(position) sur la liste d'attente. Si une place se libère, nous vous enverrons un SMS ; "
                + "répondez OUI dans les \(minutes) minutes pour la réserver."
        case .german:
            "Sie sind Nummer \(position) auf der Warteliste. Wird ein Platz frei, schicken wir eine SMS; "
                + "antworten Sie JA innerhalb von \(minutes) Minuten, um zu buchen."
        case .italian:
            "È il numero \(position) in lista d'attesa. Se si libera un posto le manderemo un SMS; "
                + "risponda SI entro \(minutes) minuti per prenotarlo."
        case .portuguese:
            "Você é o número \(position) na lista de espera. Se abrir uma vaga enviaremos uma mensagem; "
                + "responda SIM em \(minutes) minutos para reservar."
        }
    }

    static func left(_ language: Language, count: Int) -> String {
        switch language {
        case .englishUS, .englishUK: "Done: \(count == 1 ? "you are off the waitlist" : "you are off \(count) waitlists")."
        case .spanish: "Hecho: ha salido de la lista de espera."
        case .french: "C'est fait : vous n'êtes plus sur la liste d'attente."
        case .german: "Erledigt: Sie stehen nicht mehr auf der Warteliste."
        case .italian: "Fatto: non è più in lista d'attesa."
        case .portuguese: "Pronto: você saiu da lista de espera."
        }
    }

    static func none(_ language: Language) -> String {
        switch language {
        case .englishUS, .englishUK: "There is no waitlist request for this number."
        case .spanish: "No hay ninguna solicitud en lista de espera para este número."
        case .french: "Aucune demande en liste d'attente pour ce numéro."
        case .german: "Für diese Nummer gibt es keinen Eintrag auf der Warteliste."
        case .italian: "Non c'è nessuna richiesta in lista d'attesa per questo numero."
        case .portuguese: "Não há pedido na lista de espera para este número."
        }
    }
}
