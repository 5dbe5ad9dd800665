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
        let (results, owner) = try await Bootstrap.withDatabase(config, logger: logger) { database in
            let seeder = DemoSeeder(database: database, config: config)
            let results = try await seeder.seedAll()
            // The console's demo log-in is for a developer's machine, never made on a production one.
            let owner = config.mode == .development ? try await seeder.seedOwner(of: results.map(\.business)) : nil
            return (results, owner)
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
        if let owner {
            print("Console:       \(base)/console")
            print("  log in as:   \(owner.email), password \(owner.password)  (from \(config.dataDirectory)/demo-owner.password)")
        }
        if config.mode == .development {
            print("Admin key:     \(config.platformAdminKey)  (from \(config.dataDirectory)/platform-admin.key unless PLATFORM_ADMIN_KEY is set)")
            print("Retell key:    \(config.retellAPIKeys[0])  (signs function calls; scripts/retell-call uses it)")
        }
    }
}
