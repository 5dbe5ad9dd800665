import Domain
import Foundation
import Storage

extension AgentFunction {
    /// `find_booking`: upcoming bookings of this business by code, phone (the caller's by default) or name and day.
    static let findBooking = AgentFunction(
        name: "find_booking",
        description:
            "Find the caller's upcoming bookings by confirmation code, by phone (defaults to the number calling), or by name and day; "
            + "by phone, their waitlist requests too.",
        arguments: FindBooking.Arguments.self, mutates: false, speakDuringExecution: false
    ) { args, c in FunctionAnswer(try await FindBooking.handle(args, c)) }
}

enum FindBooking {
    struct Arguments: AgentArguments {
        static let code = Param<String?>.code("confirmation_code", Param<String>.code.parameter.description)
        static let phone = Param<PhoneNumber?>.phone("phone", "Phone number the booking was made with.")
        static let name = Param<String?>.text("name", "Name on the booking.", max: 100)
        static let date = Param<LocalDate?>.date("date", "Day of the booking as the caller said it (YYYY-MM-DD, tomorrow, friday, december 4).")
        static let parameters = [code.parameter, phone.parameter, name.parameter, date.parameter, Param<String?>.language]

        var code: String?, name: String?, date: LocalDate?, phone: PhoneNumber?

        init(from decoder: any Decoder) throws {
            let read = try ArgumentReader(decoder)
            code = try read(Self.code)
            name = try read(Self.name)
            date = try read(Self.date)
            phone = try read(Self.phone)
        }
    }

    static func handle(_ args: Arguments, _ c: FunctionContext) async throws -> [String: Any] {
        let phone = args.phone ?? (args.code == nil && args.name == nil ? c.fromNumber : nil)
        guard args.code != nil || phone != nil || args.name != nil else {
            throw ArgumentError(field: "confirmation_code", message: "give a confirmation code, a phone number, or a name")
        }
        // The caller's waitlist requests too, when looked up by phone (listed only when there are some), read beside
        // the bookings rather than after them: a caller is waiting. Without a phone there is nothing to read, and no
        // task is started for it (an `async let` is a task and a hand-over between threads).
        let bookings = { try await c.bookings.find(c.tenant, code: args.code, phone: phone?.e164, name: args.name, date: args.date) }
        let found: [Booking], waiting: [WaitlistStore.Entry]
        if let phone {
            async let requests = c.waitlist.active(c.business.id, phone: phone.e164)
            (found, waiting) = (try await bookings(), try await requests)
        } else {
            (found, waiting) = (try await bookings(), [])
        }
        var fields: [String: Any] = ["bookings": found.map(c.answer.booking)]
        if !waiting.isEmpty { fields["waitlist"] = waiting.map { c.answer.waitlistEntry($0) } }
        if found.isEmpty && waiting.isEmpty { return c.answer.failure("NOT_FOUND", Phrasebook(c.answer.language).noUpcoming, fields) }
        return c.answer.ok(fields)
    }
}
