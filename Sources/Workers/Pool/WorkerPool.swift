import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import Storage
import Synchronization

/// Settings of one worker process.
public struct WorkerPoolConfiguration: Sendable {
    public var name: String
    public var concurrency: Int
    public var lease: Duration
    public var heartbeat: Duration
    public var poll: Duration
    public var perBusiness: Int
    public var grace: Duration
    /// How long finished jobs are kept before pruning; nil keeps them.
    public var retention: Duration?
    /// How often queue metrics are refreshed and finished jobs pruned.
    public var maintenance: Duration

    public init(
        name: String = "worker-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))",
        concurrency: Int = 4, lease: Duration = .seconds(30), heartbeat: Duration = .seconds(10),
        poll: Duration = .seconds(1), perBusiness: Int = 2, grace: Duration = .seconds(20),
        retention: Duration? = .seconds(7 * 86400), maintenance: Duration = .seconds(15)
    ) {
        self.name = name
        self.concurrency = concurrency
        self.lease = lease
        self.heartbeat = heartbeat
        self.poll = poll
        self.perBusiness = perBusiness
        self.grace = grace
        self.retention = retention
        self.maintenance = maintenance
    }
}

/// Drains the outbox: claims what it has room for, wakes on NOTIFY (polling as a fallback), renews leases while
/// handlers run, records each result, and on graceful shutdown stops claiming and lets running jobs finish.
/// Any number of pools in any number of processes may run against one database; each job is done once.
public final class WorkerPool: Service, Sendable {
    let queue: JobQueue
    let database: Database
    /// Where LISTEN runs: a direct connection when `DATABASE_URL` goes through PgBouncer (which would accept the LISTEN
    /// in transaction mode and never deliver a notification); nil: the pool's own.
    let listenDatabase: Database?
    let handlers: [String: any JobHandler]
    let configuration: WorkerPoolConfiguration
    let logger: Logger
    private let running = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let tasks = Mutex<[Int64: Task<Void, Never>]>([:])

    public init(
        database: Database, handlers: [any JobHandler], configuration: WorkerPoolConfiguration = .init(), logger: Logger,
        listenDatabase: Database? = nil
    ) {
        self.database = database
        self.listenDatabase = listenDatabase
        self.queue = JobQueue(database: database)
        var byKind: [String: any JobHandler] = [:]
        for handler in handlers { for kind in handler.kinds { byKind[kind] = handler } }
        self.handlers = byKind
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let wake = WakeSignal()
        await withGracefulShutdownHandler {
            let listenPool = listenDatabase.map { direct in Task { await direct.client.run() } }
            let listener = Task { await self.listen(wake: wake) }
            let upkeep = Task { await self.maintain() }
            // The polling fallback and the lease renewals: one timer each for the whole pool, not one per job or wait.
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.stopping.load(ordering: .relaxed) ? .milliseconds(50) : self.configuration.poll)
                    wake.fire()
                }
            }
            let heartbeats = Task { await self.renewLeases() }
            defer {
                listenPool?.cancel()
                listener.cancel()
                upkeep.cancel()
                ticker.cancel()
                heartbeats.cancel()
            }
            // Jobs of dead workers are rescued as often as a live worker renews its lease.
            var lastRescue = ContinuousClock.now - configuration.heartbeat
            while !stopping.load(ordering: .relaxed), !Task.isCancelled {
                if ContinuousClock.now - lastRescue >= configuration.heartbeat {
                    _ = try? await queue.rescueExpired()
                    lastRescue = ContinuousClock.now
                }
                let room = configuration.concurrency - running.load(ordering: .relaxed)
                var claimed: [ClaimedJob] = []
                if room > 0 {
                    do {
                        claimed = try await queue.claim(
                            worker: configuration.name, limit: room, lease: configuration.lease,
                            perBusiness: configuration.perBusiness)
                    } catch {
                        logger.warning("claim failed", metadata: ["error": "\(error)"])
                    }
                }
                for job in claimed {
                    running.add(1, ordering: .relaxed)
                    // Started and registered under the lock, so a job that finishes at once cannot remove itself
                    // before it is added (which would leave every such finished task in the map for good).
                    tasks.withLock { tasks in
                        tasks[job.id] = Task {
                            await self.process(job)
                            _ = self.tasks.withLock { $0.removeValue(forKey: job.id) }
                            self.running.subtract(1, ordering: .relaxed)
                            wake.fire()
                        }
                    }
                }
                if claimed.count < room || room <= 0 { await wake.wait() }
            }
            // Shutdown: no new claims; running jobs get the grace period, then are cancelled and handed back.
            let deadline = ContinuousClock.now + configuration.grace
            while running.load(ordering: .relaxed) > 0, ContinuousClock.now < deadline, !Task.isCancelled {
                await wake.wait()
            }
            // Handlers still running are cancelled and their jobs handed back at once, without spending the attempt:
            // a handler that ignores cancellation (a provider that stopped answering) cannot hold up the exit.
            let left = tasks.withLock { $0 }
            for (id, task) in left {
                task.cancel()
                try? await queue.snooze(id, worker: configuration.name, until: Date(), reason: "released at shutdown")
            }
            let released = ContinuousClock.now + .seconds(1)
            while running.load(ordering: .relaxed) > 0, ContinuousClock.now < released {
                await wake.wait()
            }
            // The maintenance lease handed on at once (here, not in the cancelled upkeep task, so the statement runs).
            Gauge(label: "jobs_queue_reporter").record(0)
            try? await queue.releaseMaintenance(configuration.name)
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            wake.fire()
        }
    }

    /// Every `heartbeat`, one statement renews the leases of all jobs this pool is running.
    func renewLeases() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.heartbeat)
            let ids = tasks.withLock { Array($0.keys) }
            guard !ids.isEmpty, !Task.isCancelled else { continue }
            do {
                try await queue.heartbeat(ids, worker: configuration.name, lease: configuration.lease)
            } catch {
                logger.warning("lease renewal failed; retrying at the next heartbeat", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One attempt: the handler runs (the pool's heartbeat keeps its lease); the result is recorded if we still hold it.
    func process(_ job: ClaimedJob) async {
        guard let handler = handlers[job.kind] else {
            try? await queue.fail(
                job.id, worker: configuration.name, attempt: job.attempt, maxAttempts: job.maxAttempts,
                error: "no handler for job kind '\(job.kind)'", permanent: true)
            return
        }
        let result = await handler.run(job)
        do {
            if Task.isCancelled {
                // Cut off by shutdown: hand the job back without spending the attempt.
                try await queue.snooze(job.id, worker: configuration.name, until: Date(), reason: "released at shutdown")
                return
            }
            Counter(label: "jobs_finished_total", dimensions: [("kind", job.kind), ("result", Self.label(result, job))]).increment()
            switch result {
            case .done: try await queue.succeed(job.id, worker: configuration.name)
            case .retry(let error):
                try await queue.fail(
                    job.id, worker: configuration.name, attempt: job.attempt, maxAttempts: job.maxAttempts, error: error, permanent: false)
            case .permanent(let error):
                try await queue.fail(
                    job.id, worker: configuration.name, attempt: job.attempt, maxAttempts: job.maxAttempts, error: error, permanent: true)
            case .rateLimited(let until, let reason):
                try await queue.snooze(job.id, worker: configuration.name, until: until, reason: reason)
            }
        } catch {
            logger.error(
                "could not record a job result; its lease will expire and it will run again",
                metadata: ["job_id": "\(job.id)", "error": "\(error)"])
        }
    }

    static func label(_ result: JobResult, _ job: ClaimedJob) -> String {
        switch result {
        case .done: "succeeded"
        case .retry: job.attempt >= job.maxAttempts ? "dead" : "failed"
        case .permanent: "dead"
        case .rateLimited: "rate_limited"
        }
    }

    /// Refreshes the queue gauges and prunes finished jobs past their retention, until the pool stops — only while this
    /// process holds the maintenance lease (one of many workers does it; another takes over within three rounds of its
    /// end). `jobs_queue_reporter` is 1 on the process whose gauges are current, 0 elsewhere.
    func maintain() async {
        while !Task.isCancelled {
            do {
                let leader = try await queue.holdMaintenance(configuration.name, ttl: configuration.maintenance * 3)
                Gauge(label: "jobs_queue_reporter").record(leader ? 1 : 0)
                guard leader else {
                    try? await Task.sleep(for: configuration.maintenance)
                    continue
                }
                let stats = try await queue.stats()
                for state in ["available", "running", "failed", "dead", "cancelled"] {
                    Gauge(label: "jobs_queue_depth", dimensions: [("state", state)]).record(stats.counts[state] ?? 0)
                }
                Gauge(label: "jobs_oldest_waiting_seconds").record(stats.oldestWaitingSeconds)
                for status in ["connected", "invalid", "disconnected"] {
                    Gauge(label: "calendar_connections", dimensions: [("status", status)]).record(stats.calendarConnections[status] ?? 0)
                }
                if let retention = configuration.retention {
                    var pruned = 0
                    while !Task.isCancelled, pruned < 50_000 {
                        let n = try await queue.prune(olderThan: retention)
                        pruned += n
                        if n < 1000 { break }
                    }
                    if pruned > 0 { logger.info("pruned finished jobs", metadata: ["count": "\(pruned)"]) }
                }
            } catch {
                // Not known to be current any more: another worker may hold the lease by now.
                Gauge(label: "jobs_queue_reporter").record(0)
                logger.debug("queue maintenance failed; next round retries", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: configuration.maintenance)
        }
    }

    /// LISTEN on its own connection, reconnecting after failures; every notification wakes the claiming loop.
    func listen(wake: WakeSignal) async {
        while !Task.isCancelled {
            do {
                try await (listenDatabase ?? database).withConnection(timeout: .unlimited) { session in
                    try await session.connection.listen(on: "jobs") { notifications in
                        for try await _ in notifications { wake.fire() }
                    }
                    session.logger.debug("job notifications ended")
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("job listener failed; polling until it reconnects", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
