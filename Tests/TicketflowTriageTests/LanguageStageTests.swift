import Foundation
import Testing
import TicketflowCore
import TicketflowText
@testable import TicketflowTriage

/// The language stage: a ticket in another language than the knowledge base's is tagged and reviewed.
@Suite struct LanguageStageTests {
    static func context(_ body: String, route: Route) -> TicketContext {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var ticket = Ticket(id: 1, channel: .email, subject: "", createdAt: now)
        ticket.route = route
        return TicketContext(
            ticket: ticket, customer: nil, history: [],
            incoming: NewMessage(author: .customer, body: body, createdAt: now))
    }

    @Test func aSpanishTicketIsTaggedAndReviewed() async throws {
        let stage = LanguageStage(rule: LanguageRule(knowledgeBase: "en"))
        var context = Self.context(
            "Hola, quiero cancelar mi pedido porque llegó roto. ¿Cómo hago la devolución?", route: .aiOnly)
        let report = try await stage.process(&context)
        #expect(context.ticket.tags == ["lang:es"])
        #expect(context.ticket.route == .aiDraftHumanReview)
        #expect(report.details["language"] == "es" && report.details["kb_language"] == "en")
        #expect(context.ticket.otherLanguage == "es")

        var urgent = Self.context(
            "Hola, quiero cancelar mi pedido porque llegó roto. ¿Cómo hago la devolución?", route: .humanNow)
        _ = try await stage.process(&urgent)
        #expect(urgent.ticket.route == .humanNow, "a route to a person stays")
    }

    @Test func anEnglishTicketPassesUntouched() async throws {
        let stage = LanguageStage(rule: LanguageRule(knowledgeBase: "en"))
        var context = Self.context(
            "Hi, I want to cancel my order because it arrived broken. How do I return it?", route: .aiOnly)
        let report = try await stage.process(&context)
        #expect(context.ticket.tags.isEmpty && context.ticket.route == .aiOnly)
        #expect(report.output == "en, the knowledge base's language" && report.details["likeliest"] == "en")
    }
}
