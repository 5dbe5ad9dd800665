/// Our answers to a customer's text, in the business's language, `{placeholders}` filled by `MessageTemplate.fill`.
public enum TextAnswers {
    public enum Key: Sendable {
        case stopped, started, help, cancelled, which, noBooking, passedOn, notCancellable, offerGone, offerDeclined, leftWaitlist
    }

    public static func render(_ key: Key, _ language: Language, _ values: [String: String]) -> String {
        MessageTemplate.fill(text(key, language), values)
    }

    public static func text(_ key: Key, _ language: Language) -> String {
        let table: [Key: String] =
            switch language {
            case .englishUS, .englishUK:
                [
                    .leftWaitlist: "{business}: done, you are off the waitlist.",
                    .offerGone: "{business}: sorry, that place is no longer free. You are off the waitlist for it; call {business_phone} to book.",
                    .offerDeclined: "{business}: thank you, we have offered the place to the next person.",
                    .stopped: "{business}: you will get no more texts from us. Reply START to get them again.",
                    .started: "{business}: texts are on again. Reply STOP to stop them.",
                    .help: "{business}: texts about your bookings. For help call {business_phone}. Reply STOP to stop texts.",
                    .cancelled: "{business}: your booking {code} for {when} is cancelled.",
                    .which: "{business}: you have several bookings: {list}. Reply CANCEL and the code of the one to cancel.",
                    .noBooking: "{business}: we found no upcoming booking for this number. Call {business_phone} if you need help.",
                    .passedOn: "{business}: thank you, your message has been passed on to the team.",
                    .notCancellable: "{business}: that booking cannot be cancelled by text any more. Please call {business_phone}.",
                ]
            case .spanish:
                [
                    .leftWaitlist: "{business}: hecho, ha salido de la lista de espera.",
                    .offerGone: "{business}: lo sentimos, ese hueco ya no está libre. Llame al {business_phone} para reservar.",
                    .offerDeclined: "{business}: gracias, hemos ofrecido el hueco a la siguiente persona.",
                    .stopped: "{business}: no recibirá más mensajes nuestros. Responda ALTA para volver a recibirlos.",
                    .started: "{business}: vuelve a recibir nuestros mensajes. Responda BAJA para dejar de recibirlos.",
                    .help: "{business}: mensajes sobre sus reservas. Para ayuda llame al {business_phone}. Responda BAJA para no recibir más.",
                    .cancelled: "{business}: su reserva {code} para {when} está cancelada.",
                    .which: "{business}: tiene varias reservas: {list}. Responda CANCELAR y el código de la que desea cancelar.",
                    .noBooking: "{business}: no encontramos ninguna reserva próxima para este número. Llame al {business_phone} si necesita ayuda.",
                    .passedOn: "{business}: gracias, hemos pasado su mensaje al equipo.",
                    .notCancellable: "{business}: esa reserva ya no se puede cancelar por mensaje. Llame al {business_phone}.",
                ]
            case .french:
                [
                    .leftWaitlist: "{business} : c'est fait, vous n'êtes plus sur la liste d'attente.",
                    .offerGone: "{business} : désolé, cette place n'est plus libre. Appelez le {business_phone} pour réserver.",
                    .offerDeclined: "{business} : merci, la place a été proposée à la personne suivante.",
                    .stopped: "{business} : vous ne recevrez plus nos SMS. Répondez DEMARRER pour les recevoir à nouveau.",
                    .started: "{business} : vous recevez à nouveau nos SMS. Répondez ARRET pour ne plus les recevoir.",
                    .help:
                        "{business} : SMS au sujet de vos réservations. Pour de l'aide, appelez le {business_phone}. "
                        + "Répondez ARRET pour ne plus en recevoir.",
                    .cancelled: "{business} : votre réservation {code} pour {when} est annulée.",
                    .which: "{business} : vous avez plusieurs réservations : {list}. Répondez ANNULER suivi du code de celle à annuler.",
                    .noBooking: "{business} : aucune réservation à venir pour ce numéro. Appelez le {business_phone} si besoin.",
                    .passedOn: "{business} : merci, votre message a été transmis à l'équipe.",
                    .notCancellable: "{business} : cette réservation ne peut plus être annulée par SMS. Appelez le {business_phone}.",
                ]
            case .german:
                [
                    .leftWaitlist: "{business}: Erledigt, Sie stehen nicht mehr auf der Warteliste.",
                    .offerGone: "{business}: Leider ist dieser Platz nicht mehr frei. Rufen Sie {business_phone} an, um zu buchen.",
                    .offerDeclined: "{business}: Danke, wir haben den Platz der nächsten Person angeboten.",
                    .stopped: "{business}: Sie erhalten keine SMS mehr von uns. Antworten Sie ANMELDEN, um sie wieder zu erhalten.",
                    .started: "{business}: Sie erhalten wieder SMS von uns. Antworten Sie STOPP, um sie abzubestellen.",
                    .help: "{business}: SMS zu Ihren Buchungen. Hilfe unter {business_phone}. Antworten Sie STOPP, um keine SMS mehr zu erhalten.",
                    .cancelled: "{business}: Ihre Buchung {code} für {when} ist storniert.",
                    .which: "{business}: Sie haben mehrere Buchungen: {list}. Antworten Sie STORNIEREN und den Code der Buchung.",
                    .noBooking: "{business}: Für diese Nummer gibt es keine anstehende Buchung. Bei Fragen rufen Sie {business_phone} an.",
                    .passedOn: "{business}: Danke, Ihre Nachricht wurde an das Team weitergegeben.",
                    .notCancellable: "{business}: Diese Buchung kann nicht mehr per SMS storniert werden. Bitte rufen Sie {business_phone} an.",
                ]
            case .italian:
                [
                    .leftWaitlist: "{business}: fatto, non è più in lista d'attesa.",
                    .offerGone: "{business}: ci dispiace, quel posto non è più libero. Chiami il {business_phone} per prenotare.",
                    .offerDeclined: "{business}: grazie, abbiamo offerto il posto alla persona successiva.",
                    .stopped: "{business}: non riceverà più nostri SMS. Risponda INIZIA per riceverli di nuovo.",
                    .started: "{business}: riceverà di nuovo i nostri SMS. Risponda BASTA per non riceverli più.",
                    .help: "{business}: SMS sulle sue prenotazioni. Per assistenza chiami il {business_phone}. Risponda BASTA per non riceverne più.",
                    .cancelled: "{business}: la sua prenotazione {code} per {when} è annullata.",
                    .which: "{business}: ha più prenotazioni: {list}. Risponda ANNULLA e il codice di quella da annullare.",
                    .noBooking: "{business}: nessuna prenotazione in arrivo per questo numero. Chiami il {business_phone} se ha bisogno.",
                    .passedOn: "{business}: grazie, il suo messaggio è stato passato al personale.",
                    .notCancellable: "{business}: questa prenotazione non si può più annullare via SMS. Chiami il {business_phone}.",
                ]
            case .portuguese:
                [
                    .leftWaitlist: "{business}: pronto, você saiu da lista de espera.",
                    .offerGone: "{business}: desculpe, essa vaga não está mais livre. Ligue para {business_phone} para reservar.",
                    .offerDeclined: "{business}: obrigado, oferecemos a vaga à próxima pessoa.",
                    .stopped: "{business}: você não receberá mais mensagens nossas. Responda VOLTAR para recebê-las de novo.",
                    .started: "{business}: você voltou a receber nossas mensagens. Responda PARAR para não receber mais.",
                    .help: "{business}: mensagens sobre suas reservas. Para ajuda ligue para {business_phone}. Responda PARAR para não receber mais.",
                    .cancelled: "{business}: sua reserva {code} para {when} está cancelada.",
                    .which: "{business}: você tem várias reservas: {list}. Responda CANCELAR e o código da que deseja cancelar.",
                    .noBooking: "{business}: não encontramos reserva futura para este número. Ligue para {business_phone} se precisar.",
                    .passedOn: "{business}: obrigado, sua mensagem foi passada para a equipe.",
                    .notCancellable: "{business}: essa reserva não pode mais ser cancelada por mensagem. Ligue para {business_phone}.",
                ]
            }
        return table[key] ?? ""
    }
}
