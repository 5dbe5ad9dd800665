import Bookings
import Domain
import Foundation
import Storage
import Testing

/// The guarantees a voice agent relies on, proven with real concurrency against PostgreSQL.
@Suite struct BookingConcurrencyTests {
    static let actor = Actor(type: "agent", callID: "call-test")
    /// Fifty transactions queue on one lock; on a loaded 2-core test run the last wait longer than a live call would.
    /// These tests are about who gets the seats, not how fast (the load harness measures that).
    static let racing = Database.Timeout.after(.seconds(60))

    /// With idempotency keys (the agent's path) the business's lock is tried by the key's claim; without, on its own.
    @Test(arguments: [false, true]) func fiftyCallersForTheLastSeatsNeverOverbook(withKeys: Bool) async throws {
        try await BookingFixture.run(capacity: 10, maxParty: 2) { f in
            let request = try f.request("2026-11-27", "19:00", party: 2)
            let results = try await withThrowingTaskGroup(of: MutationResult.self) { group in
                for caller in 0 ..< 50 {
                    let key = withKeys ? IdempotencyKey(scope: "test", key: "caller-\(caller)", requestHash: [UInt8(caller)]) : nil
                    group.addTask {
                        try await f.service.create(
                            f.tenant, request: request, actor: Self.actor, idempotency: key, timeout: Self.racing,
                            render: testRender)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var booked = 0, taken = 0
            for result in results {
                guard case .fresh(let outcome, _) = result else {
                    Issue.record("unexpected \(result)")
                    continue
                }
                switch outcome {
                case .booked: booked += 1
                case .refused(let refusal, let alternatives):
                    #expect(refusal == .slotTaken)
                    #expect(!alternatives.isEmpty)
                    taken += 1
                default: Issue.record("unexpected \(outcome)")
                }
            }
            #expect(booked == 5)
            #expect(taken == 45)
            #expect(try await f.count("SELECT coalesce(sum(party_size), 0)::int FROM bookings WHERE status = 'CONFIRMED'") == 10)
            #expect(try await f.count("SELECT count(*)::int FROM booking_changes WHERE action = 'created'") == 5)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'booking_confirmed'") == 5)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'calendar_sync'") == 5)
        }
    }

    /// In a rush the callers who cannot have the slot are answered on what has committed, without queueing for the
    /// business's lock behind the writers; a caller for whom the place looks free still waits for the lock.
    @Test func refusalsInARushDoNotWaitForTheLock() async throws {
        try await BookingFixture.run(capacity: 10, maxParty: 2) { f in
            for _ in 0 ..< 5 {
                _ = try await f.service.create(
                    f.tenant, request: try f.request("2026-11-27", "19:00", party: 2),
                    actor: Self.actor, idempotency: nil, render: testRender)
            }
            let service = f.service, tenant = f.tenant, businessID = f.businessID
            let free = try f.request("2026-11-27", "13:00", party: 2), full = try f.request("2026-11-27", "19:00", party: 2)
            // Another writer holds the business's lock for the whole block below.
            let waiter = try await f.database.transaction(timeout: Self.racing) { session in
                try await BookingSQL.lockBusiness(businessID, in: session)
                // Waiting for the lock here would never end (its holder waits for this answer): the answer proves it did not.
                let refused = try await service.create(
                    tenant, request: full, actor: Self.actor, idempotency: nil,
                    timeout: .after(.seconds(20)), render: testRender)
                guard case .fresh(.refused(.slotTaken, let alternatives), _) = refused else {
                    Issue.record("expected SLOT_TAKEN, got \(refused)")
                    return Task<MutationResult, any Error> { throw CancellationError() }
                }
                #expect(!alternatives.isEmpty)
                // A caller for a free time queues for the lock: the database shows it waiting on an advisory lock.
                let booking = Task {
                    try await service.create(
                        tenant, request: free, actor: Self.actor, idempotency: nil,
                        timeout: Self.racing, render: testRender)
                }
                let deadline = ContinuousClock.now + .seconds(20)
                var waiting = 0
                while waiting == 0, ContinuousClock.now < deadline {
                    for try await n in try await session.query(
                        """
                        SELECT count(*)::int FROM pg_stat_activity
                        WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()
                        """
                    ).decode(Int.self) { waiting = n }
                }
                #expect(waiting == 1, "the free-slot caller waits for the lock")
                return booking
            }
            guard case .fresh(.booked, _) = try await waiter.value else {
                Issue.record("the free-slot caller did not book once the lock was free")
                return
            }
            #expect(try await f.count("SELECT count(*)::int FROM bookings WHERE status = 'CONFIRMED'") == 6)
        }
    }

    @Test func concurrentModificationsIntoTheLastSeatsNeverOverbook() async throws {
        try await BookingFixture.run(capacity: 10, maxParty: 2) { f in
            // 19:00 holds 8 of 10; twenty parties of two at 13:00 all try to move to 19:00.
            for _ in 0 ..< 4 {
                _ = try await f.service.create(
                    f.tenant, request: try f.request("2026-11-27", "19:00", party: 2),
                    actor: Self.actor, idempotency: nil, render: testRender)
            }
            var codes: [String] = []
            for _ in 0 ..< 20 {
                if case .fresh(.booked(let b), _) = try await f.service.create(
                    f.tenant,
                    request: try f.request("2026-11-27", "13:00", party: 2), actor: Self.actor, idempotency: nil, render: testRender)
                {
                    codes.append(b.confirmationCode)
                }
            }
            #expect(codes.count == 5, "13:00 itself holds five parties of two")
            let move = ModifyBookingRequest(
                code: "", date: nil, time: try LocalTime(parsing: "19:00", field: "t"), partySize: nil, service: nil, notes: nil)
            let outcomes = try await withThrowingTaskGroup(of: MutationResult.self) { group in
                for code in codes {
                    var m = move
                    m.code = code
                    group.addTask { [m] in
                        try await f.service.modify(
                            f.tenant, request: m, actor: Self.actor, idempotency: nil, timeout: Self.racing,
                            render: testRender)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let moved = outcomes.filter { if case .fresh(.modified, _) = $0 { true } else { false } }.count
            #expect(moved == 1)
            let at1900 = try await f.count(
                "SELECT coalesce(sum(party_size), 0)::int FROM bookings WHERE status = 'CONFIRMED' AND starts_at = '2026-11-28T00:00:00Z'")
            #expect(at1900 == 10)
            #expect(try await f.count("SELECT count(*)::int FROM booking_changes WHERE action = 'modified'") == 1)
        }
    }

    @Test func theSameRequestThreeTimesMakesOneBookingWithIdenticalAnswers() async throws {
        try await BookingFixture.run { f in
            let request = try f.request("2026-11-27", "19:00", party: 2)
            let key = IdempotencyKey(scope: "retell:create_booking", key: "call-1:abc", requestHash: Array("args-1".utf8))
            var bodies: [[UInt8]] = []
            for _ in 0 ..< 3 {
                switch try await f.service.create(
                    f.tenant, request: request, actor: Self.actor, idempotency: key, render: testRender)
                {
                case .fresh(_, let body), .replayed(let body): bodies.append(body)
                case .keyReused: Issue.record("key reused")
                }
            }
            // Concurrently, under a second key.
            let key2 = IdempotencyKey(scope: "retell:create_booking", key: "call-2:abc", requestHash: Array("args-1".utf8))
            let concurrent = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0 ..< 3 {
                    group.addTask {
                        switch try await f.service.create(
                            f.tenant, request: request, actor: Self.actor, idempotency: key2, timeout: Self.racing,
                            render: testRender)
                        {
                        case .fresh(_, let body), .replayed(let body): return body
                        case .keyReused: return []
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(bodies).count == 1)
            #expect(Set(concurrent).count == 1)
            #expect(String(decoding: bodies[0], as: UTF8.self).hasPrefix("booked "))
            #expect(try await f.count("SELECT count(*)::int FROM bookings") == 2)
            // The same key with other arguments is refused, not replayed.
            let other = IdempotencyKey(scope: "retell:create_booking", key: "call-1:abc", requestHash: Array("args-2".utf8))
            if case .keyReused = try await f.service.create(
                f.tenant, request: request, actor: Self.actor, idempotency: other, render: testRender)
            {
            } else {
                Issue.record("a reused key with new arguments must be refused")
            }
        }
    }

    @Test func cancellingTwiceAnswersTheSameAndKeepsTheRow() async throws {
        try await BookingFixture.run(capacity: 4, maxParty: 4) { f in
            guard
                case .fresh(.booked(let booking), _) = try await f.service.create(
                    f.tenant, request: try f.request("2026-11-27", "19:00", party: 4), actor: Self.actor, idempotency: nil,
                    render: testRender)
            else {
                Issue.record("not booked")
                return
            }
            let first = try await f.service.cancel(
                businessID: f.businessID, code: booking.confirmationCode, reason: "sick", actor: Self.actor, idempotency: nil, render: testRender)
            let second = try await f.service.cancel(
                businessID: f.businessID, code: booking.confirmationCode, reason: "sick", actor: Self.actor, idempotency: nil, render: testRender)
            guard case .fresh(.cancelled(let a, false), _) = first, case .fresh(.cancelled(let b, true), _) = second else {
                Issue.record("\(first) \(second)")
                return
            }
            #expect(a.status == .cancelled && b.status == .cancelled && a.id == b.id)
            #expect(try await f.count("SELECT count(*)::int FROM bookings WHERE status = 'CANCELLED'") == 1)
            #expect(try await f.count("SELECT count(*)::int FROM booking_changes WHERE action = 'cancelled'") == 1)
            // The seats are free again.
            if case .fresh(.booked, _) = try await f.service.create(
                f.tenant,
                request: try f.request("2026-11-27", "19:00", party: 4), actor: Self.actor, idempotency: nil, render: testRender)
            {
            } else {
                Issue.record("cancelled seats not freed")
            }
        }
    }

    @Test func anExpiredKeyIsFreeAgain() async throws {
        try await BookingFixture.run { f in
            let request = try f.request("2026-11-27", "19:00", party: 2)
            let key = IdempotencyKey(scope: "retell:create_booking", key: "call-9:abc", requestHash: Array("args".utf8), lifetime: .seconds(0))
            for _ in 0 ..< 2 {
                _ = try await f.service.create(
                    f.tenant, request: request, actor: Self.actor, idempotency: key, render: testRender)
            }
            #expect(try await f.count("SELECT count(*)::int FROM bookings") == 2)
        }
    }
}
