import Hummingbird
import Logging
import Synchronization

/// Log metadata a handler learns from the body (Retell's call id), shared by every copy of one request's context: the
/// middlewares' lines written after the handler ran (the access line, an error) carry it too, not only the handler's.
public final class RequestLogTags: Sendable {
    private let tags = Mutex<Logger.Metadata>([:])

    public init() {}

    var metadata: Logger.Metadata { tags.withLock { $0 } }

    func set(_ key: String, _ value: Logger.Metadata.Value) { tags.withLock { $0[key] = value } }
}

extension AppRequestContext {
    /// Tags every later log line of this request with `key`: the handler's (through this context's logger) and the
    /// middlewares' after it (through `taggedLogger`).
    public mutating func tagLogs(_ key: String, _ value: String) {
        logger[metadataKey: key] = .string(value)
        logTags.set(key, .string(value))
    }

    /// The request's logger with the tags its handler added: for lines a middleware writes once the handler has run.
    public var taggedLogger: Logger {
        var tagged = logger
        for (key, value) in logTags.metadata { tagged[metadataKey: key] = value }
        return tagged
    }
}
