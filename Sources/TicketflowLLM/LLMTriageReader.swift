import Foundation
import TicketflowCore

/// The LLM engine for triage and sentiment (DESIGN.md): one constrained call that reads a ticket's
/// category from the team's taxonomy and its sentiment, urgency 1–5, escalation risk and a one-sentence
/// reason. The reply's shape is a JSON schema with the taxonomy as an enum, so a server that supports
/// `json_schema` cannot name a category the team does not have; `parse` checks it anyway.
public struct LLMTriageReader: Sendable {
    public let client: OpenAIClient
    public let prompt: PromptTemplate

    public init(client: OpenAIClient, prompt: PromptTemplate = BuiltInPrompts.triage) {
        self.client = client
        self.prompt = prompt
    }

    public var engineName: String { "llm:\(client.configuration.model)/\(prompt.label)" }

    /// One category the model may choose, with the line that says what belongs there.
    public struct Category: Sendable, Equatable {
        public var name: String
        public var description: String?

        public init(name: String, description: String? = nil) {
            self.name = name
            self.description = description
        }
    }

    /// What to ask for: the category (from `categories`), the sentiment part, or both.
    public struct Question: Sendable, Equatable {
        /// The taxonomy to choose from; nil leaves the category out of the call.
        public var categories: [Category]?
        public var sentiment: Bool

        public init(categories: [Category]?, sentiment: Bool) {
            self.categories = categories
            self.sentiment = sentiment
        }
    }

    /// The model's reading; the parts not asked for are nil.
    public struct Reading: Sendable, Equatable {
        /// A taxonomy name, or `unknown`.
        public var category: String?
        /// The probability of the category's tokens, from the server's log-probabilities; nil when it sent none.
        public var categoryProbability: Double?
        public var sentiment: Sentiment?
        public var urgency: Int?
        public var escalationRisk: Bool?
        public var reason: String?
    }

    /// Asks the model about `text` (already redacted by the caller: it leaves the process).
    public func read(_ text: String, asking question: Question) async throws -> Reading {
        var taxonomy = ""
        if let categories = question.categories {
            taxonomy =
                "Categories:\n"
                + categories.map { "- \($0.name)" + ($0.description.map { ": \($0)" } ?? "") }.joined(separator: "\n")
                + "\n- unknown: none of the above fits\n\n"
        }
        let reply = try await client.chat(
            [.system(prompt.text), .user(taxonomy + "Customer message:\n" + text)],
            options: ChatOptions(
                jsonSchema: Self.schema(question), maxTokens: 200,
                topLogprobs: question.categories == nil ? nil : 1,
                temperature: 0), purpose: "triage")
        var reading = try Self.parse(reply.content, question: question)
        if let category = reading.category {
            reading.categoryProbability = Self.probability(ofValue: category, forKey: "category", in: reply.tokens)
        }
        return reading
    }

    static let sentiments = ["positive", "neutral", "negative", "urgent"]

    /// The reply's shape for `question`. Requests go out with sorted keys, so the category comes first and
    /// is decided before the model has talked itself into a mood. The reason is bounded, or a small model
    /// rambles until max_tokens cuts the JSON short.
    public static func schema(_ question: Question) -> JSONSchema {
        var properties: [(String, JSONValue)] = []
        if let categories = question.categories {
            properties.append(
                (
                    "category",
                    ["type": "string", "enum": .array((categories.map(\.name) + ["unknown"]).map(JSONValue.string))]
                ))
        }
        if question.sentiment {
            properties += [
                ("sentiment", ["type": "string", "enum": .array(sentiments.map(JSONValue.string))]),
                ("urgency", ["type": "integer", "minimum": 1, "maximum": 5]),
                ("escalation_risk", ["type": "boolean"]),
                ("reason", ["type": "string", "maxLength": 160]),
            ]
        }
        return JSONSchema(
            name: "ticket_triage",
            schema: [
                "type": "object",
                "properties": .object(Dictionary(uniqueKeysWithValues: properties)),
                "required": .array(properties.map { .string($0.0) }),
                "additionalProperties": false,
            ])
    }

    /// Validates the reply; a category outside the taxonomy or a value out of range is a bad response.
    public static func parse(_ content: String, question: Question) throws -> Reading {
        guard let object = TolerantJSON.object(in: content) else {
            throw LLMError(.badResponse, "the triage reply is not JSON")
        }
        var reading = Reading()
        if let categories = question.categories {
            let names = Set(categories.map(\.name) + ["unknown"])
            guard let category = object["category"] as? String, names.contains(category) else {
                throw LLMError(.badResponse, "the triage reply names no category of the taxonomy")
            }
            reading.category = category
        }
        if question.sentiment {
            guard let sentiment = (object["sentiment"] as? String).flatMap({ Sentiment(rawValue: $0.lowercased()) }),
                let urgency = TolerantJSON.integer(object["urgency"]), (1...5).contains(urgency),
                let risk = object["escalation_risk"] as? Bool
            else {
                throw LLMError(.badResponse, "the triage reply has no valid sentiment, urgency or escalation_risk")
            }
            reading.sentiment = sentiment
            reading.urgency = urgency
            reading.escalationRisk = risk
            let reason = ((object["reason"] as? String) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            reading.reason = reason.isEmpty ? nil : String(reason.prefix(200))
        }
        return reading
    }

    /// The probability the model gave the string value of `key`: the product over the tokens that
    /// spell it (with its quotes), nil when the server sent no log-probabilities or they do not spell the
    /// content. This is the seed's "logprob-based confidence": how sure the model was of exactly this label.
    static func probability(ofValue value: String, forKey key: String, in tokens: [TokenAlternative]) -> Double? {
        guard !tokens.isEmpty else { return nil }
        let content = tokens.map(\.token).joined()
        guard let keyRange = content.range(of: "\"\(key)\""),
            let valueRange = content.range(of: "\"\(value)\"", range: keyRange.upperBound..<content.endIndex)
        else { return nil }
        let start = content.distance(from: content.startIndex, to: valueRange.lowerBound)
        let end = content.distance(from: content.startIndex, to: valueRange.upperBound)
        var offset = 0
        var logprob = 0.0
        for token in tokens {
            let next = offset + token.token.count
            if next > start && offset < end { logprob += token.logprob }
            offset = next
        }
        return exp(logprob)
    }
}
