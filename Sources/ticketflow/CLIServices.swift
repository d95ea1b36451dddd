import ArgumentParser
import Foundation
import Logging
import TicketflowApp
import TicketflowCore

/// Shared plumbing for commands that open the store.
enum CLIServices {
    /// Runs `body` with the configured store and engines open. Errors go to
    /// `TicketflowCommand.main`, which prints them as one `error:` line.
    static func with<T>(_ options: StoreOptions, _ body: (AppServices) async throws -> T) async throws -> T {
        let configuration = try options.resolve()
        let logger = LoggingBootstrap.logger(level: .warning)
        return try await AppServices.with(configuration, logger: logger, body)
    }
}

/// Human-readable and JSON renderings of tickets for the terminal.
enum TicketPrinter {
    static func print(_ detail: TicketDetail, json: Bool) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            Swift.print(String(decoding: try encoder.encode(detail), as: UTF8.self))
            return
        }
        let t = detail.ticket
        Swift.print("Ticket \(t.id)  [\(t.status.rawValue)]  \(t.subject)")
        Swift.print(
            "  channel \(t.channel.rawValue)  category \(t.category ?? "-")\(t.categoryConfidence.map { String(format: " (%.2f)", $0) } ?? "")  sentiment \(t.sentiment?.rawValue ?? "-")  urgency \(t.urgency.map(String.init) ?? "-")  route \(t.route?.rawValue ?? "-")"
        )
        if let customer = detail.customer {
            Swift.print("  customer \(customer.name ?? "-") <\(customer.email ?? "-")> plan \(customer.plan ?? "-")")
        }
        Swift.print("Conversation:")
        for message in detail.messages {
            Swift.print("  [\(message.author.rawValue)] \(message.body)")
        }
        if let draft = detail.draft {
            Swift.print(
                "Draft for review (confidence \(String(format: "%.2f", draft.confidence)); \(draft.reasons.joined(separator: ", "))):"
            )
            Swift.print("  " + draft.body.replacingOccurrences(of: "\n", with: "\n  "))
        }
        Swift.print("Decision trace:")
        for entry in detail.trace {
            let score = entry.score.map { String(format: " score %.2f", $0) } ?? ""
            Swift.print(
                "  \(entry.stage): \(entry.output)\(score)  [\(entry.engine) \(entry.engineVersion), \(String(format: "%.2f", entry.durationMs)) ms]"
            )
        }
    }

    static func printTable(_ tickets: [Ticket]) {
        if tickets.isEmpty { Swift.print("no tickets"); return }
        Swift.print("ID      STATUS           CATEGORY          URG  ROUTE                  SUBJECT")
        for t in tickets {
            let columns = [
                String(t.id).padding(toLength: 8, withPad: " ", startingAt: 0),
                t.status.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0),
                (t.category ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0),
                (t.urgency.map(String.init) ?? "-").padding(toLength: 5, withPad: " ", startingAt: 0),
                (t.route?.rawValue ?? "-").padding(toLength: 23, withPad: " ", startingAt: 0),
                String(t.subject.prefix(60)),
            ]
            Swift.print(columns.joined())
        }
    }
}
