import Foundation

/// A question a business wants answered with every booking (seed 004's company and inquiry): the agent is told to ask
/// it, the answers are sealed with the booking's other personal data and erased with them.
public struct IntakeQuestion: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case text, choice }

    /// The machine name the agent sends the answer under (`company`).
    public var key: String
    /// The question in the owner's words ("Which company are you calling from?").
    public var label: String
    public var kind: Kind
    /// For `choice`: the answers allowed, as the owner wrote them.
    public var choices: [String]
    public var required: Bool

    public init(key: String, label: String, kind: Kind, choices: [String] = [], required: Bool) {
        self.key = key
        self.label = label
        self.kind = kind
        self.choices = choices
        self.required = required
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        label = try c.decode(String.self, forKey: .label)
        kind = try c.decode(Kind.self, forKey: .kind)
        choices = try c.decodeIfPresent([String].self, forKey: .choices) ?? []
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
    }

    enum CodingKeys: String, CodingKey { case key, label, kind, choices, required }
}

/// The limits on intake questions and the check of a booking's answers, shared by the agent, the owner API and the console.
public enum IntakeRules {
    public static let maxQuestions = 5
    public static let maxAnswerLength = 1000

    /// Names the first offending field under `field` (e.g. `policy.intake_questions[1].choices`).
    public static func validate(_ questions: [IntakeQuestion], field: String) throws(ValidationError) {
        guard questions.count <= maxQuestions else { throw ValidationError(field: field, "at most \(maxQuestions) questions") }
        var keys = Set<String>()
        for (index, q) in questions.enumerated() {
            let at = "\(field)[\(index)]"
            let keyOK =
                (1 ... 30).contains(q.key.count) && q.key.first.map { $0 >= "a" && $0 <= "z" } == true
                && q.key.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
            guard keyOK else { throw ValidationError(field: "\(at).key", "must be 1–30 lower-case letters, digits or _, starting with a letter") }
            guard keys.insert(q.key).inserted else { throw ValidationError(field: "\(at).key", "is used by another question") }
            let label = q.label.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1 ... 200).contains(label.count), !label.contains(where: { $0.isNewline }) else {
                throw ValidationError(field: "\(at).label", "must be one line of 1–200 characters")
            }
            switch q.kind {
            case .text:
                guard q.choices.isEmpty else { throw ValidationError(field: "\(at).choices", "only a choice question has choices") }
            case .choice:
                guard (2 ... 10).contains(q.choices.count) else { throw ValidationError(field: "\(at).choices", "must list 2 to 10 answers") }
                for (i, choice) in q.choices.enumerated() {
                    guard (1 ... 60).contains(choice.count), choice == choice.trimmingCharacters(in: .whitespaces) else {
                        throw ValidationError(field: "\(at).choices[\(i)]", "must be 1–60 characters without spaces around")
                    }
                    if q.choices[..<i].contains(where: { $0.caseInsensitiveCompare(choice) == .orderedSame }) {
                        throw ValidationError(field: "\(at).choices[\(i)]", "is listed twice")
                    }
                }
            }
        }
    }

    /// The answers to keep for a booking: every required question answered (when `requireAll`: a caller is asked them all,
    /// an owner seating a walk-in may not know), a choice one of its answers (in the owner's spelling), no unknown key.
    /// `field` prefixes errors (`intake.company`).
    public static func answers(
        _ given: [String: String], to questions: [IntakeQuestion], requireAll: Bool = true, field: String = "intake"
    ) throws(ValidationError) -> [String: String] {
        for key in given.keys.sorted() where !questions.contains(where: { $0.key == key }) {
            let known = questions.map(\.key).joined(separator: ", ")
            throw ValidationError(
                field: "\(field).\(key)",
                known.isEmpty ? "this business asks no intake questions" : "is not a question here; the questions are \(known)")
        }
        var kept: [String: String] = [:]
        for q in questions {
            let answer = given[q.key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if answer.isEmpty {
                if q.required, requireAll { throw ValidationError(field: "\(field).\(q.key)", "is required: ask \"\(q.label)\"") }
                continue
            }
            guard answer.count <= maxAnswerLength else {
                throw ValidationError(field: "\(field).\(q.key)", "must be at most \(maxAnswerLength) characters")
            }
            switch q.kind {
            case .text: kept[q.key] = answer
            case .choice:
                guard let match = q.choices.first(where: { $0.caseInsensitiveCompare(answer) == .orderedSame }) else {
                    throw ValidationError(field: "\(field).\(q.key)", "must be one of: \(q.choices.joined(separator: ", "))")
                }
                kept[q.key] = match
            }
        }
        return kept
    }
}
