import Domain
import HTTPCore

/// The front desk's booking routes as the contract states them; `booking` is the one shape every booking answer uses.
extension OwnerBookingsController {
    /// `OwnerBookingJSON`: nil optionals are left out, not written as null.
    static let booking = Schema.object(
        "A booking as the owner sees it, with its local date and time in the business's zone.",
        [
            "id": CommonSchemas.uuid,
            "confirmation_code": Schema.string("What the caller is told and reads back."),
            "status": Schema.string(allowed: BookingStatus.allCases.map(\.rawValue)),
            "starts_at": CommonSchemas.instant,
            "ends_at": CommonSchemas.instant,
            "local_date": CommonSchemas.localDate,
            "local_time": CommonSchemas.localTime,
            "party_size": Schema.integer(),
            "customer_name": Schema.string(),
            "customer_phone": CommonSchemas.phone,
            "customer_email": Schema.string(format: "email"),
            "notes": Schema.string(),
            "service": Schema.string("For appointments: the service booked."),
            "staff_name": Schema.string("For appointments: who serves it."),
            "duration_minutes": Schema.integer("How long it lasts (a golf round's length; an appointment's chosen length)."),
            "holes": Schema.string("Golf: the round booked.", allowed: ["NINE", "EIGHTEEN"]),
            "price_per_player": Schema.string("Golf: the price per player quoted when booked, e.g. 45.00.", example: "45.00"),
            "currency": Schema.string("The price's ISO 4217 code.", example: "USD"),
            "intake": Schema.map(.string(), "Answers to the business's intake questions, by key (personal data: erased with the customer)."),
            "source": Schema.string("Where the booking came from.", allowed: ["phone", "owner", "api", "walk_in"]),
            "call_id": Schema.string("The Retell call that made it."),
            "created_at": CommonSchemas.instant,
            "updated_at": CommonSchemas.instant,
        ],
        required: [
            "id", "confirmation_code", "status", "starts_at", "ends_at", "local_date", "local_time", "party_size", "source",
            "created_at", "updated_at", "duration_minutes",
        ])

    /// The booking's answers as requests write them.
    static let intakeInput = Schema.map(
        .string(maxLength: 1000), "Answers to the business's intake questions, by key; a choice question takes one of its answers.")

    /// A phone number as the handlers parse it: E.164, with separators tolerated (so no length bound here).
    static let phoneInput = Schema.string(
        "A phone number in international form (E.164); spaces, dashes, dots and brackets are ignored.",
        example: "+14155550123")

    static let listOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/bookings", id: "listBookings", tag: "Bookings", access: .businessKey,
        summary: "Bookings in time order, filtered, a page at a time (a keyset cursor that neither repeats nor skips)."
    )
    .query(
        "status",
        .string(
            "Comma-separated statuses, any case: PENDING, CONFIRMED, CANCELLED, COMPLETED, NO_SHOW.",
            example: "PENDING,CONFIRMED")
    )
    .query("from", CommonSchemas.localDate.described("The first local day (inclusive), YYYY-MM-DD."))
    .query("to", CommonSchemas.localDate.described("The last local day (inclusive), YYYY-MM-DD."))
    .query("phone", phoneInput.described("Only this customer's bookings (E.164, URL-encoded)."))
    .query("name", .string("Words the customer's name starts with (each word a prefix of a word of the name, at least 2 letters)."))
    .query("source", .string("Only bookings from this source: phone, owner, api or walk_in."))
    .query("call_id", .string("Only bookings made on this Retell call."))
    .query("cursor", .string("`next_cursor` of the previous page."))
    .query("limit", CommonSchemas.limit)
    .answer(
        200, "A page of bookings; `next_cursor` is present when there may be more.",
        .object(
            nil,
            [
                "bookings": .array(booking),
                "next_cursor": .string("Pass as `cursor` for the next page."),
            ], required: ["bookings"]))

    static let createOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/bookings", id: "createBooking", tag: "Bookings", access: .businessKey,
        summary:
            "Book through the same engine and capacity check as a phone call; `override_capacity` seats a walk-in in a full slot (never "
            + "outside hours)."
    )
    .body(
        .object(
            "A booking the owner enters.",
            [
                "date": CommonSchemas.localDate,
                "time": CommonSchemas.localTime,
                "party_size": Schema.integer("Guests (1–100).", min: 1, max: 100),
                "name": Schema.string("The customer's name, 1–100 characters once trimmed."),
                "phone": phoneInput.orNull(),
                "email": Schema.string("For emailed confirmations; stored sealed with the other personal fields.", format: "email", maxLength: 254)
                    .orNull(),
                "notes": Schema.string(maxLength: 2000).orNull(),
                "service": Schema.string("For appointments: the service, as the business names it.").orNull(),
                "staff": Schema.string("For appointments: a staff member by name.").orNull(),
                "duration_minutes": Schema.integer("For appointments: a length the service offers.", min: 5, max: 1440).orNull(),
                "holes": Schema.string("Golf: the round (the longest sold when left out).", allowed: ["NINE", "EIGHTEEN"]).orNull(),
                "intake": intakeInput.orNull(),
                "source": Schema.string("Defaults to owner.", allowed: ["owner", "walk_in"]).orNull(),
                "override_capacity": Schema.boolean("Seat it even when the slot is full (recorded as an override). Defaults to false.").orNull(),
            ], required: ["date", "time", "party_size", "name"])
    )
    .answer(201, "The booking.", booking)
    .answer(409, "CONFLICT: refused by the engine (the refusal code first, then nearby free times)", .ref("Error"))

    static let showOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/bookings/{bookingID}", id: "getBooking", tag: "Bookings",
        access: .businessKey, summary: "One booking with its change history."
    )
    .answer(
        200, "The booking and its changes, oldest first.",
        .object(
            nil,
            [
                "booking": booking,
                "changes": .array(
                    .object(
                        "One audited change.",
                        [
                            "action": Schema.string(allowed: ["created", "modified", "cancelled", "status_changed", "restored", "anonymized"]),
                            "actor_type": Schema.string("Who made it.", allowed: ["agent", "owner", "platform", "system"]),
                            "actor_id": Schema.string(),
                            "reason": Schema.string(),
                            "at": CommonSchemas.instant,
                        ], required: ["action", "actor_type", "at"])),
            ], required: ["booking", "changes"]))

    static let updateOperation = APIOperation(
        .patch, "/v1/businesses/{businessID}/bookings/{bookingID}", id: "updateBooking", tag: "Bookings",
        access: .businessKey, summary: "Move or edit a booking through the engine (capacity checked against the others), with its audit row."
    )
    .body(
        .object(
            "The fields to change; absent (or null) ones are kept.",
            [
                "date": CommonSchemas.localDate.orNull(),
                "time": CommonSchemas.localTime.orNull(),
                "party_size": Schema.integer("Guests (1–100).", min: 1, max: 100).orNull(),
                "notes": Schema.string(maxLength: 2000).orNull(),
            ])
    )
    .answer(200, "The booking as changed.", booking)
    .answer(409, "CONFLICT: refused by the engine, or the booking can no longer be changed", .ref("Error"))

    static let replaceOperation = APIOperation(
        .put, "/v1/businesses/{businessID}/bookings/{bookingID}", id: "replaceBooking", tag: "Bookings", access: .businessKey,
        summary:
            "Replace a booking's details (seed 004's PUT): time, size, the person's details, notes and intake answers, and optionally "
            + "its service, staff, length or round. The person's fields left out are cleared (notes, phone, email, answers); service, "
            + "round and length left out are kept (a new service takes its usual length). A change of time, size, service, staff, "
            + "round or length goes through the engine like any move; restating the same ones only rewrites the details."
    )
    .body(
        .object(
            "The booking's full details.",
            [
                "date": CommonSchemas.localDate,
                "time": CommonSchemas.localTime,
                "party_size": Schema.integer("Guests (1–100).", min: 1, max: 100),
                "name": Schema.string("The customer's name, 1–100 characters once trimmed."),
                "phone": phoneInput.orNull(),
                "email": Schema.string(format: "email", maxLength: 254).orNull(),
                "notes": Schema.string(maxLength: 2000).orNull(),
                "service": Schema.string("For appointments: the service.").orNull(),
                "staff": Schema.string("For appointments: a staff member by name.").orNull(),
                "duration_minutes": Schema.integer("For appointments: a length the service offers.", min: 5, max: 1440).orNull(),
                "holes": Schema.string("Golf: the round.", allowed: ["NINE", "EIGHTEEN"]).orNull(),
                "intake": intakeInput.orNull(),
            ], required: ["date", "time", "party_size", "name"])
    )
    .answer(200, "The booking as replaced.", booking)
    .answer(409, "CONFLICT: refused by the engine, or the booking can no longer be changed", .ref("Error"))

    static let statusOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/bookings/{bookingID}/status", id: "changeBookingStatus",
        tag: "Bookings", access: .businessKey,
        summary:
            "Change a booking's status through the lifecycle rules, or bring a cancelled one back (an illegal change is a 409 naming the "
            + "allowed ones)."
    )
    .body(
        .object(
            nil,
            [
                "status": Schema.string(
                    "PENDING, CONFIRMED, CANCELLED, COMPLETED or NO_SHOW (any case). PENDING → CONFIRMED / CANCELLED; CONFIRMED → "
                        + "CANCELLED, and once begun COMPLETED / NO_SHOW; NO_SHOW → COMPLETED; CANCELLED → CONFIRMED until it starts, when its "
                        + "place is still free (a 409 with SLOT_TAKEN otherwise); COMPLETED is final.",
                    example: "CANCELLED"),
                "reason": Schema.string(maxLength: 500).orNull(),
            ], required: ["status"])
    )
    .answer(200, "The booking (unchanged when it already had that status).", booking)
    .answer(409, "CONFLICT: the change is not allowed now (the message names the allowed ones)", .ref("Error"))

    static let cancelOperation = APIOperation(
        .delete, "/v1/businesses/{businessID}/bookings/{bookingID}", id: "cancelBooking", tag: "Bookings", access: .businessKey,
        summary: "Cancel a booking (seed 004's DELETE): the row stays, cancelled, with its history; the customer is told."
    )
    .query("reason", .string("Why, for the booking's history.", maxLength: 500))
    .answer(200, "The booking, cancelled (unchanged when it already was).", booking)
    .answer(409, "CONFLICT: a booking that has been completed cannot be cancelled", .ref("Error"))
}
