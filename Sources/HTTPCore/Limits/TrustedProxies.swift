import Domain
import Foundation
import HTTPTypes
import Hummingbird

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The proxies (load balancers) whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`: addresses or CIDR ranges, IPv4
/// or IPv6). Behind them the client is the right-most address that is not one of them; from anyone else the header is
/// ignored, so a client cannot pick its own rate-limit bucket by sending one.
public struct TrustedProxies: Sendable {
    struct Range: Sendable {
        let bytes: [UInt8]
        let prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var bits = prefix
            for (a, b) in zip(address, bytes) where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if a & mask != b & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    let ranges: [Range]

    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) { self.ranges = ranges }

    /// Parses `10.0.0.0/8, 192.168.1.5, fd00::/8`; names the first entry that is not an address or range.
    public init(parsing text: String) throws(ValidationError) {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = Self.bytes(parts[0]) else {
                throw ValidationError(field: "TRUSTED_PROXIES", "'\(entry)' is not an IP address or CIDR range such as 10.0.0.0/8")
            }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0 ... bytes.count * 8).contains(prefix) else {
                throw ValidationError(field: "TRUSTED_PROXIES", "'\(entry)' has a prefix length out of range")
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        self.ranges = ranges
    }

    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy with a forwarded chain.
    public func client(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, trusts(peer), let forwardedFor, !ranges.isEmpty else { return peer }
        // From the right: proxies are skipped; the first other address is the client. An entry that cannot be read
        // ends the walk at the last address read (never trusting what lies left of it).
        var client = peer
        for entry in forwardedFor.split(separator: ",").reversed() {
            guard let address = Self.address(String(entry)) else { return client }
            client = address
            if !trusts(address) { return address }
        }
        return client
    }

    /// An entry of `X-Forwarded-For` as an address: `1.2.3.4`, `1.2.3.4:5123`, `[2001:db8::1]:443`, `2001:db8::1`.
    static func address(_ entry: String) -> String? {
        var text = entry.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex) ..< close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        return bytes(text) == nil ? nil : text
    }

    /// The address as bytes (4 for IPv4, also when written as an IPv4-mapped IPv6 address; 16 for IPv6); nil otherwise.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            // ::ffff:a.b.c.d, as a dual-stack listener reports IPv4 peers.
            if bytes[0 ..< 10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12 ..< 16]) }
            return bytes
        }
        return nil
    }
}

/// Sets the request's client address from a trusted proxy's `X-Forwarded-For`, before the limits read it.
public struct ClientAddressMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let proxies: TrustedProxies
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    public init(proxies: TrustedProxies) { self.proxies = proxies }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !proxies.ranges.isEmpty else { return try await next(request, context) }
        var context = context
        context.remoteAddress = proxies.client(peer: context.remoteAddress, forwardedFor: request.headers[Self.forwardedFor])
        return try await next(request, context)
    }
}
