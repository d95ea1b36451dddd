import Foundation
import Testing
import TicketflowCore
import TicketflowDatasets
import TicketflowLearning

/// The training-data export, validated line by line.
@Suite struct ExporterTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func ticket(id: Int64, body: String, ai: String? = nil) -> TicketDetail {
        var messages = [Message(id: id * 10, ticketID: id, author: .customer, body: body, createdAt: t0)]
        if let ai {
            messages.append(
                Message(id: id * 10 + 1, ticketID: id, author: .ai, body: ai, createdAt: t0.addingTimeInterval(5)))
        }
        return TicketDetail(
            ticket: Ticket(id: id, channel: .email, subject: "Help", category: "billing", urgency: 2, createdAt: t0),
            customer: nil, messages: messages, trace: [])
    }

    static func tickets() -> [ExportTicket] {
        [
            ExportTicket(
                detail: ticket(id: 1, body: "Refund my card 4111 1111 1111 1111 please, mail ann@example.com"),
                feedback: [
                    FeedbackRecord(
                        ticketID: 1, kind: .edit, originalDraft: "We refund within 30 days.",
                        finalText: "Refunds take 5 business days; we wrote to ann@example.com.",
                        agent: "lee@example.com",
                        createdAt: t0.addingTimeInterval(60)),
                    FeedbackRecord(
                        ticketID: 1, kind: .relabel, oldCategory: "billing", newCategory: "refunds", oldUrgency: 2,
                        newUrgency: 3, agent: "lee@example.com", createdAt: t0.addingTimeInterval(70)),
                ], ratings: []),
            ExportTicket(
                detail: ticket(id: 2, body: "How do I reset my password?"),
                feedback: [
                    FeedbackRecord(
                        ticketID: 2, kind: .approve, originalDraft: "Click Forgot password.",
                        finalText: "Click Forgot password.",
                        agent: "kim@example.com", createdAt: t0.addingTimeInterval(30))
                ], ratings: []),
            ExportTicket(
                detail: ticket(id: 3, body: "Where is my invoice?", ai: "Open Billing > Invoices."), feedback: [],
                ratings: [
                    Rating(
                        id: 1, ticketID: 3, score: 5, comment: nil, answeredBy: .ai, source: "link",
                        createdAt: t0.addingTimeInterval(90))
                ]),
            ExportTicket(
                detail: ticket(id: 4, body: "It broke", ai: "Restart the app."), feedback: [],
                ratings: [
                    Rating(
                        id: 2, ticketID: 4, score: 1, comment: "useless", answeredBy: .ai, source: "api",
                        createdAt: t0.addingTimeInterval(90))
                ]),
        ]
    }

    @Test func chatExportIsTheOpenAIFineTuningFormatLineByLine() throws {
        let examples = TrainingDataExporter().chatExamples(Self.tickets())
        let text = try TrainingDataExporter.jsonLines(examples)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3, "edit, approval and the well-rated answer; the badly rated one has no approved text")
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: String]])
            #expect(messages.map { $0["role"] } == ["system", "user", "assistant"])
            #expect(messages.allSatisfy { ($0["content"] ?? "").isEmpty == false })
            let metadata = try #require(object["metadata"] as? [String: Any])
            #expect(metadata["ticket_id"] is Int && metadata["date"] is String && metadata["needs_correction"] is Bool)
            #expect(["agent_edit", "agent_approved", "positive_rating"].contains(metadata["reason"] as? String))
        }
        #expect(!text.contains("4111") && !text.contains("ann@example.com"), "PII redacted in every export")
        #expect(text.contains("[CARD_1]") && text.contains("[EMAIL_1]"))
        let edit = try #require(examples.first)
        #expect(edit.metadata.needsCorrection && edit.metadata.reason == "agent_edit")
        #expect(edit.messages[2].content.hasPrefix("Refunds take 5 business days"))
        #expect(edit.metadata.originalDraft == "We refund within 30 days.")
        #expect(examples[1].metadata.needsCorrection == false)
        #expect(examples[2].messages[2].content == "Open Billing > Invoices.")
    }

    @Test func csvExportHoldsRelabelsAndReadsBackWithTheTrainingReader() throws {
        let rows = TrainingDataExporter().labeledRows(Self.tickets())
        #expect(rows.map(\.category) == ["refunds"])
        #expect(rows.first?.urgency == 3)
        let csv = try TrainingDataExporter.csv(rows)
        #expect(!csv.contains("4111") && !csv.contains("ann@example.com"))
        let table = try Table.parseDelimited(csv, delimiter: ",")
        #expect(table.columns == ["ticket_id", "text", "category", "urgency", "source", "date"])
        let labeled = try table.labeledTexts(text: "text", label: "category")
        #expect(labeled.count == 1 && labeled[0].label == "refunds" && labeled[0].text.contains("[CARD_1]"))
    }
}
