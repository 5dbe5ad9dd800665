import HTTPCore

/// Twilio's inbound SMS webhook as the contract states it.
extension TwilioSMSController {
    static let bodyLimit = 64 * 1024

    static let inboundOperation = APIOperation(
        .post, "/v1/twilio/sms", id: "twilioInboundSMS", tag: "Text replies", access: .open,
        summary:
            "Where Twilio posts a text sent to the platform's number (set it as the number's or Messaging Service's incoming "
            + "webhook). Signed with `X-Twilio-Signature` over `PUBLIC_BASE_URL` + this path and the form; answered with TwiML."
    )
    .body(
        .object(
            "Twilio's form fields (more are sent and signed; all are checked, these are read).",
            [
                "MessageSid": .string("Twilio's id of the message: each is handled once, however often it is delivered."),
                "From": .string("The texter's number (E.164)."),
                "To": .string("Our number."),
                "Body": .string("The text."),
            ], required: ["MessageSid", "From", "Body"]),
        check: .documented, limit: bodyLimit, contentType: "application/x-www-form-urlencoded"
    )
    .acceptingAnyQuery()
    .answer(200, "TwiML: our answer as a `<Message>`, or an empty `<Response/>`.", .string(), contentType: "text/xml")
    .answer(400, "A field missing or not a phone number.", .ref("Error"))
    .answer(403, "The signature does not match: refused, nothing stored.", .ref("Error"))
    .answer(503, "NOT_CONFIGURED: Twilio is not configured on this server, or DATABASE_UNAVAILABLE", .ref("Error"))
}
