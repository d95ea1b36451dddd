import Foundation
import Testing
import TicketflowAnswering
import TicketflowCore
import TicketflowTesting
import TicketflowTriage
@testable import TicketflowLLM

/// The translator's request and the translation stage's rules, against the loopback OpenAI stub.
@Suite struct TranslationStageTests {
    static let engine: TriageEngine = try! TriageEngine.starter()

    static func stage(_ server: OpenAIStubServer) -> TranslationStage {
        TranslationStage(
            translator: LLMTranslator(client: LLMEngineTests.client(server)), knowledgeBase: "en",
            retriage: [TriageStage(engine: engine), SentimentStage(engine: engine), RoutingStage(engine: engine)])
    }

    static func context(_ body: String, route: Route = .aiDraftHumanReview) -> TicketContext {
        let now = Date()
        return TicketContext(
            ticket: Ticket(
                id: 3, channel: .api, subject: "", status: .triaged, category: "unknown", sentiment: .neutral,
                urgency: 2, route: route, tags: ["lang:de"], createdAt: now),
            customer: CustomerInput(name: "Jonas Weber", email: "jonas@example.de"), history: [],
            incoming: NewMessage(author: .customer, body: body, createdAt: now))
    }

    @Test func theRequestAsksForTheLanguagesByNameWithASchemaAndOnlyPlaceholders() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .reply(#"{"translation": "I was charged twice this month. Please refund the second charge. [EMAIL_1]"}"#))
        var context = Self.context(
            "Mir wurde diesen Monat zweimal abgebucht. Bitte erstatten Sie die zweite Abbuchung. jonas@example.de")
        let report = try await Self.stage(server).process(&context)
        let translation = try #require(context.translation)
        #expect(translation.language == "de" && translation.knowledgeBase == "en")
        #expect(translation.text.hasSuffix("jonas@example.de"), "the value comes back in the process")
        #expect(context.triageText == translation.text && context.customerText.hasPrefix("Mir wurde"))
        #expect(context.ticket.category == "billing", "triage read the translation: \(report.details)")
        #expect(context.ticket.route == .aiOnly, "routed again on the translation: \(report.details)")
        #expect(report.details["read_again"]?.contains("routing: ai_only") == true, "\(report.details)")
        let body = try #require(server.requests.first?.body)
        #expect(body.contains("from German into English") && body.contains(#""name":"translation""#))
        #expect(body.contains(#""temperature":0"#) && !body.contains("jonas@example.de"))
    }

    @Test func aBadTranslationOrAnEnglishTicketLeavesTheContextAlone() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .reply(#"{"translation": "Mir wurde zweimal abgebucht, bitte erstatten Sie die Abbuchung sofort."}"#),
            .reply(#"{"answer": "no translation key"}"#))
        let german = "Mir wurde zweimal abgebucht, bitte erstatten Sie die Abbuchung sofort."
        var untranslated = Self.context(german)
        let report = try await Self.stage(server).process(&untranslated)
        #expect(untranslated.translation == nil && untranslated.ticket.route == .aiDraftHumanReview)
        #expect(report.details["translation_check"] == "written in de, not en", "\(report.details)")
        var garbled = Self.context(german)
        let failed = try await Self.stage(server).process(&garbled)
        #expect(garbled.translation == nil && failed.output == "kept in de: the translator failed")
        #expect(failed.details["fallback"]?.contains("no 'translation' text") == true, "\(failed.details)")

        var english = Self.context("I was charged twice this month.")
        english.ticket.tags = []
        let skipped = try await Self.stage(server).process(&english)
        #expect(skipped.output == "not needed: written in en" && server.requests.count == 2)
    }

    @Test func aTicketForAPersonNowStaysWithAPerson() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(.reply(#"{"translation": "How do I change the language of my invoices?"}"#))
        var context = Self.context("Wie ändere ich die Sprache meiner Rechnungen?", route: .humanNow)
        let report = try await Self.stage(server).process(&context)
        #expect(context.translation != nil)
        #expect(context.ticket.route == .humanNow && context.ticket.status == .escalated, "\(report.details)")
        #expect(report.details["read_again"]?.hasSuffix("kept human_now: a person was already to answer") == true)
    }
}
