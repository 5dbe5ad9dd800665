import Crypto
import Domain
import Foundation
import Logging
import Storage
import Workers

/// Runs `calendar_watch` jobs: opens the connected calendar's push channel (a random id and a secret token, only its
/// hash stored), queues its renewal before it expires, and stops the channel it replaces. Without a public HTTPS
/// address, or when Google refuses the channel, the connection polls instead: the same pull, on a schedule.
public struct CalendarWatchHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.calendarWatch.rawValue]
    let google: GoogleClient?
    let credentials: Credentials?
    let connections: CalendarConnectionStore
    let watches: CalendarWatchStore
    let logger: Logger

    public init(google: GoogleClient?, credentials: Credentials?, database: Database, logger: Logger) {
        self.google = google
        self.credentials = credentials
        self.connections = CalendarConnectionStore(database: database)
        self.watches = CalendarWatchStore(database: database)
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let google, let credentials, let businessID = job.businessID else { return .done }
        do {
            guard let connection = try await connections.get(businessID), connection.status != .disconnected else { return .done }
            if connection.status == .invalid {
                return CalendarSyncHandler.waitingForReconnect
            }
            // A renewal for a channel replaced since (a reconnect, another calendar) has nothing left to renew.
            if let renewing = CalendarJob(fields: JobPayloadText.decode(job.payload))?.renewing, renewing != connection.channelID {
                return .done
            }
            guard let address = google.configuration.pushAddress else {
                try await poll(connection, reason: "no public HTTPS address for Google's notifications", google, credentials)
                return .done
            }
            let secret = Base64URL.encode(Array(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }))
            let channel: GoogleChannel
            do {
                channel = try await credentials.withToken(connection) { token in
                    try await google.watch(
                        accessToken: token, calendarID: connection.calendarID, channelID: UUID().uuidString.lowercased(), address: address,
                        token: secret)
                }
            } catch let failure as GoogleFailure {
                switch failure.kind {
                case .invalidGrant:
                    return CalendarSyncHandler.waitingForReconnect
                case .permanent, .notFound:
                    // Refused for good (an unverified domain, a calendar the account cannot watch): the same sync, polled.
                    try await poll(connection, reason: "Google refused a push channel (\(Redaction.scrub(failure.message)))", google, credentials)
                    return .done
                default:
                    return failure.jobResult
                }
            }
            let (saved, replaced) = try await watches.saveChannel(
                businessID, version: connection.version, calendarID: connection.calendarID, id: channel.id, resourceID: channel.resourceID,
                tokenHash: CalendarWatchStore.hash(secret), expires: channel.expires)
            // Persisted first, then the old one stopped (both deliver during the overlap; the old one is refused by then).
            if let old = saved ? replaced : (channel.id, channel.resourceID) {
                await stop(old.0, old.1, connection, google, credentials)
            }
            guard saved else { return .done }
            logger.info(
                "calendar push channel open", metadata: ["business_id": "\(businessID)", "expires": "\(channel.expires)"])
            // The first channel of a connection or calendar: a full sync sets the baseline the notifications build on.
            if connection.syncToken == nil || connection.channelCalendarID != connection.calendarID { try await watches.requestPull(businessID) }
            return .done
        } catch {
            return .retry("calendar watch could not be prepared: \(error)")
        }
    }

    /// Switches the connection to polling (stopping a channel left open) and starts the pulls.
    func poll(_ connection: CalendarConnection, reason: String, _ google: GoogleClient, _ credentials: Credentials) async throws {
        let minutes = Int(google.configuration.pollInterval / 60)
        let text = "\(reason): changes made in Google are read every \(max(minutes, 1)) minute\(minutes == 1 ? "" : "s")"
        if let old = try await watches.usePolling(connection.businessID, version: connection.version, reason: text) {
            await stop(old.id, old.resourceID, connection, google, credentials)
        }
        logger.notice("calendar sync by polling", metadata: ["business_id": "\(connection.businessID)", "reason": "\(reason)"])
        try await watches.requestPull(connection.businessID)
    }

    /// Best effort: a channel that cannot be stopped lapses at its expiry, and its notifications are refused meanwhile.
    func stop(_ id: String, _ resourceID: String, _ connection: CalendarConnection, _ google: GoogleClient, _ credentials: Credentials) async {
        do {
            try await credentials.withToken(connection) { token in
                try await google.stopChannel(accessToken: token, channelID: id, resourceID: resourceID)
            }
        } catch {
            logger.warning("calendar channel not stopped; it lapses at its expiry", metadata: ["business_id": "\(connection.businessID)"])
        }
    }
}
