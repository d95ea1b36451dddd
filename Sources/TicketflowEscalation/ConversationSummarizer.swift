import Foundation
import TicketflowCore

/// Three bullets an agent can read in five seconds: what the customer asked,
/// where the conversation stands, and what the AI did. Extractive and
/// deterministic: sentences are quoted from the conversation, never invented.
public struct ConversationSummarizer: Sendable {
    /// Longest quoted sentence, in characters.
    public var maximumQuote: Int

    /// Creates a summarizer quoting at most `maximumQuote` characters per bullet.
    public init(maximumQuote: Int = 160) {
        self.maximumQuote = maximumQuote
    }

    /// Exactly three bullets for the ticket.
    public func summarize(_ detail: TicketDetail, attempt: EscalationPackage.AIAttempt) -> [String] {
        let customer = detail.messages.filter { $0.author == .customer }
        let asked = customer.first.map { quote($0.body) } ?? quote(detail.ticket.subject)
        let first = "Customer asked: \(asked)"

        let replies = detail.messages.filter { $0.author == .agent || $0.author == .ai }.count
        let second: String
        if customer.count > 1, let latest = customer.last {
            second =
                "Latest of \(customer.count) customer messages (\(replies) \(replies == 1 ? "reply" : "replies") so far): \(quote(latest.body))"
        } else {
            second =
                "One customer message via \(detail.ticket.channel.rawValue), \(replies == 0 ? "no reply yet" : "\(replies) \(replies == 1 ? "reply" : "replies") so far")."
        }

        let third: String
        let reason =
            attempt.failureReason.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "no reason recorded"
        if let draft = detail.draft, !draft.body.isEmpty {
            let sources = attempt.retrievedArticles.prefix(2).map { "“\($0)”" }.joined(separator: ", ")
            third =
                "AI drafted an answer\(sources.isEmpty ? "" : " from \(sources)") (confidence \(String(format: "%.2f", draft.confidence))), held for review: \(reason)."
        } else if attempt.answersTried > 0 {
            third =
                "AI tried \(attempt.answersTried) answer\(attempt.answersTried == 1 ? "" : "s"); none is waiting to be sent (\(reason))."
        } else {
            third = "AI did not answer: \(reason)."
        }
        return [first, second, third]
    }

    /// The first sentence of `text`, whitespace collapsed, cut at `maximumQuote`.
    func quote(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Up to the first sentence end that leaves at least 20 characters ("Hi!" says nothing).
        var sentence = flat
        var index = flat.startIndex
        while let end = flat[index...].firstIndex(where: { ".!?".contains($0) }) {
            if flat.distance(from: flat.startIndex, to: end) >= 19 {
                sentence = String(flat[...end])
                break
            }
            index = flat.index(after: end)
        }
        if sentence.count > maximumQuote { sentence = String(sentence.prefix(maximumQuote - 1)) + "…" }
        return sentence.isEmpty ? "(empty)" : sentence
    }
}
