import Crypto
import Domain
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Storage
import Synchronization

/// The console's accounts: signing up, signing in and out, password changes and the single-use links emails carry.
/// Passwords go through bcrypt off the request's executor; log-in answers the same, in about the same time, whether
/// or not the address has an account; failures are throttled per address typed and per client, across replicas.
public struct AccountService: Sendable {
    let store: AccountStore
    let policy: SessionPolicy
    /// Keys the throttle's digests, so the failures table holds neither addresses nor client addresses.
    let throttleKey: SymmetricKey
    /// bcrypt's cost (log2 of its rounds): 12 in production; tests may lower it.
    let cost: UInt8

    /// At most this many failed log-ins per address typed, and per client address, in `failureWindow`.
    public static let failuresPerAccount = 5
    public static let failuresPerClient = 30
    public static let failureWindow: TimeInterval = 15 * 60
    /// How long an emailed link works.
    public static let linkLifetime: [LinkPurpose: TimeInterval] = [.verifyEmail: 3 * 24 * 3600, .resetPassword: 3600]

    public init(database: Database, policy: SessionPolicy = .standard, throttleKey: SymmetricKey, cost: UInt8 = 12) {
        precondition((4 ... 31).contains(cost), "bcrypt's cost must be 4 to 31")
        self.store = AccountStore(database: database)
        self.policy = policy
        self.throttleKey = throttleKey
        self.cost = cost
    }

    public enum LinkPurpose: String, Sendable {
        case verifyEmail = "verify_email"
        case resetPassword = "reset_password"
        /// Someone signed up with an address that has an account: its owner is told, with a reset link.
        case existingAccount = "existing_account"

        /// The kind of link the email carries (an existing account's email carries a reset link).
        public var link: LinkPurpose { self == .existingAccount ? .resetPassword : self }
    }

    /// What a sign-up did; the console answers both alike ("check your inbox"), so nobody learns who has an account.
    public enum SignUp: Sendable, Equatable {
        case created(Account)
        /// The address has an account: its owner was emailed (at most `resetEmailsPerHour` times an hour).
        case existing
    }

    /// A signed-in browser: the secret for its cookie (never stored) and what the session knows.
    public struct SignedIn: Sendable {
        public var token: SecretToken
        public var csrfToken: String
        public var account: Account
    }

    public enum LogIn: Sendable {
        case signedIn(SignedIn)
        /// Wrong address or password: one answer for both, so an address's existence is not revealed.
        case refused
        /// Too many failures lately; try again after this many seconds.
        case throttled(retryAfter: Int)
    }

    // MARK: sign-up and log-in

    /// A new account, not yet verified, with the email that verifies its address queued in the same transaction; for an
    /// address that has an account, an email to its owner instead (the password is hashed either way: the same time).
    public func signUp(name: String, email: String, password: String) async throws -> SignUp {
        let email = try AccountRules.email(email)
        let name = try AccountRules.name(name)
        try AccountRules.password(password, email: email)
        let hashed = try await hash(password)
        do {
            return .created(try await store.create(email: email, name: name, passwordHash: hashed))
        } catch StorageError.duplicate {
            guard let stored = try await store.byEmail(email) else { return .existing }
            try await queueLinkEmail(.existingAccount, accountID: stored.account.id, email: email)
            return .existing
        }
    }

    /// Queues an email with a link unless `resetEmailsPerHour` of its kind went to the account in the last hour.
    func queueLinkEmail(_ purpose: LinkPurpose, accountID: UUID, email: String) async throws {
        let recent = try await store.recentLinkEmails(accountID, purpose: purpose.rawValue, window: 3600)
        guard recent < Self.resetEmailsPerHour else { return }
        try await Outbox.enqueue(
            .accountEmail(accountID: accountID, purpose: purpose.rawValue, email: email), businessID: nil, database: store.database)
    }

    /// Checks the password and opens a new session (a new secret every time: no fixation).
    public func logIn(email typed: String, password: String, client: String) async throws -> LogIn {
        let email = typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let (accountKey, clientKey) = (throttleDigest("account:" + email), throttleDigest("client:" + client))
        let recent = try await store.recentFailures(account: accountKey, client: clientKey, window: Self.failureWindow)
        if recent.account >= Self.failuresPerAccount || recent.client >= Self.failuresPerClient {
            return .throttled(retryAfter: Int(Self.failureWindow))
        }
        let stored = try await store.byEmail(email)
        // An unknown address costs a bcrypt check too, so the answer's timing does not tell it apart.
        let matches = try await verify(password, hash: stored?.passwordHash)
        guard let stored, matches else {
            try await store.recordFailure(account: accountKey, client: clientKey)
            return .refused
        }
        try await store.clearFailures(account: accountKey)
        return .signedIn(try await openSession(for: stored.account))
    }

    /// The session a cookie's secret names, while within its idle and absolute limits; an expired one is removed.
    public func session(token: String, now: Date = Date()) async throws -> AccountStore.Session? {
        let digest = SecretToken(value: token).digest
        guard let session = try await store.touchSession(digest: digest) else { return nil }
        guard policy.isLive(created: session.createdAt, lastSeen: session.lastSeenAt, now: now) else {
            try await store.deleteSession(digest: digest)
            return nil
        }
        return session
    }

    public func logOut(token: String) async throws { try await store.deleteSession(digest: SecretToken(value: token).digest) }

    public func logOutEverywhere(accountID: UUID) async throws { try await store.deleteSessions(of: accountID) }

    // MARK: passwords and links

    /// A new password after the current one is proven; every session ends (the caller signs this browser in again).
    public func changePassword(accountID: UUID, current: String, new: String) async throws -> Bool {
        guard let stored = try await store.byID(accountID), try await verify(current, hash: stored.passwordHash) else { return false }
        try AccountRules.password(new, email: stored.account.email, field: "new_password")
        try await store.setPassword(accountID, hash: try await hash(new))
        return true
    }

    /// Whether `password` is the account's (for re-seeding the demo without signing its browsers out).
    public func passwordMatches(accountID: UUID, password: String) async throws -> Bool {
        guard let stored = try await store.byID(accountID) else { return false }
        return try await verify(password, hash: stored.passwordHash)
    }

    /// An operator's (or the demo's) new password for an account, without the old one; every session ends.
    public func replacePassword(accountID: UUID, new: String) async throws {
        guard let stored = try await store.byID(accountID) else { return }
        try AccountRules.password(new, email: stored.account.email, field: "new_password")
        try await store.setPassword(accountID, hash: try await hash(new))
    }

    /// At most this many reset emails an hour for one account; more requests are answered alike and send nothing.
    public static let resetEmailsPerHour = 3

    /// Queues the email with a reset link; false for an unknown address (the console answers the same either way).
    public func requestPasswordReset(email typed: String) async throws -> Bool {
        guard let email = try? AccountRules.email(typed), let stored = try await store.byEmail(email) else { return false }
        try await queueLinkEmail(.resetPassword, accountID: stored.account.id, email: email)
        return true
    }

    /// Uses a reset link once; every session ends with the old password.
    public func resetPassword(link: String, new: String) async throws -> Bool {
        guard let use = try await store.useLink(digest: SecretToken(value: link).digest, purpose: LinkPurpose.resetPassword.rawValue) else {
            return false
        }
        try AccountRules.password(new, email: use.email, field: "new_password")
        try await store.setPassword(use.accountID, hash: try await hash(new))
        return true
    }

    /// Uses a verification link once: the address it was sent to becomes the account's, verified.
    public func verifyEmail(link: String) async throws -> Account? {
        guard let use = try await store.useLink(digest: SecretToken(value: link).digest, purpose: LinkPurpose.verifyEmail.rawValue) else {
            return nil
        }
        try await store.verify(use.accountID, email: use.email)
        return try await store.byID(use.accountID)?.account
    }

    /// Queues a link to a new address, proven by the password; the address changes only when the link is used.
    public func requestEmailChange(accountID: UUID, password: String, newEmail: String) async throws -> Bool {
        guard let stored = try await store.byID(accountID), try await verify(password, hash: stored.passwordHash) else { return false }
        let email = try AccountRules.email(newEmail, field: "new_email")
        try await Outbox.enqueue(
            .accountEmail(accountID: accountID, purpose: LinkPurpose.verifyEmail.rawValue, email: email), businessID: nil,
            database: store.database)
        return true
    }

    // MARK: plumbing

    /// A new single-use link, stored by digest: what the email job puts in the message it sends.
    public func issueLink(_ purpose: LinkPurpose, accountID: UUID, email: String) async throws -> SecretToken {
        let token = SecretToken.generate()
        let expires = Date().addingTimeInterval(Self.linkLifetime[purpose.link] ?? 3600)
        try await store.createLink(accountID: accountID, purpose: purpose.link.rawValue, email: email, digest: token.digest, expiresAt: expires)
        return token
    }

    /// A new session for an account whose password was just proven (log-in, sign-up, a password change).
    public func openSession(for account: Account) async throws -> SignedIn {
        let token = SecretToken.generate(), csrf = SecretToken.generate().value
        try await store.createSession(
            accountID: account.id, digest: token.digest, csrfToken: csrf, expiresAt: Date().addingTimeInterval(policy.absolute))
        return SignedIn(token: token, csrfToken: csrf, account: account)
    }

    func throttleDigest(_ text: String) -> Data { Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: throttleKey)) }

    /// bcrypt blocks its thread for a few hundred milliseconds: it runs on NIO's thread pool, never on the executor.
    func hash(_ password: String) async throws -> String {
        let (input, cost) = (AccountRules.bcryptInput(password), cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Checks a password; without a hash (an unknown address) it checks against a decoy of the same cost and fails.
    func verify(_ password: String, hash: String?) async throws -> Bool {
        let (input, cost) = (AccountRules.bcryptInput(password), cost)
        return try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                _ = Bcrypt.verify(input, hash: Self.decoy(cost: cost))
                return false
            }
            return Bcrypt.verify(input, hash: hash)
        }
    }

    /// A bcrypt hash of nothing anyone knows, one per cost, made once (on the thread pool, at first use).
    static func decoy(cost: UInt8) -> String {
        decoys.withLock { decoys in
            if let known = decoys[cost] { return known }
            let made = Bcrypt.hash(SecretToken.generate().value, cost: cost)
            decoys[cost] = made
            return made
        }
    }

    static let decoys = Mutex<[UInt8: String]>([:])
}
