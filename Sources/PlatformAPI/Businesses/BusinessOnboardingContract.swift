import HTTPCore
import TenantAPI

/// The operator's business routes as the contract states them; a business's own shape is the owner API's.
extension BusinessOnboardingController {
    static let createOperation = APIOperation(
        .post, "/v1/businesses", id: "createBusiness", tag: "Businesses", access: .platformKey,
        summary: "Onboard a business, with its first API key."
    )
    .body(BusinessController.createBody)
    .answer(
        201, "The business and its first key; the key's secret is shown only here.",
        .object(
            nil,
            [
                "business": BusinessController.business,
                "api_key": APIKeyController.apiKey,
            ], required: ["business", "api_key"])
    )
    .refusal(409, "CONFLICT: the slug is taken (field `slug`)")

    static let listOperation = APIOperation(
        .get, "/v1/businesses", id: "listBusinesses", tag: "Businesses", access: .platformKey,
        summary: "Every business, a page at a time."
    )
    .query("limit", CommonSchemas.limit)
    .query("cursor", .string("The `next_cursor` of the previous page.", format: "uuid"))
    .answer(
        200, "A page of businesses.",
        .object(
            nil,
            [
                "businesses": .array(BusinessController.business),
                "next_cursor": .string("Present when there is another page."),
            ], required: ["businesses"]))
}
