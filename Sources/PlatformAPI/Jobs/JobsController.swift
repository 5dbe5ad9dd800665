import Foundation
import HTTPCore
import Hummingbird
import Storage
import Workers

/// The outbox for operators (platform key only): list by state, show one with its error history, retry a dead
/// job, cancel one that has not run. The same actions as `receptionist jobs`.
public struct JobsController: Sendable {
    let queue: JobQueue

    public init(database: Database) { self.queue = JobQueue(database: database) }

    public func addRoutes(to v1: RouteTable) {
        // The collection route is the group's own path, which a table cannot add below itself: it goes on `v1`.
        v1.add(Self.listOperation, use: list)
        let admin = v1.group("admin/jobs")
        admin.add(Self.getOperation, use: show)
        admin.add(Self.retryOperation, use: retry)
        admin.add(Self.cancelOperation, use: cancel)
    }

    static let states: Set<String> = ["available", "running", "succeeded", "failed", "dead", "cancelled"]

    struct JobList: ResponseEncodable {
        var jobs: [JobResponse]
        var nextCursor: String?
        var counts: [String: Int]
        var oldestWaitingSeconds: Double
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> JobList {
        try context.requirePlatform()
        let state = request.uri.queryParameters.get("state")
        if let state, !Self.states.contains(state) {
            throw APIError(.badRequest, .validationFailed, "state must be one of \(Self.states.sorted().joined(separator: ", "))", field: "state")
        }
        let business = try request.uri.queryParameters.get("business_id").map { text in
            guard let id = UUID(uuidString: text) else {
                throw APIError(.badRequest, .validationFailed, "business_id must be a UUID", field: "business_id")
            }
            return id
        }
        let limit = try request.pageLimit()
        let cursor = try request.uri.queryParameters.get("cursor").map { text in
            guard let id = Int64(text) else { throw APIError(.badRequest, .validationFailed, "cursor is not one this API gave out", field: "cursor") }
            return id
        }
        let jobs = try await queue.list(state: state, businessID: business, before: cursor, limit: limit)
        let stats = try await queue.stats()
        return JobList(
            jobs: jobs.map(JobResponse.init), nextCursor: jobs.count == limit ? jobs.last.map { String($0.id) } : nil,
            counts: stats.counts, oldestWaitingSeconds: stats.oldestWaitingSeconds)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> JobResponse {
        try context.requirePlatform()
        guard let job = try await queue.get(try Self.jobID(context)) else { throw APIError.notFound("job") }
        return JobResponse(job)
    }

    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> JobResponse {
        try context.requirePlatform()
        let id = try Self.jobID(context)
        guard try await queue.retryDead(id) else { throw try await conflict(id, "only a dead job can be retried") }
        guard let job = try await queue.get(id) else { throw APIError.notFound("job") }
        return JobResponse(job)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> JobResponse {
        try context.requirePlatform()
        let id = try Self.jobID(context)
        guard try await queue.cancel(id) else { throw try await conflict(id, "only a job that is waiting, failed or dead can be cancelled") }
        guard let job = try await queue.get(id) else { throw APIError.notFound("job") }
        return JobResponse(job)
    }

    func conflict(_ id: Int64, _ rule: String) async throws -> APIError {
        guard let job = try await queue.get(id) else { return APIError.notFound("job") }
        return APIError(.conflict, .conflict, "job \(id) is \(job.state): \(rule)")
    }

    static func jobID(_ context: AppRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("jobID").flatMap(Int64.init) else { throw APIError.notFound("job") }
        return id
    }
}

/// A job as the admin API shows it; payloads stay out (they may name customers), error history stays in.
struct JobResponse: ResponseEncodable {
    struct ErrorEntry: Codable {
        var at: String?
        var attempt: Int?
        var error: String?
    }
    var id: String
    var businessId: String?
    var kind: String
    var state: String
    var attempt: Int
    var maxAttempts: Int
    var runAt: Date
    var lockedBy: String?
    var lastError: String?
    var errors: [ErrorEntry]
    var orderingKey: String?
    var createdAt: Date
    var finishedAt: Date?

    init(_ job: JobInfo) {
        id = String(job.id)
        businessId = job.businessID?.apiString
        kind = job.kind
        state = job.state
        attempt = job.attempt
        maxAttempts = job.maxAttempts
        runAt = job.runAt
        lockedBy = job.lockedBy
        lastError = job.lastError
        errors = (try? JSONDecoder().decode([ErrorEntry].self, from: Data(job.errorsJSON.utf8))) ?? []
        orderingKey = job.orderingKey
        createdAt = job.createdAt
        finishedAt = job.finishedAt
    }
}
