import Domain
import Foundation

/// A bookings query's phone and name filters as the blind-index values SQL compares (`customer_phone_bidx = ANY`,
/// `search_tokens @>`), so the plain values never reach SQL; nil when the name holds nothing searchable (nothing matches).
struct PersonalMatch {
    let phoneIndexes: [String]?
    let nameTokens: [String]?

    init?(businessID: UUID, phone: String?, name: String?, vault: PersonalDataVault) {
        phoneIndexes = phone.map { vault.phoneIndexes(businessID, $0) }
        if let name {
            guard let tokens = vault.queryTokens(businessID, name) else { return nil }
            nameTokens = tokens
        } else {
            nameTokens = nil
        }
    }
}
