/// Schemas many routes share, registered with every contract.
public enum CommonSchemas {
    public static let uuid = Schema.string(format: "uuid")
    public static let localDate = Schema.string("A day in the business's local calendar.", format: "date", example: "2026-12-24")
    public static let localTime = Schema.string("A local time, 24-hour.", example: "19:30")
    public static let instant = Schema.string("An instant with its offset.", format: "date-time")
    public static let phone = Schema.string("A phone number in international form (E.164).", maxLength: 32, example: "+14155550123")
    public static let limit = Schema.integer("Page size.", min: 1, max: 200)

    public static let error = Schema.object(
        "Every error answer.",
        [
            "error": .object(
                nil,
                [
                    "code": .string(
                        "Stable machine-readable code.",
                        allowed: [
                            "MALFORMED_JSON", "VALIDATION_FAILED", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND",
                            "METHOD_NOT_ALLOWED", "CONFLICT", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE",
                            "RATE_LIMITED", "NOT_CONFIGURED", "PROVIDER_ERROR", "DATABASE_UNAVAILABLE", "INTERNAL",
                        ]),
                    "message": .string("For people; may change."),
                    "field": .string("The offending field or parameter, when there is one."),
                    "request_id": .string("Quote it to support."),
                ], required: ["code", "message", "request_id"])
        ], required: ["error"])

    public static let all: [String: Schema] = ["Error": error]
}
