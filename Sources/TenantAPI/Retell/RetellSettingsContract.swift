import HTTPCore

/// The Retell routing settings as the contract states them: the same shape is read, replaced and answered.
extension RetellSettingsController {
    static let settings = Schema.object(
        "The Retell agents and phone numbers whose calls belong to this business.",
        [
            "agent_ids": .array(.string("A Retell agent id.", minLength: 1, maxLength: 200)),
            "phone_numbers": .array(Schema.string("A number Retell answers, in international form (E.164).", example: "+14155550123")),
        ], required: ["agent_ids", "phone_numbers"])

    static let getOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/retell", id: "getRetellSettings", tag: "Retell setup",
        access: .businessKey, summary: "Which Retell agents and numbers belong to this business."
    )
    .answer(200, "The routing, sorted.", settings)

    static let putOperation = APIOperation(
        .put, "/v1/businesses/{businessID}/retell", id: "putRetellSettings", tag: "Retell setup",
        access: .businessKey, summary: "Replace which Retell agents and numbers belong to this business (duplicates are merged)."
    )
    .body(settings)
    .answer(200, "The routing as stored: numbers in E.164, sorted, without duplicates.", settings)
    .answer(409, "CONFLICT: an agent id or number is already registered to another business", .ref("Error"))
}
