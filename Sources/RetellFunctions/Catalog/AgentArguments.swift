import Domain
import Foundation

/// A function's arguments as one typed value: `parameters` (in the tool's order) are what the agent is told, and
/// `init(from:)` reads each through the same `Param`, so a declared type or allowed value cannot go unchecked.
protocol AgentArguments: Decodable, Sendable {
    static var parameters: [Parameter] { get }
}

/// The keyed reads of one function's arguments, in the order the function reads them (the first bad one is reported).
struct ArgumentReader {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The business's today, language and hours (for "tomorrow", "viernes", "7"), handed over in the decoder's `userInfo`.
    static let caller = CodingUserInfoKey(rawValue: "receptionist.caller")!

    /// An argument's value by name; nil when absent or null.
    let value: (String) throws -> JSONValue?
    let caller: CallerContext

    init(_ decoder: any Decoder) throws {
        if let direct = decoder as? ArgumentsDecoder {
            // The envelope's parsed arguments, read as they are: no second pass of a JSON decoder over their bytes.
            let values = direct.values
            value = { name in values[name].flatMap { $0 == .null ? nil : $0 } }
            caller = direct.caller
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        guard let caller = decoder.userInfo[Self.caller] as? CallerContext else { preconditionFailure("arguments decoded without a caller") }
        value = { name in try container.decodeIfPresent(JSONValue.self, forKey: Key(stringValue: name)) }
        self.caller = caller
    }

    func callAsFunction<Value>(_ param: Param<Value>) throws -> Value {
        try param.read(try value(param.name), caller)
    }

    /// The function's typed arguments from the envelope's parsed arguments object.
    static func decode<Arguments: AgentArguments>(
        _ type: Arguments.Type, values: [String: JSONValue], caller: CallerContext
    ) throws -> Arguments {
        do {
            return try Arguments(from: ArgumentsDecoder(values: values, caller: caller))
        } catch let error as ArgumentError {
            throw error
        } catch {
            throw ArgumentError(field: "args", message: "must be a JSON object")
        }
    }
}

/// Hands the already parsed arguments to `ArgumentReader`; nothing else reads through it.
struct ArgumentsDecoder: Decoder {
    let values: [String: JSONValue]
    let caller: CallerContext
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw Self.unsupported }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.unsupported }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Self.unsupported }

    static let unsupported = DecodingError.typeMismatch(
        [String: JSONValue].self, .init(codingPath: [], debugDescription: "arguments are read through ArgumentReader"))
}
