import Foundation
import HTTPCore
import Storage

extension BusinessStore {
    /// The path's business id after the access check; for the platform key also proves the business exists
    /// (a business key already proves it: keys cascade with their business).
    func requireExisting(_ context: AppRequestContext) async throws -> UUID {
        let id = try context.businessID()
        if context.principal == .platform, !(try await exists(id)) { throw APIError.notFound("business") }
        return id
    }
}
