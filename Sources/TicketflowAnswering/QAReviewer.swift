import Foundation
import TicketflowCore

/// What one QA review looks at: the customer's question, the answer given
/// (or drafted), and the knowledge the answer could use.
public struct QAInput: Sendable {
    public var ticketID: Int64
    /// The customer's text (PII redacted by the caller when an LLM will see it).
    public var question: String
    public var sentiment: Sentiment?
    /// `ai_answer`, `ai_draft` or `human_answer`.
    public var subject: String
    public var answer: String
    /// Knowledge-base articles the answer cited or the pipeline retrieved, as passages.
    public var knowledge: [RetrievedPassage]

    public init(
        ticketID: Int64, question: String, sentiment: Sentiment?, subject: String, answer: String,
        knowledge: [RetrievedPassage]
    ) {
        self.ticketID = ticketID
        self.question = question
        self.sentiment = sentiment
        self.subject = subject
        self.answer = answer
        self.knowledge = knowledge
    }
}

/// The built-in QA reviewer: scores an answer 1–10 for accuracy,
/// completeness, tone and actionability, and flags hallucination, policy
/// violations and unnecessary escalation, with a note per finding.
public struct QAReviewer: Sendable {
    /// Recorded with every review.
    public static let engine = "heuristic-qa@1"
    public var grounding = GroundingChecker()
    public var policy = PolicyChecker()

    public init() {}

    /// Reviews one answer.
    public func review(_ input: QAInput, at now: Date) -> QAReview {
        let document = AnswerDocument(body: input.answer)
        let index = PassageIndex(input.knowledge)
        var flags: [QAFlag] = []
        var notes: [String] = []

        // Accuracy: share of factual sentences some knowledge passage supports.
        // Human answers need not cite, so any passage counts; AI answers must
        // be supported by what they cite (or, uncited, by any passage).
        let facts = document.sentences.filter { !AnswerTemplates.isFactFree($0.text) }
        let unsupported = facts.filter { sentence in
            let cited = sentence.citedSources.flatMap { index.passages(cited: $0) }
            let candidates = cited.isEmpty ? index.all : cited
            return !candidates.contains { grounding.support(of: sentence.text, in: $0) >= grounding.minimumOverlap }
        }
        let accuracy: Int
        if facts.isEmpty {
            accuracy = 5
            notes.append("the answer states nothing that can be checked")
        } else {
            accuracy = Self.scale(Double(facts.count - unsupported.count) / Double(facts.count))
        }
        if !unsupported.isEmpty, input.subject != "human_answer" {
            flags.append(.hallucination)
            notes += unsupported.prefix(3).map { "not in the knowledge base: \"\($0.text)\"" }
        }
        let promises = policy.check(document, index: index)
        if !promises.isEmpty {
            flags.append(.policyViolation)
            notes += promises.prefix(3).map { "promise the knowledge base does not make: \($0.detail)" }
        }

        // Completeness: the question's key terms the answer addresses.
        let keyTerms = Set(KeyTerms.of(input.question))
        let answerWords = Set(TextAnalysis.contentWords(input.answer))
        let covered = keyTerms.isEmpty ? 0.5 : Double(keyTerms.intersection(answerWords).count) / Double(keyTerms.count)
        let completeness = Self.scale(covered)
        if covered < 0.5 { notes.append("addresses \(Int(covered * 100))% of the question's key terms") }

        let tone = Self.tone(input.answer, sentiment: input.sentiment, notes: &notes)
        let actionability = Self.actionability(input.answer, notes: &notes)

        // A person answered with knowledge the AI had: the AI could have drafted it.
        if input.subject == "human_answer", !facts.isEmpty, unsupported.isEmpty, !input.knowledge.isEmpty {
            flags.append(.unnecessaryEscalation)
            notes.append("every statement of the human answer is in the knowledge the AI retrieved")
        }
        return QAReview(
            ticketID: input.ticketID, subject: input.subject, accuracy: accuracy, completeness: completeness,
            tone: tone,
            actionability: actionability, flags: flags, notes: notes, engine: Self.engine, createdAt: now)
    }

    /// 0…1 to 1…10.
    static func scale(_ share: Double) -> Int { Int((1 + 9 * min(1, max(0, share))).rounded()) }

    static let empathy = ["sorry", "apolog", "understand", "frustrat", "inconvenien"]
    static let courtesy = ["thank", "happy to", "glad", "hello", "hi ", "welcome", "pleasure"]

    /// Fits the customer's mood: empathy for negative and urgent tickets,
    /// courtesy for the rest; no shouting; the closing question.
    static func tone(_ answer: String, sentiment: Sentiment?, notes: inout [String]) -> Int {
        let lower = answer.lowercased()
        var score = 10
        if sentiment == .negative || sentiment == .urgent {
            if !empathy.contains(where: lower.contains) {
                score -= 4
                notes.append("an upset customer gets no acknowledgement of the problem")
            }
        } else if !courtesy.contains(where: lower.contains) && !empathy.contains(where: lower.contains) {
            score -= 2
        }
        let shouted = answer.split(separator: " ").filter { $0.count >= 4 && $0.allSatisfy(\.isUppercase) }.count
        if shouted >= 2 || answer.contains("!!") {
            score -= 3
            notes.append("shouting (capitals or !!)")
        }
        if !lower.contains("anything else") && !lower.contains("let us know") && !lower.contains("let me know") {
            score -= 1
        }
        return max(1, score)
    }

    static let actionVerbs: Set<String> = [
        "open", "click", "go", "choose", "select", "enter", "sign", "reply", "contact", "check", "tap", "update",
        "restart", "download", "install", "clear", "visit", "call", "send", "change", "reset", "try", "use",
    ]

    /// Steps beat an instruction, an instruction beats a fact, a fact beats nothing.
    static func actionability(_ answer: String, notes: inout [String]) -> Int {
        let lines = answer.split(whereSeparator: \.isNewline).map { TextAnalysis.trimmed(String($0)) }
        if lines.filter({ TextAnalysis.stepNumber(of: $0) != nil }).count >= 2 { return 10 }
        let sentences = TextAnalysis.sentences(answer)
        if sentences.contains(where: { sentence in
            let first = sentence.lowercased().split(separator: " ").first.map(String.init) ?? ""
            return actionVerbs.contains(first)
        }) {
            return 8
        }
        if answer.contains(where: \.isNumber) { return 6 }
        notes.append("no step or instruction the customer can act on")
        return 3
    }
}
