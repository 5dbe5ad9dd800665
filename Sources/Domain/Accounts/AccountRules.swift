import Crypto
import Foundation

/// What a console account may act on in a business: `owner` everything, `staff` the day's work (day sheet, bookings,
/// messages) only.
public enum AccountRole: String, Sendable, CaseIterable {
    case owner, staff
}

/// The rules of sign-up and log-in that need no database.
public enum AccountRules {
    /// An address as typed, trimmed and lower-cased (two spellings are one account), and loosely checked.
    public static func email(_ text: String, field: String = "email") throws(ValidationError) -> String {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        try Business.validateEmail(email, field: field)
        return email
    }

    /// A person's name for the console's greeting and the team list.
    public static func name(_ text: String, field: String = "name") throws(ValidationError) -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1 ... 100).contains(name.unicodeScalars.count) else { throw ValidationError(field: field, "must be 1–100 characters") }
        if let problem = OutsideText.problem(name) { throw ValidationError(field: field, problem) }
        return name
    }

    /// At least 10 characters, not the address itself; long passphrases welcome (bcrypt sees a digest of them, so
    /// nothing past its 72-byte limit is silently ignored).
    public static func password(_ text: String, email: String, field: String = "password") throws(ValidationError) {
        guard text.count >= 10 else { throw ValidationError(field: field, "must be at least 10 characters") }
        guard text.utf8.count <= 1024 else { throw ValidationError(field: field, "must be at most 1024 bytes") }
        guard text.lowercased() != email.lowercased() else { throw ValidationError(field: field, "must not be your email address") }
    }

    /// What bcrypt is given for a password: a SHA-256 of it in base64 (44 bytes, inside bcrypt's 72), so a long
    /// passphrase counts in full and a NUL byte cannot cut it short.
    public static func bcryptInput(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}

/// A secret handed to a browser or mailed in a link, and the digest the database keeps instead of it.
public struct SecretToken: Sendable, Equatable {
    public let value: String

    public init(value: String) { self.value = value }

    /// 32 random bytes, base64url: unguessable, safe in a cookie and a URL.
    public static func generate() -> SecretToken {
        var generator = SystemRandomNumberGenerator()
        return SecretToken(value: Base64URL.encode((0 ..< 32).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }))
    }

    /// SHA-256 of the value: what is stored and looked up.
    public var digest: Data { Data(SHA256.hash(data: Data(value.utf8))) }
}

/// How long a signed-in browser stays signed in: it ends after `idle` without a request, and after `absolute` anyway.
public struct SessionPolicy: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval, absolute: TimeInterval) {
        self.idle = idle
        self.absolute = absolute
    }

    /// A host stand keeps its tablet signed in through a service; a forgotten laptop is signed out overnight.
    public static let standard = SessionPolicy(idle: 12 * 3600, absolute: 14 * 24 * 3600)

    /// Whether a session created at `created` and last used at `lastSeen` is still good at `now`.
    public func isLive(created: Date, lastSeen: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeen) < idle && now.timeIntervalSince(created) < absolute
    }
}

/// A person who signs in to the console.
public struct Account: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var name: String
    public var emailVerified: Bool
    public var platformAdmin: Bool

    public init(id: UUID, email: String, name: String, emailVerified: Bool, platformAdmin: Bool) {
        self.id = id
        self.email = email
        self.name = name
        self.emailVerified = emailVerified
        self.platformAdmin = platformAdmin
    }
}
