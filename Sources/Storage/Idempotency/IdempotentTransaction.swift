import Foundation
import PostgresNIO

/// Identifies a retried request: the same scope + key with the same request hash replays the stored answer.
public struct IdempotencyKey: Sendable {
    public var scope: String
    public var key: String
    public var requestHash: [UInt8]
    /// How long the stored answer is replayed; after that the key is free again.
    public var lifetime: Duration

    public init(scope: String, key: String, requestHash: [UInt8], lifetime: Duration = .seconds(24 * 3600)) {
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
        self.lifetime = lifetime
    }
}

/// A mutation's result: fresh (with the bytes stored for replays), a replay of an earlier answer, or a misused key.
public enum IdempotentOutcome<Value: Sendable>: Sendable {
    case fresh(Value, body: [UInt8])
    case replayed(body: [UInt8])
    /// The key was used before with different arguments.
    case keyReused
}

extension Database {
    /// One transaction: claim the key (when there is one), run `work`, store the answer it rendered, commit.
    /// A concurrent duplicate waits on the key's row and then replays; a failure rolls the claim back with the work.
    public func idempotentTransaction<Value: Sendable>(
        businessID: UUID, key: IdempotencyKey?, timeout: Timeout = .standard,
        _ work: @escaping @Sendable (DatabaseSession) async throws -> (Value, [UInt8])
    ) async throws -> IdempotentOutcome<Value> {
        try await idempotentTransaction(businessID: businessID, key: key, timeout: timeout, lock: .none) { session, _ in
            try await work(session)
        }
    }

    /// The same, with the business's `lock` taken before `work` runs (by the claim's own statement when there is a key):
    /// `work` learns whether it was taken (always, when waited for).
    public func idempotentTransaction<Value: Sendable>(
        businessID: UUID, key: IdempotencyKey?, timeout: Timeout = .standard, lock: BusinessLock,
        _ work: @escaping @Sendable (DatabaseSession, _ locked: Bool) async throws -> (Value, [UInt8])
    ) async throws -> IdempotentOutcome<Value> {
        try await transaction(timeout: timeout) { session in
            var locked: Bool?
            if let key {
                switch try await IdempotencySQL.claim(
                    businessID: businessID, scope: key.scope, key: key.key, requestHash: key.requestHash,
                    lifetimeSeconds: Int(key.lifetime.components.seconds), lock: lock, in: session)
                {
                case .replay(_, let body): return .replayed(body: body)
                case .mismatch: return .keyReused
                case .claimed(let taken): locked = taken
                }
            }
            if locked == nil { locked = try await BookingSQL.take(lock, businessID, in: session) }
            let (value, body) = try await work(session, locked ?? false)
            if let key {
                try await IdempotencySQL.complete(
                    businessID: businessID, scope: key.scope, key: key.key, status: 200, body: body,
                    in: session)
            }
            return .fresh(value, body: body)
        }
    }
}
