import Storage
import Workers

/// The `calendar_sync` jobs every booking change writes. No business can connect a calendar yet (that comes with
/// the Google Calendar issue), so there is never anything to sync: the job ends as done, not as an error.
public struct CalendarSyncHandler: JobHandler {
    public let kinds: Set<String> = ["calendar_sync"]

    public init() {}

    public func run(_ job: ClaimedJob) async -> JobResult { .done }
}
