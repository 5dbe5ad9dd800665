import Foundation

/// The facts of a call read off its merged call object: the columns the owner sees and the rules its outcome follows.
/// Outside numbers go through `OutsideNumber`: a value no call can have is left out rather than trapping.
public struct CallFields: Sendable {
    let m: [String: JSONValue]
    public init(_ merged: [String: JSONValue]) { m = merged }

    public var agentID: String? { m["agent_id"]?.string }
    public var direction: String? { m["direction"]?.string }
    public var callType: String? { m["call_type"]?.string }
    public var fromNumber: String? { m["from_number"]?.string }
    public var toNumber: String? { m["to_number"]?.string }
    /// The customer's side of the call: the caller, or whoever the business called.
    public var customerNumber: String? { direction == "outbound" ? toNumber : fromNumber }
    /// The business's own line, kept plain.
    public var businessNumber: String? { direction == "outbound" ? fromNumber : toNumber }
    public var status: String? { m["call_status"]?.string }
    // Outside numbers through `OutsideNumber`: a value no call can have is left out rather than trapping.
    public var startedAt: Date? { Self.instant(m["start_timestamp"]) }
    public var endedAt: Date? { Self.instant(m["end_timestamp"]) }
    public var durationMs: Int? {
        if let d = m["duration_ms"]?.number { return OutsideNumber.integer(d, in: RetellCallLimits.durationMilliseconds) }
        if let s = startedAt, let e = endedAt {
            return OutsideNumber.integer((e.timeIntervalSince(s) * 1000).rounded(), in: RetellCallLimits.durationMilliseconds)
        }
        return nil
    }

    static func instant(_ value: JSONValue?) -> Date? {
        guard let ms = value?.number, let whole = OutsideNumber.integer(ms, in: OutsideNumber.epochMilliseconds) else { return nil }
        return Date(timeIntervalSince1970: Double(whole) / 1000)
    }
    public var disconnectionReason: String? { m["disconnection_reason"]?.string }
    public var transcript: String? { m["transcript"]?.string }
    public var analysis: [String: JSONValue]? { m["call_analysis"]?.object }
    public var summary: String? { analysis?["call_summary"]?.string }
    public var sentiment: String? { analysis?["user_sentiment"]?.string }
    public var callSuccessful: Bool? { analysis?["call_successful"]?.bool }
    public var inVoicemail: Bool? { analysis?["in_voicemail"]?.bool }
    public var recordingURL: String? { m["recording_url"]?.string }
    public var costJSON: String? {
        guard let cost = m["call_cost"] else { return nil }
        return (try? JSONEncoder().encode(cost)).map { String(decoding: $0, as: UTF8.self) }
    }
    /// Ended, failed or never connected: the outcome can be derived.
    public var hasEnded: Bool { ["ended", "error", "not_connected"].contains(status ?? "") || endedAt != nil }
    /// Whether the caller was handed to a person: the bridge event, or the call ending on the transfer.
    public func transferred(after event: String, before: Bool) -> Bool {
        before || event == "transfer_bridged" || disconnectionReason == "call_transfer"
    }
}
