import Accounts
import Domain
import Foundation
import HTTPCore
import Hummingbird
import RetellProvisioning
import Storage

/// The phone agent: its voice (from Retell's list, each with a sample to hear), language, and number (one the business
/// has, or one bought by area code after the cost is confirmed); its state (connected, the version callers reach,
/// the last sync and error); a test call; and disconnect. The platform's Retell key never reaches the page.
extension ConsoleController {
    @Sendable func phoneAgentPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerPage(request, context) { session, business in
            try await phoneAgentPage(session, business, notice: request.uri.queryParameters.get("done").map { _ in "Saved." }).response()
        }
    }

    func phoneAgentPage(
        _ session: AccountStore.Session, _ business: Business, form: FormBody? = nil, status: HTTPResponse.Status = .ok,
        problem: String? = nil, notice: String? = nil
    ) async throws -> HTMLPage {
        var extra = try await dailyContext(business, role: .owner, open: "Settings")
        extra["available"] = provisioner != nil
        let agent = try await agents.get(business.id)
        var voices: [RetellClient.Voice] = []
        var voicesProblem: String?
        if let provisioner {
            do { voices = try await provisioner.voices() } catch {
                voicesProblem = "Retell's voices could not be loaded just now; try again in a minute."
            }
        }
        let chosen = form?["voice_id"] ?? agent?.voiceID ?? ""
        extra["voices"] = voices.map { voice -> [String: Any] in
            [
                "id": voice.voiceID, "selected": voice.voiceID == chosen,
                "label": [voice.voiceName, voice.gender, voice.accent].compactMap { $0 }.joined(separator: ", "),
                // Only a web link is offered (the sample opens in a new tab: the page's policy allows no outside media).
                "preview": voice.previewAudioURL.flatMap { $0.hasPrefix("https://") ? $0 : nil } ?? false,
            ]
        }
        let language = form?["language"] ?? agent?.language ?? business.language.rawValue
        extra["languages"] = PhoneAgentChoice.languages.map { ["value": $0, "selected": $0 == language] as [String: Any] }
        extra["connected"] = agent?.state == .connected
        extra["broken"] = agent?.state == .broken
        extra["pending"] = agent?.state == .connecting
        extra["disconnecting"] = agent?.state == .disconnecting
        extra["notConnected"] = agent == nil
        extra["phoneNumber"] = agent?.phoneNumber ?? false
        extra["purchased"] = agent?.numberPurchased ?? false
        extra["version"] = agent?.publishedVersion.map { "\($0)" } ?? false
        extra["lastSync"] = agent?.lastSyncAt.map { Self.localStamp($0, business.timezone.timeZone) } ?? false
        extra["lastError"] = agent?.lastError.map { Redaction.scrub($0) } ?? false
        extra["numberFields"] = [
            Self.field(
                "import_number", "Your number (with country code)", type: "tel", value: form?["import_number"] ?? "", autocomplete: "",
                error: nil, required: false),
            Self.field(
                "termination_uri", "Your SIP trunk's termination URI (from your carrier)", type: "text", value: form?["termination_uri"] ?? "",
                autocomplete: "", error: nil, required: false),
        ]
        extra["buyField"] = Self.field(
            "area_code", "Area code (US)", type: "number", value: form?["area_code"] ?? "", autocomplete: "", error: nil, required: false)
        extra["buyChosen"] = form?["number"] == "buy"
        if let voicesProblem { extra["voicesProblem"] = voicesProblem }
        if let notice { extra["notice"] = notice }
        return try page(
            "phone-agent", title: "Phone agent", status: status, csrf: session.csrfToken, account: session.account, problem: problem, extra: extra)
    }

    /// Connects, or resumes connecting: Retell's answer is awaited (a minute at most); a refusal is shown in words and
    /// connecting again picks up where it stopped.
    @Sendable func connectPhoneAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            func again(_ problem: String, _ status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
                try await phoneAgentPage(session, business, form: form, status: status, problem: problem).response()
            }
            guard let provisioner else { return try await again("Phone agents are not available on this server yet.", .serviceUnavailable) }
            guard (1 ... 200).contains(form["voice_id"].count) else { return try await again("Choose a voice.") }
            let language = PhoneAgentChoice.languages.contains(form["language"]) ? form["language"] : "en-US"
            let number: RetellAgent.NumberRequest
            // Once the agent has its number, the form no longer asks for one: the recorded choice stands.
            if let current = try await agents.get(business.id), current.phoneNumber != nil {
                number = current.numberRequest
            } else {
                do {
                    number = try PhoneAgentChoice.number(
                        import: form["number"] == "import" ? form["import_number"] : nil,
                        areaCode: form["number"] == "buy" ? (Int(form["area_code"]) ?? -1) : nil, confirmed: form["confirm_purchase"] == "on")
                } catch let error as ValidationError {
                    let words =
                        switch error.field {
                        case "confirm_purchase": "Tick the box to agree to the number's monthly cost before buying it."
                        case "buy_area_code": "Enter a 3-digit US area code, such as 415."
                        case "import_number" where form["number"] == "import": "Enter your number with its country code, such as +1 415 555 0100."
                        default: "Choose how you get your number: bring yours, or buy one."
                        }
                    return try await again(words)
                }
            }
            if case .import = number, form["termination_uri"].isEmpty {
                return try await again("Enter your SIP trunk's termination URI: your carrier shows it where the number is set up.")
            }
            do {
                try await provisioner.connect(
                    business.id, voiceID: form["voice_id"], language: language, number: number, terminationURI: form["termination_uri"],
                    audit: .account(session.account.id, "phone_agent.connect_requested", business: business.id))
            } catch let failure as RetellFailure {
                return try await again(
                    failure == .busy
                        ? "Another change to your phone agent is in progress. Try again in a minute."
                        : failure == .numberTaken
                            ? "That number is already connected here. Check the number you typed."
                            : failure.keyRefused
                                ? "Retell refused the platform's access; the platform team has to fix it. Nothing was charged."
                                : "Retell did not finish (\(Redaction.scrub(failure.message))). Try again: it picks up where it stopped.", .badGateway
                )
            }
            return HTMLPage.redirect(Self.path(business, "phone-agent") + "?done=connected")
        }
    }

    @Sendable func disconnectPhoneAgent(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await ownerForm(request, context) { session, business, form in
            guard let provisioner else { return try notFound(session) }
            do {
                try await provisioner.disconnect(
                    business.id, releaseNumber: form["release_number"] == "on",
                    audit: .account(session.account.id, "phone_agent.disconnected", business: business.id))
            } catch let failure as RetellFailure {
                return try await phoneAgentPage(
                    session, business, status: .badGateway,
                    problem: "Retell did not finish (\(Redaction.scrub(failure.message))). Try again: it picks up where it stopped."
                ).response()
            }
            return HTMLPage.redirect(Self.path(business, "phone-agent") + "?done=disconnected")
        }
    }
}
