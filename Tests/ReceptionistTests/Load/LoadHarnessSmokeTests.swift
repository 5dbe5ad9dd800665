import App
import Foundation
import HummingbirdTesting
import Testing
import Tools

/// Keeps the load harness working: a few callers place whole calls against a live server (the real application on a
/// real port), and every function of a call is exercised and answered. Figures are never asserted here; the
/// benchmark (scripts/loadtest) measures them.
@Suite struct LoadHarnessSmokeTests {
    @Test func aFewCallersPlaceWholeCallsAgainstALiveServer() async throws {
        let db = try await TestDatabase.shared.create()
        defer { Task { await TestDatabase.shared.drop(db.name) } }
        let config = try TestApp.config(databaseURL: db.url, extra: ["PORT": "0"])
        let (app, services) = try buildApplication(config, logger: TestApp.logger)
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString.prefix(6)).txt").path
        try await app.test(.live) { client in
            var options = LoadTest.Options(adminKey: TestEnvironment.platformAdminKey, retellKey: TestEnvironment.retellKey)
            options.baseURL = "http://127.0.0.1:\(try #require(client.port))"
            options.callers = 3
            options.callsPerCaller = 2
            options.businesses = 2
            options.modifyPercent = 50
            options.cancelPercent = 25
            options.recordPath = record
            let report = try await LoadTest(options: options).run()
            #expect(report.calls == 6)
            let names = Set(report.functions.map(\.name))
            #expect(names.isSuperset(of: ["inbound", "check_availability", "create_booking", "find_booking", "call_ended", "call_analyzed"]))
            for f in report.functions {
                #expect(f.codes.keys.allSatisfy { !$0.hasPrefix("HTTP") && $0 != "TRANSPORT" && $0 != "SYSTEM_DOWN" }, "\(f.name): \(f.codes)")
            }
            #expect(report.table.contains("create_booking"))
            // Every booking answered ok is in the database.
            let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n")
            #expect(!lines.isEmpty)
            for line in lines {
                let code = String(line.split(separator: " ")[1])
                #expect(try await services.database.count("SELECT count(*)::int FROM bookings WHERE confirmation_code = '\(code)'") == 1)
            }
            #expect(try await services.database.count("SELECT count(*)::int FROM calls WHERE outcome IS NOT NULL") == 6)
        }
    }
}
