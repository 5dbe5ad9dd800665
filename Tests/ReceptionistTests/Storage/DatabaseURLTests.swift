import Foundation
import Storage
import Testing

/// `sslmode` with libpq's meanings and `sslrootcert` for a managed database whose CA is not a public one.
@Suite struct DatabaseURLTests {
    @Test func sslModesAndARootCertificate() throws {
        let bundle = FileManager.default.temporaryDirectory.appendingPathComponent("ca-\(UUID().uuidString.prefix(6)).pem")
        try Data("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".utf8).write(to: bundle)
        defer { try? FileManager.default.removeItem(at: bundle) }
        for mode in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            #expect(throws: Never.self) { try DatabaseURL.configuration(from: "postgres://app@db.internal/app?sslmode=\(mode)") }
            #expect(throws: Never.self) {
                try DatabaseURL.configuration(from: "postgres://app@db.internal/app?sslmode=\(mode)&sslrootcert=\(bundle.path)")
            }
        }
        #expect {
            try DatabaseURL.configuration(from: "postgres://app@db.internal/app?sslmode=verify-full&sslrootcert=/nowhere/ca.pem")
        } throws: { "\($0)".contains("sslrootcert '/nowhere/ca.pem' is not a readable file") }
        #expect { try DatabaseURL.configuration(from: "postgres://app@db.internal/app?sslmode=strict") } throws: {
            "\($0)".contains("verify-ca")
        }
    }
}
