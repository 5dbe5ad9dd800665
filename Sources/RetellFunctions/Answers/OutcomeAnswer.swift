import Bookings
import Domain
import Foundation

/// Renders booking outcomes the same way for create, modify and cancel (and so for their replays).
enum OutcomeAnswer {
    static func render(_ outcome: BookingOutcome, _ a: AgentAnswer) -> [String: Any] {
        switch outcome {
        case .booked(let b):
            let words = Phrasebook(a.language)
            return a.ok(["booking": a.booking(b), "message": words.booked("\(a.booking(b)["spoken"] ?? "")", code: b.confirmationCode)])
        case .modified(_, let after):
            return a.ok(["booking": a.booking(after), "message": Phrasebook(a.language).changed("\(a.booking(after)["spoken"] ?? "")")])
        case .cancelled(let b, let already):
            return a.ok([
                "booking": a.booking(b), "already_cancelled": already,
                "message": Phrasebook(a.language).cancelled(already: already),
            ])
        case .refused(let refusal, let alternatives):
            return a.refused(refusal, alternatives: alternatives)
        case .notFound:
            return a.failure("NOT_FOUND", Phrasebook(a.language).notFound)
        case .notModifiable(let status):
            return a.failure("NOT_MODIFIABLE", Phrasebook(a.language).notModifiable(status))
        }
    }
}
