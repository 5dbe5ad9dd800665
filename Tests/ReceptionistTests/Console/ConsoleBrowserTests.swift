import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The console in a real browser: Debian's headless Chromium driven by Selenium (`Tests/fixtures/console_browser.py`)
/// against the real application on a live port, its workers sending mail to the SMTP test server. It signs up,
/// confirms the address from the email, logs in, sets up a restaurant, a salon and a golf course, sees their
/// checklists, invites a team member and logs out; every page is checked with axe-core (no serious or critical
/// violation) and photographed into `.local/console-screenshots/` for review.
@Suite struct ConsoleBrowserTests {
    @Test func anOwnerSignsUpAndSetsUpThreeBusinessesInARealBrowser() async throws {
        try await SMTPTestServer.with { smtp in
            let db = try await TestDatabase.shared.create()
            defer { Task { await TestDatabase.shared.drop(db.name) } }
            var environment = smtp.environment
            environment["WORKERS"] = "on"
            let (app, _) = try buildApplication(try TestApp.config(databaseURL: db.url, extra: environment), logger: TestApp.logger)
            let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? "/usr/bin/python3"
            let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/fixtures/console_browser.py").path
            let shots = TestEnvironment.repositoryRoot.appendingPathComponent(".local/console-screenshots").path
            try await app.test(.live) { client in
                let port = try #require(client.port)
                let (status, output) = try await ChildProcess.run(
                    python, [script, "http://127.0.0.1:\(port)", shots, smtp.maildir.path], timeout: .seconds(300))
                #expect(status == 0, "\(output)")
                let report = output.split(separator: "\n").last.map(String.init) ?? ""
                let json = try #require(try? JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any], "\(output)")
                let pages = (json["pages"] as? [[String: Any]]) ?? []
                #expect(pages.count >= 20, "the walk reached every page: \(pages.map { $0["name"] ?? "" })")
                #expect((json["failures"] as? [String])?.isEmpty == true, "\(json["failures"] ?? [])")
            }
        }
    }
}
