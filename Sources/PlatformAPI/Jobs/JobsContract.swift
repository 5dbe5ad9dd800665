import HTTPCore

/// The operators' outbox routes as the contract states them, so the document, /docs and the request checks share one source.
extension JobsController {
    static let job = Schema.object(
        "A job of the outbox; its payload is left out (it may name customers), its error history kept.",
        [
            "id": Schema.string("The job's number."),
            "business_id": CommonSchemas.uuid.described("Absent for platform-wide jobs."),
            "kind": .string(),
            "state": .string(allowed: states.sorted()),
            "attempt": .integer(),
            "max_attempts": .integer(),
            "run_at": CommonSchemas.instant,
            "locked_by": .string("The worker running it."),
            "last_error": .string(),
            "errors": .array(
                .object(
                    "One failed attempt.",
                    [
                        "at": CommonSchemas.instant,
                        "attempt": .integer(),
                        "error": .string(),
                    ]), "The last failures, newest first (at most 10)."),
            "ordering_key": .string("Jobs sharing a key run in the order they were queued."),
            "created_at": CommonSchemas.instant,
            "finished_at": CommonSchemas.instant,
        ], required: ["id", "kind", "state", "attempt", "max_attempts", "run_at", "errors", "created_at"])

    static let jobNumber = Schema.integer("The job's number (its `id`).")

    static let listOperation = APIOperation(
        .get, "/v1/admin/jobs", id: "listJobs", tag: "Admin jobs", access: .platformKey,
        summary: "Jobs newest first, optionally by state or business, with counts per state."
    )
    .query("state", .string(allowed: states.sorted()))
    .query("business_id", CommonSchemas.uuid.described("Only this business's jobs."))
    .query("limit", CommonSchemas.limit)
    .query("cursor", .string("The `next_cursor` of the previous page."))
    .answer(
        200, "A page of jobs and the queue's figures.",
        .object(
            nil,
            [
                "jobs": .array(job),
                "next_cursor": .string("Present when the page is full."),
                "counts": .map(.integer(), "Jobs per state, succeeded ones not counted."),
                "oldest_waiting_seconds": .number("How long the oldest waiting job has waited."),
            ], required: ["jobs", "counts", "oldest_waiting_seconds"]))

    static let getOperation = APIOperation(
        .get, "/v1/admin/jobs/{jobID}", id: "getJob", tag: "Admin jobs", access: .platformKey,
        summary: "One job with its error history."
    )
    .parameter("jobID", jobNumber)
    .answer(200, "The job.", job)

    static let retryOperation = APIOperation(
        .post, "/v1/admin/jobs/{jobID}/retry", id: "retryJob", tag: "Admin jobs", access: .platformKey,
        summary: "Run a dead job again (409 unless it is dead)."
    )
    .parameter("jobID", jobNumber)
    .answer(200, "The job, waiting to run.", job)
    .refusal(409, "CONFLICT: the job is not dead")

    static let cancelOperation = APIOperation(
        .post, "/v1/admin/jobs/{jobID}/cancel", id: "cancelJob", tag: "Admin jobs", access: .platformKey,
        summary: "Cancel a job that is waiting, failed or dead (409 otherwise)."
    )
    .parameter("jobID", jobNumber)
    .answer(200, "The cancelled job.", job)
    .refusal(409, "CONFLICT: the job is running, done or already cancelled")
}
