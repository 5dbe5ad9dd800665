import App
import Foundation
import Storage
import Testing
import Workers

/// The outbox through the HTTP API: operators repair jobs with the platform key; owners set their messages and
/// read what was sent or skipped.
@Suite struct OutboxAPITests {
    @Test func operatorsListRetryAndCancelJobsWithThePlatformKeyOnly() async throws {
        try await TestApp.run { api, services in
            let (business, key) = try await api.createBusiness(slug: "outbox-ops")
            let db = services.database
            try await db.run(
                """
                INSERT INTO jobs (business_id, kind, state, attempt, max_attempts, last_error, errors, finished_at)
                VALUES ('\(business)', 'booking_confirmed', 'dead', 3, 3, 'Twilio 400 (Twilio error 21211): bad number',
                        '[{"attempt": 3, "error": "Twilio 400 (Twilio error 21211): bad number"}]', now())
                """)
            let dead = try await api.call(.get, "/v1/admin/jobs?state=dead", key: API.admin)
            #expect(dead.status == .ok)
            let job = dead.body["jobs"][0]
            #expect(job["kind"].string == "booking_confirmed")
            #expect(job["errors"][0]["error"].string?.contains("21211") == true)
            #expect(job["payload"].string == nil, "payloads may name customers: not shown")
            #expect(dead.body["counts"]["dead"].int == 1)
            let id = try #require(job["id"].string)

            #expect(try await api.call(.get, "/v1/admin/jobs", key: key).status == .forbidden, "a business key is not an operator")
            #expect(try await api.call(.post, "/v1/admin/jobs/\(id)/retry", key: key).status == .forbidden)
            let badState = try await api.call(.get, "/v1/admin/jobs?state=zombie", key: API.admin)
            #expect(badState.status == .badRequest)
            #expect(badState.body["error"]["field"].string == "state")
            #expect(try await api.call(.get, "/v1/admin/jobs/999999", key: API.admin).status == .notFound)

            let retried = try await api.call(.post, "/v1/admin/jobs/\(id)/retry", key: API.admin)
            #expect(retried.status == .ok)
            #expect(retried.body["state"].string == "available")
            #expect(retried.body["attempt"].int == 0)
            let again = try await api.call(.post, "/v1/admin/jobs/\(id)/retry", key: API.admin)
            #expect(again.status == .conflict)
            #expect(again.body["error"]["message"].string?.contains("is available") == true)

            let cancelled = try await api.call(.post, "/v1/admin/jobs/\(id)/cancel", key: API.admin)
            #expect(cancelled.body["state"].string == "cancelled")
            #expect(try await api.call(.get, "/v1/admin/jobs/\(id)", key: API.admin).body["state"].string == "cancelled")
        }
    }

    @Test func ownersSetTemplatesAndReminderLeadWithValidation() async throws {
        try await TestApp.run { api, _ in
            let (business, key) = try await api.createBusiness(slug: "outbox-owner")
            let path = "/v1/businesses/\(business)/notifications/settings"
            let initial = try await api.call(.get, path, key: key)
            #expect(initial.status == .ok)
            #expect(initial.body["reminder_lead_minutes"].int == 1440)
            #expect(initial.body["templates"]["booking_confirmed"]["custom"].bool == false)
            #expect(initial.body["templates"]["booking_confirmed"]["body"].string?.contains("{code}") == true)

            let typo = try await api.call(.patch, path, key: key, json: ["templates": ["booking_confirmed": ["body": "Hi {nme}"]]])
            #expect(typo.status == .unprocessableContent)
            #expect(typo.body["error"]["field"].string == "templates.booking_confirmed.body")
            #expect(typo.body["error"]["message"].string?.contains("{nme}") == true)
            let unknownKind = try await api.call(.patch, path, key: key, json: ["templates": ["booking_exploded": ["body": "x"]]])
            #expect(unknownKind.body["error"]["field"].string == "templates.booking_exploded")
            let tooSoon = try await api.call(.patch, path, key: key, json: ["reminder_lead_minutes": 5])
            #expect(tooSoon.body["error"]["field"].string == "reminder_lead_minutes")

            let set = try await api.call(
                .patch, path, key: key,
                json: [
                    "reminder_lead_minutes": 120,
                    "templates": ["booking_reminder": ["body": "See you {when}, {name}! Code {code}."]],
                ])
            #expect(set.status == .ok)
            #expect(set.body["reminder_lead_minutes"].int == 120)
            #expect(set.body["templates"]["booking_reminder"]["custom"].bool == true)
            #expect(set.body["templates"]["booking_reminder"]["body"].string == "See you {when}, {name}! Code {code}.")

            let off = try await api.call(
                .patch, path, key: key, json: ["reminder_lead_minutes": NSNull(), "templates": ["booking_reminder": NSNull()]])
            #expect(off.body["reminder_lead_minutes"].string == nil && off.body["reminder_lead_minutes"].int == nil, "null turns reminders off")
            #expect(off.body["templates"]["booking_reminder"]["custom"].bool == false, "null restores the built-in wording")

            let other = try await api.createBusiness(slug: "outbox-other")
            #expect(try await api.call(.get, path, key: other.key).status == .notFound, "another business's key sees nothing")
            #expect(try await api.call(.get, "/v1/businesses/\(business)/notifications", key: key).status == .ok)
        }
    }

    @Test func queueDepthOldestWaitingAndFinishedJobsAreMetrics() async throws {
        try await TestApp.run { api, services in
            let (business, _) = try await api.createBusiness(slug: "outbox-metrics")
            try await services.database.run(
                """
                INSERT INTO jobs (business_id, kind, payload) VALUES ('\(business)', 'send_confirmation',
                '{"booking_id": "00000000-0000-4000-8000-000000000000", "channel": "sms"}')
                """)
            let pool = try TestPools.product(services.database)
            let ran = try await TestPools.run([pool]) {
                try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'send_confirmation' AND state = 'succeeded'") == 1
            }
            #expect(ran)
            let metrics = try await api.call(.get, "/metrics").text
            #expect(metrics.contains(#"jobs_queue_depth{state="dead"}"#))
            #expect(metrics.contains(#"jobs_queue_depth{state="available"}"#))
            #expect(metrics.contains("jobs_oldest_waiting_seconds"))
            #expect(metrics.contains(#"kind="send_confirmation""#) && metrics.contains("jobs_finished_total"))
            #expect(metrics.contains(#"notifications_total{channel="none",status="skipped"}"#))
        }
    }

    @Test func finishedJobsArePrunedAfterTheirRetention() async throws {
        try await BookingFixture.run { f in
            try await f.database.run(
                """
                INSERT INTO jobs (kind, state, finished_at) VALUES
                  ('old', 'succeeded', now() - interval '8 days'), ('old', 'dead', now() - interval '8 days'),
                  ('old', 'cancelled', now() - interval '9 days'), ('recent', 'succeeded', now() - interval '1 day'),
                  ('waiting', 'available', NULL), ('retrying', 'failed', NULL)
                """)
            let pruned = try await JobQueue(database: f.database).prune(olderThan: .seconds(7 * 86400))
            #expect(pruned == 3)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind = 'old'") == 0)
            #expect(try await f.count("SELECT count(*)::int FROM jobs WHERE kind IN ('recent', 'waiting', 'retrying')") == 3)
        }
    }

    @Test func aHalfConfiguredProviderStopsStartUpNamingTheVariable() throws {
        #expect(
            throws: ConfigError(
                "TWILIO_AUTH_TOKEN", "is required when any TWILIO_ variable is set (SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM)")
        ) {
            _ = try TestApp.config(
                databaseURL: "postgres://postgres@127.0.0.1/x", extra: ["TWILIO_ACCOUNT_SID": "AC1", "TWILIO_FROM": "+15005550006"])
        }
        #expect(throws: ConfigError("SMTP_FROM", "is required with SMTP_URL (the sender address)")) {
            _ = try TestApp.config(databaseURL: "postgres://postgres@127.0.0.1/x", extra: ["SMTP_URL": "smtp://mail.example.com:587"])
        }
        #expect(throws: ConfigError("WORKER_CONCURRENCY", "must be a whole number from 1 to 256, not 'lots'")) {
            _ = try TestApp.config(databaseURL: "postgres://postgres@127.0.0.1/x", extra: ["WORKER_CONCURRENCY": "lots"])
        }
    }
}
