import Foundation

/// How to reach an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp
/// server, TEI, OpenAI) and how patient to be with it.
public struct LLMConfiguration: Sendable, Equatable {
    /// Base URL including the version path, e.g. `http://127.0.0.1:11434/v1`.
    public var baseURL: String
    /// Chat model name.
    public var model: String
    /// Embeddings model name; nil when the endpoint is used for chat only.
    public var embeddingsModel: String?
    /// Sent as `Authorization: Bearer ...`; never logged.
    public var apiKey: String?
    /// Whole-attempt limit in seconds: connect, response and body.
    public var requestTimeout: Double = 20
    /// Retries after the first attempt, for 429, 5xx, timeouts and transport errors.
    public var maxRetries: Int = 2
    /// First backoff delay in seconds; doubles per retry, with jitter.
    public var retryBaseDelay: Double = 0.25
    /// Longest single wait between attempts, also the cap for Retry-After.
    public var retryMaxDelay: Double = 4
    /// Requests in flight at once; more wait their turn.
    public var maxConcurrentRequests: Int = 8
    /// Consecutive failed attempts that open the circuit breaker.
    public var breakerFailureThreshold: Int = 5
    /// Seconds the breaker stays open before letting one request probe.
    public var breakerCooldown: Double = 30
    /// Sampling temperature; DESIGN.md asks for 0.1–0.3.
    public var temperature: Double = 0.2
    /// Largest response body accepted, in bytes.
    public var maximumResponseBytes: Int = 4 << 20
    /// Prices for cost accounting, per 1,000 tokens (0 for self-hosted).
    public var promptPricePer1K: Double = 0
    public var completionPricePer1K: Double = 0

    public init(baseURL: String, model: String, embeddingsModel: String? = nil, apiKey: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.embeddingsModel = embeddingsModel
        self.apiKey = apiKey
    }
}

/// Why an LLM call failed. Every code is something the pipeline can fall
/// back from; none is ever shown to a customer.
public struct LLMError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case timeout
        case rateLimited = "rate_limited"
        case serverError = "server_error"
        case transport
        case badResponse = "bad_response"
        case rejected
        case circuitOpen = "circuit_open"
        /// Nothing listens at the endpoint's address: failed at once, never retried.
        case connectionRefused = "connection_refused"
    }

    public var code: Code
    public var message: String
    /// Seconds the server asked us to wait (Retry-After on a 429).
    public var retryAfter: Double?

    public init(_ code: Code, _ message: String, retryAfter: Double? = nil) {
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Whether another attempt might succeed.
    public var isRetryable: Bool {
        switch code {
        case .timeout, .rateLimited, .serverError, .transport: return true
        case .badResponse, .rejected, .circuitOpen, .connectionRefused: return false
        }
    }

    /// Whether the failure says the endpoint is unwell (counts towards opening the
    /// circuit breaker); a rejected or malformed reply means it answered.
    public var isEndpointFailure: Bool { isRetryable || code == .connectionRefused }

    public var description: String { "\(code.rawValue): \(message)" }
}
