import HTTPCore

/// The hours routes as the contract states them, so the document, /docs and the request checks share one source.
extension HoursController {
    static let interval = Schema.object(
        "One opening range; when `closes` is not after `opens` it runs past midnight.",
        [
            "opens": CommonSchemas.localTime,
            "closes": CommonSchemas.localTime,
        ], required: ["opens", "closes"])

    static let dayIntervals = Schema.array(interval, "The day's opening ranges; empty when closed.")

    /// Weekly hours as answers show them: every weekday, lower-case.
    static let weeklyHours = Schema.object(
        "The weekly hours.",
        [
            "weekly": .object(
                nil,
                [
                    "monday": dayIntervals,
                    "tuesday": dayIntervals,
                    "wednesday": dayIntervals,
                    "thursday": dayIntervals,
                    "friday": dayIntervals,
                    "saturday": dayIntervals,
                    "sunday": dayIntervals,
                ], required: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
        ], required: ["weekly"])

    /// Weekly hours as requests write them (and staff hours are echoed): any weekday may be left out.
    static let hoursInput = Schema.object(
        "Weekly hours; a day left out is closed.",
        [
            "weekly": .map(.array(interval), "Opening ranges keyed by weekday name (monday … sunday).")
        ], required: ["weekly"])

    static let dateOverride = Schema.object(
        "An exception to the weekly hours for one date.",
        [
            "date": CommonSchemas.localDate,
            "closed": .boolean("Closed all day."),
            "hours": .array(interval, "The special hours; empty when closed."),
            "reason": .string(),
        ], required: ["date", "closed", "hours"])

    static let dateOverrideInput = Schema.object(
        "Closed all day, or open only during `hours`.",
        [
            "date": CommonSchemas.localDate,
            "closed": Schema.boolean("Closed all day; defaults to true when no hours are given.").orNull(),
            "hours": Schema.array(interval, "The special hours; leave out when closed.").orNull(),
            "reason": Schema.string(maxLength: 200).orNull(),
        ], required: ["date"])

    static let getOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/hours", id: "getHours", tag: "Hours", access: .businessKey,
        summary: "The weekly opening hours."
    )
    .answer(200, "The weekly hours.", weeklyHours)

    static let replaceOperation = APIOperation(
        .put, "/v1/businesses/{businessID}/hours", id: "replaceHours", tag: "Hours", access: .businessKey,
        summary: "Replace the weekly opening hours."
    )
    .body(hoursInput)
    .answer(200, "The weekly hours as stored.", weeklyHours)

    static let listOverridesOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/date-overrides", id: "listDateOverrides", tag: "Hours",
        access: .businessKey, summary: "The date overrides (holidays, special hours)."
    )
    .query("from", CommonSchemas.localDate.described("Only overrides on or after this date."))
    .answer(200, "The overrides.", .object(nil, ["date_overrides": .array(dateOverride)], required: ["date_overrides"]))

    static let addOverrideOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/date-overrides", id: "createDateOverride", tag: "Hours",
        access: .businessKey, summary: "Close a date or give it special hours (one override per date)."
    )
    .body(dateOverrideInput)
    .answer(201, "The override.", dateOverride)
    .refusal(409, "CONFLICT: that date already has an override (field `date`); delete it first")

    static let deleteOverrideOperation = APIOperation(
        .delete, "/v1/businesses/{businessID}/date-overrides/{date}", id: "deleteDateOverride",
        tag: "Hours", access: .businessKey, summary: "Remove a date's override."
    )
    .parameter("date", CommonSchemas.localDate)
    .answer(204, "Removed.")
}
