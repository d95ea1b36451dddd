/// English stop-word lists: words too common to say anything about relevance.
public enum StopWords {
    /// Lucene's classic English set (33 words), as bm25s and Elasticsearch use.
    public static let lucene: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
    ]

    /// A wider list for question-style queries ("how do I ...", "can you ..."):
    /// Lucene's set plus pronouns, auxiliaries, question words and courtesy.
    /// Particles (up, out, off, over) and negations stay searchable: "sign out"
    /// and "turn off", "not charged" and "charged" are different tickets.
    public static let english: Set<String> = lucene.union([
        "i", "me", "my", "myself", "we", "our", "ours", "you", "your", "yours", "he", "him", "his",
        "she", "her", "hers", "its", "them", "theirs", "what", "which", "who", "whom", "whose",
        "am", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing",
        "would", "should", "could", "can", "may", "might", "must", "shall", "so", "than", "too",
        "very", "just", "how", "when", "where", "why", "here", "those", "from", "about", "also",
        "were", "im", "ive", "id", "youre", "dont", "please", "thanks", "thank", "hi", "hello",
    ])
}

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
