import Foundation

/// Metadata restrictions on what retrieval may return.
public struct RetrievalFilters: Sendable, Equatable, Codable {
    /// Only chunks of articles in one of these categories (nil: any).
    public var categories: [String]?
    /// Only chunks of articles carrying at least one of these tags (nil: any).
    public var tags: [String]?

    /// Creates filters; nil means "no restriction".
    public init(categories: [String]? = nil, tags: [String]? = nil) {
        self.categories = categories
        self.tags = tags
    }

    /// True when nothing is restricted.
    public var isEmpty: Bool { categories == nil && tags == nil }

    func allows(_ chunk: KnowledgeChunk) -> Bool {
        if let categories,
            !categories.contains(where: { $0.caseInsensitiveCompare(chunk.category ?? "") == .orderedSame })
        {
            return false
        }
        if let tags {
            let wanted = Set(tags.map { $0.lowercased() })
            if !chunk.tags.contains(where: { wanted.contains($0.lowercased()) }) { return false }
        }
        return true
    }
}

/// One retrieval question: the query text and how to cut and shape the answer
/// list. Decodes from the `POST /v1/kb/search` body (snake_case, every field
/// but `query` optional with the DESIGN defaults).
public struct RetrievalRequest: Sendable, Equatable, Codable {
    /// The customer's words (subject and message for tickets).
    public var query: String
    /// How many passages to return at most (the DESIGN's default is 3).
    public var topK: Int
    /// Passages scoring below this normalised score (0–1) are dropped.
    public var minScore: Double
    /// Category and tag restrictions.
    public var filters: RetrievalFilters
    /// The ticket's category: chunks of that category rank higher (not filtered).
    public var boostCategory: String?
    /// At most one chunk per article, so several articles can be combined.
    public var onePerArticle: Bool

    /// Creates a request with the DESIGN defaults (top 3, min score 0.75).
    public init(
        query: String, topK: Int = 3, minScore: Double = 0.75, filters: RetrievalFilters = RetrievalFilters(),
        boostCategory: String? = nil, onePerArticle: Bool = false
    ) {
        self.query = query
        self.topK = topK
        self.minScore = minScore
        self.filters = filters
        self.boostCategory = boostCategory
        self.onePerArticle = onePerArticle
    }

    enum CodingKeys: String, CodingKey {
        case query, filters
        case topK = "top_k"
        case minScore = "min_score"
        case boostCategory = "boost_category"
        case onePerArticle = "one_per_article"
    }

    /// Decodes a request, filling absent fields with the defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            query: try container.decode(String.self, forKey: .query),
            topK: try container.decodeIfPresent(Int.self, forKey: .topK) ?? 3,
            minScore: try container.decodeIfPresent(Double.self, forKey: .minScore) ?? 0.75,
            filters: try container.decodeIfPresent(RetrievalFilters.self, forKey: .filters) ?? RetrievalFilters(),
            boostCategory: try container.decodeIfPresent(String.self, forKey: .boostCategory),
            onePerArticle: try container.decodeIfPresent(Bool.self, forKey: .onePerArticle) ?? false)
    }
}
