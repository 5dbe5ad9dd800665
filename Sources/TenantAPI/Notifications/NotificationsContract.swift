import HTTPCore

/// The notification routes as the contract states them, so the document, /docs and the request checks share one source.
extension NotificationsController {
    static let kindList =
        "booking_confirmed, booking_changed, booking_cancelled, booking_reminder, owner_message, owner_call_notice, owner_calendar_disconnected, "
        + "owner_phone_agent_broken, owner_booking_alert, owner_calendar_change, waitlist_offer"

    static let historyEntry = Schema.object(
        "A message sent, skipped or failed, and why.",
        [
            "id": Schema.string("The entry's number."),
            "kind": .string("The message kind (\(kindList))."),
            "channel": .string(),
            "recipient": .string(),
            "status": .string(allowed: ["sent", "skipped", "failed"]),
            "reason": .string("Why it was skipped or failed."),
            "created_at": CommonSchemas.instant,
        ], required: ["id", "kind", "channel", "status"])

    static let template = Schema.object(
        "The wording of one message kind.",
        [
            "subject": Schema.string("Email subject; absent when the template has none."),
            "body": .string(),
            "custom": .boolean("True when the business wrote it; false for the built-in wording."),
            "placeholders": .array(.string(), "The `{placeholder}` names this kind may use."),
        ], required: ["body", "custom", "placeholders"])

    static let settingsSchema = Schema.object(
        "Reminder lead time and the wording of every message kind.",
        [
            "reminder_lead_minutes": Schema.integer("Minutes before a booking its reminder is sent; absent when reminders are off."),
            "booking_alerts": .array(
                .string(allowed: ["email", "sms"]),
                "Channels the owner is told of every new, changed and cancelled booking on: email (the business's address), sms (its "
                    + "transfer phone). Empty: none."),
            "templates": .map(template, "Every message kind (\(kindList)) with the wording in use."),
        ], required: ["templates", "booking_alerts"])

    static let templateInput = Schema.object(
        "A business's own wording; placeholders must be ones its kind offers.",
        [
            "subject": Schema.string("Email subject.", maxLength: 200).orNull(),
            "body": .string(maxLength: 1600),
        ], required: ["body"])

    static let settingsPatch = Schema.object(
        "Only the fields sent change.",
        [
            "reminder_lead_minutes": Schema.integer("From 15 minutes to 7 days; null turns reminders off.", min: 15, max: 10080).orNull(),
            "booking_alerts": Schema.array(.string(allowed: ["email", "sms"]), "Replaces the channels; [] turns alerts off.", maxItems: 2)
                .orNull(),
            "templates": Schema.map(
                templateInput.orNull(), "By message kind (\(kindList)); a null template restores the built-in wording; kinds left out are unchanged."
            )
            .orNull(),
        ])

    static let historyOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/notifications", id: "listNotifications", tag: "Notifications",
        access: .businessKey, summary: "What was sent or skipped, and why, newest first."
    )
    .query("limit", CommonSchemas.limit)
    .answer(200, "The history.", .object(nil, ["notifications": .array(historyEntry)], required: ["notifications"]))

    static let settingsOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/notifications/settings", id: "getNotificationSettings",
        tag: "Notifications", access: .businessKey,
        summary: "The reminder lead time and every message template, defaults included."
    )
    .answer(200, "The settings.", settingsSchema)

    static let updateSettingsOperation = APIOperation(
        .patch, "/v1/businesses/{businessID}/notifications/settings", id: "updateNotificationSettings",
        tag: "Notifications", access: .businessKey,
        summary: "Change the reminder lead time or message templates."
    )
    .body(settingsPatch)
    .answer(200, "The settings as changed.", settingsSchema)
}
