import HTTPCore

/// The day sheet's route as the contract states it; its bookings share the front desk's booking shape.
extension ScheduleController {
    static let sheetOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/schedule", id: "getSchedule", tag: "Bookings", access: .businessKey,
        summary: "One local day's bookings (cancelled ones left out) in time order, grouped by start with the covers and staff of each."
    )
    .query("date", CommonSchemas.localDate.described("The local day, YYYY-MM-DD."), required: true)
    .answer(
        200, "The day sheet.",
        .object(
            nil,
            [
                "date": CommonSchemas.localDate,
                "timezone": Schema.string("The business's IANA time zone.", example: "Europe/Paris"),
                "covers": Schema.integer("Guests expected over the day (no-shows count 0)."),
                "bookings_count": Schema.integer(),
                "slots": .array(
                    .object(
                        "The bookings starting at one instant (the two 01:30s of an autumn night are two slots).",
                        [
                            "time": CommonSchemas.localTime,
                            "starts_at": CommonSchemas.instant,
                            "covers": Schema.integer("Guests of the slot (no-shows count 0)."),
                            "staff": .array(.string(), "The staff serving it, for appointments."),
                            "bookings": .array(OwnerBookingsController.booking),
                        ], required: ["time", "starts_at", "covers", "staff", "bookings"])),
            ], required: ["date", "timezone", "covers", "bookings_count", "slots"]))
}
