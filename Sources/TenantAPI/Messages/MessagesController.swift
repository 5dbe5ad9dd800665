import Foundation
import HTTPCore
import Hummingbird
import Storage

/// The messages the agent took: the inbox (unhandled first) and marking one handled.
public struct MessagesController: Sendable {
    let messages: MessageStore
    let businesses: BusinessStore

    public init(database: Database) {
        self.messages = MessageStore(database: database)
        self.businesses = BusinessStore(database: database)
    }

    public func addRoutes(to business: RouteTable) {
        business.add(Self.listOperation, use: list)
        business.add(Self.handledOperation, use: handled)
    }

    struct MessageJSON: ResponseEncodable {
        var id: String
        var callId: String?
        var callerName: String?
        var callerPhone: String?
        var body: String
        var urgent: Bool
        var handledAt: Date?
        var createdAt: Date

        init(_ m: MessageRecord) {
            id = m.id.apiString
            callId = m.callID
            callerName = m.callerName
            callerPhone = m.callerPhone
            body = m.body
            urgent = m.urgent
            handledAt = m.handledAt
            createdAt = m.createdAt
        }
    }

    struct Inbox: ResponseEncodable { var messages: [MessageJSON] }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Inbox {
        let id = try await businesses.requireExisting(context)
        let limit = try request.pageLimit()
        return Inbox(messages: try await messages.list(id, limit: limit).map(MessageJSON.init))
    }

    @Sendable func handled(_ request: Request, context: AppRequestContext) async throws -> MessageJSON {
        let id = try await businesses.requireExisting(context)
        guard let messageID = context.parameters.get("messageID").flatMap(UUID.init(uuidString:)),
            let message = try await messages.markHandled(id, id: messageID, audit: context.audit("message.handled", business: id))
        else { throw APIError.notFound("message") }
        return MessageJSON(message)
    }
}
