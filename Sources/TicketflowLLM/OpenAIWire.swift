import Foundation

/// The OpenAI chat-completions and embeddings wire format: only the fields
/// Ticketflow sends or reads. Unknown fields in replies are ignored.

/// One chat message.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
}

/// Per-call choices on top of the configuration.
public struct ChatOptions: Sendable, Equatable {
    /// Ask for `response_format: json_object`; replies are parsed tolerantly either way.
    public var jsonMode: Bool
    /// Ask for `response_format: json_schema` with this schema (strict); wins over `jsonMode`.
    public var jsonSchema: JSONSchema?
    public var maxTokens: Int
    /// Ask for the top log-probabilities of each output token.
    public var topLogprobs: Int?
    /// Overrides the configured temperature.
    public var temperature: Double?

    public init(
        jsonMode: Bool = false, jsonSchema: JSONSchema? = nil, maxTokens: Int = 512, topLogprobs: Int? = nil,
        temperature: Double? = nil
    ) {
        self.jsonMode = jsonMode
        self.jsonSchema = jsonSchema
        self.maxTokens = maxTokens
        self.topLogprobs = topLogprobs
        self.temperature = temperature
    }
}

/// A named JSON Schema the reply must follow (`response_format: json_schema`).
/// Servers that support it (OpenAI, vLLM, llama.cpp, Ollama) constrain decoding
/// to the schema, so even a small model returns parseable JSON with valid enums.
public struct JSONSchema: Sendable, Equatable {
    /// A short identifier (letters, digits, `_`, `-`), as OpenAI requires.
    public var name: String
    /// The schema itself; with `strict`, every property is required and no others allowed.
    public var schema: JSONValue

    public init(name: String, schema: JSONValue) {
        self.name = name
        self.schema = schema
    }
}

struct ChatRequestBody: Encodable {
    struct ResponseFormat: Encodable {
        struct Schema: Encodable {
            var name: String
            var strict: Bool
            var schema: JSONValue
        }
        var type: String
        var json_schema: Schema?

        /// The format `options` ask for, nil for free text.
        init?(_ options: ChatOptions) {
            if let schema = options.jsonSchema {
                type = "json_schema"
                json_schema = Schema(name: schema.name, strict: true, schema: schema.schema)
            } else if options.jsonMode {
                type = "json_object"
            } else {
                return nil
            }
        }
    }
    var model: String
    var messages: [ChatMessage]
    var temperature: Double
    var max_tokens: Int
    var response_format: ResponseFormat?
    var logprobs: Bool?
    var top_logprobs: Int?
    /// Server-sent events, one chunk per piece of the content.
    var stream: Bool?
    var stream_options: StreamOptions?

    struct StreamOptions: Encodable {
        /// Ask for a last chunk with the token counts (OpenAI, vLLM and Ollama send one; llama.cpp always does).
        var include_usage: Bool
    }
}

/// One event of a streamed chat completion: a piece of the content, the finish reason, or the token counts.
struct ChatStreamChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable { var content: String? }
        var delta: Delta?
        var finish_reason: String?
    }
    var choices: [Choice]?
    var usage: ChatResponseBody.Usage?
    /// llama.cpp sends an error as an event once the stream has begun.
    var error: ErrorResponseBody.Detail?
}

struct ChatResponseBody: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        struct Logprobs: Decodable {
            struct Token: Decodable {
                struct Alternative: Decodable { var token: String; var logprob: Double }
                var token: String
                var logprob: Double
                var top_logprobs: [Alternative]?
            }
            var content: [Token]?
        }
        var message: Message?
        var finish_reason: String?
        var logprobs: Logprobs?
    }
    struct Usage: Decodable { var prompt_tokens: Int?; var completion_tokens: Int? }
    var model: String?
    var choices: [Choice]
    var usage: Usage?
}

/// An OpenAI error reply, `{"error": {"type": ..., "code": ...}}`; llama.cpp sends the same shape.
struct ErrorResponseBody: Decodable {
    struct Detail: Decodable {
        var type: String?
        /// A string on OpenAI (`context_length_exceeded`), the HTTP status as a number on llama.cpp.
        var code: String?

        enum CodingKeys: String, CodingKey { case type, code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            code = try? container.decodeIfPresent(String.self, forKey: .code)
        }
    }
    var error: Detail

    /// The most specific identifier the server gave (`context_length_exceeded`,
    /// `exceed_context_size_error`, `authentication_error`); nil when there is none.
    /// Only short identifiers: the error's message may quote the prompt, which must not reach logs.
    static func kind(in data: Data) -> String? {
        guard let detail = try? JSONDecoder().decode(Self.self, from: data).error else { return nil }
        return kind(of: detail)
    }

    /// `kind(in:)` of an error already decoded (a streamed error event).
    static func kind(of detail: Detail) -> String? {
        [detail.code, detail.type].compactMap { $0 }.first {
            (1...64).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
    }
}

struct EmbeddingsRequestBody: Encodable {
    var model: String
    var input: [String]
}

struct EmbeddingsResponseBody: Decodable {
    struct Item: Decodable { var index: Int?; var embedding: [Float] }
    struct Usage: Decodable { var prompt_tokens: Int? }
    var data: [Item]
    var usage: Usage?
}

/// Tokens used and what they cost.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double

    public init(promptTokens: Int = 0, completionTokens: Int = 0, cost: Double = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: a.promptTokens + b.promptTokens,
            completionTokens: a.completionTokens + b.completionTokens, cost: a.cost + b.cost)
    }
}

/// A first-token alternative and its log-probability.
public struct TokenAlternative: Sendable, Equatable {
    public var token: String
    public var logprob: Double
}

/// A chat reply.
public struct ChatCompletion: Sendable, Equatable {
    public var content: String
    public var finishReason: String?
    public var usage: TokenUsage
    /// Top alternatives for each output token, when the server returned logprobs.
    public var tokenAlternatives: [[TokenAlternative]]
    /// The output tokens as sampled, each with its log-probability, when the server returned logprobs.
    public var tokens: [TokenAlternative] = []
    /// Attempts made, 1 when the first one succeeded.
    public var attempts: Int
}
