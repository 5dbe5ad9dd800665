import Foundation

/// A business's bucket for Retell's signed routes, set aside by `RateLimitMiddleware` and spent only once the
/// signature is verified: forged requests naming a business (its id is in every Retell URL) cannot use up the
/// allowance of its live calls.
public struct RetellAllowance: Sendable {
    let key: String
    let limit: TokenBuckets.Limit
    let buckets: TokenBuckets

    /// Takes a token, or throws 429 `RATE_LIMITED` with `Retry-After`.
    public func take() throws(APIError) {
        try buckets.takeOrRefuse(key, limit)
    }
}

extension TokenBuckets {
    /// Takes a token, or throws 429 `RATE_LIMITED` with the whole seconds until one is back in `Retry-After`.
    func takeOrRefuse(_ key: String, _ limit: Limit) throws(APIError) {
        guard let wait = take(key, limit) else { return }
        let seconds = max(1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
        var error = APIError(.tooManyRequests, .rateLimited, "too many requests; try again in \(seconds) s")
        error.retryAfter = seconds
        throw error
    }
}
