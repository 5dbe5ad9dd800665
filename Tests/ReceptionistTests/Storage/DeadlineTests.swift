import Domain
import Foundation
import Storage
import Testing

/// A database operation's time limit holds even when the query itself ignores cancellation.
@Suite struct DeadlineTests {
    @Test func aDeadlineAnswersEvenWhenTheQueryIgnoresCancellation() async throws {
        let db = try await TestDatabase.shared.create()
        defer { Task { await TestDatabase.shared.drop(db.name) } }
        let database = Database(configuration: try DatabaseURL.configuration(from: db.url), logger: TestApp.logger, vault: TestEnvironment.vault)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.client.run() }
            defer { group.cancelAll() }
            let started = ContinuousClock.now
            await #expect(throws: StorageError.self) {
                for try await _ in try await database.query("SELECT pg_sleep(3)", timeout: .after(.milliseconds(200))) {}
            }
            #expect(ContinuousClock.now - started < .seconds(1))
        }
    }
}
