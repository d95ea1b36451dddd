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

    /// Words that carry courtesy, not facts; a sentence made only of these needs no source.
    static let courtesyWords: Set<String> = [
        "sorry", "apolog", "apologize", "apologise", "inconvenience", "frustrat", "understand",
        "thank", "thanks", "glad", "happy", "help", "reach", "reaching", "touch", "contact",
        "hope", "great", "day", "welcome", "problem", "trouble", "hear", "assist", "question",
        "anything", "else", "let", "know", "feel", "free", "further", "best", "wish", "kind",
        "regard", "certainly", "sure", "absolutely", "good", "news", "follow", "step", "below",
        "here", "what", "say", "center", "centre", "article", "articl",
    ]

    /// True for a template line or a sentence of pure courtesy ("Sorry to hear that!").
    public static func isFactFree(_ sentence: String) -> Bool {
        if normalisedTemplates.contains(TextAnalysis.tokens(sentence).joined(separator: " ")) {
            return true
        }
        let words = TextAnalysis.contentWords(sentence)
        return words.allSatisfy { word in
            courtesyWords.contains(word) || courtesyWords.contains { word.hasPrefix($0) && $0.count >= 5 }
        }
    }
}
