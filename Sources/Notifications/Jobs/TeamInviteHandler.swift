import Domain
import Foundation
import Logging
import Storage
import Workers

/// Sends a team invitation. Its link is made here, when the email goes out (no secret waits in the outbox), and
/// replaces any earlier one: only the latest email's link works. A withdrawn or expired invitation sends nothing.
public struct TeamInviteHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.teamInvite.rawValue]
    let team: TeamStore
    let email: (any EmailSender)?
    /// Where the console lives (`PUBLIC_BASE_URL`).
    let baseURL: String
    let logger: Logger

    public init(database: Database, email: (any EmailSender)?, baseURL: String, logger: Logger) {
        self.team = TeamStore(database: database)
        self.email = email
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let payload = TeamInviteJob(fields: JobPayloadText.decode(job.payload)) else { return .permanent("not a team invite job") }
        guard let email else {
            logger.notice("team invitation not sent: no email provider configured (set SMTP_URL and SMTP_FROM)", metadata: ["job_id": "\(job.id)"])
            return .done
        }
        do {
            guard let (invite, business, inviter) = try await team.pendingInvite(payload.inviteID) else { return .done }
            let link = SecretToken.generate()
            try await team.setInviteLink(invite.id, digest: link.digest)
            let role = invite.role == .owner ? "an owner (everything, settings included)" : "staff (the day sheet, bookings and messages)"
            _ = try await email.send(
                to: invite.email, subject: "Join \(business) on Receptionist",
                body: """
                    Hello,

                    \(inviter ?? "The owner") invites you to join \(business) on Receptionist as \(role).
                    Open this link to accept (log in, or create an account first):
                    \(baseURL)/console/invite?token=\(link.value)

                    The link works once, for 7 days. If you were not expecting this, ignore this email.
                    """)
            logger.info("team invitation sent", metadata: ["job_id": "\(job.id)"])
            return .done
        } catch let failure as ProviderFailure {
            return failure.jobResult
        } catch {
            return .retry(Redaction.scrub("\(error)"))
        }
    }
}
