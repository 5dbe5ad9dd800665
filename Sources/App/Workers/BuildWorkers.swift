import CalendarSync
import Logging
import Storage
import Workers

/// The worker pool with every job handler this product has, sending through the configured providers.
/// `serve` (unless WORKERS=off), `receptionist work` and the tests build it here, so all run the same wiring.
public func buildWorkerPool(_ config: AppConfig, database: Database, logger: Logger) -> WorkerPool {
    let settings = config.workers
    let sms: (any SMSSender)? = settings.twilio.map { TwilioSender(configuration: $0) }
    let email: (any EmailSender)? = settings.smtp.map { SMTPMailer(configuration: $0) }
    if sms == nil { logger.notice("SMS not configured: text messages will be recorded as skipped (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)") }
    if email == nil { logger.notice("email not configured: owner emails will be recorded as skipped (set SMTP_URL, SMTP_FROM)") }
    let handlers: [any JobHandler] = [
        NotificationHandler(database: database, sms: sms, email: email, logger: logger),
        CalendarSyncHandler(),
    ]
    return WorkerPool(database: database, handlers: handlers, configuration: settings.pool, logger: logger)
}
