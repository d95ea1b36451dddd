import Foundation
import Testing
import TicketflowCore

/// A chat answer's checked preview on both stores: saved and replaced, counted as a change by the stamps the
/// chat hubs poll, and gone once the ticket's next state is stored.
@Suite struct AnswerPreviewConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.allCases) func aPreviewMovesTheStampUntilTheAnswerIsStored(kind: StoreKind) async throws
    {
        try await withStore(kind) { store in
            let previews = try #require(store as? any AnswerPreviewStore)
            let detail = try await store.createTicket(StoreConformanceTests.intake(at: Self.t0)).detail
            let id = detail.ticket.id
            let question = try #require(detail.messages.first?.id)
            #expect(try await previews.answerPreview(ticketID: id) == nil)
            #expect(try await store.updateStamps(ticketIDs: [id]) == [id: Self.t0])

            try await previews.saveAnswerPreview(
                ticketID: id, questionID: question, text: "First.", at: Self.t0.addingTimeInterval(1))
            try await previews.saveAnswerPreview(
                ticketID: id, questionID: question + 1, text: "First. Second.", at: Self.t0.addingTimeInterval(2))
            #expect(
                try await previews.answerPreview(ticketID: id)
                    == StoredAnswerPreview(
                        questionID: question + 1, text: "First. Second.", updatedAt: Self.t0.addingTimeInterval(2)))
            #expect(try await store.updateStamps(ticketIDs: [id]) == [id: Self.t0.addingTimeInterval(2)])

            // Storing the answer (as the answer job does, with the time its run began) removes the preview.
            var ticket = detail.ticket
            ticket.updatedAt = Self.t0.addingTimeInterval(0.5)
            _ = try await store.appendToTicket(
                TicketUpdate(
                    ticket: ticket, messages: [NewMessage(author: .ai, body: "First. Second.", createdAt: Self.t0)],
                    draft: nil, trace: [], expectedUpdatedAt: Self.t0))
            #expect(try await previews.answerPreview(ticketID: id) == nil)
            #expect(try await store.updateStamps(ticketIDs: [id]) == [id: Self.t0.addingTimeInterval(0.5)])
        }
    }

    @Test(arguments: StoreKind.allCases) func aPreviewIsDeletedAndItsTicketMustExist(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let previews = try #require(store as? any AnswerPreviewStore)
            let id = try await store.createTicket(StoreConformanceTests.intake(at: Self.t0)).detail.ticket.id
            try await previews.saveAnswerPreview(ticketID: id, questionID: 1, text: "Shown.", at: Self.t0)
            try await previews.deleteAnswerPreview(ticketID: id)
            try await previews.deleteAnswerPreview(ticketID: id)
            #expect(try await previews.answerPreview(ticketID: id) == nil)
            await #expect(throws: (any Error).self) {
                try await previews.saveAnswerPreview(ticketID: id + 1000, questionID: 1, text: "Nobody's.", at: Self.t0)
            }
        }
    }
}
