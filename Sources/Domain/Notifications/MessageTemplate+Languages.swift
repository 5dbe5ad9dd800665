/// The built-in customer messages in the languages other than English (owners' notices stay in English, the console's
/// language). Each keeps the English template's placeholders, so a business's own wording and these check alike.
extension MessageTemplate {
    public static func builtIn(_ kind: NotificationKind, language: Language) -> MessageTemplate {
        guard !language.isEnglish, let (subject, body) = customer[language]?[kind] else { return builtIn(kind) }
        return MessageTemplate(subject: subject, body: body)
    }

    static let customer: [Language: [NotificationKind: (String, String)]] = [
        .spanish: [
            .waitlistOffer: (
                "Hay un hueco en {business}",
                "{business}: {details} {when} ha quedado libre. Responda SI en {minutes} minutos para reservarlo, o NO para dejarlo."
            ),
            .bookingConfirmed: (
                "Su reserva en {business}",
                "{business}: reservado, {details}, {when}. Código de confirmación {code}. Para cambiar o cancelar, llame al {business_phone}."
            ),
            .bookingChanged: (
                "Su reserva en {business} ha cambiado",
                "{business}: su reserva {code} es ahora {details}, {when}. Para cambiar o cancelar, llame al {business_phone}."
            ),
            .bookingCancelled: (
                "Su reserva en {business} está cancelada",
                "{business}: su reserva {code} del {when} está cancelada. Esperamos verle en otra ocasión."
            ),
            .bookingReminder: (
                "Recordatorio: {business}, {when}",
                "Recordatorio de {business}: {details}, {when}. Código {code}. Para cambiar o cancelar, llame al {business_phone}."
            ),
        ],
        .french: [
            .waitlistOffer: (
                "Une place s'est libérée chez {business}",
                "{business} : {details} {when} s'est libéré. Répondez OUI dans les {minutes} minutes pour le réserver, ou NON pour le laisser."
            ),
            .bookingConfirmed: (
                "Votre réservation chez {business}",
                "{business} : c'est réservé, {details}, {when}. Code de confirmation {code}. Pour modifier ou annuler, appelez le "
                    + "{business_phone}."
            ),
            .bookingChanged: (
                "Votre réservation chez {business} a changé",
                "{business} : votre réservation {code} est maintenant {details}, {when}. Pour modifier ou annuler, appelez le {business_phone}."
            ),
            .bookingCancelled: (
                "Votre réservation chez {business} est annulée",
                "{business} : votre réservation {code} du {when} est annulée. Au plaisir de vous revoir."
            ),
            .bookingReminder: (
                "Rappel : {business}, {when}",
                "Rappel de {business} : {details}, {when}. Code {code}. Pour modifier ou annuler, appelez le {business_phone}."
            ),
        ],
        .german: [
            .waitlistOffer: (
                "Ein Platz bei {business} ist frei",
                "{business}: {details} {when} ist frei geworden. Antworten Sie JA innerhalb von {minutes} Minuten, um zu buchen, oder NEIN."
            ),
            .bookingConfirmed: (
                "Ihre Buchung bei {business}",
                "{business}: Sie sind gebucht, {details}, {when}. Bestätigungscode {code}. Zum Ändern oder Stornieren rufen Sie "
                    + "{business_phone} an."
            ),
            .bookingChanged: (
                "Ihre Buchung bei {business} wurde geändert",
                "{business}: Ihre Buchung {code} ist jetzt {details}, {when}. Zum Ändern oder Stornieren rufen Sie {business_phone} an."
            ),
            .bookingCancelled: (
                "Ihre Buchung bei {business} ist storniert",
                "{business}: Ihre Buchung {code} für {when} ist storniert. Wir freuen uns auf ein andermal."
            ),
            .bookingReminder: (
                "Erinnerung: {business}, {when}",
                "Erinnerung von {business}: {details}, {when}. Code {code}. Zum Ändern oder Stornieren rufen Sie {business_phone} an."
            ),
        ],
        .italian: [
            .waitlistOffer: (
                "Si è liberato un posto da {business}",
                "{business}: {details} {when} si è liberato. Risponda SI entro {minutes} minuti per prenotarlo, o NO per lasciarlo."
            ),
            .bookingConfirmed: (
                "La sua prenotazione da {business}",
                "{business}: prenotato, {details}, {when}. Codice di conferma {code}. Per modificare o cancellare, chiami il {business_phone}."
            ),
            .bookingChanged: (
                "La sua prenotazione da {business} è cambiata",
                "{business}: la sua prenotazione {code} è ora {details}, {when}. Per modificare o cancellare, chiami il {business_phone}."
            ),
            .bookingCancelled: (
                "La sua prenotazione da {business} è cancellata",
                "{business}: la sua prenotazione {code} per {when} è cancellata. Speriamo di rivederla presto."
            ),
            .bookingReminder: (
                "Promemoria: {business}, {when}",
                "Promemoria da {business}: {details}, {when}. Codice {code}. Per modificare o cancellare, chiami il {business_phone}."
            ),
        ],
        .portuguese: [
            .waitlistOffer: (
                "Abriu uma vaga em {business}",
                "{business}: {details} {when} ficou livre. Responda SIM em {minutes} minutos para reservar, ou NAO para deixar."
            ),
            .bookingConfirmed: (
                "Sua reserva em {business}",
                "{business}: reserva feita, {details}, {when}. Código de confirmação {code}. Para alterar ou cancelar, ligue para "
                    + "{business_phone}."
            ),
            .bookingChanged: (
                "Sua reserva em {business} foi alterada",
                "{business}: sua reserva {code} agora é {details}, {when}. Para alterar ou cancelar, ligue para {business_phone}."
            ),
            .bookingCancelled: (
                "Sua reserva em {business} foi cancelada",
                "{business}: sua reserva {code} de {when} foi cancelada. Esperamos vê-lo em outra ocasião."
            ),
            .bookingReminder: (
                "Lembrete: {business}, {when}",
                "Lembrete de {business}: {details}, {when}. Código {code}. Para alterar ou cancelar, ligue para {business_phone}."
            ),
        ],
    ]
}
