import Domain
import Foundation

/// The account address in an `id_token`. Its signature is not checked: the token came straight from Google's token
/// endpoint over TLS in answer to our own code exchange, which OpenID Connect Core §3.1.3.7 accepts in place of it.
enum IDToken {
    static func email(_ token: String?) -> String? {
        guard let token else { return nil }
        let parts = token.split(separator: ".")
        guard parts.count >= 2, let payload = Base64URL.decode(String(parts[1])),
            let claims = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
        else { return nil }
        return claims["email"] as? String
    }
}
