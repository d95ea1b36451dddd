/// A knowledge-base excerpt that retrieval found for a ticket; the contract
/// between the knowledge base and answering.
public struct RetrievedPassage: Codable, Sendable, Equatable {
    public var articleID: String
    public var chunkID: String
    public var title: String
    /// Heading path inside the article, e.g. ["Billing", "Refunds"].
    public var headingPath: [String]
    public var text: String
    public var category: String?
    /// Normalised relevance in 0...1 (see docs/retrieval.md).
    public var score: Double
    /// Which signals matched: "bm25", "dense", or both.
    public var signals: [String]
    /// Cosine similarity of the query and this passage's vector, clipped at 0; nil when retrieval had no
    /// query vector (lexical). The judge reads it as semantic evidence that the passage answers the question.
    public var similarity: Double?

    public init(
        articleID: String, chunkID: String, title: String, headingPath: [String] = [],
        text: String, category: String? = nil, score: Double, signals: [String], similarity: Double? = nil
    ) {
        self.articleID = articleID
        self.chunkID = chunkID
        self.title = title
        self.headingPath = headingPath
        self.text = text
        self.category = category
        self.score = score
        self.signals = signals
        self.similarity = similarity
    }

    enum CodingKeys: String, CodingKey {
        case title, text, category, score, signals, similarity
        case articleID = "article_id"
        case chunkID = "chunk_id"
        case headingPath = "heading_path"
    }
}
