import Hummingbird

extension Request {
    /// The `limit` query parameter of a list route: `fallback` when absent, a 400 naming the field when out of range.
    public func pageLimit(default fallback: Int = 50, max: Int = 200) throws -> Int {
        let text = uri.queryParameters.get("limit") ?? String(fallback)
        guard let limit = Int(text), (1 ... max).contains(limit) else {
            throw APIError(.badRequest, .validationFailed, "limit must be from 1 to \(max)", field: "limit")
        }
        return limit
    }
}
