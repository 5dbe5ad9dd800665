import Foundation

/// An amount in a business's currency, in the two forms it is used: "45.00" for machines and owners' tables,
/// "forty-five dollars" for a voice that must not read "$45.00" as "dollar forty-five point zero zero".
public struct Price: Hashable, Sendable {
    public var cents: Int
    /// ISO 4217, e.g. USD.
    public var currency: String

    public init(cents: Int, currency: String) {
        self.cents = cents
        self.currency = currency
    }

    /// Reads `plain` back ("45.00", "45"); nil for anything else.
    public init?(plain: String, currency: String) {
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        guard (1 ... 2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 100_000_000 else { return nil }
        var cents = whole * 100
        if parts.count == 2 {
            guard parts[1].count == 2, let fraction = Int(parts[1]), fraction >= 0 else { return nil }
            cents += fraction
        }
        self.init(cents: cents, currency: currency)
    }

    /// "45.00".
    public var plain: String {
        let c = cents % 100
        return "\(cents / 100).\(c < 10 ? "0" : "")\(c)"
    }

    /// "$45.00" for an owner's page (the code for currencies without a common sign).
    public var display: String {
        switch currency {
        case "USD", "CAD", "AUD", "NZD": "$\(plain)"
        case "GBP": "£\(plain)"
        case "EUR": "€\(plain)"
        default: "\(plain) \(currency)"
        }
    }

    /// "forty-five dollars", "twelve pounds fifty": the number words come from the platform's locale data.
    public var spoken: String {
        let (major, minor) = (cents / 100, cents % 100)
        let names: (String, String, String, String) =
            switch currency {
            case "USD", "CAD", "AUD", "NZD": ("dollar", "dollars", "cent", "cents")
            case "GBP": ("pound", "pounds", "penny", "pence")
            case "EUR": ("euro", "euros", "cent", "cents")
            default: (currency, currency, "hundredth", "hundredths")
            }
        let whole = "\(Self.words(major)) \(major == 1 ? names.0 : names.1)"
        guard minor > 0 else { return whole }
        return "\(whole) and \(Self.words(minor)) \(minor == 1 ? names.2 : names.3)"
    }

    static func words(_ n: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .spellOut
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: n)) ?? "\(n)"
    }

    /// ISO 4217 currencies whose amounts do not have two decimals (yen, won, dinars, …): `cents` would be read 100 or
    /// 10 times wrong, so they are refused until prices carry their currency's own minor unit.
    static let notTwoDecimals: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
        "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", "CLF", "UYW",
    ]

    /// An ISO 4217 code the platform can price in: a known currency with two decimals.
    public static func validateCurrency(_ code: String, field: String) throws(ValidationError) {
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }), Locale.commonISOCurrencyCodes.contains(code) else {
            throw ValidationError(field: field, "must be an ISO 4217 currency code such as USD")
        }
        guard !notTwoDecimals.contains(code) else {
            throw ValidationError(field: field, "\(code) amounts do not have two decimals; prices in \(code) are not supported yet")
        }
    }
}
