import Foundation
import Hummingbird
import Logging
import TicketflowCore
import TicketflowEscalation

extension AgentRoutes {
    /// `POST /v1/agent/tickets/{id}/draft`: a fresh AI draft of the answer, stored as the ticket's draft and
    /// never sent. With `Accept: text/event-stream` the answer's text streams as the engine writes it (`text`
    /// events), then the ticket as the JSON reply has it (`draft`), or a problem (`error`). Refusals (no such
    /// ticket, closed, already answered, held by someone else) come first, as plain problems.
    @Sendable func redraft(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let actor = try actor(context)
        let detail = try await desk.draftable(try context.positiveID(of: "ticket"), by: actor)
        guard request.headers[.accept]?.contains("text/event-stream") == true else {
            return try JSONBody.response(try await desk.redraft(detail, by: actor))
        }
        let (events, output) = AsyncStream<String>.makeStream()
        let desk = desk
        let logger = context.logger
        let drafting = Task {
            do {
                let updated = try await desk.redraft(detail, by: actor) { piece in
                    output.yield(Self.event("text", try? JSONSerialization.data(withJSONObject: ["text": piece])))
                }
                output.yield(Self.event("draft", try? JSONBody.encoder.encode(updated)))
            } catch is CancellationError {
                // The agent went away: nothing was written, and no one is left to tell.
            } catch {
                let problem = ProblemMiddleware<TicketflowRequestContext>.problem(for: error, request: request)
                if problem.status.code >= 500 {
                    logger.error("redraft failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                output.yield(Self.event("error", problem.json(instance: request.uri.path)))
            }
            output.finish()
        }
        // Every piece of text matters, so the buffer is never the one to drop any: a draft is at most a few
        // hundred pieces. A departed agent is noticed only when a write fails, and a model may be silent for
        // seconds (before its first token, while the judge reads): a comment every second finds out soon, so
        // the run is cancelled and writes nothing.
        return ServerSentEvents.response(
            first: ": drafting\n\n", events: events, buffering: 100_000, keepAlive: .seconds(1), format: { $0 },
            onEnd: { drafting.cancel() })
    }

    /// One event block; JSON holds no raw newline, so `data` is one line.
    static func event(_ name: String, _ json: Data?) -> String {
        "event: \(name)\ndata: \(String(decoding: json ?? Data("{}".utf8), as: UTF8.self))\n\n"
    }
}
