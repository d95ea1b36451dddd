import Foundation
import TicketflowAnswering
import TicketflowCore
import TicketflowKnowledge
import TicketflowLLM

/// Reviews the answers given since a date: every AI-sent answer, every AI
/// draft waiting for a person, and every human answer (for the
/// unnecessary-escalation check). The built-in QA heuristics always run;
/// with an LLM configured its judge can only lower accuracy, and an LLM
/// failure keeps the heuristic result rather than failing the run.
public struct QARunner: Sendable {
    public let store: any TicketStore & AnalyticsStore
    public let knowledge: KnowledgeBase
    public var reviewer = QAReviewer()
    /// nil runs the heuristics only.
    public var llm: LLMJudge?
    public var redactor = PIIRedactor()
    public var now: @Sendable () -> Date = Date.init
    /// Tickets created this long before `since` are not looked at, so a run
    /// scans a bounded page range (ticket ids grow with creation time).
    public var lookback: TimeInterval = 30 * 86_400

    /// A runner over the store and knowledge base; `llm` adds the LLM judge.
    public init(store: any TicketStore & AnalyticsStore, knowledge: KnowledgeBase, llm: LLMJudge? = nil) {
        self.store = store
        self.knowledge = knowledge
        self.llm = llm
    }

    /// Reviews every answer given at or after `since` that has no review
    /// written after the answer, saves the reviews and returns the aggregate.
    public func run(since: Date) async throws -> QARunReport {
        let oldest = since.addingTimeInterval(-lookback)
        var lastReview: [Int64: Date] = [:]
        for review in try await store.qaReviews(since: oldest) {
            lastReview[review.ticketID] = max(lastReview[review.ticketID] ?? .distantPast, review.createdAt)
        }
        var written: [QAReview] = []
        var skipped = 0
        var fallbacks = 0
        for detail in try await candidates(createdAfter: oldest) {
            let inputs = QAInputBuilder(detail: detail, knowledge: knowledge, redactor: redactor).inputs(
                answeredSince: since)
            guard !inputs.isEmpty else { continue }
            // A review written after an answer covers it; re-runs then write nothing new.
            let reviewed = lastReview[detail.ticket.id] ?? .distantPast
            let due = inputs.filter { $0.answeredAt > reviewed }.map(\.input)
            if due.isEmpty {
                skipped += 1
                continue
            }
            for input in due {
                let (review, fellBack) = await self.review(input)
                try await store.saveQAReview(review)
                written.append(review)
                if fellBack { fallbacks += 1 }
            }
        }
        return QARunReport(since: since, reviews: written, skipped: skipped, llmFallbacks: fallbacks)
    }

    /// The heuristic review, tightened by the LLM judge when one is configured.
    /// Returns whether the LLM was wanted but failed.
    func review(_ input: QAInput) async -> (QAReview, Bool) {
        var review = reviewer.review(input, at: now())
        guard let llm else { return (review, false) }
        do {
            // The question is already redacted; answers can quote PII back, so redact them too.
            let scores = try await llm.qaScores(
                question: input.question, answer: redactor.redact(input.answer).text, knowledge: input.knowledge)
            switch scores.hallucinationRisk {
            case "high":
                review.accuracy = min(review.accuracy, 3)
                if input.subject != "human_answer", !review.flags.contains(.hallucination) {
                    review.flags.append(.hallucination)
                }
                review.notes.append("the LLM judge rates hallucination risk high")
            case "medium":
                review.accuracy = min(review.accuracy, 7)
                review.notes.append("the LLM judge rates hallucination risk medium")
            default:
                break
            }
            // The LLM's overall quality caps completeness: it reads meaning the term overlap misses.
            review.completeness = min(review.completeness, max(1, scores.answerQuality))
            review.engine = llm.engineName
            return (review, false)
        } catch {
            review.notes.append("LLM judge unavailable; heuristic review only")
            return (review, true)
        }
    }

    /// Details of tickets created after `oldest`, newest first (pages by id).
    func candidates(createdAfter oldest: Date) async throws -> [TicketDetail] {
        var details: [TicketDetail] = []
        var before: Int64?
        while true {
            let page = try await store.listTickets(TicketQuery(limit: TicketQuery.maximumLimit, before: before))
            for ticket in page.tickets where ticket.createdAt >= oldest {
                if let detail = try await store.ticketDetail(id: ticket.id) { details.append(detail) }
            }
            guard let next = page.nextBefore, page.tickets.contains(where: { $0.createdAt >= oldest }) else { break }
            before = next
        }
        return details
    }
}
