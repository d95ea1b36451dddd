import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import TicketflowCore

/// A client for any OpenAI-compatible endpoint with the protections a
/// production pipeline needs: a whole-attempt timeout, retries with
/// exponential backoff and jitter (honouring Retry-After), a circuit
/// breaker and a concurrency limit. Every failure is an `LLMError` (or a
/// `CancellationError` when the caller was cancelled), and each failed call
/// is logged at warning with its reason, never with prompt text.
public final class OpenAIClient: Sendable {
    public let configuration: LLMConfiguration
    public let breaker: CircuitBreaker
    let limiter: ConcurrencyLimiter
    let http: HTTPClient
    let logger: Logger

    /// A client for `configuration`; `logger` receives failed calls and breaker changes.
    public init(
        configuration: LLMConfiguration, httpClient: HTTPClient = OpenAIClient.sharedHTTPClient,
        logger: Logger = CircuitBreaker.silentLogger
    ) {
        self.configuration = configuration
        self.breaker = CircuitBreaker(
            threshold: configuration.breakerFailureThreshold, cooldown: configuration.breakerCooldown, logger: logger)
        self.limiter = ConcurrencyLimiter(limit: configuration.maxConcurrentRequests)
        self.http = httpClient
        self.logger = logger
    }

    /// The HTTP client LLM calls use unless told otherwise. Process-wide and never shut down,
    /// like `HTTPClient.shared`.
    public static let sharedHTTPClient = makeHTTPClient(connectTimeout: .seconds(10))

    /// Connections the pool may hold to one LLM host. Each client's `ConcurrencyLimiter` bounds its
    /// calls; the pool must never be the narrower gate, because a call queued for a pooled connection
    /// fails after the *connect* timeout (`getConnectionFromPoolTimeout`), as if the server could not be
    /// reached, while a slow single-slot server is still busy with the calls ahead of it. Several clients
    /// share this pool (the server's, `doctor`'s, a benchmark's), so it allows well over one limiter.
    static let connectionsPerHost = 64

    /// An HTTP client for LLM calls. Unlike `HTTPClient.shared` it does not retry a failed connect until
    /// the request's deadline: a refused connection fails at once, and our own retries and breaker
    /// decide what next.
    static func makeHTTPClient(connectTimeout: TimeAmount) -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connectionsPerHost
        configuration.timeout.connect = connectTimeout
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// One chat completion.
    public func chat(_ messages: [ChatMessage], options: ChatOptions = ChatOptions()) async throws -> ChatCompletion {
        let body = ChatRequestBody(
            model: configuration.model, messages: messages,
            temperature: options.temperature ?? configuration.temperature, max_tokens: options.maxTokens,
            response_format: ChatRequestBody.ResponseFormat(options),
            logprobs: options.topLogprobs.map { _ in true }, top_logprobs: options.topLogprobs)
        let (data, attempts) = try await send(path: "/chat/completions", body: body)
        guard let reply = try? JSONDecoder().decode(ChatResponseBody.self, from: data),
            let choice = reply.choices.first, let content = choice.message?.content
        else {
            throw LLMError(.badResponse, "the chat reply is not an OpenAI chat completion")
        }
        let prompt = reply.usage?.prompt_tokens ?? 0
        let completion = reply.usage?.completion_tokens ?? 0
        let alternatives = (choice.logprobs?.content ?? []).map { token in
            (token.top_logprobs ?? [.init(token: token.token, logprob: token.logprob)])
                .map { TokenAlternative(token: $0.token, logprob: $0.logprob) }
        }
        return ChatCompletion(
            content: content, finishReason: choice.finish_reason,
            usage: TokenUsage(promptTokens: prompt, completionTokens: completion, cost: cost(prompt, completion)),
            tokenAlternatives: alternatives,
            tokens: (choice.logprobs?.content ?? []).map { TokenAlternative(token: $0.token, logprob: $0.logprob) },
            attempts: attempts)
    }

    /// Embeddings for `texts`, in input order.
    public func embeddings(_ texts: [String]) async throws -> (vectors: [[Float]], usage: TokenUsage) {
        guard let model = configuration.embeddingsModel else {
            throw LLMError(.rejected, "no embeddings model is configured")
        }
        if texts.isEmpty { return ([], TokenUsage()) }
        let (data, _) = try await send(path: "/embeddings", body: EmbeddingsRequestBody(model: model, input: texts))
        guard let reply = try? JSONDecoder().decode(EmbeddingsResponseBody.self, from: data),
            reply.data.count == texts.count
        else {
            throw LLMError(.badResponse, "the embeddings reply does not hold one vector per input")
        }
        let ordered = reply.data.enumerated().sorted {
            ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset)
        }
        let vectors = ordered.map(\.element.embedding)
        guard let dimension = vectors.first?.count, dimension > 0, vectors.allSatisfy({ $0.count == dimension }) else {
            throw LLMError(.badResponse, "the embeddings reply has vectors of different or zero length")
        }
        let prompt = reply.usage?.prompt_tokens ?? 0
        return (vectors, TokenUsage(promptTokens: prompt, cost: cost(prompt, 0)))
    }

    func cost(_ prompt: Int, _ completion: Int) -> Double {
        Double(prompt) / 1000 * configuration.promptPricePer1K
            + Double(completion) / 1000 * configuration.completionPricePer1K
    }

    /// POSTs JSON with retries; returns the 2xx body and the attempts it took.
    func send<Body: Encodable>(path: String, body: Body) async throws -> (Data, Int) {
        let payload = try Self.payload(body)
        return try await withRetries(path: path) { try await self.attemptOnce(path: path, payload: payload) }
    }

    /// A request body as JSON with sorted keys, so a request is the same bytes every time and a schema's
    /// properties reach the server in a known order (llama.cpp decodes them in the order it reads them).
    static func payload<Body: Encodable>(_ body: Body) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(body)
    }

    /// Runs `attempt` behind the breaker and the concurrency limit, retrying what `retryable` allows;
    /// returns its result and the attempts it took.
    func withRetries<Result: Sendable>(
        path: String, retryable: @Sendable (LLMError) -> Bool = { $0.isRetryable },
        _ attemptOnce: @Sendable () async throws -> Result
    ) async throws -> (Result, Int) {
        var attempt = 0
        while true {
            attempt += 1
            guard breaker.allowRequest() else {
                logger.debug("LLM call skipped: the circuit breaker is open", metadata: ["endpoint": "\(path)"])
                throw LLMError(.circuitOpen, "the LLM endpoint failed repeatedly; calls are paused")
            }
            do {
                await limiter.acquire()
                let result: Result
                do {
                    result = try await attemptOnce()
                    await limiter.release()
                } catch {
                    await limiter.release()
                    throw error
                }
                breaker.recordSuccess()
                return (result, attempt)
            } catch let error as LLMError {
                // A call cut short by its caller (a shutdown) says nothing about the endpoint.
                if Task.isCancelled { throw CancellationError() }
                if error.isEndpointFailure { breaker.recordFailure() } else { breaker.recordSuccess() }
                // Reason and endpoint only: prompts may hold customer data.
                let metadata: Logger.Metadata = [
                    "endpoint": "\(path)", "code": "\(error.code.rawValue)", "reason": "\(error.message)",
                    "attempt": "\(attempt)",
                ]
                guard retryable(error), attempt <= configuration.maxRetries else {
                    logger.warning("LLM call failed", metadata: metadata)
                    throw error
                }
                logger.info("LLM call attempt failed; retrying", metadata: metadata)
                try await Task.sleep(for: .seconds(backoff(attempt: attempt, retryAfter: error.retryAfter)))
            }
        }
    }

    /// Exponential backoff with equal jitter, or the server's Retry-After, capped.
    func backoff(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(configuration.retryMaxDelay, max(0, retryAfter)) }
        return RetryBackoff(baseSeconds: configuration.retryBaseDelay, maximumSeconds: configuration.retryMaxDelay)
            .equalJitterDelay(afterAttempt: attempt, unitRandom: Double.random(in: 0...1))
    }

    func attemptOnce(path: String, payload: Data) async throws -> Data {
        try await exchange(path: path, payload: payload) { response, limit in
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: limit)
            } catch {
                throw LLMError(.transport, "the LLM response body failed: \(error)")
            }
            let data = Data(body.readableBytesView)
            if (200..<300).contains(response.status.code) { return data }
            throw Self.failure(response, body: data)
        }
    }

    /// Sends `payload` to `path` and reads the response with `read` (given the body's byte limit), all within
    /// the request timeout: it covers slow-drip bodies too, which a connect timeout does not.
    func exchange<Result: Sendable>(
        path: String, payload: Data,
        read: @escaping @Sendable (HTTPClientResponse, _ limit: Int) async throws -> Result
    ) async throws -> Result {
        let limit = configuration.maximumResponseBytes
        let client = http
        let prepared = request(path: path, payload: payload)
        let timeout = configuration.requestTimeout
        return try await withDeadline(
            seconds: timeout, orThrow: LLMError(.timeout, "no complete answer within \(timeout)s")
        ) {
            try await read(try await Self.execute(prepared, on: client), limit)
        }
    }

    /// The request for `path`, with the key and `payload`.
    func request(path: String, payload: Data) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let key = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        request.body = .bytes(ByteBuffer(bytes: payload))
        return request
    }

    /// Sends `prepared`, telling a refused connection from other transport failures. A kept-alive connection
    /// the server closed as the request went out is tried once more on a new one, whatever the retry budget:
    /// llama.cpp closes a connection after some error replies without saying so, and servers close idle ones
    /// (uvicorn, under vLLM, after 5 s), so the pool can hand out a dead connection the request never left on.
    static func execute(_ prepared: HTTPClientRequest, on client: HTTPClient) async throws -> HTTPClientResponse {
        do {
            do {
                return try await client.execute(prepared, timeout: .hours(1))
            } catch  where isDroppedConnection(error) {
                return try await client.execute(prepared, timeout: .hours(1))
            }
        } catch  where isConnectionRefused(error) {
            throw LLMError(.connectionRefused, "nothing listens at the LLM endpoint (connection refused)")
        } catch {
            throw LLMError(.transport, "cannot reach the LLM endpoint: \(error)")
        }
    }

    /// Why a reply that is not 2xx failed.
    static func failure(_ response: HTTPClientResponse, body data: Data) -> LLMError {
        switch response.status.code {
        case 429:
            return LLMError(
                .rateLimited, "the LLM endpoint is rate limiting",
                retryAfter: response.headers.first(name: "Retry-After").flatMap(Double.init))
        case 500...: return LLMError(.serverError, "the LLM endpoint answered \(response.status.code)")
        default:
            // The server's error kind says why (a context-length overflow, a wrong key) without its message.
            let kind = ErrorResponseBody.kind(in: data).map { " (\($0))" } ?? ""
            return LLMError(.rejected, "the LLM endpoint refused the request with \(response.status.code)\(kind)")
        }
    }
}

extension OpenAIClient {
    /// Whether a kept-alive connection was found closed as the request went out: the close seen first
    /// (`remoteConnectionClosed`) or the write onto a channel already closed (`ioOnClosedChannel`),
    /// which of the two depends on a race between the server's close and the write.
    static func isDroppedConnection(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return error == .remoteConnectionClosed }
        if let error = error as? ChannelError { return error == .ioOnClosedChannel }
        return false
    }

    /// Whether connecting was refused (ECONNREFUSED on every address tried):
    /// nothing listens there, so waiting or retrying soon would not help.
    static func isConnectionRefused(_ error: any Error) -> Bool {
        if let error = error as? NIOConnectionError {
            return !error.connectionErrors.isEmpty
                && error.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        }
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        return false
    }
}
