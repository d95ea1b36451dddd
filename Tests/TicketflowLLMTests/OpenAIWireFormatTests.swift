import Foundation
import Testing
import TicketflowTesting
@testable import TicketflowLLM

/// What the real server (RealLLMServerTests) showed the wire format needs: `json_schema` response formats,
/// and refusals that say why without quoting the server's message.
@Suite struct OpenAIWireFormatTests {
    @Test func aSchemaIsSentAsAStrictJSONSchemaResponseFormat() async throws {
        let server = try await OpenAIStubServer.start(
            fallback: .reply(#"{"answer_quality": 7, "hallucination_risk": "low", "specificity": 3, "issues": []}"#))
        defer { server.stop() }
        let client = OpenAIClientTests.client(server)
        _ = try await client.chat([.user("x")], options: ChatOptions(jsonMode: true, jsonSchema: LLMJudge.schema))
        let sent = try #require(server.requests.first?.body)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.utf8)) as? [String: Any])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema", "the schema wins over json_object")
        let schema = try #require(format["json_schema"] as? [String: Any])
        #expect(schema["name"] as? String == "answer_review")
        #expect(schema["strict"] as? Bool == true)
        let inner = try #require(schema["schema"] as? [String: Any])
        #expect(inner["additionalProperties"] as? Bool == false)
        let risk = (inner["properties"] as? [String: Any])?["hallucination_risk"] as? [String: Any]
        #expect(risk?["enum"] as? [String] == ["low", "medium", "high"])

        // The judge and the QA review ask for that schema.
        _ = try await LLMJudge(client: client).qaScores(question: "q", answer: "a", knowledge: [])
        #expect(server.requests.last?.body.contains(#""type":"json_schema""#) == true)
        // Free text sends no response_format at all.
        _ = try await client.chat([.user("x")])
        #expect(server.requests.last?.body.contains("response_format") == false)
    }

    @Test func aRefusalNamesTheServersErrorKindButNotItsMessage() async throws {
        let openAI = #"""
            {"error": {"message": "This model's maximum context length is 8192 tokens. Your prompt: 'my card 4111'",
             "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}
            """#
        #expect(ErrorResponseBody.kind(in: Data(openAI.utf8)) == "context_length_exceeded")
        let llamaCpp =
            #"{"error":{"code":400,"message":"request (6032 tokens) exceeds","type":"exceed_context_size_error"}}"#
        #expect(ErrorResponseBody.kind(in: Data(llamaCpp.utf8)) == "exceed_context_size_error")
        #expect(ErrorResponseBody.kind(in: Data(#"{"error":{"type":"has spaces: and text"}}"#.utf8)) == nil)
        #expect(ErrorResponseBody.kind(in: Data("not json".utf8)) == nil)

        let server = try await OpenAIStubServer.start(fallback: .status(400))
        defer { server.stop() }
        let error = try await #require(throws: LLMError.self) {
            _ = try await OpenAIClientTests.client(server).chat([.user("x")])
        }
        #expect(error.code == .rejected)
        #expect(error.message == "the LLM endpoint refused the request with 400 (server_error)")
        #expect(server.requests.count == 1, "a refusal is not retried")
    }
}
