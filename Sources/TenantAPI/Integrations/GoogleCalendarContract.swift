import HTTPCore

/// The Google Calendar routes as the contract states them; the OAuth callback accepts whatever query Google appends and answers HTML.
extension GoogleCalendarController {
    /// `StatusResponse`: nil optionals are left out, not written as null. Never a token.
    static let connection = Schema.object(
        "The business's Google Calendar connection.",
        [
            "provider": Schema.string(allowed: ["google"]),
            "status": Schema.string(
                "`invalid`: Google no longer accepts the grant; connect again.",
                allowed: ["not_connected", "connected", "invalid", "disconnected"]),
            "account": Schema.string("The Google account's email.", format: "email"),
            "calendar_id": Schema.string("The calendar bookings are copied to.", example: "primary"),
            "busy_times_enabled": Schema.boolean("Whether events in the calendar block availability."),
            "scopes": .array(.string(), "The scopes Google granted."),
            "connected_at": CommonSchemas.instant,
            "last_sync_at": CommonSchemas.instant,
            "last_error": Schema.string("The last sync failure, when there was one."),
            "changes_from_google": Schema.string(
                "How edits made in Google reach the bookings: `push` (Google notifies us within seconds), `polling` (read every few "
                    + "minutes: no public HTTPS address, or Google refused the channel), `none` (not set up yet).",
                allowed: ["push", "polling", "none"]),
            "last_pull_at": CommonSchemas.instant,
            "last_pull_error": Schema.string("Why the last read of Google's changes failed, or why they are polled."),
        ], required: ["provider", "status", "busy_times_enabled", "scopes"])

    static let notConfigured = "NOT_CONFIGURED: Google Calendar is not configured on this server, or DATABASE_UNAVAILABLE"

    static let connectOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/integrations/google/connect", id: "connectGoogleCalendar",
        tag: "Google Calendar", access: .businessKey,
        summary: "Start connecting Google Calendar: the consent URL to open in the admin's browser."
    )
    .answer(
        200, "Where to send the admin.",
        .object(
            nil,
            [
                "authorization_url": Schema.string("Google's consent page.", format: "uri"),
                "expires_at": CommonSchemas.instant.described("After this the link no longer completes."),
            ], required: ["authorization_url", "expires_at"])
    )
    .answer(503, notConfigured, .ref("Error"))

    static let callbackOperation = APIOperation(
        .get, "/v1/oauth/google/callback", id: "googleOAuthCallback", tag: "Google Calendar", access: .open,
        summary: "Where Google returns the admin's browser: a small page saying whether the calendar is connected."
    )
    .query("code", .string("Google's authorization code."))
    .query("state", .string("The signed state given out with the consent URL."))
    .query("error", .string("Google's error, when the admin declined."))
    .acceptingAnyQuery()
    .answer(200, "An HTML page: connected.", .string(), contentType: "text/html")
    .answer(303, "Back to the console page the connection was started from, with `?google=connected` or `?google=not_connected`.")
    .answer(400, "An HTML page saying why the calendar was not connected.", .string(), contentType: "text/html")
    .answer(503, notConfigured, .ref("Error"))

    static let notificationOperation = APIOperation(
        .post, "/v1/google/calendar/notifications", id: "googleCalendarNotification", tag: "Google Calendar", access: .open,
        summary:
            "Where Google posts a push channel's notifications (no body; the `X-Goog-*` headers name the channel and carry its "
            + "secret token). A change queues one pull of the calendar's changes per burst."
    )
    .answer(204, "Accepted: the calendar's changes will be read (a `sync` message, which may come before the channel is stored, queues nothing).")
    .answer(403, "The channel's token or resource id does not match: refused, nothing queued.", .ref("Error"))
    .answer(404, "No open channel has this id (a stopped or replaced one): refused, nothing queued.", .ref("Error"))
    .answer(503, notConfigured, .ref("Error"))

    static let statusOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/integrations/google", id: "getGoogleCalendar", tag: "Google Calendar",
        access: .businessKey, summary: "The connection's status and settings (never a token)."
    )
    .answer(200, "The connection.", connection)

    static let updateOperation = APIOperation(
        .patch, "/v1/businesses/{businessID}/integrations/google", id: "updateGoogleCalendar",
        tag: "Google Calendar", access: .businessKey, summary: "Choose the calendar and whether its busy times block availability."
    )
    .body(
        .object(
            "The settings to change; absent ones are kept.",
            [
                "calendar_id": Schema.string("A Google calendar id, without spaces.", minLength: 1, maxLength: 254, example: "primary").orNull(),
                "busy_times_enabled": Schema.boolean("Whether events in the calendar block availability.").orNull(),
            ])
    )
    .answer(200, "The connection.", connection)
    .answer(409, "CONFLICT: Google Calendar is not connected yet", .ref("Error"))

    static let disconnectOperation = APIOperation(
        .delete, "/v1/businesses/{businessID}/integrations/google", id: "disconnectGoogleCalendar",
        tag: "Google Calendar", access: .businessKey,
        summary: "Disconnect: revoke the grant at Google and wipe the tokens here."
    )
    .answer(200, "The connection, now disconnected.", connection)
    .answer(503, notConfigured, .ref("Error"))
}
