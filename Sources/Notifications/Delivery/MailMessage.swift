import Foundation

/// An RFC 5322 plain-text message: UTF-8 body in base64, non-ASCII subjects as encoded words, CRLF line ends.
/// Header values are stripped of line breaks so no input can add a header.
struct MailMessage: Sendable {
    var from: String
    var to: String
    var subject: String
    var body: String
    var messageID: String
    var date: Date

    init(from: String, to: String, subject: String, body: String, date: Date = Date()) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        let domain = Self.address(from).split(separator: "@").last.map(String.init) ?? "localhost"
        self.messageID = "<\(UUID().uuidString.lowercased())@\(domain)>"
    }

    var rendered: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedBody = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(Self.clean(from))",
            "To: \(Self.clean(to))",
            "Subject: \(Self.encodeWord(Self.clean(subject)))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + encodedBody + "\r\n"
    }

    /// The bare address of `Name <address>` (or the text itself), for the SMTP envelope.
    static func address(_ value: String) -> String {
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            return String(value[value.index(after: open) ..< close]).trimmingCharacters(in: .whitespaces)
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    static func clean(_ value: String) -> String {
        value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// RFC 2047: ASCII subjects as they are, anything else as `=?UTF-8?B?…?=`.
    static func encodeWord(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}
