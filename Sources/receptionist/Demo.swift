import App
import ArgumentParser
import Foundation
import Tools

/// `receptionist demo`: the demo business, created once; prints how to call it.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the demo restaurant, salon and golf course (idempotent) and print their ids, API keys and a curl to try.",
        discussion: "Safe to run on every start: an existing demo business is left as it is, and its key stays the same.")

    func run() async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        let results = try await Bootstrap.withDatabase(config, logger: logger) { database in
            try await DemoSeeder(database: database, config: config).seedAll()
        }
        let base = config.publicBaseURL
        for result in results {
            let id = result.business.id.uuidString.lowercased()
            print(
                """
                Demo \(result.business.kind.rawValue) \(result.created ? "created" : "already present"): \(result.business.name)
                (\(result.business.slug))
                  business id: \(id)
                  API key:     \(result.apiKey)\(result.keyUsable ? "" : "  (REVOKED: create a new key through the API)")
                  try:         curl -s -H 'Authorization: Bearer \(result.apiKey)' \(base)/v1/businesses/\(id)
                """)
        }
        if config.mode == .development {
            print("Admin key:     \(config.platformAdminKey)  (from \(config.dataDirectory)/platform-admin.key unless PLATFORM_ADMIN_KEY is set)")
            print("Retell key:    \(config.retellAPIKeys[0])  (signs function calls; scripts/retell-call uses it)")
        }
    }
}
