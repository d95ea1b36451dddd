import Foundation

/// Turns a ticket into a search query: drops the request wording of support
/// messages ("I need assistance with", "could you help me", "I'd like to
/// know"), which help-center articles never contain. Left in, those words
/// are unknown to the index, weigh most in the 0–1 score's reference and sink
/// the right article below the minimum score. Only ticket queries go through
/// here; `kb search` and `kb eval` send the text as typed.
public enum SupportQueryCleaner {
    /// Request and courtesy words of support messages (lower case).
    public static let fillerWords: Set<String> = [
        "need", "needs", "needed", "want", "wants", "wanted", "wanna", "like", "help", "helping", "assist",
        "assistance", "assisting", "support", "know", "tell", "explain", "show", "inform", "information",
        "info", "ask", "asking", "wondering", "wonder", "question", "questions", "possible", "way", "ways",
        "trying", "try", "tried", "let", "sure", "kindly", "pls", "plz", "hey", "dear", "team", "guys",
        "someone", "somebody", "anyone", "thing", "things", "something", "ok", "okay", "yes", "is",
        "any", "some", "get", "got", "find", "see", "check", "look", "looking", "us", "will", "able",
        "regarding", "concerning", "options", "option", "issue", "issues", "problem", "problems",
        "urgently", "asap", "quickly", "today", "now", "already", "still", "again",
    ]

    /// The text with filler words removed; the text itself when nothing else would remain.
    public static func clean(_ text: String) -> String {
        var kept: [Substring] = []
        var removed = false
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
            if fillerWords.contains(bare) { removed = true } else { kept.append(word) }
        }
        guard removed, !kept.isEmpty else { return text }
        return kept.joined(separator: " ")
    }
}
