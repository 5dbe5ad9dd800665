import Domain
import Foundation

/// A job for the outbox, written in the same transaction as the change that causes it. Product jobs are made by the
/// builders in `OutboxJobs.swift`, which own each kind's payload, dedupe key and ordering; `kind` stays a string so
/// tools and tests can queue their own.
public struct NewJob: Sendable {
    public var kind: String
    public var payload: String
    public var runAt: Date?
    public var dedupeKey: String?
    public var orderingKey: String?
    /// Added only when the business opted in to booking alerts on this channel (`businesses.booking_alerts`), decided by
    /// the same INSERT: no extra round trip on a booking's transaction.
    public var onlyIfAlertChannel: String?

    public init(kind: String, payload: [String: String], runAt: Date? = nil, dedupeKey: String? = nil, orderingKey: String? = nil) {
        self.kind = kind
        self.payload = JobPayloadText.encode(payload)
        self.runAt = runAt
        self.dedupeKey = dedupeKey
        self.orderingKey = orderingKey
    }

    public init(_ kind: JobKind, _ payload: some JobPayload, runAt: Date? = nil, dedupeKey: String? = nil, orderingKey: String? = nil) {
        self.init(kind: kind.rawValue, payload: payload.fields, runAt: runAt, dedupeKey: dedupeKey, orderingKey: orderingKey)
    }
}

/// Payloads are stored as a JSON object of strings with sorted keys (equal payloads, equal bytes).
public enum JobPayloadText {
    /// Written by `JSONText` (keys sorted by their UTF-8 bytes): every booking change writes three or four of these, and a
    /// `JSONEncoder` each was a visible part of its CPU. The column is `jsonb`: only the value matters.
    public static func encode(_ fields: [String: String]) -> String { JSONText.object(fields) }

    public static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
