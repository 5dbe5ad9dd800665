import Bookings
import Domain
import Foundation

/// Renders booking outcomes the same way for create, modify and cancel (and so for their replays).
enum OutcomeAnswer {
    /// The `ok` and `error` that `render` writes for the outcome.
    static func okAndError(_ outcome: BookingOutcome) -> (ok: Bool, error: String?) {
        switch outcome {
        case .booked, .modified, .cancelled: (true, nil)
        case .refused(let refusal, _): (false, refusal.code)
        case .notFound: (false, "NOT_FOUND")
        case .notModifiable: (false, "NOT_MODIFIABLE")
        }
    }

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
