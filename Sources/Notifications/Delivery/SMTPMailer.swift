import CCurl
import Foundation
import NIOPosix
import Workers

/// How to reach the mail server. `url` is `smtp://host:587` (STARTTLS) or `smtps://host:465` (TLS from the start).
public struct SMTPConfiguration: Sendable {
    public var url: String
    public var username: String?
    public var password: String?
    public var from: String
    /// Refuse to send without TLS (STARTTLS must succeed); off only for a local relay.
    public var requireTLS: Bool
    /// A CA bundle to trust instead of the system's (a private relay, or the test server's own certificate).
    public var caFile: String?
    public var timeout: Duration

    public init(
        url: String, username: String?, password: String?, from: String, requireTLS: Bool = true, caFile: String? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.from = from
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.timeout = timeout
    }
}

/// Email over SMTP through libcurl (STARTTLS, AUTH, timeouts): a maintained client rather than a hand-written one.
/// libcurl blocks, so each send runs on NIO's thread pool, never on a concurrency thread.
public struct SMTPMailer: EmailSender {
    let configuration: SMTPConfiguration

    public init(configuration: SMTPConfiguration) {
        _ = Self.globalInit
        self.configuration = configuration
    }

    /// curl_global_init is not thread-safe: once per process, before any handle.
    static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public func send(to: String, subject: String, body: String) async throws(ProviderFailure) -> String {
        let message = MailMessage(from: configuration.from, to: to, subject: subject, body: body)
        let configuration = self.configuration
        let result: Result<Void, ProviderFailure>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { Self.perform(message, configuration) }
        } catch {
            throw ProviderFailure(.transient, "SMTP could not start: \(error)")
        }
        try result.get()
        return message.messageID
    }

    /// One blocking SMTP session.
    static func perform(_ message: MailMessage, _ c: SMTPConfiguration) -> Result<Void, ProviderFailure> {
        guard let curl = curl_easy_init() else { return .failure(ProviderFailure(.transient, "libcurl could not start a session")) }
        defer { curl_easy_cleanup(curl) }
        let source = UploadSource(Array(message.rendered.utf8))
        let unmanaged = Unmanaged.passRetained(source)
        defer { unmanaged.release() }
        let recipients = curl_slist_append(nil, "<\(MailMessage.address(MailMessage.clean(message.to)))>")
        defer { curl_slist_free_all(recipients) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            _ = rc_setopt_string(curl, CURLOPT_URL, c.url)
            _ = rc_setopt_string(curl, CURLOPT_MAIL_FROM, "<\(MailMessage.address(MailMessage.clean(c.from)))>")
            _ = rc_setopt_slist(curl, CURLOPT_MAIL_RCPT, recipients)
            if let username = c.username { _ = rc_setopt_string(curl, CURLOPT_USERNAME, username) }
            if let password = c.password { _ = rc_setopt_string(curl, CURLOPT_PASSWORD, password) }
            _ = rc_setopt_long(curl, CURLOPT_USE_SSL, Int(c.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
            if let ca = c.caFile { _ = rc_setopt_string(curl, CURLOPT_CAINFO, ca) }
            _ = rc_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
            _ = rc_setopt_long(curl, CURLOPT_CONNECTTIMEOUT, 10)
            _ = rc_setopt_long(curl, CURLOPT_TIMEOUT, Int(c.timeout.components.seconds))
            _ = rc_setopt_long(curl, CURLOPT_UPLOAD, 1)
            _ = rc_setopt_read_function(curl) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                return Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, max: size * count)
            }
            _ = rc_setopt_pointer(curl, CURLOPT_READDATA, unmanaged.toOpaque())
            _ = rc_setopt_pointer(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
            return curl_easy_perform(curl)
        }
        if code == CURLE_OK { return .success(()) }
        let reply = rc_response_code(curl)
        let written = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let detail = written.isEmpty ? String(cString: curl_easy_strerror(code)) : written
        return .failure(classify(code: code, reply: reply, detail: detail))
    }

    /// A 5xx reply or refused credentials or TLS is final; a 4xx reply, a timeout or a dropped connection is retried.
    static func classify(code: CURLcode, reply: Int, detail: String) -> ProviderFailure {
        let message = "SMTP \(reply > 0 ? "\(reply) " : "")\(detail)"
        if (500 ..< 600).contains(reply) { return ProviderFailure(.permanent, message) }
        if (400 ..< 500).contains(reply) { return ProviderFailure(.transient, message) }
        switch code {
        case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_PEER_FAILED_VERIFICATION:
            return ProviderFailure(.permanent, message)
        default:
            return ProviderFailure(.transient, message)
        }
    }
}

/// The message bytes handed to libcurl's read callback in pieces.
private final class UploadSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutablePointer<CChar>, max: Int) -> Int {
        let n = min(max, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
