import Accounts
import Domain
import Foundation
import Logging
import Storage
import Workers

/// Sends a console account its link (verify an address, reset a password). The link is made here, when the email
/// goes out, so no secret waits in the outbox; a retry sends a fresh link, and the older one simply expires unused.
public struct AccountEmailHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.accountEmail.rawValue]
    let accounts: AccountService
    let store: AccountStore
    let email: (any EmailSender)?
    /// Where the console lives (`PUBLIC_BASE_URL`): the links point there.
    let baseURL: String
    let logger: Logger

    public init(accounts: AccountService, database: Database, email: (any EmailSender)?, baseURL: String, logger: Logger) {
        self.accounts = accounts
        self.store = AccountStore(database: database)
        self.email = email
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let payload = AccountEmailJob(fields: JobPayloadText.decode(job.payload)),
            let purpose = AccountService.LinkPurpose(rawValue: payload.purpose)
        else { return .permanent("not an account email job") }
        guard let email else {
            logger.notice("account email not sent: no email provider configured (set SMTP_URL and SMTP_FROM)", metadata: ["job_id": "\(job.id)"])
            return .done
        }
        do {
            guard let account = try await store.byID(payload.accountID)?.account else { return .done }
            let link = try await accounts.issueLink(purpose, accountID: account.id, email: payload.email)
            let message = Self.message(purpose, name: account.name, email: payload.email, link: link, baseURL: baseURL)
            _ = try await email.send(to: payload.email, subject: message.subject, body: message.body)
            logger.info("account email sent", metadata: ["job_id": "\(job.id)", "purpose": "\(purpose.rawValue)"])
            return .done
        } catch let failure as ProviderFailure {
            return failure.jobResult
        } catch {
            return .retry(Redaction.scrub("\(error)"))
        }
    }

    /// The email's words: plain, short, saying what the link does and for how long.
    static func message(
        _ purpose: AccountService.LinkPurpose, name: String, email: String, link: SecretToken, baseURL: String
    )
        -> (subject: String, body: String)
    {
        switch purpose {
        case .verifyEmail:
            return (
                "Confirm your email for Receptionist",
                """
                Hello \(name),

                Please confirm that \(email) is your address by opening this link:
                \(baseURL)/console/verify?token=\(link.value)

                The link works once, for 3 days. If you did not ask for this, ignore this email.
                """
            )
        case .existingAccount:
            return (
                "You already have a Receptionist account",
                """
                Hello \(name),

                Someone (perhaps you) tried to create a Receptionist account with \(email), which already has one.
                Log in at \(baseURL)/console/login, or if you forgot your password, choose a new one here:
                \(baseURL)/console/reset?token=\(link.value)

                The link works once, for an hour. If this was not you, ignore this email: nothing has changed.
                """
            )
        case .resetPassword:
            return (
                "Reset your Receptionist password",
                """
                Hello \(name),

                To choose a new password, open this link:
                \(baseURL)/console/reset?token=\(link.value)

                The link works once, for an hour. If you did not ask for this, ignore this email: your password stays as it is.
                """
            )
        }
    }
}
