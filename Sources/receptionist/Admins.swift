import ArgumentParser
import Foundation
import Storage

/// `receptionist admins grant|revoke EMAIL`: who is a platform admin in the console (sees and opens every business).
/// A command on the server, not a page: no console account can make itself an admin.
struct Admins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a console account a platform admin, or stop it being one.", subcommands: [Grant.self, Revoke.self])

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the account with this email a platform admin.")
        @Argument var email: String
        func run() async throws { try await Admins.set(email, admin: true) }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the account with this email being a platform admin.")
        @Argument var email: String
        func run() async throws { try await Admins.set(email, admin: false) }
    }

    static func set(_ email: String, admin: Bool) async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        try await Bootstrap.withDatabase(config, logger: logger) { database in
            guard try await AccountStore(database: database).setPlatformAdmin(email: email.lowercased(), admin) else {
                throw Jobs.failure("no console account uses \(email)")
            }
            print("\(email.lowercased()) is \(admin ? "now" : "no longer") a platform admin")
        }
    }
}
