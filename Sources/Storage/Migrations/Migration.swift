import Crypto
import Domain
import Foundation

/// One numbered SQL file of `migrations/`; its checksum detects edits to a file that was already applied.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Hex.encode(SHA256.hash(data: Data(sql.utf8)))
    }

    /// Reads `NNNN_name.sql` files in version order; anything else in the folder is ignored, a duplicate number is an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version)
        }
        return migrations
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case badFileName(String)
    case duplicateVersion(Int)
    case checksumMismatch(version: Int, name: String)
    case unknownApplied(version: Int, name: String)
    case failed(version: Int, name: String, message: String)

    public var description: String {
        switch self {
        case .badFileName(let f): "migration file '\(f)' is not named NNNN_name.sql"
        case .duplicateVersion(let v): "two migration files share version \(v)"
        case .checksumMismatch(let v, let n):
            "migration \(v) (\(n)) was changed after it was applied; add a new migration instead of editing an applied one"
        case .unknownApplied(let v, let n):
            "the database has migration \(v) (\(n)) that this build does not know; run a newer build"
        case .failed(let v, let n, let m): "migration \(v) (\(n)) failed and was rolled back: \(m)"
        }
    }
}

/// Where a migration stands against the database, for `receptionist migrate --status`.
public struct MigrationStatus: Sendable, Equatable {
    public enum State: String, Sendable { case applied, pending, changed }
    public let version: Int
    public let name: String
    public let state: State
    public let appliedAt: Date?
}
