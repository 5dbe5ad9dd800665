import ArgumentParser

/// The one binary: the HTTP API, the worker pool, operator tools, migrations and demo data.
@main
struct Receptionist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receptionist",
        abstract: "AI voice receptionist backend: booking API, Retell functions and webhooks.",
        discussion: "Configuration comes from environment variables; see README.md for each one and its default.",
        subcommands: [Serve.self, Work.self, Jobs.self, Migrate.self, Demo.self, Admins.self, BenchJobs.self, LoadTestCommand.self],
        defaultSubcommand: Serve.self)
}
