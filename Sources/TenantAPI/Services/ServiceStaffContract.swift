import HTTPCore

/// The services and staff routes as the contract states them, so the document, /docs and the request checks share one source.
extension ServiceStaffController {
    static let serviceInput = Schema.object(
        "A service the business offers.",
        [
            "name": Schema.string("1–100 characters once trimmed; unique (ignoring case)."),
            "duration_minutes": .integer(min: 5, max: 1440),
            "buffer_before_minutes": Schema.integer("Kept free before the service; 0 when left out.", min: 0, max: 240).orNull(),
            "buffer_after_minutes": Schema.integer("Kept free after the service; 0 when left out.", min: 0, max: 240).orNull(),
            "durations": Schema.array(
                .integer(min: 5, max: 1440), "Other lengths (minutes) a client may choose per booking, e.g. [15, 30, 45, 60].", maxItems: 6
            ).orNull(),
        ], required: ["name", "duration_minutes"])

    /// The services as the answer echoes them (a buffer left out stays out).
    static let service = Schema.object(
        "A service the business offers.",
        [
            "name": Schema.string(),
            "duration_minutes": .integer(min: 5, max: 1440),
            "buffer_before_minutes": .integer(min: 0, max: 240),
            "buffer_after_minutes": .integer(min: 0, max: 240),
            "durations": .array(.integer(min: 5, max: 1440), "Other lengths a client may choose."),
        ], required: ["name", "duration_minutes"])

    static let staffMemberInput = Schema.object(
        "Someone who performs services.",
        [
            "name": Schema.string("1–100 characters once trimmed; unique (ignoring case)."),
            "services": .array(.string(), "Names of the services this person performs."),
            "hours": HoursController.hoursInput.described("This person's weekly hours.").orNull(),
        ], required: ["name", "services"])

    /// The staff as the answer echoes them (hours left out stay out).
    static let staffMember = Schema.object(
        "Someone who performs services.",
        [
            "name": Schema.string(),
            "services": .array(.string(), "Names of the services this person performs."),
            "hours": HoursController.hoursInput.described("This person's weekly hours."),
        ], required: ["name", "services"])

    static let replaceServicesOperation = APIOperation(
        .put, "/v1/businesses/{businessID}/services", id: "replaceServices",
        tag: "Services and staff", access: .businessKey,
        summary: "Replace the services an appointment business offers."
    )
    .body(.object(nil, ["services": .array(serviceInput)], required: ["services"]))
    .answer(200, "The services as sent.", .object(nil, ["services": .array(service)], required: ["services"]))

    static let replaceStaffOperation = APIOperation(
        .put, "/v1/businesses/{businessID}/staff", id: "replaceStaff",
        tag: "Services and staff", access: .businessKey,
        summary: "Replace the staff of an appointment business and the services each performs."
    )
    .body(.object(nil, ["staff": .array(staffMemberInput)], required: ["staff"]))
    .answer(200, "The staff as sent.", .object(nil, ["staff": .array(staffMember)], required: ["staff"]))
}
