import Domain
import Foundation
import Testing

/// Folding Retell's events into one call object gives the same result in any delivery order.
@Suite struct CallMergeTests {
    @Test func mergingCommutesForEveryValueType() {
        let a: [String: JSONValue] = ["flag": .bool(true), "meta": .object(["x": .number(1)]), "list": .array([.string("a")])]
        let b: [String: JSONValue] = ["flag": .bool(false), "meta": .object(["y": .number(2)]), "list": .array([.string("b")])]
        let ab = CallMerge.merge(
            CallMerge.merge([:], ranks: [:], incoming: a, rank: 3).merged,
            ranks: CallMerge.merge([:], ranks: [:], incoming: a, rank: 3).ranks, incoming: b, rank: 3)
        let ba = CallMerge.merge(
            CallMerge.merge([:], ranks: [:], incoming: b, rank: 3).merged,
            ranks: CallMerge.merge([:], ranks: [:], incoming: b, rank: 3).ranks, incoming: a, rank: 3)
        #expect(ab.merged == ba.merged)
    }

    /// The call's columns and outcome rules, read off the merged object without a database.
    @Test func callFieldsFollowTheCallsRules() {
        let ended = CallFields([
            "call_status": .string("ended"), "start_timestamp": .number(1_790_000_000_000), "end_timestamp": .number(1_790_000_045_000),
            "direction": .string("outbound"), "from_number": .string("+12125550100"), "to_number": .string("+12125550111"),
        ])
        #expect(ended.hasEnded)
        #expect(ended.durationMs == 45_000)
        #expect(ended.customerNumber == "+12125550111", "an outbound call's customer is the number called")
        #expect(!ended.transferred(after: "call_ended", before: false))
        #expect(ended.transferred(after: "transfer_bridged", before: false))
        #expect(CallFields(["disconnection_reason": .string("call_transfer")]).transferred(after: "call_ended", before: false))
        #expect(CallFields(["end_timestamp": .number(1e308)]).endedAt == nil, "a value no call has is left out")
        #expect(CallOutcome.abandoned.tellsTheOwner && CallOutcome.transferred.tellsTheOwner && !CallOutcome.booked.tellsTheOwner)
    }
}
