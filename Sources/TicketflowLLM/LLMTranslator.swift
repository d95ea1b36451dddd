import Foundation
import TicketflowAnswering
import TicketflowCore

/// Translation over any OpenAI-compatible endpoint: one schema-constrained call per text, at temperature 0.
/// Callers redact what they send (`TranslationStage`, `AnsweringStage`) and check what comes back
/// (`TranslationCheck`): this type only asks and parses.
public struct LLMTranslator: Translator {
    public let client: OpenAIClient
    public let prompt: PromptTemplate

    public init(client: OpenAIClient, prompt: PromptTemplate = BuiltInPrompts.translate) {
        self.client = client
        self.prompt = prompt
    }

    public var engineName: String { "llm:\(client.configuration.model)/\(prompt.label)" }

    public func translate(_ text: String, from source: String, to target: String) async throws -> String {
        let system = prompt.text
            .replacingOccurrences(of: "{source}", with: Self.name(of: source))
            .replacingOccurrences(of: "{target}", with: Self.name(of: target))
        let reply = try await client.chat(
            [.system(system), .user(text)],
            options: ChatOptions(jsonSchema: Self.schema, maxTokens: Self.maxTokens(for: text), temperature: 0),
            purpose: "translate")
        guard let object = TolerantJSON.object(in: reply.content),
            let translation = (object["translation"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines),
            !translation.isEmpty
        else {
            throw LLMError(.badResponse, "the translation reply has no 'translation' text")
        }
        return translation
    }

    /// Room for a translation that runs longer than its source (about one token per three characters, plus
    /// the JSON around it), within what one reply may cost.
    static func maxTokens(for text: String) -> Int {
        min(2000, 100 + text.count)
    }

    /// "Spanish" for "es": models follow names better than codes. Foundation's own table, in English.
    static func name(of code: String) -> String {
        Locale(identifier: "en").localizedString(forLanguageCode: code) ?? code
    }

    static let schema = JSONSchema(
        name: "translation",
        schema: [
            "type": "object",
            "properties": ["translation": ["type": "string"]],
            "required": ["translation"],
            "additionalProperties": false,
        ])
}
