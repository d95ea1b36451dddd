import Foundation
import Testing
import TicketflowCore
import TicketflowLearning

/// The export redacts the ticket's customer by name: agents greet customers
/// ("Hi Jane") and the corrections they write are the training data.
@Suite struct ExporterRedactionTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func ticket(customer: Customer?) -> ExportTicket {
        let detail = TicketDetail(
            ticket: Ticket(
                id: 7, channel: .email, subject: "Refund for Jane Okafor", category: "billing", createdAt: t0),
            customer: customer,
            messages: [
                Message(
                    id: 70, ticketID: 7, author: .customer, body: "Please refund me. Jane (j.okafor@example.org)",
                    createdAt: t0)
            ],
            trace: [])
        return ExportTicket(
            detail: detail,
            feedback: [
                FeedbackRecord(
                    ticketID: 7, kind: .edit, originalDraft: "Hello Ms Okafor, refunds take 5 days.",
                    finalText: "Hi Jane, refunds take 5 business days. Card 4111.1111.1111.1111 is credited.",
                    agent: "lee@example.com", createdAt: t0.addingTimeInterval(60)),
                FeedbackRecord(
                    ticketID: 7, kind: .relabel, oldCategory: "billing", newCategory: "refunds",
                    agent: "lee@example.com", createdAt: t0.addingTimeInterval(70)),
            ], ratings: [])
    }

    @Test func theCustomersNameLeavesNeitherExport() throws {
        let customer = Customer(id: 1, name: "Jane Okafor", email: "j.okafor@example.org")
        let exporter = TrainingDataExporter()
        let jsonl = try TrainingDataExporter.jsonLines(exporter.chatExamples([Self.ticket(customer: customer)]))
        let csv = try TrainingDataExporter.csv(exporter.labeledRows([Self.ticket(customer: customer)]))
        for text in [jsonl, csv] {
            for value in ["Jane", "Okafor", "j.okafor@example.org", "4111.1111.1111.1111"] {
                #expect(!text.contains(value), "\(value) in \(text)")
            }
        }
        #expect(jsonl.contains("Hi [NAME_1], refunds take 5 business days. Card [CARD_1] is credited."))
        #expect(jsonl.contains("Hello Ms [NAME_1], refunds take 5 days."), "the original draft too")
        #expect(csv.contains("Refund for [NAME_1]"))
    }

    @Test func withoutAKnownCustomerNamesStay() throws {
        let jsonl = try TrainingDataExporter.jsonLines(
            TrainingDataExporter().chatExamples([Self.ticket(customer: nil)]))
        #expect(jsonl.contains("Hi Jane,"), "no general name pattern: only known people are redacted")
        #expect(!jsonl.contains("j.okafor@example.org"))
    }
}
