/// Raised when work did not finish within its budget (e.g. a health check while the database hangs).
public struct DeadlineExceeded: Error, Sendable {}

/// Runs `body`, giving up after `timeout`; the body is cancelled, so a lease wait or query is abandoned rather than awaited.
public func withDeadline<Result: Sendable>(
    _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw DeadlineExceeded() }
        return result
    }
}
