import App
import ArgumentParser
import Foundation
import Storage
import Workers

/// `receptionist jobs`: the outbox for operators (the same actions as the admin API's /v1/admin/jobs).
struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect and repair the outbox: list, show, retry, cancel.",
        subcommands: [List.self, Show.self, Retry.self, Cancel.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs, newest first, with the queue's counts by state.")

        @Option(help: "available, running, succeeded, failed, dead or cancelled.")
        var state: String?

        @Option(help: "Only this business's jobs.")
        var business: String?

        @Option(help: "At most this many jobs.")
        var limit = 50

        func run() async throws {
            let states = ["available", "running", "succeeded", "failed", "dead", "cancelled"]
            if let state, !states.contains(state) { throw ValidationError("--state must be one of \(states.joined(separator: ", "))") }
            let businessID = try business.map { text in
                guard let id = UUID(uuidString: text) else { throw ValidationError("--business must be a business id (UUID)") }
                return id
            }
            let (state, limit) = (self.state, self.limit)
            try await Jobs.withQueue { queue in
                let stats = try await queue.stats()
                print(
                    "queue: " + states.filter { $0 != "succeeded" }.map { "\($0) \(stats.counts[$0] ?? 0)" }.joined(separator: ", ")
                        + String(format: "; oldest waiting %.1f s", stats.oldestWaitingSeconds))
                for job in try await queue.list(state: state, businessID: businessID, before: nil, limit: limit) {
                    let error = job.lastError.map { "  \($0.prefix(80))" } ?? ""
                    let state = job.state.padding(toLength: 9, withPad: " ", startingAt: 0)
                    let kind = job.kind.padding(toLength: 18, withPad: " ", startingAt: 0)
                    print("\(job.id)  \(state) \(kind) attempt \(job.attempt)/\(job.maxAttempts)  run_at \(job.runAt.formatted(.iso8601))\(error)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job and its recent errors.")
        @Argument var id: Int64

        func run() async throws {
            let id = self.id
            try await Jobs.withQueue { queue in
                guard let job = try await queue.get(id) else { throw Jobs.failure("no job \(id)") }
                print(
                    """
                    job \(job.id): \(job.kind), \(job.state), attempt \(job.attempt)/\(job.maxAttempts)
                      business  \(job.businessID?.uuidString.lowercased() ?? "-")
                      run_at    \(job.runAt.formatted(.iso8601))
                      created   \(job.createdAt.formatted(.iso8601))
                      finished  \(job.finishedAt.map { $0.formatted(.iso8601) } ?? "-")
                      locked_by \(job.lockedBy ?? "-")
                      ordering  \(job.orderingKey ?? "-")
                      last_error \(job.lastError ?? "-")
                      errors    \(job.errorsJSON)
                    """)
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead job back to the queue with a fresh set of attempts.")
        @Argument var id: Int64

        func run() async throws {
            let id = self.id
            try await Jobs.withQueue { queue in
                guard try await queue.retryDead(id) else { throw Jobs.failure("job \(id) is not dead (only a dead job can be retried)") }
                print("job \(id) is queued again")
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a job that is waiting, failed or dead.")
        @Argument var id: Int64

        func run() async throws {
            let id = self.id
            try await Jobs.withQueue { queue in
                guard try await queue.cancel(id) else { throw Jobs.failure("job \(id) cannot be cancelled (running, finished or missing)") }
                print("job \(id) is cancelled")
            }
        }
    }

    static func withQueue(_ body: @escaping @Sendable (JobQueue) async throws -> Void) async throws {
        let config = await Bootstrap.config()
        let logger = Bootstrap.logger(config)
        try await Bootstrap.withDatabase(config, logger: logger) { database in try await body(JobQueue(database: database)) }
    }

    static func failure(_ message: String) -> any Error {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode.failure
    }
}
