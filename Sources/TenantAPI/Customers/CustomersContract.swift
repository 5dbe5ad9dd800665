import HTTPCore

/// The customer routes as the contract states them; a customer's bookings share the front desk's booking shape.
extension CustomersController {
    static let customer = Schema.object(
        "A customer: the bookings made with one phone number.",
        [
            "phone": CommonSchemas.phone,
            "name": Schema.string("The name on the booking they made last."),
            "bookings": Schema.integer("How many bookings they made."),
            "last_booking_at": CommonSchemas.instant.described("When their latest booking starts."),
        ], required: ["phone", "bookings", "last_booking_at"])

    static let searchOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/customers", id: "searchCustomers", tag: "Customers",
        access: .businessKey,
        summary:
            "Customers, most recent first, whose name has a word starting with each word of `q`, or whose number ends with its digits (4 or more)."
    )
    .query("q", .string("2–100 characters (once trimmed): words of a name (`ada love`), or the last 4+ digits of a number."), required: true)
    .query("limit", CommonSchemas.limit)
    .answer(200, "The customers found.", .object(nil, ["customers": .array(customer)], required: ["customers"]))

    static let bookingsOperation = APIOperation(
        .get, "/v1/businesses/{businessID}/customers/{phone}/bookings", id: "listCustomerBookings",
        tag: "Customers", access: .businessKey, summary: "One customer's bookings."
    )
    .parameter("phone", CommonSchemas.phone.described("The customer's number, E.164 URL-encoded (%2B for +)."))
    .query("limit", .integer("Page size (200 unless given).", min: 1, max: 500))
    .answer(200, "Their bookings.", .object(nil, ["bookings": .array(OwnerBookingsController.booking)], required: ["bookings"]))

    static let eraseOperation = APIOperation(
        .post, "/v1/businesses/{businessID}/customers/{phone}/erase", id: "eraseCustomer", tag: "Customers",
        access: .businessKey,
        summary: "Erase a customer's personal data on request; their bookings stay as anonymous history and the erasure is recorded by a keyed hash."
    )
    .parameter("phone", CommonSchemas.phone.described("The customer's number, E.164 URL-encoded (%2B for +)."))
    .answer(200, "How many bookings were anonymised.", .object(nil, ["erased_bookings": .integer()], required: ["erased_bookings"]))
}
