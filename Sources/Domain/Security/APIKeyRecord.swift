import Foundation

/// What is known about an issued API key, never including its secret.
public struct APIKeyRecord: Sendable, Equatable {
    public var id: UUID
    public var businessID: UUID
    public var name: String
    public var displayPrefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: UUID, businessID: UUID, name: String, displayPrefix: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.businessID = businessID
        self.name = name
        self.displayPrefix = displayPrefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
