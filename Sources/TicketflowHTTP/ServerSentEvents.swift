import Hummingbird

/// A `text/event-stream` response, as the chat widget and the console's inbox both read one: a first block,
/// then one block per element of a stream, and a comment every `keepAlive` so proxies keep an idle stream open.
public enum ServerSentEvents {
    /// How often an idle stream sends a comment.
    public static let keepAlive: Duration = .seconds(20)

    /// The response: `first`, then `format` of each of `events` until they end. `buffering` blocks wait for a
    /// slow client, the newest kept. When the client goes away, `onEnd` runs (leave whatever feeds `events`):
    /// that is noticed when a write fails, so at the latest one `keepAlive` later.
    public static func response<Event: Sendable>(
        first: String, events: AsyncStream<Event>, buffering: Int, keepAlive: Duration = keepAlive,
        format: @escaping @Sendable (Event) -> String, onEnd: @escaping @Sendable () -> Void
    ) -> Response {
        let (lines, output) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(buffering))
        output.yield(ByteBuffer(string: first))
        let forward = Task {
            for await event in events { output.yield(ByteBuffer(string: format(event))) }
            output.finish()
        }
        let ping = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAlive)
                output.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        output.onTermination = { _ in
            forward.cancel()
            ping.cancel()
            onEnd()
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: lines))
    }
}
