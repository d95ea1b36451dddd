import Foundation
import TicketflowCore

/// The fixed, fact-free lines every answer may contain. The grounding check
/// exempts exactly these (and pure courtesy), so anything else must come from
/// a cited excerpt.
public enum AnswerTemplates {
    /// The required last line.
    public static let closing = "Is there anything else I can help you with?"
    /// Offered on billing tickets.
    public static let billingOffer =
        "If you need a receipt or other documentation for your records, just reply and we will send it."

    /// Opening line chosen by sentiment: empathetic when the customer is upset.
    public static func acknowledgement(for sentiment: Sentiment?) -> String {
        switch sentiment {
        case .negative, .urgent:
            "I'm sorry for the trouble, and I understand how frustrating this must be."
        case .positive:
            "Thank you for getting in touch, I'm happy to help."
        case .neutral, nil:
            "Thanks for reaching out."
        }
    }

    /// Every template line, for the grounding exemption.
    public static let all: [String] = [
        closing, billingOffer, acknowledgement(for: .negative), acknowledgement(for: .positive),
        acknowledgement(for: .neutral), intro,
    ]

    /// Line that introduces the extracted knowledge.
    public static let intro = "Here is what our help center says:"

    private static let normalisedTemplates = Set(all.map { TextAnalysis.tokens($0).joined(separator: " ") })

    /// The body with the house style's required lines added when an engine
    /// (an LLM) left them out: the billing offer on billing tickets, then the
    /// closing question. Both are fact-free, so no check changes.
    public static func conforming(_ body: String, isBilling: Bool) -> String {
        var text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let hasClosing = text.hasSuffix(closing)
        if hasClosing { text = String(text.dropLast(closing.count)).trimmingCharacters(in: .whitespacesAndNewlines) }
        let lower = text.lowercased()
        if isBilling, !lower.contains("receipt"), !lower.contains("documentation") {
            text += "\n\n" + billingOffer
        }
        return text + "\n\n" + closing
    }

    /// Stems of words that carry courtesy, not facts; a sentence made only of
    /// these needs no source.
    static let courtesyWords: Set<String> = Set(
        [
            "sorry", "apologies", "apologize", "apologise", "inconvenience", "frustrating", "frustration",
            "frustrated", "understand", "thank", "thanks", "glad", "happy", "help", "reach", "reaching",
            "touch", "contact", "hope", "great", "day", "welcome", "problem", "trouble", "hear", "assist",
            "question", "anything", "else", "let", "know", "feel", "free", "further", "best", "wish", "kind",
            "regards", "certainly", "sure", "absolutely", "good", "news", "follow", "steps", "below", "here",
            "what", "says", "center", "centre", "article", "patience", "appreciate", "delighted",
        ].map(TextAnalysis.stem))

    /// True for a template line or a sentence of pure courtesy ("Sorry to hear that!").
    public static func isFactFree(_ sentence: String) -> Bool {
        let tokens = TextAnalysis.tokens(sentence)
        if normalisedTemplates.contains(tokens.joined(separator: " ")) { return true }
        return tokens.allSatisfy { token in
            TextAnalysis.stopWords.contains(token) || courtesyWords.contains(TextAnalysis.stem(token))
                || (token.count < 2 && token.first?.isNumber != true)
        }
    }
}
