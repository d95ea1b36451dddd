import Foundation
import TicketflowAnswering
import TicketflowCore
import TicketflowDatasets

/// Everything the exporter needs to know about one ticket.
public struct ExportTicket: Sendable {
    public var detail: TicketDetail
    /// Agent edits, approvals and relabels of this ticket.
    public var feedback: [FeedbackRecord]
    public var ratings: [Rating]

    public init(detail: TicketDetail, feedback: [FeedbackRecord], ratings: [Rating]) {
        self.detail = detail
        self.feedback = feedback
        self.ratings = ratings
    }
}

/// Turns corrections, approvals, ratings and relabels into training data.
/// Everything that leaves goes through the PII redactor: exports end up in
/// fine-tuning services and spreadsheets. Each ticket's customer is a known
/// identity there, so an agent's "Hi Jane" leaves as "Hi [NAME_1]".
public struct TrainingDataExporter: Sendable {
    /// The system prompt of every chat example: the answer style the DESIGN asks for.
    public static let systemPrompt = """
        You are a customer-support assistant. Answer only from the company's knowledge base, politely and \
        concisely, with numbered steps when there are steps. Never invent features, prices or policies. \
        End with "Is there anything else I can help you with?"
        """
    /// Ratings at or above this make an auto-sent answer an approved example.
    public var minimumGoodRating = 4
    /// The rules for every ticket; each ticket adds its customer (`redactor(for:)`).
    public var redactor = PIIRedactor()

    public init() {}

    /// The redactor for one ticket's texts: the general rules plus its customer's name and email.
    public func redactor(for detail: TicketDetail) -> PIIRedactor {
        redactor.with(known: KnownIdentity(detail.customer))
    }

    /// The customer's side of the conversation up to `before` (all of it when nil), redacted.
    public func customerText(_ detail: TicketDetail, before: Date? = nil) -> String {
        let messages = detail.messages.filter { message in
            message.author == .customer && (before.map { message.createdAt <= $0 } ?? true)
        }
        let body = messages.map(\.body).joined(separator: "\n\n")
        let subject = detail.ticket.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = subject.isEmpty || body.hasPrefix(subject) ? body : subject + "\n" + body
        return redactor(for: detail).redact(text).text
    }

    /// Chat fine-tuning examples: the agent's correction or the approved answer as the assistant turn.
    public func chatExamples(_ tickets: [ExportTicket]) -> [ChatTrainingExample] {
        var examples: [ChatTrainingExample] = []
        for ticket in tickets {
            for record in ticket.feedback where record.kind != .relabel {
                guard let final = record.finalText?.trimmingCharacters(in: .whitespacesAndNewlines), !final.isEmpty
                else { continue }
                let corrected = record.kind == .edit && record.originalDraft != record.finalText
                examples.append(
                    example(
                        ticket.detail, answer: final, at: record.createdAt,
                        metadata: .init(
                            reason: corrected ? "agent_edit" : "agent_approved", ticketID: ticket.detail.ticket.id,
                            date: record.createdAt, needsCorrection: corrected,
                            originalDraft: corrected
                                ? record.originalDraft.map { redactor(for: ticket.detail).redact($0).text } : nil)))
            }
            // An auto-sent answer the customer rated well is an approved example too.
            for rating in ticket.ratings where rating.answeredBy == .ai && rating.score >= minimumGoodRating {
                guard
                    let answer = ticket.detail.messages.last(where: {
                        $0.author == .ai && $0.createdAt <= rating.createdAt
                    })
                else { continue }
                examples.append(
                    example(
                        ticket.detail, answer: answer.body, at: answer.createdAt,
                        metadata: .init(
                            reason: "positive_rating", ticketID: ticket.detail.ticket.id, date: rating.createdAt,
                            needsCorrection: false)))
            }
        }
        return examples
    }

    func example(
        _ detail: TicketDetail, answer: String, at date: Date, metadata: ChatTrainingExample.Metadata
    ) -> ChatTrainingExample {
        ChatTrainingExample(
            messages: [
                .init(role: "system", content: Self.systemPrompt),
                .init(role: "user", content: customerText(detail, before: date)),
                .init(role: "assistant", content: redactor(for: detail).redact(answer).text),
            ], metadata: metadata)
    }

    /// Labeled rows: the agent's relabel where there is one (latest wins), else
    /// the triage label of tickets a person handled without relabeling.
    public func labeledRows(_ tickets: [ExportTicket], includeUnrelabeled: Bool = false) -> [LabeledTicketRow] {
        tickets.compactMap { ticket in
            let detail = ticket.detail
            if let relabel = ticket.feedback.last(where: { $0.kind == .relabel && $0.newCategory != nil }) {
                return LabeledTicketRow(
                    ticketID: detail.ticket.id, text: customerText(detail), category: relabel.newCategory!,
                    urgency: relabel.newUrgency ?? detail.ticket.urgency, source: "relabel", date: relabel.createdAt)
            }
            guard includeUnrelabeled, let category = detail.ticket.category, category != "unknown",
                !ticket.feedback.isEmpty
            else { return nil }
            return LabeledTicketRow(
                ticketID: detail.ticket.id, text: customerText(detail), category: category,
                urgency: detail.ticket.urgency, source: "triage", date: detail.ticket.updatedAt)
        }
    }

    /// JSON Lines, one example per line.
    public static func jsonLines(_ examples: [ChatTrainingExample]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try examples.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }

    /// CSV with a header (`ticket_id,text,category,urgency,source,date`).
    public static func csv(_ rows: [LabeledTicketRow]) throws -> String {
        let formatter = ISO8601DateFormatter()
        return try Table.csvText(
            columns: ["ticket_id", "text", "category", "urgency", "source", "date"],
            rows: rows.map {
                [
                    String($0.ticketID), $0.text, $0.category, $0.urgency.map(String.init) ?? "", $0.source,
                    formatter.string(from: $0.date),
                ]
            })
    }
}
