import App
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The console in a real browser: Debian's headless Chromium driven by Selenium (`Tests/fixtures/console_browser.py`)
/// against the real application on a live port. It signs up, meets a form error, reaches the home page, logs out,
/// fails and passes a log-in; every page is checked with axe-core (no serious or critical violation) and photographed
/// into `.local/console-screenshots/` for review.
@Suite struct ConsoleBrowserTests {
    @Test func anOwnerSignsUpAndLogsInInARealBrowser() async throws {
        let db = try await TestDatabase.shared.create()
        defer { Task { await TestDatabase.shared.drop(db.name) } }
        let (app, _) = try buildApplication(try TestApp.config(databaseURL: db.url), logger: TestApp.logger)
        let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? "/usr/bin/python3"
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/fixtures/console_browser.py").path
        let shots = TestEnvironment.repositoryRoot.appendingPathComponent(".local/console-screenshots").path
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let (status, output) = try await ChildProcess.run(python, [script, "http://127.0.0.1:\(port)", shots], timeout: .seconds(180))
            #expect(status == 0, "\(output)")
            let report = output.split(separator: "\n").last.map(String.init) ?? ""
            let json = try #require(try? JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any], "\(output)")
            let pages = (json["pages"] as? [[String: Any]]) ?? []
            #expect(pages.count >= 5, "the walk reached every page: \(pages.map { $0["name"] ?? "" })")
            #expect((json["failures"] as? [String])?.isEmpty == true, "\(json["failures"] ?? [])")
        }
    }
}
