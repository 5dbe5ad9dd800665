import Foundation
import Logging
import Storage
import Workers

/// Runs a business's queued agent sync: one new version and one publish when its facts changed, nothing otherwise.
/// Retell refusing our key marks the connection broken (the owner sees it on the Phone agent page); 429, 5xx and
/// timeouts go back to the queue with its back-off.
public struct RetellSyncHandler: JobHandler {
    public let kinds: Set<String> = [JobKind.retellSync.rawValue]
    let provisioner: Provisioner
    let store: RetellAgentStore
    let logger: Logger

    public init(provisioner: Provisioner, database: Database, logger: Logger) {
        self.provisioner = provisioner
        self.store = RetellAgentStore(database: database)
        self.logger = logger
    }

    public func run(_ job: ClaimedJob) async -> JobResult {
        guard let id = JobPayloadText.decode(job.payload)["business_id"].flatMap(UUID.init(uuidString:)) else {
            return .permanent("not a retell sync job")
        }
        do {
            _ = try await provisioner.sync(id)
            return .done
        } catch let failure as RetellFailure where failure == .busy {
            // The owner is connecting or disconnecting right now: this sync runs after, not beside.
            return .rateLimited(until: Date().addingTimeInterval(20), reason: failure.message)
        } catch let failure as RetellFailure {
            try? await store.recordError(id, failure.description, broken: failure.keyRefused)
            return failure.providerFailure.jobResult
        } catch {
            return .retry("\(error)")
        }
    }
}
