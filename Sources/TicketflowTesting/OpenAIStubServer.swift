import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local HTTP server speaking the OpenAI wire format on 127.0.0.1, the one
/// stand-in tests may use for an external LLM. Tests script its behaviour
/// (answers, malformed JSON, 429/500, timeouts, slow-drip bodies) and read
/// back every request it received.
public final class OpenAIStubServer: Sendable {
    /// What the server does with the next request.
    public indirect enum Behavior: Sendable {
        /// A normal chat completion whose message content is this text.
        case reply(String)
        /// A chat completion with first-token logprobs (token, logprob) pairs.
        case replyWithLogprobs(String, [(String, Double)])
        /// A chat completion whose content is these tokens joined, each with its log-probability.
        case replyTokens([(String, Double)])
        /// A 200 whose body is not JSON at all.
        case malformed
        /// This HTTP status with an OpenAI error body (and Retry-After for 429).
        case status(Int, retryAfter: Int? = nil)
        /// Wait, then behave as told (a timeout when longer than the client's limit).
        case delay(Double, Behavior)
        /// Send headers, then drip the body one byte every `interval` seconds.
        case slowDrip(String, interval: Double)
        /// Accept the request and never answer (until the server stops): a hung LLM.
        case hang
        /// For a streamed request, `pieces` of the reply's content as events, then the connection closes with
        /// no finish reason and no `[DONE]`: a stream cut off mid-answer.
        case streamCut(String, pieces: Int)
        /// For a streamed request, the reply's pieces `interval` seconds apart (a model writing at its own pace);
        /// any other request gets the reply whole at once.
        case slowStream(String, interval: Double)
        /// Behave as the request's body says: for calls of several kinds (translation, answer, judge) that
        /// arrive in an order the test does not fix.
        case choosing(@Sendable (String) -> Behavior)
    }

    /// One request as the server saw it.
    public struct RecordedRequest: Sendable {
        public var path: String
        /// Header names are lower-cased.
        public var headers: [String: String]
        public var body: String
    }

    private let script = Mutex<[Behavior]>([])
    private let fallback: Mutex<Behavior>
    private let recorded = Mutex<[RecordedRequest]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let base = Mutex("")
    /// `http://127.0.0.1:PORT/v1`.
    public var baseURL: String { base.withLock { $0 } }

    private init(fallback: Behavior) {
        self.fallback = Mutex(fallback)
    }

    /// Starts a server on a free loopback port. `fallback` answers whenever the script is empty.
    public static func start(fallback: Behavior = .reply("OK")) async throws -> OpenAIStubServer {
        let server = OpenAIStubServer(fallback: fallback)
        let router = Router()
        router.post("v1/chat/completions") { request, _ in try await server.respond(to: request, kind: .chat) }
        router.post("v1/embeddings") { request, _ in try await server.respond(to: request, kind: .embeddings) }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "openai-stub")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        server.task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        server.base.withLock { $0 = "http://127.0.0.1:\(port)/v1" }
        return server
    }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(_ behaviors: Behavior...) {
        script.withLock { $0.append(contentsOf: behaviors) }
    }

    /// Changes what the server does once the script is used up.
    public func setFallback(_ behavior: Behavior) {
        fallback.withLock { $0 = behavior }
    }

    /// Every request received so far.
    public var requests: [RecordedRequest] { recorded.withLock { $0 } }

    /// Stops the server.
    public func stop() {
        stopped.withLock { $0 = true }
        task.withLock { $0?.cancel() }
    }

    /// Set by `stop()`, so hanging requests end with the server.
    private let stopped = Mutex(false)

    enum Kind { case chat, embeddings }

    private func respond(to request: Request, kind: Kind) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 16 << 20)
        let body = String(buffer: buffer)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        recorded.withLock { $0.append(RecordedRequest(path: request.uri.path, headers: headers, body: body)) }
        let behavior = script.withLock { $0.isEmpty ? nil : $0.removeFirst() } ?? fallback.withLock { $0 }
        return try await respond(behavior, kind: kind, requestBody: body)
    }

    private func respond(_ behavior: Behavior, kind: Kind, requestBody: String) async throws -> Response {
        switch behavior {
        case .delay(let seconds, let next):
            try await Task.sleep(for: .seconds(seconds))
            return try await respond(next, kind: kind, requestBody: requestBody)
        case .choosing(let choose):
            return try await respond(choose(requestBody), kind: kind, requestBody: requestBody)
        case .hang:
            while !stopped.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(100)) }
            return Self.json(#"{"error":{"message":"stub stopped"}}"#, status: .serviceUnavailable)
        case .malformed:
            return Self.json("{\"choices\": [ this is not json", status: .ok)
        case .status(let code, let retryAfter):
            var response = Self.json(
                #"{"error":{"message":"stub error","type":"server_error","code":\#(code)}}"#,
                status: HTTPResponse.Status(code: code))
            if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
            return response
        case .slowDrip(let content, let interval):
            let bytes = Array(Self.chatBody(content, logprobs: []).utf8)
            return Self.written("application/json") { writer in
                for byte in bytes {
                    try await writer.write(ByteBuffer(bytes: [byte]))
                    try await Task.sleep(for: .seconds(interval))
                }
            }
        case .reply(let content):
            if kind == .embeddings { return Self.json(Self.embeddingsBody(requestBody), status: .ok) }
            if Self.asksToStream(requestBody) { return Self.stream(Self.pieces(of: content), finished: true) }
            return Self.json(Self.chatBody(content, logprobs: []), status: .ok)
        case .streamCut(let content, let count):
            return Self.stream(Array(Self.pieces(of: content).prefix(count)), finished: false)
        case .slowStream(let content, let interval):
            guard Self.asksToStream(requestBody) else {
                return Self.json(Self.chatBody(content, logprobs: []), status: .ok)
            }
            return Self.stream(Self.pieces(of: content), finished: true, interval: interval)
        case .replyWithLogprobs(let content, let logprobs):
            return Self.json(Self.chatBody(content, logprobs: logprobs), status: .ok)
        case .replyTokens(let tokens):
            return Self.json(Self.chatBody(tokens: tokens), status: .ok)
        }
    }

    static func asksToStream(_ requestBody: String) -> Bool {
        let object = (try? JSONSerialization.jsonObject(with: Data(requestBody.utf8))) as? [String: Any]
        return object?["stream"] as? Bool == true
    }

    /// The content in pieces of up to 4 characters, as a model's tokens arrive.
    static func pieces(of content: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(content)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return pieces
    }

    /// A `text/event-stream` chat completion, one event per piece; `finished` adds the finish reason, the
    /// token counts and `[DONE]`, as OpenAI and llama.cpp end a stream.
    static func stream(_ pieces: [String], finished: Bool, interval: Double = 0.002) -> Response {
        written("text/event-stream") { writer in
            for piece in pieces {
                try await writer.write(
                    Self.event([
                        "object": "chat.completion.chunk", "choices": [["index": 0, "delta": ["content": piece]]],
                    ]))
                try await Task.sleep(for: .seconds(interval))
            }
            guard finished else { return }
            try await writer.write(
                Self.event([
                    "object": "chat.completion.chunk",
                    "choices": [["index": 0, "delta": [String: Any](), "finish_reason": "stop"]],
                ]))
            try await writer.write(
                Self.event([
                    "object": "chat.completion.chunk", "choices": [Any](),
                    "usage": [
                        "prompt_tokens": 100, "completion_tokens": pieces.count, "total_tokens": 100 + pieces.count,
                    ],
                ]))
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
        }
    }

    /// A 200 whose body `write` sends piece by piece.
    static func written(
        _ contentType: String, _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await write(&writer)
                try await writer.finish(nil)
            })
    }

    static func event(_ object: [String: Any]) -> ByteBuffer {
        let json = String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        return ByteBuffer(string: "data: \(json)\n\n")
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func chatBody(_ content: String, logprobs: [(String, Double)]) -> String {
        var tokens: [[String: Any]] = []
        if let first = logprobs.first {
            tokens = [
                [
                    "token": first.0, "logprob": first.1,
                    "top_logprobs": logprobs.map { ["token": $0.0, "logprob": $0.1] },
                ]
            ]
        }
        return chatBody(content, tokens: tokens)
    }

    /// Every token of the content with its log-probability, as llama.cpp and OpenAI send them.
    static func chatBody(tokens: [(String, Double)]) -> String {
        chatBody(
            tokens.map(\.0).joined(),
            tokens: tokens.map {
                ["token": $0.0, "logprob": $0.1, "top_logprobs": [["token": $0.0, "logprob": $0.1]]]
            })
    }

    static func chatBody(_ content: String, tokens: [[String: Any]]) -> String {
        var message: [String: Any] = ["role": "assistant", "content": content]
        message["refusal"] = NSNull()
        var choice: [String: Any] = ["index": 0, "message": message, "finish_reason": "stop"]
        if !tokens.isEmpty { choice["logprobs"] = ["content": tokens] }
        let object: [String: Any] = [
            "id": "chatcmpl-stub", "object": "chat.completion", "model": "stub-model",
            "choices": [choice],
            "usage": ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Deterministic bag-of-words vectors (64 dimensions), so similar texts get similar vectors.
    static func embeddingsBody(_ requestBody: String) -> String {
        let inputs =
            ((try? JSONSerialization.jsonObject(with: Data(requestBody.utf8))) as? [String: Any])?["input"] as? [String]
            ?? []
        let data: [[String: Any]] = inputs.enumerated().map { index, text in
            var vector = [Double](repeating: 0, count: 64)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                let bucket = word.unicodeScalars.reduce(UInt32(2166136261)) { ($0 ^ $1.value) &* 16777619 } % 64
                vector[Int(bucket)] += 1
            }
            let norm = max(1e-9, vector.map { $0 * $0 }.reduce(0, +).squareRoot())
            return ["object": "embedding", "index": index, "embedding": vector.map { $0 / norm }]
        }
        let object: [String: Any] = [
            "object": "list", "data": data, "model": "stub-embed",
            "usage": ["prompt_tokens": inputs.count * 8, "total_tokens": inputs.count * 8],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}
