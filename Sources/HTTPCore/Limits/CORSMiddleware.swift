import HTTPTypes
import Hummingbird

/// CORS for a configured list of origins (a console in the browser), done by Hummingbird's own `CORSMiddleware`; this
/// only decides who gets it. An allowed origin is echoed back with `Vary: Origin` and its preflight answered at once;
/// a request from any other origin passes through untouched (its `Origin` kept for CSRF checks), so it gets no CORS
/// headers and the browser refuses it.
public struct AllowedOriginsMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let origins: Set<String>
    let cors = CORSMiddleware<AppRequestContext>(
        allowOrigin: .originBased,
        allowHeaders: [.authorization, .contentType, HTTPField.Name("Idempotency-Key")!, HTTPField.Name("X-Request-Id")!],
        allowMethods: [.get, .post, .put, .patch, .delete, .options],
        exposedHeaders: ["X-Request-Id", "Retry-After"],
        maxAge: .seconds(600))

    public init(origins: [String]) { self.origins = Set(origins) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], origins.contains(origin) else { return try await next(request, context) }
        return try await cors.handle(request, context: context, next: next)
    }
}
