import Domain
import HTTPCore

/// The onboarding routes as the contract states them, so the document, /docs and the request checks share one source.
extension BusinessController {
    static let kinds = ["restaurant", "appointments", "tee_times"]

    /// A phone number as requests may write it: separators are accepted (`+1 (415) 555-0123`), so no length bound here;
    /// `PhoneNumber` checks the digits.
    static let phoneInput: Schema = {
        var s = CommonSchemas.phone
        s.maxLength = nil
        return s.described("A phone number in international form (E.164); spaces, hyphens, dots and brackets are accepted.")
    }()

    // MARK: booking policy

    static let turnTime = Schema.object(
        "How long a party of up to `max_party_size` guests keeps its table.",
        [
            "max_party_size": Schema.integer("Absent on a last entry that covers every larger party."),
            "minutes": .integer(),
        ], required: ["minutes"])

    static let roundType = Schema.object(
        "Golf: a round the course sells. Its minutes decide the last tee time (the round must end by closing); its rates the price.",
        [
            "holes": Schema.string("The round.", allowed: ["NINE", "EIGHTEEN"]),
            "minutes": .integer("How long the round takes.", min: 30, max: 600),
            "rates": .array(
                .object(
                    "A price per player from a local time of day on; the first from 00:00, later ones are e.g. twilight rates.",
                    [
                        "from": Schema.string("Local time HH:MM.", example: "15:00"),
                        "price_cents": .integer("Price per player in the business's currency's smallest unit.", min: 0, max: 10_000_000),
                    ], required: ["from", "price_cents"]), "Ascending by `from`.", maxItems: 4),
        ], required: ["holes", "minutes", "rates"])

    static let intakeQuestion = Schema.object(
        "A question every booking answers (asked by the phone agent; answers are personal data, sealed and erasable).",
        [
            "key": Schema.string("The answer's key: lower-case letters, digits, _.", minLength: 1, maxLength: 30, example: "company"),
            "label": .string("The question in the owner's words.", minLength: 1, maxLength: 200),
            "kind": .string(allowed: ["text", "choice"]),
            "choices": Schema.array(.string(maxLength: 60), "For a choice question: 2 to 10 answers.", maxItems: 10).orNull(),
            "required": Schema.boolean("Whether a caller must answer (false when left out).").orNull(),
        ], required: ["key", "label", "kind"])

    static let policy = Schema.object(
        "The booking rules availability is computed from.",
        [
            "slot_interval_minutes": Schema.integer("Distance between offered start times."),
            "min_notice_minutes": .integer("How soon before its start a booking may still be made."),
            "booking_horizon_days": .integer("How many days ahead bookings open."),
            "min_party_size": .integer(),
            "max_party_size": .integer(),
            "capacity": Schema.integer("Restaurant: covers seated at once. Tee times: players per slot. Appointments: unused (null).").orNull(),
            "default_duration_minutes": .integer("Length of a booking when no turn time or service says otherwise."),
            "turn_times": .array(turnTime, "Restaurant turn times by party size, ascending."),
            "round_types": .array(roundType, "Golf rounds with their lengths and prices; empty: a tee time lasts its interval, unpriced."),
            "currency": .string("ISO 4217 code of the prices.", example: "USD"),
            "intake_questions": .array(intakeQuestion, "Questions each booking answers."),
        ],
        required: [
            "slot_interval_minutes", "min_notice_minutes", "booking_horizon_days", "min_party_size", "max_party_size", "capacity",
            "default_duration_minutes", "turn_times", "round_types", "currency", "intake_questions",
        ])

    static let turnTimeInput = Schema.object(
        "How long a party of up to `max_party_size` guests keeps its table.",
        [
            "max_party_size": Schema.integer("Leave out (or null) on the last entry to cover every larger party.").orNull(),
            "minutes": .integer(min: 5, max: 1440),
        ], required: ["minutes"])

    static let policyInput = Schema.object(
        "Booking rules: each field sent replaces the current (or the kind's default) value. `null` on `capacity` clears it; on the other "
            + "fields it is the same as leaving the field out.",
        [
            "slot_interval_minutes": Schema.integer(
                "Distance between offered start times; must divide a day evenly (5, 10, 15, 20, 30, 60, …).",
                min: 5, max: 240
            ).orNull(),
            "min_notice_minutes": Schema.integer("How soon before its start a booking may still be made (at most 30 days).", min: 0, max: 43200)
                .orNull(),
            "booking_horizon_days": Schema.integer("How many days ahead bookings open.", min: 1, max: 730).orNull(),
            "min_party_size": Schema.integer(min: 1, max: 500).orNull(),
            "max_party_size": Schema.integer("At least min_party_size; for restaurants and tee times at most capacity.", min: 1, max: 1000).orNull(),
            "capacity": Schema.integer("Required for restaurants and tee times; null clears it (appointments).", min: 1, max: 10000).orNull(),
            "default_duration_minutes": Schema.integer(min: 5, max: 1440).orNull(),
            "turn_times": Schema.array(turnTimeInput, "Restaurant turn times by party size, ascending; replaces the whole list.").orNull(),
            "round_types": Schema.array(roundType, "Golf only: the rounds sold; replaces the whole list.", maxItems: 2).orNull(),
            "currency": Schema.string("ISO 4217 code, three capital letters.", minLength: 3, maxLength: 3, example: "USD").orNull(),
            "intake_questions": Schema.array(intakeQuestion, "Replaces the whole list; at most 5.", maxItems: 5).orNull(),
        ])

    // MARK: business

    public static let business = Schema.object(
        "A business with its booking rules and weekly hours.",
        [
            "id": CommonSchemas.uuid,
            "slug": Schema.string("URL-safe unique handle.", example: "chez-marie"),
            "name": .string(),
            "kind": .string("The booking model; fixed at onboarding.", allowed: kinds),
            "timezone": .string("IANA time zone name.", example: "Europe/London"),
            "language": .string(
                "What callers are answered in and messages are written in; the phone agent speaks it.", allowed: Language.allCases.map(\.rawValue)),
            "policy": policy,
            "hours": HoursController.weeklyHours,
            "created_at": CommonSchemas.instant,
            "updated_at": CommonSchemas.instant,
        ], required: ["id", "slug", "name", "kind", "timezone", "language", "policy", "hours", "created_at", "updated_at"]
    ).inserting(detailFields(.output), after: "timezone", required: BusinessDetailField.all.map(\.name))

    public static let createBody = Schema.object(
        "A new business; only slug, name, kind and timezone are required.",
        [
            "slug": Schema.string(
                "2–63 lower-case letters, digits or single hyphens, not starting or ending with a hyphen; unique.",
                minLength: 2, maxLength: 63, example: "chez-marie"),
            "name": .string(minLength: 1, maxLength: 200),
            "kind": .string(allowed: kinds),
            "timezone": .string("IANA time zone name.", example: "America/New_York"),
            "language": Schema.string(
                "BCP 47 tag of the callers' language (default en-US); a base language such as es is accepted.", maxLength: 20, example: "es-ES"
            ).orNull(),
            "policy": policyInput.described("Booking rules laid over the kind's defaults.").orNull(),
            "hours": HoursController.hoursInput.described("Weekly hours; closed every day when left out.").orNull(),
            "api_key_name": Schema.string("Name of the first API key (1–100 characters); `default` when left out.").orNull(),
        ], required: ["slug", "name", "kind", "timezone"]
    ).inserting(detailFields(.input), after: "timezone")

    static let updateBody = Schema.object(
        "Only the fields sent change; `null` clears \(BusinessDetailField.all.map(\.name).joined(separator: ", ")).",
        [
            "slug": Schema.string("2–63 lower-case letters, digits or single hyphens; unique.", minLength: 2, maxLength: 63).orNull(),
            "name": Schema.string(minLength: 1, maxLength: 200).orNull(),
            "kind": Schema.string("Cannot change after onboarding; the current kind is accepted.", allowed: kinds).orNull(),
            "timezone": Schema.string("IANA time zone name.").orNull(),
            "language": Schema.string("BCP 47 tag of the callers' language, e.g. fr-FR.", maxLength: 20).orNull(),
            "policy": policyInput.orNull(),
        ]
    ).inserting(detailFields(.update), after: "timezone")

    /// How the details appear: in answers, in a new business, in a change (where null clears one).
    enum DetailUse { case output, input, update }

    /// The details' schemas, one per field of `BusinessDetailField.all`, in its order.
    static func detailFields(_ use: DetailUse) -> [Schema.Property] {
        BusinessDetailField.all.map { field in
            var schema: Schema =
                switch field.format {
                case .phone: use == .output ? CommonSchemas.phone : phoneInput
                case .email: use == .output ? Schema.string(format: "email") : Schema.string(format: "email", maxLength: 254)
                case .text(let max): Schema.string(maxLength: max)
                }
            let format = field.format == .phone ? schema.description : nil
            let description = [field.description, format, use == .update ? "null clears it." : nil].compactMap { $0 }.joined(separator: " ")
            if !description.isEmpty { schema = schema.described(description) }
            return Schema.Property(name: field.name, schema: schema.orNull())
        }
    }

    // MARK: operations

    static let getOperation = APIOperation(
        .get, "/v1/businesses/{businessID}", id: "getBusiness", tag: "Businesses", access: .businessKey,
        summary: "A business with its booking rules and weekly hours."
    )
    .answer(200, "The business.", business)

    static let updateOperation = APIOperation(
        .patch, "/v1/businesses/{businessID}", id: "updateBusiness", tag: "Businesses", access: .businessKey,
        summary: "Change a business's details or booking rules."
    )
    .body(updateBody)
    .answer(200, "The business as changed.", business)
    .refusal(409, "CONFLICT: the slug is taken (field `slug`)")
}
