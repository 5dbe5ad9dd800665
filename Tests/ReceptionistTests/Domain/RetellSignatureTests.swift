import Domain
import Foundation
import Testing

@Suite struct RetellSignatureTests {
    let body = Array(#"{"event":"call_ended"}"#.utf8)
    let vector = "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e"

    @Test func referenceTestVector() throws {
        #expect(RetellSignature.sign(body: body, key: "test-api-key", timestampMilliseconds: 1_700_000_000_000) == vector)
        try RetellSignature.verify(header: vector, body: body, keys: ["test-api-key"], nowMilliseconds: 1_700_000_060_000)
    }

    @Test func anyOfSeveralKeysDuringRotation() throws {
        try RetellSignature.verify(header: vector, body: body, keys: ["new-key", "test-api-key"], nowMilliseconds: 1_700_000_000_000)
    }

    @Test func refusals() {
        let now: Int64 = 1_700_000_000_000
        #expect(throws: RetellSignature.Failure.missing) {
            try RetellSignature.verify(header: nil, body: body, keys: ["test-api-key"], nowMilliseconds: now)
        }
        #expect(throws: RetellSignature.Failure.mismatch) {
            try RetellSignature.verify(header: vector, body: body, keys: ["wrong"], nowMilliseconds: now)
        }
        #expect(throws: RetellSignature.Failure.stale) {
            try RetellSignature.verify(header: vector, body: body, keys: ["test-api-key"], nowMilliseconds: now + 5 * 60 * 1000 + 1)
        }
        // The same JSON re-encoded (a space added) is different bytes, so it must not verify.
        #expect(throws: RetellSignature.Failure.mismatch) {
            try RetellSignature.verify(header: vector, body: Array(#"{"event": "call_ended"}"#.utf8), keys: ["test-api-key"], nowMilliseconds: now)
        }
        for bad in [
            "v=1700000000000", "d=abc,v=1", "v=17x,d=" + String(repeating: "a", count: 64), vector.uppercased(), vector + "0",
            "v=,d=" + String(repeating: "a", count: 64),
        ] {
            #expect(throws: RetellSignature.Failure.malformed, "\(bad)") {
                try RetellSignature.verify(header: bad, body: body, keys: ["test-api-key"], nowMilliseconds: now)
            }
        }
    }
}
