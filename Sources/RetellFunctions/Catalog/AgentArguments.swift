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

    let container: KeyedDecodingContainer<Key>
    let caller: CallerContext

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: Key.self)
        guard let caller = decoder.userInfo[Self.caller] as? CallerContext else { preconditionFailure("arguments decoded without a caller") }
        self.caller = caller
    }

    func callAsFunction<Value>(_ param: Param<Value>) throws -> Value {
        try param.read(try container.decodeIfPresent(JSONValue.self, forKey: Key(stringValue: param.name)), caller)
    }

    /// Decodes the arguments object's JSON; anything but an `ArgumentError` means the arguments were not an object.
    static func decode<Arguments: AgentArguments>(_ type: Arguments.Type, from json: Data, caller: CallerContext) throws -> Arguments {
        let decoder = JSONDecoder()
        decoder.userInfo[Self.caller] = caller
        do {
            return try decoder.decode(type, from: json)
        } catch let error as ArgumentError {
            throw error
        } catch {
            throw ArgumentError(field: "args", message: "must be a JSON object")
        }
    }
}
