import Domain
import Foundation
import HTTPCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// Calls the function routes exactly as Retell does: raw JSON bytes signed with the API key.
struct Retell: Sendable {
    let client: any TestClientProtocol
    let businessID: String
    var key = TestEnvironment.retellKey
    /// When set, every answer is checked against the contract, like `API`'s (see `ResponseConformance`).
    var contract: APIContract?

    func sign(_ body: [UInt8], at ms: Int64 = Int64(Date().timeIntervalSince1970 * 1000), key: String? = nil) -> String {
        RetellSignature.sign(body: body, key: key ?? self.key, timestampMilliseconds: ms)
    }

    /// The default shape `{name, args, call}`.
    func call(
        _ name: String, _ args: [String: Any], callID: String = "call_\(UUID().uuidString.prefix(8))",
        call extra: [String: Any] = [:], path: String? = nil
    ) async throws -> APIResponse {
        var callObject: [String: Any] = ["call_id": callID, "from_number": "+12125550111", "call_type": "phone_call"]
        callObject.merge(extra) { _, new in new }
        let body = try JSONSerialization.data(withJSONObject: ["name": name, "args": args, "call": callObject], options: [.sortedKeys])
        return try await raw(Array(body), path: path ?? "/v1/retell/\(businessID)/functions/\(name)")
    }

    func raw(_ body: [UInt8], path: String, signature: String?? = .none, headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers = extra
        headers[.contentType] = "application/json"
        switch signature {
        case .none: headers[HTTPField.Name("x-retell-signature")!] = sign(body)
        case .some(.some(let s)): headers[HTTPField.Name("x-retell-signature")!] = s
        case .some(.none): break
        }
        let response = try await client.executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        let data = Data(response.body.readableBytesView)
        if let contract {
            ResponseConformance.check(contract, method: .post, path: path, status: response.status, headers: response.headers, body: data)
        }
        return APIResponse(status: response.status, headers: response.headers, body: JSON(data: data), text: String(decoding: data, as: UTF8.self))
    }
}

extension API {
    /// Retell's calls to this business, their answers checked against the same contract.
    func retell(_ businessID: String) -> Retell { Retell(client: client, businessID: businessID, contract: contract) }

    /// A restaurant open every day 12:00–23:00, no minimum notice, with a transfer number; returns its id and key.
    func createRestaurant(slug: String, capacity: Int = 10, maxParty: Int = 6) async throws -> (id: String, key: String) {
        let every = [["opens": "12:00", "closes": "23:00"]]
        let weekly = Dictionary(
            uniqueKeysWithValues: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map { ($0, every) })
        return try await createBusiness(
            slug: slug,
            extra: [
                "transfer_phone": "+12125550123",
                "policy": ["capacity": capacity, "max_party_size": maxParty, "min_notice_minutes": 0, "booking_horizon_days": 90],
                "hours": ["weekly": weekly],
            ])
    }
}

/// A date a few days ahead in New York, so tests do not depend on the day they run.
func futureDate(days: Int = 3) -> String {
    let clock = ZonedClock(TimeZone(identifier: "America/New_York")!)
    return clock.today(Date()).adding(days: days).description
}
