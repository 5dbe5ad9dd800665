import Foundation

/// Who made a change, for the audit row.
public struct Actor: Sendable {
    public var type: String
    public var id: String?
    public var callID: String?
    public var requestID: String?

    public init(type: String, id: String? = nil, callID: String? = nil, requestID: String? = nil) {
        self.type = type
        self.id = id
        self.callID = callID
        self.requestID = requestID
    }
}

/// A job for the outbox, written in the same transaction as the change that causes it.
