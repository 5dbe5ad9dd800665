import Domain
import Foundation
import Logging
import Metrics
import Storage
import Workers

/// Runs every notification job: plans it, sends it through the configured provider, and records the outcome
/// (sent, skipped with its reason, or failed for good) in the notification history.
public struct NotificationHandler: JobHandler {
    public let kinds: Set<String> = Set(JobKind.allCases.filter { $0.notification != nil }.map(\.rawValue))
    let planner: NotificationPlanner
    let store: NotificationStore
    let replies: TextReplyStore
    let sms: (any SMSSender)?
    let email: (any EmailSender)?
    let logger: Logger

    /// `consoleURL` (`PUBLIC_BASE_URL`): owner notices link to the console's pages there.
    public init(database: Database, sms: (any SMSSender)?, email: (any EmailSender)?, consoleURL: String? = nil, logger: Logger) {
        self.planner = NotificationPlanner(database: database, canSMS: sms != nil, canEmail: email != nil, consoleURL: consoleURL)
        self.store = NotificationStore(database: database)
        self.replies = TextReplyStore(database: database)
        self.sms = sms
        self.email = email
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        do {
            // A job that delivered (or decided to skip) but whose success was not recorded must not act twice.
            if try await store.alreadyHandled(jobID: job.id) { return .done }
            let payload = JobPayloadText.decode(job.payload)
            switch try await planner.plan(kind: job.kind, payload: payload, businessID: job.businessID) {
            case .skip(let kind, let channel, let recipient, let reason):
                try await store.record(
                    NotificationRecord(
                        businessID: job.businessID, jobID: job.id, kind: kind.rawValue, channel: channel,
                        recipient: recipient, status: .skipped, reason: reason))
                logger.info("notification skipped", metadata: ["job_id": "\(job.id)", "kind": "\(kind.rawValue)", "reason": "\(reason)"])
                Counter(label: "notifications_total", dimensions: [("channel", channel), ("status", "skipped")]).increment()
                return .done
            case .send(let outgoing):
                return try await deliver(outgoing, job: job)
            }
        } catch {
            return .retry("notification could not be prepared: \(error)")
        }
    }

    func deliver(_ outgoing: NotificationPlan.Outgoing, job: ClaimedJob) async throws -> JobResult {
        let masked = outgoing.channel == .sms ? Redaction.phone(outgoing.to) : Redaction.email(outgoing.to)
        let record = { (status: NotificationRecord.Status, reason: String?, provider: String?) in
            try await store.record(
                NotificationRecord(
                    businessID: job.businessID, jobID: job.id, kind: outgoing.kind.rawValue,
                    channel: outgoing.channel.rawValue, recipient: masked, status: status,
                    reason: reason, providerID: provider))
            Counter(label: "notifications_total", dimensions: [("channel", outgoing.channel.rawValue), ("status", status.rawValue)]).increment()
        }
        do {
            let providerID: String
            switch outgoing.channel {
            case .sms:
                guard let sms else { return .permanent(NotificationPlanner.noSMS) }
                // A number that replied STOP gets nothing more, whatever the message (the platform's one number was stopped).
                if try await replies.optedOut(phone: outgoing.to) {
                    try await record(.skipped, "the number replied STOP to our texts", nil)
                    return .done
                }
                providerID = try await sms.send(to: outgoing.to, body: outgoing.body)
                // Whom a customer's text went to: a reply finds this business and booking. (The owner's own notices make no
                // conversation: the owner's answers are not customers' replies.)
                if let business = job.businessID, !outgoing.kind.isForOwner {
                    let booking = BookingJob(fields: JobPayloadText.decode(job.payload))?.bookingID
                    do {
                        try await replies.recordSent(businessID: business, phone: outgoing.to, bookingID: booking, kind: outgoing.kind.rawValue)
                    } catch {
                        logger.warning("a reply to this text may not find its business", metadata: ["job_id": "\(job.id)", "error": "\(error)"])
                    }
                }
            case .email:
                guard let email else { return .permanent(NotificationPlanner.noEmail) }
                providerID = try await email.send(to: outgoing.to, subject: outgoing.subject ?? "", body: outgoing.body)
            }
            try await record(.sent, nil, providerID)
            logger.info(
                "notification sent",
                metadata: [
                    "job_id": "\(job.id)", "kind": "\(outgoing.kind.rawValue)",
                    "channel": "\(outgoing.channel.rawValue)", "to": "\(masked)",
                ])
            return .done
        } catch let failure as ProviderFailure {
            let result = failure.jobResult
            // Only a failure that ends the job is history; retries and waits live on the job row.
            let final = if case .permanent = result { true } else if case .retry = result { job.attempt >= job.maxAttempts } else { false }
            if final { try await record(.failed, failure.message, nil) }
            logger.warning(
                "notification not delivered",
                metadata: [
                    "job_id": "\(job.id)", "kind": "\(outgoing.kind.rawValue)",
                    "to": "\(masked)", "error": "\(Redaction.scrub(failure.message))",
                ])
            return result
        }
    }
}
