import Foundation

/// A real SMTP server process (aiosmtpd, Tests/fixtures/smtp_server.py) with a fresh self-signed certificate:
/// STARTTLS is required before AUTH and AUTH before mail, as on a production relay.
struct SMTPTestServer: Sendable {
    static let user = "receptionist"
    static let password = "smtp-secret-0123"

    let process: ChildProcess
    let port: Int
    let directory: URL

    var maildir: URL { directory.appendingPathComponent("mail") }

    /// The environment that points the product's mailer here.
    var environment: [String: String] {
        [
            "SMTP_URL": "smtp://127.0.0.1:\(port)", "SMTP_USERNAME": Self.user, "SMTP_PASSWORD": Self.password,
            "SMTP_FROM": "Receptionist <bookings@receptionist.test>", "SMTP_CA_FILE": directory.appendingPathComponent("cert.pem").path,
        ]
    }

    /// The messages received so far, as raw RFC 5322 text with the envelope prepended.
    var received: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []
        return files.sorted().compactMap { try? String(contentsOf: maildir.appendingPathComponent($0), encoding: .utf8) }
    }

    static func with<R: Sendable>(_ body: @Sendable (SMTPTestServer) async throws -> R) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let openssl = try ChildProcess(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            logFile: directory.appendingPathComponent("openssl.log").path)
        await openssl.wait()
        let python = ProcessInfo.processInfo.environment["TEST_PYTHON"] ?? "/usr/bin/env"
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/fixtures/smtp_server.py").path
        let args = (python == "/usr/bin/env" ? ["python3"] : []) + [script, directory.appendingPathComponent("mail").path, cert, key, user, password]
        let process = try ChildProcess(python, args, logFile: directory.appendingPathComponent("server.log").path)
        let ready = try await process.waitForOutput("READY ")
        guard let port = Int(ready.split(separator: " ").last ?? "") else { throw TestFailure("bad readiness line: \(ready)") }
        let server = SMTPTestServer(process: process, port: port, directory: directory)
        do {
            let result = try await body(server)
            await process.stop()
            return result
        } catch {
            await process.stop()
            throw error
        }
    }
}
