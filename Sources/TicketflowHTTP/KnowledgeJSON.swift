import Foundation
import TicketflowCore
import TicketflowKnowledge

/// The wire shape of an article (snake_case, stable for clients).
struct ArticleJSON: Encodable {
    var id, title, body, source, language, contentHash: String
    var category: String?
    var tags: [String]
    var updatedAt: Date
    var version: Int

    init(_ article: Article) {
        (id, title, body, source, language) = (
            article.id, article.title, article.body, article.source, article.language
        )
        (category, tags, updatedAt, version, contentHash) =
            (article.category, article.tags, article.updatedAt, article.version, article.contentHash)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, body, source, language, category, tags, version
        case updatedAt = "updated_at"
        case contentHash = "content_hash"
    }
}

/// `GET /v1/kb/articles`.
struct ArticleListResponse: Encodable {
    var articles: [ArticleJSON]
}

/// The `POST /v1/kb/articles` body: articles to create or update.
struct ArticleUpload: Decodable {
    /// One uploaded article; the body is Markdown (default), HTML or plain text.
    struct Entry: Decodable {
        /// Every API article's `source`, so API pruning never touches imported files.
        static let source = "api"

        var id: String?
        var title: String?
        var body: String
        var category: String?
        var tags: [String]?
        var format: String?
        var language: String?

        func article() throws -> Article {
            try Article.authored(
                id: id, title: title, body: body, category: category, tags: tags, format: format, language: language,
                source: Self.source)
        }
    }

    var articles: [Entry]
    /// Delete API-created articles that are not in this upload.
    var prune: Bool?
}

/// What a bulk import did.
struct ImportSummaryJSON: Encodable {
    var created, updated, unchanged, deleted: Int
    var errors: [String]

    init(_ summary: KnowledgeBase.ImportSummary) {
        (created, updated, unchanged, deleted, errors) =
            (summary.created, summary.updated, summary.unchanged, summary.deleted, summary.errors)
    }
}

/// One passage in a search response.
struct PassageJSON: Encodable {
    var articleID, chunkID, title, text: String
    var headingPath: [String]
    var category: String?
    var score: Double
    var signals: [String]

    init(_ passage: RetrievedPassage) {
        (articleID, chunkID, title, text) = (passage.articleID, passage.chunkID, passage.title, passage.text)
        (headingPath, category, score, signals) = (
            passage.headingPath, passage.category, passage.score, passage.signals
        )
    }

    enum CodingKeys: String, CodingKey {
        case title, text, category, score, signals
        case articleID = "article_id"
        case chunkID = "chunk_id"
        case headingPath = "heading_path"
    }
}

/// `POST /v1/kb/search`.
struct SearchResponse: Encodable {
    var passages: [PassageJSON]
}
