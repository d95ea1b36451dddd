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
