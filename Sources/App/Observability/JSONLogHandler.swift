import Foundation
import Logging
import Synchronization

/// One JSON object per line on stdout, for log shippers; metadata keys become top-level fields.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    /// Where each line goes (one JSON object and its newline): stdout, or a test's sink that reads the lines back.
    private let write: @Sendable (Data) -> Void

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (Data) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    /// Whole lines on stdout, never interleaved between threads.
    public static let standardOutput: @Sendable (Data) -> Void = { line in
        output.withLock { _ in FileHandle.standardOutput.write(line) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": Self.timestamp(),
            "level": event.level.rawValue,
            "msg": "\(event.message)",
            "logger": label,
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged { object[key] = Self.plain(value) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(data + Data("\n".utf8))
    }

    private static let output = Mutex(())

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(plain)
        case .dictionary(let d): d.mapValues(plain)
        }
    }

    private static func timestamp() -> String {
        Date().formatted(
            .iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon).dateSeparator(
                .dash))
    }
}
