import Domain
import Foundation

/// The authenticated context each sealed column is bound to: a value moved to another table or business does not open.
/// Writers and readers must use these, byte for byte.
public enum SealingContext {
    public static func bookings(_ businessID: UUID) -> String { "bookings:\(UUIDText.lowercase(businessID))" }
    public static func messages(_ businessID: UUID) -> String { "messages:\(UUIDText.lowercase(businessID))" }
    public static func calls(_ businessID: UUID) -> String { "calls:\(UUIDText.lowercase(businessID))" }
    public static func callEvents(_ businessID: UUID) -> String { "call_events:\(UUIDText.lowercase(businessID))" }
    public static func toolCalls(_ businessID: UUID) -> String { "tool_calls:\(UUIDText.lowercase(businessID))" }
    public static func idempotency(_ scope: String, _ key: String) -> String { "idempotency:\(scope):\(key)" }
    public static func smsReplies(_ messageSID: String) -> String { "sms_replies:\(messageSID)" }
}
