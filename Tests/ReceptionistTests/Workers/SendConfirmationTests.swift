import Foundation
import Testing

/// The agent's `send_confirmation`, end to end: the signed call queues a job, the product's pool delivers it, and what
/// arrives at the fake Twilio and at the real SMTP test server goes to the booking's number and address with its code.
@Suite struct SendConfirmationTests {
    @Test func aConfirmationAskedForOnTheCallArrivesByTextAndByEmail() async throws {
        try await TestApp.run { api, services in
            let (id, _) = try await api.createRestaurant(slug: "resend")
            let retell = api.retell(id)
            let caller = "+14155550142", email = "lin.resend@example.org"
            let booked = try await retell.call(
                "create_booking", ["date": futureDate(days: 5), "time": "19:00", "party_size": 3, "name": "Lin Resend", "email": email],
                callID: "call_resend", call: ["from_number": caller])
            #expect(booked.body["ok"].bool == true, "\(booked.text)")
            let code = try #require(booked.body["booking"]["confirmation_code"].string)

            try await FakeTwilio.with { twilio in
                try await SMTPTestServer.with { smtp in
                    let environment = twilio.environment.merging(smtp.environment) { first, _ in first }
                    /// Runs the product's pool until `count` jobs of `kind` have succeeded.
                    func deliver(_ kind: String, _ count: Int) async throws {
                        let pool = try TestPools.product(services.database, environment: environment)
                        let done = try await TestPools.run([pool]) {
                            try await services.database.count("SELECT count(*)::int FROM jobs WHERE kind = '\(kind)' AND state = 'succeeded'")
                                == count
                        }
                        #expect(done, "\(count) \(kind) jobs: \(smtp.process.output)")
                    }
                    // The booking's own confirmation (a text and an email) first, so what arrives next is the request's alone.
                    try await deliver("booking_confirmed", 2)
                    let textsBefore = twilio.messages, mailsBefore = smtp.received
                    #expect(textsBefore.count == 1 && mailsBefore.count == 1)

                    let bySMS = try await retell.call(
                        "send_confirmation", ["confirmation_code": code.lowercased()], callID: "call_resend", call: ["from_number": caller])
                    #expect(bySMS.body["ok"].bool == true, "\(bySMS.text)")
                    #expect(bySMS.body["channel"].string == "sms")
                    #expect(bySMS.body["confirmation_code"].string == code)
                    let byEmail = try await retell.call(
                        "send_confirmation", ["confirmation_code": code, "channel": "email"], callID: "call_resend", call: ["from_number": caller])
                    #expect(byEmail.body["ok"].bool == true, "\(byEmail.text)")
                    #expect(byEmail.body["channel"].string == "email")
                    #expect(
                        try await services.database.strings("SELECT payload->>'channel' FROM jobs WHERE kind = 'send_confirmation' ORDER BY id")
                            == ["sms", "email"])
                    try await deliver("send_confirmation", 2)

                    let texts = twilio.messages.filter { !textsBefore.contains($0) }
                    #expect(texts.count == 1, "one text for the request: \(texts)")
                    let text = try #require(texts.first)
                    #expect(text.to == caller, "the booking's number (the caller's)")
                    #expect(text.from == FakeTwilio.from)
                    #expect(text.body.contains("Confirmation code \(code)."), "\(text.body)")
                    #expect(text.body.contains("a table for 3"), "\(text.body)")

                    let mails = smtp.received.filter { !mailsBefore.contains($0) }
                    #expect(mails.count == 1, "one email for the request")
                    let mail = try #require(mails.first)
                    #expect(mail.contains("X-Envelope-To: \(email)\r\n"), "\(mail.prefix(300))")
                    #expect(mail.contains("X-Was-TLS: True"))
                    let mailBody = Self.bodyText(mail)
                    #expect(mailBody.contains("Confirmation code \(code)."), "\(mailBody)")
                    #expect(mailBody.contains("a table for 3"), "\(mailBody)")
                }
            }
            // The history says both went out, under the requests' own jobs.
            #expect(
                try await services.database.strings(
                    """
                    SELECT n.channel || ' ' || n.status FROM notifications n JOIN jobs j ON j.id = n.job_id
                    WHERE j.kind = 'send_confirmation' ORDER BY n.channel
                    """) == ["email sent", "sms sent"])
        }
    }

    /// The text of a received message: its body, decoded when it was sent base64-encoded.
    static func bodyText(_ mail: String) -> String {
        let body = mail.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        let decoded = Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))
        return decoded.map { String(decoding: $0, as: UTF8.self) } ?? body
    }
}
