import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Tickets in another language than the knowledge base's, through the real application: tagged, shown in the
/// trace and held for a person, never answered from English articles unchecked.
@Suite struct LanguageRoutingTests {
    @Test func aTicketInAnotherLanguageGoesToAPersonWithItsLanguage() async throws {
        try await withTestClient { client, services in
            let spanish = try await client.post(
                "/v1/tickets",
                #"{"subject": "Contraseña", "body": "Hola, no puedo iniciar sesión en mi cuenta. ¿Cómo restablezco la contraseña?"}"#
            )
            #expect(spanish.status == .created)
            let ticket = try #require(try json(spanish)["ticket"] as? [String: Any])
            #expect(ticket["tags"] as? [String] == ["lang:es"] && ticket["language"] as? String == "es")
            #expect(ticket["status"] as? String == "awaiting_review")
            let id = try #require(ticket["id"] as? Int)
            let detail = try #require(try await services.store.ticketDetail(id: Int64(id)))
            let language = try #require(detail.trace.first { $0.stage == "language" })
            #expect(language.details["language"] == "es" && language.output.hasPrefix("written in es"))
            #expect(!detail.messages.contains { $0.author == .ai }, "nothing answered from English articles")
            let agent = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: agent.headers()))
            #expect(page.contains("Written in Spanish (es). The knowledge base is in another language"))
            #expect(page.contains("written in another language than the knowledge base"), "the held reason in words")

            let english = try await client.post(
                "/v1/tickets", #"{"body": "Hi, I cannot log in to my account. How do I reset my password?"}"#)
            let plain = try #require(try json(english)["ticket"] as? [String: Any])
            #expect((plain["tags"] as? [String] ?? []).isEmpty && plain["language"] == nil)
        }
    }

    @Test func theKnowledgeBaseLanguageIsSetOrTurnedOff() async throws {
        #expect(throws: ConfigurationError.self) {
            _ = try AppConfiguration.load(environment: ["TICKETFLOW_KB_LANGUAGE": "klingon"])
        }
        #expect(try AppConfiguration.load(environment: [:]).translatedAnswers == .review)
        #expect(
            try AppConfiguration.load(environment: ["TICKETFLOW_TRANSLATED_ANSWERS": "send"]).translatedAnswers == .send
        )
        #expect(throws: ConfigurationError.self) {
            _ = try AppConfiguration.load(environment: ["TICKETFLOW_TRANSLATED_ANSWERS": "always"])
        }
        let off = try AppConfiguration.load(environment: ["TICKETFLOW_KB_LANGUAGE": "off"])
        #expect(off.knowledgeBaseLanguage == nil)
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_KB_LANGUAGE": "ES"]).knowledgeBaseLanguage == "es")
        try await withTestClient(configure: { $0.knowledgeBaseLanguage = nil }) { client, _ in
            let response = try await client.post(
                "/v1/tickets",
                #"{"body": "Hola, no puedo iniciar sesión en mi cuenta. ¿Cómo restablezco la contraseña?"}"#)
            let ticket = try #require(try json(response)["ticket"] as? [String: Any])
            #expect((ticket["tags"] as? [String] ?? []).isEmpty, "off: no language stage")
        }
    }
}
