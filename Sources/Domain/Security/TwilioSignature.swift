import Crypto
import Foundation

/// Twilio's `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed by the account's auth token, over the webhook's full URL
/// (as Twilio requested it, query included) followed by every POST parameter's name and value, sorted by name, then
/// value (a value repeated under one name counted once, as Twilio's own libraries do). The tests' fake Twilio signs
/// with this same function; Twilio's published vectors pin it.
public enum TwilioSignature {
    public static func compute(authToken: String, url: String, parameters: [(String, String)]) -> String {
        var text = url
        var seen = Set<String>()
        for (name, value) in parameters.sorted(by: { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }) where seen.insert(name + "\u{0}" + value).inserted {
            text += name + value
        }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request (compared in constant time).
    public static func valid(_ signature: String?, authToken: String, url: String, parameters: [(String, String)]) -> Bool {
        guard let signature, !signature.isEmpty else { return false }
        let expected = compute(authToken: authToken, url: url, parameters: parameters)
        return ConstantTime.equals(Array(expected.utf8), Array(signature.utf8))
    }
}
