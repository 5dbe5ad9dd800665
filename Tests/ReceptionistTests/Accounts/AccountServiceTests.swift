import Accounts
import Crypto
import Domain
import Foundation
import Storage
import Testing

/// The console's accounts against a real database: sign-up and verification, log-in that does not reveal addresses,
/// throttling, sessions (new secret per log-in, idle and absolute expiry, sign-out everywhere), password changes and
/// single-use, expiring links. Secrets never reach the database in plain.
@Suite struct AccountServiceTests {
    static func service(_ f: BookingFixture, policy: SessionPolicy = .standard) -> AccountService {
        AccountService(database: f.database, policy: policy, throttleKey: SymmetricKey(size: .bits256), cost: 4)
    }

    @Test func signUpVerifyLogInAndOut() async throws {
        try await BookingFixture.run { f in
            let accounts = Self.service(f)
            let account = try await accounts.created(name: " Ada Lovelace ", email: " Ada@Example.COM ", password: "analytical engine")
            #expect(
                try await f.database.count(
                    """
                    SELECT count(*)::int FROM jobs
                    WHERE kind = 'account_email' AND payload->>'purpose' = 'verify_email' AND payload->>'email' = 'ada@example.com'
                    """
                ) == 1, "the verification email is queued with the account")
            // What the email job does when it sends: a fresh single-use link.
            let link = try await accounts.issueLink(.verifyEmail, accountID: account.id, email: account.email)
            #expect(account.email == "ada@example.com" && account.name == "Ada Lovelace" && !account.emailVerified)
            #expect(
                try await accounts.signUp(name: "Other", email: "ADA@example.com", password: "another passphrase") == .existing,
                "one account per address, whatever its case")
            #expect(
                try await f.database.count(
                    "SELECT count(*)::int FROM jobs WHERE kind = 'account_email' AND payload->>'purpose' = 'existing_account'") == 1,
                "the address's owner is told someone tried to sign up with it")
            #expect(throws: ValidationError.self) { try AccountRules.password("short", email: "ada@example.com") }
            #expect(throws: ValidationError.self) { try AccountRules.password("ada@example.com", email: "ada@example.com") }

            #expect(try await accounts.verifyEmail(link: link.value)?.emailVerified == true)
            #expect(try await accounts.verifyEmail(link: link.value) == nil, "a link works once")

            guard case .signedIn(let first) = try await accounts.logIn(email: "ADA@example.com", password: "analytical engine", client: "10.0.0.1")
            else {
                Issue.record("log-in refused")
                return
            }
            guard case .signedIn(let second) = try await accounts.logIn(email: "ada@example.com", password: "analytical engine", client: "10.0.0.1")
            else {
                Issue.record("log-in refused")
                return
            }
            #expect(first.token != second.token, "every log-in gets a new secret")
            #expect(try await accounts.session(token: first.token.value)?.account.id == account.id)
            #expect(try await accounts.session(token: "forged") == nil)

            try await accounts.logOut(token: first.token.value)
            #expect(try await accounts.session(token: first.token.value) == nil)
            #expect(try await accounts.session(token: second.token.value) != nil, "signing out one browser leaves the other")
            try await accounts.logOutEverywhere(accountID: account.id)
            #expect(try await accounts.session(token: second.token.value) == nil)

            // Nothing secret is stored in plain: not the password, the session's secret or the link.
            let dump = try await f.database.query(
                """
                SELECT row_to_json(a)::text FROM accounts a UNION ALL SELECT row_to_json(s)::text FROM console_sessions s
                UNION ALL SELECT row_to_json(l)::text FROM account_links l
                """)
            for try await text in dump.decode(String.self) {
                #expect(!text.contains("analytical engine") && !text.contains(first.token.value) && !text.contains(link.value), "\(text)")
            }
        }
    }

    @Test func logInAnswersAlikeForUnknownAddressesAndThrottles() async throws {
        try await BookingFixture.run { f in
            let accounts = Self.service(f)
            _ = try await accounts.created(name: "Grace", email: "grace@example.com", password: "compile the code")
            guard case .refused = try await accounts.logIn(email: "nobody@example.com", password: "compile the code", client: "10.0.0.2") else {
                Issue.record("an unknown address must be refused like a wrong password")
                return
            }
            guard case .refused = try await accounts.logIn(email: "grace@example.com", password: "wrong password!", client: "10.0.0.2") else {
                Issue.record("a wrong password must be refused")
                return
            }
            for _ in 0 ..< AccountService.failuresPerAccount - 1 {
                _ = try await accounts.logIn(email: "grace@example.com", password: "wrong password!", client: "10.0.0.3")
            }
            guard case .throttled(let wait) = try await accounts.logIn(email: "grace@example.com", password: "compile the code", client: "10.0.0.4")
            else {
                Issue.record("the account is throttled after \(AccountService.failuresPerAccount) failures, even with the right password")
                return
            }
            #expect(wait > 0)
            // The failures table holds keyed digests, not the address typed or the client's address.
            for try await key in try await f.database.query("SELECT encode(key_hash, 'escape') FROM login_failures").decode(String.self) {
                #expect(!key.contains("grace") && !key.contains("10.0.0"))
            }
        }
    }

    @Test func sessionsEndWhenIdleOrTooOld() async throws {
        try await BookingFixture.run { f in
            let accounts = Self.service(f, policy: SessionPolicy(idle: 600, absolute: 3600))
            _ = try await accounts.created(name: "Idle", email: "idle@example.com", password: "a long passphrase")
            guard case .signedIn(let signedIn) = try await accounts.logIn(email: "idle@example.com", password: "a long passphrase", client: "c")
            else {
                Issue.record("log-in refused")
                return
            }
            #expect(try await accounts.session(token: signedIn.token.value, now: Date().addingTimeInterval(300)) != nil)
            #expect(try await accounts.session(token: signedIn.token.value, now: Date().addingTimeInterval(900)) == nil, "idle too long")
            #expect(try await accounts.session(token: signedIn.token.value) == nil, "and removed")
            guard case .signedIn(let again) = try await accounts.logIn(email: "idle@example.com", password: "a long passphrase", client: "c")
            else {
                Issue.record("log-in refused")
                return
            }
            try await f.database.query("UPDATE console_sessions SET created_at = now() - interval '2 hours'").collect()
            #expect(try await accounts.session(token: again.token.value) == nil, "past the absolute limit")
        }
    }

    @Test func passwordsChangeAndResetOnceAndEndEverySession() async throws {
        try await BookingFixture.run { f in
            let accounts = Self.service(f)
            let account = try await accounts.created(name: "Reset", email: "reset@example.com", password: "first passphrase")
            guard case .signedIn(let signedIn) = try await accounts.logIn(email: "reset@example.com", password: "first passphrase", client: "c")
            else {
                Issue.record("log-in refused")
                return
            }
            #expect(try await !accounts.changePassword(accountID: account.id, current: "not the one", new: "second passphrase"))
            #expect(try await accounts.changePassword(accountID: account.id, current: "first passphrase", new: "second passphrase"))
            #expect(try await accounts.session(token: signedIn.token.value) == nil, "a new password signs everyone out")

            #expect(try await !accounts.requestPasswordReset(email: "nobody@example.com"))
            for _ in 0 ..< AccountService.resetEmailsPerHour + 2 { #expect(try await accounts.requestPasswordReset(email: "RESET@example.com")) }
            #expect(
                try await f.database.count("SELECT count(*)::int FROM jobs WHERE kind = 'account_email' AND payload->>'purpose' = 'reset_password'")
                    == AccountService.resetEmailsPerHour, "the form cannot flood an inbox")
            let link = try await accounts.issueLink(.resetPassword, accountID: account.id, email: "reset@example.com")
            #expect(try await accounts.resetPassword(link: link.value, new: "third passphrase"))
            #expect(try await !accounts.resetPassword(link: link.value, new: "fourth passphrase"), "a reset link works once")
            guard case .signedIn = try await accounts.logIn(email: "reset@example.com", password: "third passphrase", client: "c") else {
                Issue.record("the reset password must work")
                return
            }
            let expired = try await accounts.issueLink(.resetPassword, accountID: account.id, email: "reset@example.com")
            try await f.database.query("UPDATE account_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL").collect()
            #expect(try await !accounts.resetPassword(link: expired.value, new: "fifth passphrase"), "an expired link fails")

            // A new address is the account's only once its link is used.
            #expect(try await accounts.requestEmailChange(accountID: account.id, password: "third passphrase", newEmail: "New@Example.com"))
            let change = try await accounts.issueLink(.verifyEmail, accountID: account.id, email: "new@example.com")
            #expect(try await AccountStore(database: f.database).byID(account.id)?.account.email == "reset@example.com")
            #expect(try await accounts.verifyEmail(link: change.value)?.email == "new@example.com")
        }
    }
}

extension AccountService {
    /// A sign-up that must create its account.
    func created(name: String, email: String, password: String) async throws -> Account {
        guard case .created(let account) = try await signUp(name: name, email: email, password: password) else {
            throw StorageError.duplicate(constraint: "accounts_email_idx")
        }
        return account
    }
}
