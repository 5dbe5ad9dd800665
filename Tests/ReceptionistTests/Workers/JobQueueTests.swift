import Domain
import Foundation
import Storage
import Testing
import Workers

@Suite struct JobQueueTests {
    func enqueue(_ f: BookingFixture, _ n: Int, business: Bool = false, ordering: String? = nil, maxAttempts: Int = 20) async throws {
        let businessSQL = business ? "'\(f.businessID)'" : "NULL"
        let orderingSQL = ordering.map { "'\($0)'" } ?? "NULL"
        try await f.database.run(
            """
            INSERT INTO jobs (business_id, kind, payload, ordering_key, max_attempts)
            SELECT \(businessSQL), 'test', jsonb_build_object('n', g), \(orderingSQL), \(maxAttempts) FROM generate_series(1, \(n)) g
            """)
    }

    @Test func eachJobOnceWithTwoPoolsRacing() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 300)
            // A second pool stands for a second worker process on the same database.
            let other = Database(
                configuration: f.database.configuration, logger: TestApp.logger, operationTimeout: TestEnvironment.databaseTimeout,
                vault: TestEnvironment.vault)
            let done = try await withThrowingTaskGroup(of: [Int64].self) { group in
                group.addTask {
                    await other.client.run()
                    return []
                }
                var workers: [Task<[Int64], any Error>] = []
                for (name, database) in [("a", f.database), ("b", other), ("c", f.database), ("d", other)] {
                    workers.append(
                        Task {
                            let queue = JobQueue(database: database)
                            var mine: [Int64] = []
                            while true {
                                let jobs = try await queue.claim(worker: name, limit: 7, lease: .seconds(30), perBusiness: 100)
                                if jobs.isEmpty { return mine }
                                for job in jobs {
                                    try await queue.succeed(job.id, worker: name)
                                    mine.append(job.id)
                                }
                            }
                        })
                }
                var all: [Int64] = []
                for w in workers { all += try await w.value }
                group.cancelAll()
                return all
            }
            #expect(done.count == 300)
            #expect(Set(done).count == 300)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE state = 'succeeded' AND attempt = 1") == 300)
        }
    }

    @Test func aDeadWorkersJobIsTakenAgainAfterItsLease() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 1)
            let queue = JobQueue(database: f.database)
            let first = try #require(try await queue.claim(worker: "dies", limit: 1, lease: .zero, perBusiness: 10).first)
            #expect(try await queue.claim(worker: "other", limit: 1, lease: .seconds(30), perBusiness: 10).isEmpty, "still leased")
            #expect(try await queue.rescueExpired() == 1)
            let again = try #require(try await queue.claim(worker: "other", limit: 1, lease: .seconds(30), perBusiness: 10).first)
            #expect(again.id == first.id)
            #expect(again.attempt == 2)
            // The dead worker's late answer changes nothing.
            try await queue.succeed(first.id, worker: "dies")
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE state = 'running' AND locked_by = 'other'") == 1)
            #expect(try await queue.heartbeat(again.id, worker: "other", lease: .seconds(30)))
            #expect(!(try await queue.heartbeat(again.id, worker: "dies", lease: .seconds(30))))
        }
    }

    @Test func failuresBackOffThenDieAndCanBeRetried() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 1, maxAttempts: 2)
            let queue = JobQueue(database: f.database)
            var job = try #require(try await queue.claim(worker: "w", limit: 1, lease: .seconds(30), perBusiness: 10).first)
            try await queue.fail(job.id, worker: "w", attempt: job.attempt, maxAttempts: job.maxAttempts, error: "HTTP 500", permanent: false)
            // attempt 1 waits 2 s ± 10 %: not runnable now.
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM jobs WHERE state = 'failed' AND run_at - updated_at BETWEEN interval '1.7 s' AND interval '2.3 s'")
                    == 1,
                "measured from the failure, not from whenever this check runs")
            #expect(try await queue.claim(worker: "w", limit: 1, lease: .seconds(30), perBusiness: 10).isEmpty)
            try await f.database.query("UPDATE jobs SET run_at = now()")
            job = try #require(try await queue.claim(worker: "w", limit: 1, lease: .seconds(30), perBusiness: 10).first)
            try await queue.fail(job.id, worker: "w", attempt: job.attempt, maxAttempts: job.maxAttempts, error: "HTTP 503", permanent: false)
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM jobs WHERE state = 'dead' AND last_error = 'HTTP 503' AND jsonb_array_length(errors) = 2") == 1)
            #expect(try await queue.retryDead(job.id))
            #expect(try await queue.claim(worker: "w", limit: 1, lease: .seconds(30), perBusiness: 10).first?.attempt == 1)
        }
    }

    @Test func permanentErrorsDieAtOnceAndRateLimitsSpendNoAttempt() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 2)
            let queue = JobQueue(database: f.database)
            let jobs = try await queue.claim(worker: "w", limit: 2, lease: .seconds(30), perBusiness: 10)
            try await queue.fail(
                jobs[0].id, worker: "w", attempt: jobs[0].attempt, maxAttempts: jobs[0].maxAttempts, error: "HTTP 400 invalid number", permanent: true
            )
            try await queue.snooze(jobs[1].id, worker: "w", until: Date().addingTimeInterval(3600), reason: "HTTP 429, Retry-After 3600")
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE id = \(jobs[0].id) AND state = 'dead'") == 1)
            #expect(
                try await f.count(
                    "SELECT count(*)::int FROM jobs WHERE id = \(jobs[1].id) AND state = 'available' AND attempt = 0 AND run_at > now() + "
                        + "interval '59 minutes'"
                ) == 1)
        }
    }

    @Test func oneOrderingKeyRunsOneAtATimeInOrder() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 3, ordering: "booking:1")
            let queue = JobQueue(database: f.database)
            var seen: [Int64] = []
            for _ in 0 ..< 3 {
                let jobs = try await queue.claim(worker: "w", limit: 10, lease: .seconds(30), perBusiness: 10)
                #expect(jobs.count == 1)
                #expect(
                    try await queue.claim(worker: "x", limit: 10, lease: .seconds(30), perBusiness: 10).isEmpty, "the next waits for the running one")
                try await queue.succeed(jobs[0].id, worker: "w")
                seen.append(jobs[0].id)
            }
            #expect(seen == seen.sorted())
        }
    }

    @Test func oneBusyBusinessCannotTakeEveryWorker() async throws {
        try await BookingFixture.run { f in
            try await enqueue(f, 10, business: true)
            try await enqueue(f, 3)
            let queue = JobQueue(database: f.database)
            let jobs = try await queue.claim(worker: "w", limit: 10, lease: .seconds(30), perBusiness: 2)
            #expect(jobs.filter { $0.businessID == f.businessID }.count == 2)
            #expect(jobs.filter { $0.businessID == nil }.count == 3)
            #expect(try await queue.claim(worker: "w", limit: 10, lease: .seconds(30), perBusiness: 2).isEmpty, "the cap counts running jobs")
        }
    }

    @Test func aDedupeKeyAdmitsOneJobEvenFromConcurrentTransactions() async throws {
        try await BookingFixture.run { f in
            let queue = JobQueue(database: f.database)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0 ..< 10 {
                    group.addTask {
                        // Half inside a caller's transaction (as booking changes write them), half on their own.
                        let job = NewJob(kind: "test", payload: ["n": String(i)], dedupeKey: "once:42")
                        if i % 2 == 0 {
                            try await f.database.transaction { session in
                                try await Outbox.enqueue(job, businessID: f.businessID, in: session)
                            }
                        } else {
                            try await Outbox.enqueue(job, businessID: f.businessID, database: f.database)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE dedupe_key = 'once:42'") == 1)
            try await Outbox.enqueue(NewJob(kind: "test", payload: [:], dedupeKey: "once:43"), businessID: f.businessID, database: f.database)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'test'") == 2, "another key is another job")
        }
    }
}

/// Pruning and the queue's gauges are one process's job at a time: of many workers asking at once exactly one holds the
/// maintenance lease, renews it, and another takes it over only once it has lapsed.
@Suite struct MaintenanceLeaseTests {
    @Test func oneWorkerAtATimeHoldsTheMaintenanceLease() async throws {
        try await BookingFixture.run { f in
            let queue = JobQueue(database: f.database)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0 ..< 12 { group.addTask { try await queue.holdMaintenance("worker-\(n)", ttl: .seconds(45)) } }
                var held = 0
                for try await won in group where won { held += 1 }
                return held
            }
            #expect(winners == 1, "exactly one of twelve racing workers")
            let holder = try #require(try await f.database.strings("SELECT holder FROM maintenance_lease").first)
            #expect(try await queue.holdMaintenance(holder, ttl: .seconds(45)), "the holder renews")
            let other = holder == "worker-0" ? "worker-1" : "worker-0"
            #expect(try await !queue.holdMaintenance(other, ttl: .seconds(45)), "another waits while it is held")
            try await f.database.run("UPDATE maintenance_lease SET until = now() - interval '1 second'")
            #expect(try await queue.holdMaintenance(other, ttl: .seconds(45)), "and takes it over once it lapses")
            #expect(try await f.database.strings("SELECT holder FROM maintenance_lease") == [other])
            try await queue.releaseMaintenance(other)
            #expect(try await queue.holdMaintenance(holder, ttl: .seconds(45)), "a worker that stops hands the lease on at once")
        }
    }
}
