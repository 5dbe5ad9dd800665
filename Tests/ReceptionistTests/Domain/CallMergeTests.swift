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
}
