import Foundation
import Testing

@testable import Domain

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

    /// The header is read byte by byte; it must accept and decode exactly what the character-based reading it replaced
    /// did (kept here as the reference): valid headers, and random and mutated ones with digits, hex, commas, spaces,
    /// upper case and non-ASCII in every place.
    @Test func parseReadsWhatTheCharacterReadingRead() {
        func reference(_ header: String) -> (Int64, [UInt8])? {
            let parts = header.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].hasPrefix("v="), parts[1].hasPrefix("d=") else { return nil }
            let v = parts[0].dropFirst(2), d = parts[1].dropFirst(2)
            guard !v.isEmpty, v.count <= 18, v.allSatisfy({ $0.isASCII && $0.isNumber }), let timestamp = Int64(v) else { return nil }
            guard d.count == 64 else { return nil }
            var bytes: [UInt8] = []
            var index = d.startIndex
            while index < d.endIndex {
                let next = d.index(index, offsetBy: 2)
                let pair = d[index ..< next]
                guard pair.allSatisfy({ ("0" ... "9").contains($0) || ("a" ... "f").contains($0) }), let byte = UInt8(pair, radix: 16) else {
                    return nil
                }
                bytes.append(byte)
                index = next
            }
            return (timestamp, bytes)
        }
        var random = SystemRandomNumberGenerator()
        let pieces = Array("0123456789abcdefABCDEF,=vd x-é٣\u{301}")
        var headers = [vector, "v=0,d=" + String(repeating: "0", count: 64), "v=999999999999999999,d=" + String(repeating: "f", count: 64)]
        for _ in 0 ..< 3_000 {
            var header = Array(RetellSignature.sign(body: body, key: "k", timestampMilliseconds: Int64.random(in: 0 ... 1 << 50, using: &random)))
            for _ in 0 ..< Int.random(in: 0 ... 2, using: &random) {
                let at = Int.random(in: 0 ... header.count, using: &random)
                switch Int.random(in: 0 ..< 3, using: &random) {
                case 0: header.insert(pieces.randomElement(using: &random)!, at: at)
                case 1 where at < header.count: header.remove(at: at)
                default: if at < header.count { header[at] = pieces.randomElement(using: &random)! }
                }
            }
            headers.append(String(header))
        }
        var valid = 0
        for header in headers {
            let ours = RetellSignature.parse(header), theirs = reference(header)
            #expect(ours?.0 == theirs?.0 && ours?.1 == theirs?.1, "\(header)")
            if ours != nil { valid += 1 }
        }
        #expect(valid > 1_000)
    }
}
