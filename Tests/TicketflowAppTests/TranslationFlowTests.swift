import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// A ticket in another language with an LLM configured, through the real application and a loopback
/// OpenAI-compatible server: translated for triage and retrieval, answered from the English articles,
/// translated back and gated again on what the customer would read.
@Suite struct TranslationFlowTests {
    static let spanishTicket =
        #"{"subject": "Cargo duplicado", "body": "Hola, veo un cargo duplicado en mis facturas. ¿Cómo consigo que me devuelvan el cargo duplicado? Mi correo es ana.garcia@example.org"}"#
    static let englishTicket =
        "Duplicate charge\nHello, I see a duplicate charge on my invoices. How do I get the duplicate charge refunded? My email is [EMAIL_1]"
    static let englishAnswer =
        "To get a duplicate charge refunded, open Settings > Billing > Invoices, find the two invoices with the same amount and date, and click Report a problem on the newer invoice. Refunds for confirmed duplicate charges are issued within 5 business days. [Source: duplicate-charges]"
    static let spanishAnswer =
        "Para obtener el reembolso de un cargo duplicado, abra Settings > Billing > Invoices, busque las dos facturas con el mismo importe y la misma fecha, y haga clic en Report a problem en la factura más reciente. Los reembolsos de cargos duplicados confirmados se emiten en un plazo de 5 días hábiles. [Source: duplicate-charges]"

    /// Answers each kind of call the flow makes; `answerToSpanish` stands in for the translated answer.
    static func server(answerToSpanish: String = spanishAnswer) -> OpenAIStubServer.Behavior {
        .choosing { body in
            func json(_ object: [String: Any]) -> OpenAIStubServer.Behavior {
                .reply(String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            }
            if body.contains("\"translation\"") {
                if body.contains("from Spanish into English") {
                    return json(["translation": body.contains("Para obtener") ? englishAnswer : englishTicket])
                }
                return json(["translation": answerToSpanish])
            }
            if body.contains("grounded_answer") {
                return json(["answer": englishAnswer, "cited_ids": ["duplicate-charges"]])
            }
            return json(["answer_quality": 10, "hallucination_risk": "low", "specificity": 5, "issues": []])
        }
    }

    static func run(
        _ behavior: OpenAIStubServer.Behavior,
        translatedAnswers: AppConfiguration.TranslatedAnswers = .send,
        _ check: @escaping @Sendable (TicketDetail, OpenAIStubServer) throws -> Void,
        page: (@Sendable (String) -> Void)? = nil
    ) async throws {
        let server = try await OpenAIStubServer.start(fallback: behavior)
        defer { server.stop() }
        let llm = LLMPipelineTests.configure(server)
        try await withTestClient(configure: {
            llm(&$0)
            $0.translatedAnswers = translatedAnswers
        }) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let created = try await client.post("/v1/tickets", Self.spanishTicket)
            #expect(created.status == .created)
            #expect(try await AnswerQueueTests.drain(services).completed == 1)
            try check(try #require(try await services.store.ticketDetail(id: 1)), server)
            if let page {
                let agent = try await client.signIn(services)
                page(html(try await client.send(.get, "/console/tickets/1", headers: agent.headers())))
            }
        }
    }

    @Test func aSpanishTicketIsAnsweredInSpanishFromEnglishArticles() async throws {
        try await Self.run(Self.server()) { detail, server in
            let translation = try #require(detail.trace.first { $0.stage == "translation" })
            #expect(translation.output.hasPrefix("translated from es into en"), "\(translation.output)")
            #expect(translation.details["translation"]?.contains("[EMAIL_1]") == true)
            let triage = detail.trace.filter { $0.stage == "triage" }
            #expect(triage.count == 1, "the re-reading is the translation stage's, not a second triage entry")
            #expect(detail.ticket.category == "billing", "\(translation.details)")
            #expect(detail.ticket.tags.contains("lang:es"))
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            #expect(answering.details["translated_to"] == "es")
            #expect(answering.details["translation_check"] == "passed", "\(answering.details)")
            #expect(answering.details["answer_in_en"]?.hasPrefix("To get a duplicate charge refunded") == true)
            #expect(answering.details["back_translation_confidence"] != nil, "\(answering.details)")
            #expect(answering.details["reasons"]?.contains("other_language") == false, "\(answering.details)")
            #expect(detail.ticket.status == .autoResolved, "\(answering.details)")
            let reply = try #require(detail.messages.last)
            #expect(reply.author == .ai && reply.body.hasPrefix("Para obtener el reembolso"))
            // Only placeholders left the process, in every call of the flow.
            let translations = server.requests.filter { $0.body.contains("\"translation\"") }
            #expect(translations.count == 3, "the ticket, the answer, and the answer read back")
            #expect(!server.requests.contains { $0.body.contains("ana.garcia@example.org") })
        } page: { page in
            #expect(page.contains("Written in Spanish (es). The AI read a translation"))
        }
    }

    @Test func byDefaultAPersonReviewsTheTranslatedAnswer() async throws {
        try await Self.run(Self.server(), translatedAnswers: .review) { detail, server in
            #expect(detail.ticket.status == .awaitingReview)
            let draft = try #require(detail.draft)
            #expect(draft.reasons == ["translation_review"], "\(draft.reasons)")
            #expect(draft.body.hasPrefix("Para obtener el reembolso"), "ready in the customer's language")
            let translations = server.requests.filter { $0.body.contains("\"translation\"") }
            #expect(translations.count == 2, "no read-back for an answer a person reviews anyway")
        }
    }

    @Test func aTranslatedAnswerThatLosesAFactIsHeldWithItsDraft() async throws {
        let lost = Self.spanishAnswer.replacingOccurrences(of: "5 días", with: "pocos días")
        try await Self.run(Self.server(answerToSpanish: lost)) { detail, _ in
            #expect(detail.ticket.status == .awaitingReview)
            let draft = try #require(detail.draft)
            #expect(draft.reasons.contains("translation_unverified") && !draft.reasons.contains("other_language"))
            #expect(draft.body.contains("pocos días"), "the person who reviews starts from the translation")
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            #expect(answering.details["translation_check"]?.contains("lost '5'") == true, "\(answering.details)")
            #expect(!detail.messages.contains { $0.author == .ai })
        }
    }

    @Test func aTranslatedAnswerThatReadsBackWithAPromiseIsHeld() async throws {
        let promise = Self.spanishAnswer
        let server: OpenAIStubServer.Behavior = .choosing { body in
            // The answer read back carries a promise the English one did not make.
            if body.contains("\"translation\""), body.contains("from Spanish into English"),
                body.contains("Para obtener")
            {
                return .reply(
                    #"{"translation": "\#(Self.englishAnswer) We guarantee a full refund of every charge, no questions asked."}"#
                )
            }
            return Self.server(answerToSpanish: promise).chosen(for: body)
        }
        try await Self.run(server) { detail, _ in
            #expect(detail.ticket.status == .awaitingReview)
            let reasons = try #require(detail.draft?.reasons)
            #expect(reasons.contains("translation_unverified"), "\(reasons)")
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            #expect(answering.details["translation_check"]?.hasPrefix("read back:") == true, "\(answering.details)")
        }
    }

    @Test func aTranslatedAnswerThatReadsBackWithAnUnsupportedSentenceIsHeld() async throws {
        let server: OpenAIStubServer.Behavior = .choosing { body in
            // The answer read back says something no retrieved article says; no policy phrase, no bad citation.
            if body.contains("\"translation\""), body.contains("from Spanish into English"),
                body.contains("Para obtener")
            {
                return .reply(
                    #"{"translation": "\#(Self.englishAnswer) Our warehouse in Lisbon ships replacement cables on Tuesdays."}"#
                )
            }
            return Self.server().chosen(for: body)
        }
        try await Self.run(server) { detail, _ in
            #expect(detail.ticket.status == .awaitingReview)
            #expect(detail.draft?.reasons.contains("translation_unverified") == true, "\(detail.draft?.reasons ?? [])")
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            let check = try #require(answering.details["translation_check"])
            #expect(check.contains("grounding_flag") && check.contains("unsupported_sentence"), "\(check)")
        }
    }

    @Test func aFailingTranslatorLeavesTheTicketWithAPersonInItsLanguage() async throws {
        let server: OpenAIStubServer.Behavior = .choosing { body in
            body.contains("\"translation\"") ? .status(500) : Self.server().chosen(for: body)
        }
        try await Self.run(server) { detail, _ in
            let translation = try #require(detail.trace.first { $0.stage == "translation" })
            #expect(translation.output == "kept in es: the translator failed")
            #expect(detail.ticket.status == .awaitingReview)
            #expect(detail.draft?.reasons.contains("other_language") == true, "\(detail.draft?.reasons ?? [])")
            #expect(!detail.messages.contains { $0.author == .ai })
        } page: { page in
            #expect(page.contains("It could not be translated (kept in es: the translator failed)"))
        }
    }

    @Test func aTeamsPromptFilesReplaceTheBuiltInOnes() async throws {
        let server = try await OpenAIStubServer.start(fallback: Self.server())
        defer { server.stop() }
        let llm = LLMPipelineTests.configure(server)
        try await withTestClient(configure: {
            llm(&$0)
            $0.translatedAnswers = .send
            let prompts = $0.dataDirectory + "/prompts"
            try? FileManager.default.createDirectory(atPath: prompts, withIntermediateDirectories: true)
            // Keeps the placeholders the built-in names, so the check and the stub read it the same way.
            try? "Our house style: translate from {source} into {target}, keep [EMAIL_1] and [Source: x] as they are."
                .write(toFile: prompts + "/translate.md", atomically: true, encoding: .utf8)
        }) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            #expect(try await client.post("/v1/tickets", Self.spanishTicket).status == .created)
            _ = try await AnswerQueueTests.drain(services)
            let detail = try #require(try await services.store.ticketDetail(id: 1))
            let translation = try #require(detail.trace.first { $0.stage == "translation" })
            #expect(translation.engine.hasPrefix("llm:stub-model/translate@file-"), "\(translation.engine)")
            let translations = server.requests.filter { $0.body.contains("\"translation\"") }
            #expect(!translations.isEmpty && translations.allSatisfy { $0.body.contains("Our house style") })
            #expect(
                server.requests.contains {
                    $0.body.contains("grounded_answer") && $0.body.contains("ONLY the knowledge")
                },
                "prompts without a file stay built in")
        }
    }

    @Test func anEnglishTicketIsNotTranslated() async throws {
        let server = try await OpenAIStubServer.start(fallback: Self.server())
        defer { server.stop() }
        try await withTestClient(configure: LLMPipelineTests.configure(server)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            #expect(try await client.post("/v1/tickets", AnswerQueueTests.question).status == .created)
            _ = try await AnswerQueueTests.drain(services)
            let detail = try #require(try await services.store.ticketDetail(id: 1))
            let translation = try #require(detail.trace.first { $0.stage == "translation" })
            #expect(translation.output == "not needed: written in en")
            #expect(!server.requests.contains { $0.body.contains("\"translation\"") })
        }
    }
}

extension OpenAIStubServer.Behavior {
    /// What a `.choosing` behaviour does for `body`; any other behaviour, itself.
    func chosen(for body: String) -> OpenAIStubServer.Behavior {
        if case .choosing(let choose) = self { return choose(body) }
        return self
    }
}
