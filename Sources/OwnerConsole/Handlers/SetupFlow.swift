import Domain
import Hummingbird

/// The guided set-up's steps in order, per kind of business: each page saved as the owner goes, so leaving halfway and
/// coming back resumes (the business page's checklist links to what is left).
enum SetupFlow {
    /// A business page's path segment for each step after the first (the business itself).
    static func steps(_ kind: BusinessKind) -> [String] {
        kind == .appointments ? ["hours", "closures", "rules", "staff", "contact"] : ["hours", "closures", "rules", "contact"]
    }

    /// Where saving `step` leads: the next step while setting up, else the business page saying what was saved.
    static func next(after step: String, kind: BusinessKind, settingUp: Bool) -> String {
        let steps = steps(kind)
        guard settingUp, let index = steps.firstIndex(of: step) else { return "?saved=\(step)" }
        return index + 1 < steps.count ? "/\(steps[index + 1])?setup=1" : "?setup=done"
    }

    /// "Step 3 of 6" for the page's hint (the business itself is step 1).
    static func label(_ step: String, kind: BusinessKind) -> String {
        let steps = steps(kind)
        return "Step \((steps.firstIndex(of: step) ?? 0) + 2) of \(steps.count + 1)"
    }
}

extension ConsoleController {
    /// After a step is saved: on to the next while setting up, or back to the business page.
    static func afterSaving(_ step: String, _ business: Business, _ form: FormBody) -> Response {
        let next = SetupFlow.next(after: step, kind: business.kind, settingUp: form["setup"] == "1")
        return HTMLPage.redirect(path(business) + next)
    }

    /// The values every step's template needs: the business, whether this is the guided set-up, and outside it the
    /// business's sections (with the unhandled messages' count), as on every other page of the business.
    func stepContext(_ business: Business, _ step: String, settingUp: Bool) async throws -> [String: Any] {
        var context: [String: Any] =
            settingUp
            ? ["business": business.name, "businessPath": Self.path(business)]
            : try await dailyContext(
                business, role: .owner, open: "Settings")
        context["setup"] = settingUp
        context["step"] = SetupFlow.label(step, kind: business.kind)
        context["kindName"] = Self.kindName(business.kind)
        return context
    }
}
