import Domain
import Testing

/// Twilio's signature (its own published vectors) and how a text is read, in English and each business language.
@Suite struct TextReplyTests {
    @Test func twilioSignaturesMatchTwilioPublishedVectors() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let fields = [
            ("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212"),
        ]
        #expect(TwilioSignature.compute(authToken: "12345", url: url, parameters: fields) == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(TwilioSignature.valid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", authToken: "12345", url: url, parameters: fields.reversed()))
        let repeated = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")]
        #expect(TwilioSignature.compute(authToken: "12345", url: url, parameters: repeated) == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
        #expect(!TwilioSignature.valid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", authToken: "12345", url: url + "&extra=1", parameters: fields))
        #expect(!TwilioSignature.valid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", authToken: "54321", url: url, parameters: fields))
        #expect(!TwilioSignature.valid(nil, authToken: "12345", url: url, parameters: fields))
    }

    @Test func textsAreReadInEnglishAndTheBusinessLanguage() {
        #expect(TextReply.read("STOP", language: .englishUS) == .stop)
        #expect(TextReply.read(" stop. ", language: .french) == .stop, "carriers' English keywords everywhere")
        #expect(TextReply.read("Unsubscribe", language: .englishUS) == .stop)
        #expect(TextReply.read("start", language: .englishUS) == .start)
        #expect(TextReply.read("HELP", language: .englishUS) == .help)
        #expect(TextReply.read("C", language: .englishUS) == .cancel(code: nil))
        #expect(TextReply.read("Cancel abc234", language: .englishUS) == .cancel(code: "ABC234"))
        #expect(TextReply.read("yes", language: .englishUS) == .yes)
        #expect(TextReply.read("No thanks", language: .englishUK) == .no)
        #expect(TextReply.read("Sí", language: .spanish) == .yes)
        #expect(TextReply.read("cancelar", language: .spanish) == .cancel(code: nil))
        #expect(TextReply.read("BAJA", language: .spanish) == .stop)
        #expect(TextReply.read("Oui !", language: .french) == .yes)
        #expect(TextReply.read("Annuler XK42PQ", language: .french) == .cancel(code: "XK42PQ"))
        #expect(TextReply.read("non", language: .french) == .no)
        #expect(TextReply.read("Ja", language: .german) == .yes)
        #expect(TextReply.read("stornieren", language: .german) == .cancel(code: nil))
        #expect(TextReply.read("annulla", language: .italian) == .cancel(code: nil))
        #expect(TextReply.read("não", language: .portuguese) == .no)
        #expect(TextReply.read("Sim", language: .portuguese) == .yes)
        #expect(TextReply.read("oui", language: .englishUS) == .other, "another language's word is not guessed")
        #expect(TextReply.read("Can I bring my dog on Saturday?", language: .englishUS) == .other)
        #expect(TextReply.read("STOP sending me these please", language: .englishUS) == .other)
        #expect(TextReply.read("", language: .englishUS) == .other)
        #expect(TextReply.read("cancel abc-234", language: .englishUS) == .cancel(code: "ABC234"), "a code however dashed")
        #expect(TextReply.read("cancel at 7pm please", language: .englishUS) == .other, "not a code: nothing cancelled")
        #expect(TextReply.read("Cancelled?", language: .englishUS) == .other)
        #expect(TextReply.read("revoke", language: .englishUS) == .stop)
    }
}
