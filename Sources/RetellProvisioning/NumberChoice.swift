import Domain
import Storage

/// The owner's choices for a phone agent, checked once for the API and the console.
public enum PhoneAgentChoice {
    /// The languages offered (Retell has more; these are the ones our answers are written for).
    public static let languages = ["en-US", "en-GB", "es-ES", "es-419", "fr-FR", "de-DE", "it-IT", "pt-BR"]

    /// Exactly one of a number to import or an area code to buy in, and a purchase only once its cost is confirmed.
    public static func number(import number: String?, areaCode: Int?, confirmed: Bool) throws(ValidationError) -> RetellAgent.NumberRequest {
        switch (number, areaCode) {
        case (let number?, nil): return .import(try PhoneNumber(number, field: "import_number").e164)
        case (nil, let code?):
            guard confirmed else {
                throw ValidationError(field: "confirm_purchase", "must be true: Retell charges a monthly fee for a bought number")
            }
            guard (200 ... 999).contains(code) else { throw ValidationError(field: "buy_area_code", "must be a 3-digit US area code") }
            return .buy(areaCode: code)
        case (nil, nil): throw ValidationError(field: "import_number", "give a number to import, or buy_area_code to buy one")
        case (_?, _?): throw ValidationError(field: "buy_area_code", "give either import_number or buy_area_code, not both")
        }
    }
}
