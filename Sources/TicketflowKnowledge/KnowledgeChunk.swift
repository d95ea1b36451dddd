/// A piece of an article small enough to retrieve and quote: one heading
/// section, or part of a long one.
public struct KnowledgeChunk: Codable, Sendable, Equatable, Identifiable {
    /// "<article id>#<ordinal>".
    public var id: String
    /// The article this chunk belongs to.
    public var articleID: String
    /// 0-based position within the article.
    public var ordinal: Int
    /// The article's title.
    public var title: String
    /// Headings above this text, outermost first (the article's own H1 left out).
    public var headingPath: [String]
    /// The chunk text, quoted by answers.
    public var text: String
    /// The article's category.
    public var category: String?
    /// The article's tags.
    public var tags: [String]
    /// Fingerprint of what gets embedded, so vectors are recomputed only on change.
    public var contentHash: String

    /// Creates a chunk and fingerprints its searchable text.
    public init(
        articleID: String, ordinal: Int, title: String, headingPath: [String], text: String,
        category: String? = nil, tags: [String] = []
    ) {
        self.id = "\(articleID)#\(ordinal)"
        self.articleID = articleID
        self.ordinal = ordinal
        self.title = title
        self.headingPath = headingPath
        self.text = text
        self.category = category
        self.tags = tags
        var hasher = ContentHasher()
        hasher.combine(title)
        hasher.combine(headingPath.joined(separator: "\u{1F}"))
        hasher.combine(text)
        self.contentHash = hasher.hexDigest
    }

    /// Title and headings: the text the title field of the index sees.
    public var headingText: String {
        ([title] + headingPath).joined(separator: " \u{2014} ")
    }

    /// What is sent to an embeddings model: headings give the text its context.
    public var embeddingText: String {
        headingText + "\n" + text
    }

    enum CodingKeys: String, CodingKey {
        case id, ordinal, title, text, category, tags
        case articleID = "article_id"
        case headingPath = "heading_path"
        case contentHash = "content_hash"
    }
}
