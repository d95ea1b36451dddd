import Foundation
import TicketflowCore
import TicketflowText

/// Tells tickets written in another language than the knowledge base's: the ticket is tagged `lang:<code>`
/// and, when the matrix would let the AI answer alone, it goes to a person's review instead, so no answer
/// written from English articles reaches a customer who wrote in Spanish unchecked. It runs after routing.
public struct LanguageStage: PipelineStage {
    public let name = "language"
    public let rule: LanguageRule

    public init(rule: LanguageRule) {
        self.rule = rule
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let text =
            context.history.isEmpty
            ? context.ticket.subject + "\n" + context.incoming.body : context.incoming.body
        let knowledgeBase = rule.knowledgeBase
        let reading = rule.read(text)
        guard let guess = reading.guess, reading.foreign else {
            return StageReport(
                input: "\(text.count) characters", output: "\(knowledgeBase), the knowledge base's language",
                engine: "char-ngram-nb", engineVersion: "1",
                details: ["kb_language": knowledgeBase, "likeliest": reading.guess?.language ?? "none"])
        }
        let tag = Ticket.languageTagPrefix + guess.language
        context.ticket.tags.removeAll { $0.hasPrefix(Ticket.languageTagPrefix) && $0 != tag }
        if !context.ticket.tags.contains(tag), context.ticket.tags.count < IntakeRequest.maximumTags {
            context.ticket.tags.append(tag)
        }
        let held = context.ticket.route == .aiOnly
        if held { context.ticket.route = .aiDraftHumanReview }
        return StageReport(
            input: "\(text.count) characters",
            output: "written in \(guess.language), not \(knowledgeBase)"
                + (held ? ": a person reviews the answer" : ""),
            score: guess.marginOver[knowledgeBase], engine: "char-ngram-nb", engineVersion: "1",
            details: [
                "language": guess.language, "kb_language": knowledgeBase, "evidence": String(guess.evidence),
                "route_changed": held ? "ai_only -> ai_draft_human_review" : "no",
            ])
    }
}
