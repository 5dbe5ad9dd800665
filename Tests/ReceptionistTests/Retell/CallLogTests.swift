import App
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

/// The JSON log lines of one request, read back from the real handler: each carries the request id, and on Retell's
/// signed routes the call id too, from the line the handler writes to the access line the middleware writes after it.
@Suite struct CallLogTests {
    /// What the application's `JSONLogHandler` wrote, parsed back.
    final class JSONLines: Sendable {
        private let lines = Mutex<[Data]>([])

        var logger: Logger {
            var logger = Logger(label: "receptionist") { label in
                JSONLogHandler(label: label, level: .trace, write: { [self] line in lines.withLock { $0.append(line) } })
            }
            logger.logLevel = .trace
            return logger
        }

        var all: [[String: Any]] {
            lines.withLock { $0 }.compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
        }

        /// Every line of the request the test sent with `X-Request-Id: id`: all the lines written through that request's
        /// logger (Hummingbird's own id of the request), whether or not they carry `id`.
        func request(_ id: String) throws -> [[String: Any]] {
            let all = all
            let ids = Set(all.filter { $0["request_id"] as? String == id }.compactMap { $0["hb.request.id"] as? String })
            guard ids.count == 1, let only = ids.first else { throw TestFailure("request \(id) was logged under \(ids.sorted())") }
            return all.filter { $0["hb.request.id"] as? String == only }
        }
    }

    static func headers(requestID: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Request-Id")!] = requestID
        return headers
    }

    static func functionCall(_ name: String, _ args: [String: Any], callID: String) throws -> [UInt8] {
        let call: [String: Any] = ["call_id": callID, "from_number": "+12125550111", "call_type": "phone_call"]
        return Array(try JSONSerialization.data(withJSONObject: ["name": name, "args": args, "call": call], options: [.sortedKeys]))
    }

    static func callEnded(callID: String) throws -> [UInt8] {
        let call: [String: Any] = [
            "call_id": callID, "from_number": "+12125550111", "to_number": "+12125550100", "call_status": "ended", "transcript": "Agent: Hello.",
        ]
        return Array(try JSONSerialization.data(withJSONObject: ["event": "call_ended", "call": call], options: [.sortedKeys]))
    }

    @Test func everyLineOfASignedFunctionCallAndWebhookCarriesItsRequestIDAndCallID() async throws {
        let lines = JSONLines()
        try await TestApp.run(logger: lines.logger) { api, _ in
            let (id, _) = try await api.createRestaurant(slug: "logged-calls")
            let retell = api.retell(id)
            let booked = try await retell.raw(
                try Self.functionCall(
                    "create_booking", ["date": futureDate(), "time": "19:00", "party_size": 2, "name": "Ada"], callID: "call_logged"),
                path: "/v1/retell/\(id)/functions/create_booking", headers: Self.headers(requestID: "req-function"))
            #expect(booked.body["ok"].bool == true, "\(booked.text)")
            #expect(booked.headers[HTTPField.Name("X-Request-Id")!] == "req-function")
            let hook = try await retell.raw(
                try Self.callEnded(callID: "call_hooked"), path: "/v1/retell/\(id)/webhooks", headers: Self.headers(requestID: "req-webhook"))
            #expect(hook.status == .noContent, "\(hook.text)")
        }

        for (requestID, callID, status) in [("req-function", "call_logged", "200"), ("req-webhook", "call_hooked", "204")] {
            let request = try lines.request(requestID)
            #expect(request.contains { $0["msg"] as? String == "request" && $0["status"] as? String == status }, "the access line: \(request)")
            for line in request {
                #expect(line["request_id"] as? String == requestID, "\(line)")
                #expect(line["call_id"] as? String == callID, "\(line)")
            }
            // The call id is this request's alone: no other request's line names it.
            #expect(lines.all.filter { $0["call_id"] as? String == callID }.allSatisfy { $0["request_id"] as? String == requestID })
        }
        let all = lines.all
        // Every line any request wrote carries its request id; the owner's routes name no call.
        #expect(all.filter { $0["hb.request.id"] != nil }.allSatisfy { $0["request_id"] is String })
        let owners = all.filter { $0["msg"] as? String == "request" && ($0["path"] as? String)?.hasPrefix("/v1/businesses") == true }
        #expect(!owners.isEmpty && owners.allSatisfy { $0["call_id"] == nil }, "\(owners)")
    }

    /// Lines written inside the handler (a function that fails answers SYSTEM_DOWN and says why) and by the error
    /// middleware after it (a webhook whose store fails is a logged 500) carry the call id as well as the access line.
    @Test func theLinesOfAFailingRetellRequestCarryItsCallID() async throws {
        let lines = JSONLines()
        try await TestApp.run(logger: lines.logger) { api, services in
            let (id, _) = try await api.createRestaurant(slug: "logged-failures")
            // The test's own database: tables the two requests need are taken away, so each fails inside.
            try await services.database.run("ALTER TABLE bookings RENAME TO bookings_away")
            try await services.database.run("ALTER TABLE call_events RENAME TO call_events_away")
            // Undocumented 500 on purpose: no contract check for these answers.
            let retell = Retell(client: api.client, businessID: id)
            let down = try await retell.raw(
                try Self.functionCall("check_availability", ["date": futureDate(), "time": "19:00", "party_size": 2], callID: "call_failing"),
                path: "/v1/retell/\(id)/functions/check_availability", headers: Self.headers(requestID: "req-function-fails"))
            #expect(down.body["error"].string == "SYSTEM_DOWN", "\(down.text)")
            let hook = try await retell.raw(
                try Self.callEnded(callID: "call_failing_hook"), path: "/v1/retell/\(id)/webhooks",
                headers: Self.headers(requestID: "req-webhook-fails"))
            #expect(hook.status == .internalServerError, "\(hook.text)")
        }

        let function = try lines.request("req-function-fails")
        #expect(function.contains { $0["msg"] as? String == "function failed; answering SYSTEM_DOWN" }, "\(function)")
        #expect(function.contains { $0["msg"] as? String == "request" && $0["status"] as? String == "200" }, "\(function)")
        #expect(function.allSatisfy { $0["call_id"] as? String == "call_failing" && $0["request_id"] as? String == "req-function-fails" })
        let webhook = try lines.request("req-webhook-fails")
        #expect(webhook.contains { $0["msg"] as? String == "database error" }, "\(webhook)")
        #expect(webhook.contains { $0["msg"] as? String == "request" && $0["status"] as? String == "500" }, "\(webhook)")
        #expect(webhook.allSatisfy { $0["call_id"] as? String == "call_failing_hook" && $0["request_id"] as? String == "req-webhook-fails" })
    }
}
