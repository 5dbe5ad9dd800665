import Foundation
import Synchronization

/// Ids for requests that bring none, unique without a random draw per request (`UUID()` asked the system for 16 random
/// bytes on every call): half a UUID drawn once per process, so replicas differ, and the other half a counter passed
/// through a bijective mix, so ids within a process never repeat. An id is a label for logs, never a secret.
enum RequestIDs {
    static let process: (UInt64, UInt64) = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    static let counter = Atomic<UInt64>(0)

    /// The next id, written as a lower-case UUID (the same shape as before; all 64 bits of the mixed counter kept, so
    /// no variant bits: setting them would let two counters meet).
    static func next() -> String {
        let low = mix(counter.add(1, ordering: .relaxed).newValue &+ process.1)
        var bytes = (process.0.bigEndian, low.bigEndian)
        let id = withUnsafeBytes(of: &bytes) { raw in raw.load(as: uuid_t.self) }
        return UUID(uuid: id).apiString
    }

    /// splitmix64's finaliser: a bijection of 64-bit values, so distinct counters give distinct ids.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
