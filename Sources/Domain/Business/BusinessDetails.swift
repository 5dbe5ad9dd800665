/// The business's optional details (how to reach it and whom to hand a caller to), as one value.
public struct BusinessDetails: Sendable, Equatable {
    public var phone: PhoneNumber?
    public var transferPhone: PhoneNumber?
    public var email: String?
    public var website: String?
    public var address: String?

    public init(
        phone: PhoneNumber? = nil, transferPhone: PhoneNumber? = nil, email: String? = nil, website: String? = nil, address: String? = nil
    ) {
        self.phone = phone
        self.transferPhone = transferPhone
        self.email = email
        self.website = website
        self.address = address
    }
}

/// One optional detail declared once: its name (the JSON field and the `businesses` column), its format (how its text
/// is checked and shown) and where it lives in `BusinessDetails`. The SQL columns, the owner API's request and response
/// fields and their contract schemas are all derived from `all`: a new detail is a migration, a property and a line here.
public struct BusinessDetailField: Sendable {
    public enum Format: Sendable, Equatable {
        /// E.164 once parsed; requests may write separators.
        case phone
        case email
        case text(maxLength: Int)
    }

    public let name: String
    public let format: Format
    public let description: String?
    let read: @Sendable (BusinessDetails) -> String?
    /// Stores a text; `checked` false is for what the database already holds (a row stays readable whatever it says).
    let write: @Sendable (inout BusinessDetails, String?, _ checked: Bool) throws(ValidationError) -> Void

    /// The detail as text (E.164 for numbers), nil when unset.
    public func value(in details: BusinessDetails) -> String? { read(details) }

    /// Checks `text` for this detail and stores it; nil clears it.
    public func assign(_ text: String?, to details: inout BusinessDetails) throws(ValidationError) { try write(&details, text, true) }

    /// Stores a value read back from the database as it is (an unreadable number is left out).
    public func restore(_ text: String?, to details: inout BusinessDetails) { try? write(&details, text, false) }

    public static let all: [BusinessDetailField] = [
        .phone("phone", \.phone, "The business's own number."),
        .phone("transfer_phone", \.transferPhone, "Where calls are transferred to."),
        .email("email", \.email, "Where owner notices go."),
        .text("website", \.website, maxLength: 200, "The business's website, as its owner writes it."),
        .text("address", \.address, maxLength: 300, "The business's street address, as callers are told it."),
    ]

    static func phone(
        _ name: String, _ keyPath: WritableKeyPath<BusinessDetails, PhoneNumber?> & Sendable, _ description: String
    )
        -> BusinessDetailField
    {
        BusinessDetailField(
            name: name, format: .phone, description: description, read: { $0[keyPath: keyPath]?.e164 },
            write: { details, text, checked throws(ValidationError) in
                guard checked else {
                    details[keyPath: keyPath] = text.flatMap { try? PhoneNumber($0, field: name) }
                    return
                }
                details[keyPath: keyPath] = try text.map { t throws(ValidationError) in try PhoneNumber(t, field: name) }
            })
    }

    static func email(_ name: String, _ keyPath: WritableKeyPath<BusinessDetails, String?> & Sendable, _ description: String) -> BusinessDetailField {
        BusinessDetailField(
            name: name, format: .email, description: description, read: { $0[keyPath: keyPath] },
            write: { details, text, checked throws(ValidationError) in
                if checked, let text { try Business.validateEmail(text, field: name) }
                details[keyPath: keyPath] = text
            })
    }

    static func text(
        _ name: String, _ keyPath: WritableKeyPath<BusinessDetails, String?> & Sendable, maxLength: Int, _ description: String
    )
        -> BusinessDetailField
    {
        BusinessDetailField(
            name: name, format: .text(maxLength: maxLength), description: description, read: { $0[keyPath: keyPath] },
            write: { details, text, checked throws(ValidationError) in
                let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines)
                if checked, let trimmed, trimmed.unicodeScalars.count > maxLength {
                    throw ValidationError(field: name, "must be at most \(maxLength) characters")
                }
                details[keyPath: keyPath] = trimmed?.isEmpty == true ? nil : trimmed
            })
    }
}
