import Crypto
import Foundation

/// Secrets a development machine generates once into its private data folder, so a fresh clone runs with no setup.
public enum DevSecrets {
    /// Reads `directory/name`, creating it (mode 0600) from `make()` the first time.
    public static func loadOrCreate(directory: String, name: String, make: () -> String) throws(ConfigError) -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let value = make()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data((value + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                throw ConfigError("DATA_DIR", "(\(directory)) is not writable: cannot create \(name)")
            }
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("DATA_DIR", "(\(directory)) is not writable: \(error.localizedDescription)")
        }
        return value
    }

    static func randomKeyBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    static func randomAdminKey() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return "pk_" + String((0 ..< 40).map { _ in alphabet.randomElement(using: &rng)! })
    }
}
