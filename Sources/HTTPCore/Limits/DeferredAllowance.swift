import Foundation

/// A bucket set aside by `RateLimitMiddleware` and spent only once the request's own proof is checked (Retell's
/// signature, Google's channel token, Twilio's signature): on Retell's routes a business's when it holds, so forged
/// requests naming a business (its id is in every Retell URL) cannot use up the allowance of its live calls; the
/// client address's when it does not, so a flood of forgeries is refused early.
public struct DeferredAllowance: Sendable {
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
