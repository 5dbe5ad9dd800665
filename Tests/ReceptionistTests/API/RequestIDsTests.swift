import Domain
import Foundation
import Testing

@testable import HTTPCore

/// Request ids come from a counter instead of a random draw each: they must never repeat, even drawn from many tasks at
/// once, and keep the shape of the UUIDs they replace.
@Suite struct RequestIDsTests {
    @Test func concurrentIDsAreDistinctUUIDs() async {
        let batches = await withTaskGroup(of: [String].self) { group in
            for _ in 0 ..< 8 { group.addTask { (0 ..< 20_000).map { _ in RequestIDs.next() } } }
            return await group.reduce(into: [[String]]()) { $0.append($1) }
        }
        let all = batches.flatMap { $0 }
        #expect(all.count == 160_000)
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { UUIDText.parse($0).map(UUIDText.lowercase) == $0 })
    }

    /// The mix is a bijection on the counter: neighbouring counters give unrelated-looking, distinct low halves.
    @Test func theMixNeverMeetsItself() {
        let mixed = (UInt64(0) ..< 100_000).map(RequestIDs.mix)
        #expect(Set(mixed).count == mixed.count)
        #expect(Set(((UInt64.max - 1000) ... UInt64.max).map(RequestIDs.mix)).count == 1001)
    }
}
