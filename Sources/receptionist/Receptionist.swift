import ArgumentParser

/// The one binary: the HTTP API, migrations and demo data (later: the worker pool and the load test).
@main
struct Receptionist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receptionist",
        abstract: "AI voice receptionist backend: booking API, Retell functions and webhooks.",
        discussion: "Configuration comes from environment variables; see README.md for each one and its default.",
        subcommands: [Serve.self, Migrate.self, Demo.self],
        defaultSubcommand: Serve.self)
}
