import Domain
import Foundation

extension UUID {
    /// Ids in responses are lower-case, the form they are accepted in and the form PostgreSQL prints.
    public var apiString: String { UUIDText.lowercase(self) }
}
