/// English stop-word lists: words too common to say anything about a text.
///
/// Named lists rather than one, because the two jobs want different words gone.
/// Retrieval must keep particles and negations searchable ("sign out" and
/// "turn off", "not charged" and "charged" are different tickets), while the
/// answering checks ask whether a sentence shares its *topic* with a source, so
/// particles, quantifiers and support-chat filler ("need", "help", "still")
/// only add false overlap there. Each list is the one its scores were tuned on.
public enum StopWords {
    /// Lucene's classic English set (33 words), as bm25s and Elasticsearch use.
    public static let lucene: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
    ]

    /// A wider list for question-style queries ("how do I ...", "can you ..."):
    /// Lucene's set plus pronouns, auxiliaries, question words and courtesy.
    /// Particles (up, out, off, over) and negations stay searchable.
    public static let english: Set<String> = lucene.union([
        "i", "me", "my", "myself", "we", "our", "ours", "you", "your", "yours", "he", "him", "his",
        "she", "her", "hers", "its", "them", "theirs", "what", "which", "who", "whom", "whose",
        "am", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing",
        "would", "should", "could", "can", "may", "might", "must", "shall", "so", "than", "too",
        "very", "just", "how", "when", "where", "why", "here", "those", "from", "about", "also",
        "were", "im", "ive", "id", "youre", "dont", "please", "thanks", "thank", "hi", "hello",
    ])

    /// Words that carry no topic, for the answering checks' content-word
    /// overlap: function words, particles, quantifiers and support-chat filler.
    public static let topicless: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at",
        "by", "for", "with", "from", "into", "onto", "about", "as", "is", "are", "was", "were",
        "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had",
        "having", "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
        "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
        "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no",
        "nor", "too", "very", "just", "also", "any", "all", "some", "each", "every", "both",
        "more", "most", "other", "such", "only", "own", "same", "than", "up", "down", "out",
        "over", "under", "again", "further", "once", "dont", "cant", "wont", "im", "ive", "id",
        "youre", "please", "hi", "hello", "hey", "thanks", "thank", "regards", "dear",
        "need", "want", "wanna", "like", "get", "got", "help", "know", "let", "able", "tell",
        "way", "trying", "try", "still", "yet", "now", "already", "really", "ok", "okay",
        "yes", "one", "anyone", "someone", "something", "anything", "via", "per", "while",
        "after", "before", "because", "until", "during", "without", "within", "through",
    ]
}
