/// What a call came to, derived from what happened during it, for the owner's call list.
public enum CallOutcome: String, Sendable, CaseIterable {
    case booked, modified, cancelled, messageTaken = "message_taken", transferred, infoOnly = "info_only", abandoned

    /// The facts gathered for one call (bookings and messages linked by call id, transfers, tool calls).
    public struct Facts: Sendable {
        public var booked = false
        public var modified = false
        public var cancelled = false
        public var messageTaken = false
        public var transferred = false
        public var toolCalls = 0
        public var durationMs: Int?
        public init() {}
    }

    /// Outcomes the owner hears about (once per call): someone may be waiting for a call back.
    public var tellsTheOwner: Bool { [.transferred, .abandoned, .messageTaken].contains(self) }

    /// The most consequential thing that happened wins; a short call where nothing happened was abandoned.
    public static func derive(_ f: Facts) -> CallOutcome {
        if f.booked { return .booked }
        if f.modified { return .modified }
        if f.cancelled { return .cancelled }
        if f.messageTaken { return .messageTaken }
        if f.transferred { return .transferred }
        if f.toolCalls > 0 || (f.durationMs ?? 0) >= 30_000 { return .infoOnly }
        return .abandoned
    }
}
