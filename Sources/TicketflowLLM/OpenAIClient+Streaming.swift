import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import TicketflowCore

extension OpenAIClient {
    /// One chat completion, streamed (`stream: true`): `onText` gets each piece of the content as the server
    /// sends it, and the whole completion is returned at the end. Timeout, breaker and concurrency limit are
    /// those of `chat`; retries too, but only until the first piece arrived: a stream that breaks after that
    /// is thrown, so `onText` never sees the same text twice.
    public func chatStream(
        _ messages: [ChatMessage], options: ChatOptions = ChatOptions(),
        onText: @escaping @Sendable (String) async -> Void
    ) async throws -> ChatCompletion {
        let body = ChatRequestBody(
            model: configuration.model, messages: messages,
            temperature: options.temperature ?? configuration.temperature, max_tokens: options.maxTokens,
            response_format: ChatRequestBody.ResponseFormat(options), stream: true,
            stream_options: .init(include_usage: true))
        let payload = try Self.payload(body)
        let started = Atomic<Bool>(false)
        let path = "/chat/completions"
        let (streamed, attempts) = try await withRetries(
            path: path, retryable: { $0.isRetryable && !started.load(ordering: .relaxed) }
        ) {
            try await self.attemptStream(path: path, payload: payload) { piece in
                started.store(true, ordering: .relaxed)
                await onText(piece)
            }
        }
        let completion = streamed.usage?.completion_tokens ?? streamed.pieces
        let prompt = streamed.usage?.prompt_tokens ?? 0
        return ChatCompletion(
            content: streamed.content, finishReason: streamed.finishReason,
            usage: TokenUsage(promptTokens: prompt, completionTokens: completion, cost: cost(prompt, completion)),
            tokenAlternatives: [], attempts: attempts)
    }

    /// What one streamed attempt collected.
    struct StreamedReply: Sendable {
        var content = ""
        var finishReason: String?
        var usage: ChatResponseBody.Usage?
        /// Content pieces received: the completion's token count when the server sends none.
        var pieces = 0
    }

    func attemptStream(
        path: String, payload: Data, onText: @escaping @Sendable (String) async -> Void
    ) async throws -> StreamedReply {
        try await exchange(path: path, payload: payload) { response, limit in
            guard (200..<300).contains(response.status.code) else {
                let body = try? await response.body.collect(upTo: limit)
                throw Self.failure(response, body: body.map { Data($0.readableBytesView) } ?? Data())
            }
            var reply = StreamedReply()
            var lines = ServerSentEventLines()
            var received = 0
            do {
                for try await buffer in response.body {
                    received += buffer.readableBytes
                    guard received <= limit else {
                        throw LLMError(.badResponse, "the streamed reply is over \(limit) bytes")
                    }
                    for data in lines.feed(buffer.readableBytesView) {
                        if data == "[DONE]" { return try Self.finished(reply) }
                        let piece = try Self.apply(data, to: &reply)
                        if !piece.isEmpty { await onText(piece) }
                    }
                }
            } catch let error as LLMError {
                throw error
            } catch {
                throw LLMError(.transport, "the LLM stream failed: \(error)")
            }
            return try Self.finished(reply)
        }
    }

    /// Adds one event's data to `reply`; returns the piece of content it carried.
    static func apply(_ data: String, to reply: inout StreamedReply) throws -> String {
        guard let chunk = try? JSONDecoder().decode(ChatStreamChunk.self, from: Data(data.utf8)) else {
            throw LLMError(.badResponse, "a streamed event is not an OpenAI chat completion chunk")
        }
        if let error = chunk.error {
            let kind = ErrorResponseBody.kind(of: error).map { " (\($0))" } ?? ""
            throw LLMError(.serverError, "the LLM endpoint failed while streaming\(kind)")
        }
        if let usage = chunk.usage { reply.usage = usage }
        guard let choice = chunk.choices?.first else { return "" }
        if let reason = choice.finish_reason { reply.finishReason = reason }
        let piece = choice.delta?.content ?? ""
        if !piece.isEmpty {
            reply.content += piece
            reply.pieces += 1
        }
        return piece
    }

    /// The reply once the stream ended: cut off before a finish reason, it is not a whole answer.
    static func finished(_ reply: StreamedReply) throws -> StreamedReply {
        guard reply.finishReason != nil else {
            throw LLMError(.transport, "the LLM stream ended before the answer was finished")
        }
        return reply
    }
}

/// The `data` of each event in a `text/event-stream` body, as its bytes arrive in arbitrary pieces.
/// Written here because neither AsyncHTTPClient nor any kept package parses server-sent events on the client
/// side; only `data:` lines matter for the OpenAI stream (no ids, no retry, no multi-line data).
struct ServerSentEventLines {
    private var pending: [UInt8] = []

    /// Every complete `data:` line in what has arrived so far, without the field name.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        pending.append(contentsOf: bytes)
        var found: [String] = []
        var start = 0
        while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = pending[start..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            start = end + 1
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasPrefix("data:") else { continue }
            found.append(text.dropFirst(5).trimmingCharacters(in: .whitespaces))
        }
        pending.removeFirst(start)
        return found
    }
}
