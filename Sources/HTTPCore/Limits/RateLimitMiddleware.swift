import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Limits per API key and per client address, with Retell's signed routes in a bucket of their own per business, so
/// an owner's script can never throttle a live call. Over the limit: 429 `RATE_LIMITED` with `Retry-After`. Behind several
/// replicas these are each replica's own (a backstop): the proxy holds the totals (`deploy/nginx.conf`).
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public struct Limits: Sendable {
        public var perKey: TokenBuckets.Limit
        public var perAddress: TokenBuckets.Limit
        public var retell: TokenBuckets.Limit
        public init(perKey: TokenBuckets.Limit, perAddress: TokenBuckets.Limit, retell: TokenBuckets.Limit) {
            self.perKey = perKey
            self.perAddress = perAddress
            self.retell = retell
        }
    }

    let limits: Limits
    let buckets: TokenBuckets

    public init(limits: Limits, buckets: TokenBuckets = TokenBuckets()) {
        self.limits = limits
        self.buckets = buckets
    }

    /// Open routes whose callers prove themselves in the request (see `handle`).
    static let selfAuthenticated: Set<[String]> = [["v1", "google", "calendar", "notifications"], ["v1", "twilio", "sms"]]

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // By segments, as the router matches them ("//v1/businesses" is the same route and must meet the same limits).
        let parts = request.uri.path.split(separator: "/")
        var context = context
        guard parts.first == "v1" else { return try await next(request, context) }
        if parts.count > 1, parts[1] == "retell" {
            // Signed by Retell: a bucket per business for its function and webhook routes, spent once the signature
            // is verified (`RetellVerification`); the shared inbound and webhook routes (every business's calls at
            // once) are never limited. Requests whose signature fails spend their address's bucket instead, so a
            // flood of forged ones is refused early without touching any business's allowance.
            if parts.count > 3, let business = UUIDText.parse(parts[2]) {
                context.retellAllowance = DeferredAllowance(key: "retell:" + business.apiString, limit: limits.retell, buckets: buckets)
            }
            if let address = context.remoteAddress {
                context.unsignedAllowance = DeferredAllowance(key: "unsigned:\(address)", limit: limits.perAddress, buckets: buckets)
            }
        } else if Self.selfAuthenticated.contains(parts.map(String.init)) {
            // Google's and Twilio's deliveries carry their own proof (a channel token, a signature) and come from a
            // few of their servers for every business at once: only a refused one spends its address's bucket.
            if let address = context.remoteAddress {
                context.unsignedAllowance = DeferredAllowance(key: "unsigned:\(address)", limit: limits.perAddress, buckets: buckets)
            }
        } else {
            if let auth = request.headers[.authorization], auth.hasPrefix("Bearer ") {
                // Keyed by a hash: the key itself never sits in memory longer than the request.
                let digest = Hex.encode(SHA256.hash(data: Data(auth.utf8)).prefix(12))
                try buckets.takeOrRefuse("key:\(digest)", limits.perKey)
            }
            if let address = context.remoteAddress { try buckets.takeOrRefuse("ip:\(address)", limits.perAddress) }
        }
        return try await next(request, context)
    }
}
