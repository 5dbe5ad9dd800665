import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 request over a plain socket bound to a chosen loopback address (127.0.0.x), so a live server sees it
/// come from that client address: the in-process test client has no address, and every other client is 127.0.0.1.
enum AddressedHTTP {
    struct Answer: Sendable {
        let status: Int
        /// Header names lowercased.
        let headers: [String: String]
        let body: JSON
        /// The body as received (for answers that are not JSON, such as `/metrics`).
        let text: String
    }

    static func get(_ path: String, port: Int, from source: String, headers: [String: String] = [:]) async throws -> Answer {
        try await exchangeText("GET", path, port: port, from: source, headers: headers, body: nil)
    }

    static func post(_ path: String, port: Int, from source: String, headers: [String: String] = [:], body: String) async throws -> Answer {
        try await exchangeText("POST", path, port: port, from: source, headers: headers, body: body)
    }

    static func exchangeText(
        _ method: String, _ path: String, port: Int, from source: String, headers: [String: String], body: String?
    ) async throws -> Answer {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")
        let text = request
        // Blocking socket calls on a thread of their own, never on the cooperative pool the server's handlers need.
        let raw = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
            Thread { continuation.resume(with: Result { try exchange(Array(text.utf8), port: port, from: source) }) }.start()
        }
        return try parse(raw)
    }

    /// Whether something accepts TCP connections on the loopback port (a server started beside the test being ready).
    static func canConnect(port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var remote = try address("127.0.0.1", port: port)
        return withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func exchange(_ request: [UInt8], port: Int, from source: String) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = try address(source, port: 0)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind \(source): errno \(errno)") }
        var remote = try address("127.0.0.1", port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect from \(source): errno \(errno)") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw TestFailure("send: errno \(errno)") }
            sent += n
        }
        // `Connection: close`: the answer ends when the server closes.
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n >= 0 else { throw TestFailure("recv: errno \(errno)") }
            if n == 0 { break }
            answer += buffer[0 ..< n]
        }
        return answer
    }

    private static func address(_ ip: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, ip, &address.sin_addr) == 1 else { throw TestFailure("not an IPv4 address: \(ip)") }
        return address
    }

    /// Status line, headers and body (plain or chunked).
    private static func parse(_ raw: [UInt8]) throws -> Answer {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw TestFailure("no HTTP answer: \(text.prefix(200))") }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusText = head.first?.split(separator: " ").dropFirst().first, let status = Int(statusText) else {
            throw TestFailure("bad status line: \(head.first ?? "")")
        }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunked(body) }
        return Answer(status: status, headers: headers, body: JSON(data: Data(body.utf8)), text: body)
    }

    private static func dechunked(_ text: String) -> String {
        var rest = Substring(text), out = ""
        while let end = rest.range(of: "\r\n"), let size = Int(rest[..<end.lowerBound], radix: 16), size > 0 {
            let start = end.upperBound
            let stop = rest.utf8.index(start, offsetBy: size)
            out += rest[start ..< stop]
            rest = rest[stop...].dropFirst(2)
        }
        return out
    }
}
