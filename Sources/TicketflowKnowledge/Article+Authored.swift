import Foundation

extension Article {
    /// An article written by a person (the API's upload, the console's editor) rather than read from a file:
    /// the body parsed as `format` (markdown, html or text) the way imported files are, the title from
    /// `title` or the body's first `#` heading, and the id from `id` or the title.
    public static func authored(
        id: String?, title: String?, body: String, category: String?, tags: [String]?, format: String? = nil,
        language: String? = nil, source: String
    ) throws -> Article {
        let parsedFormat: ArticleFileParser.Format
        switch (format ?? "markdown").lowercased() {
        case "markdown", "md": parsedFormat = .markdown
        case "html": parsedFormat = .html
        case "text", "txt": parsedFormat = .text
        default: throw KnowledgeError(.unsupported, "format must be markdown, html or text")
        }
        var article = try ArticleFileParser(
            options: ArticleImportOptions(category: category, language: language ?? "en")
        )
        .parse(
            body, format: parsedFormat, id: id.map(ArticleImporter.slug) ?? "", source: source,
            fallbackTitle: title ?? "")
        if let title, !title.isEmpty { article.title = title }
        if let tags { article.tags = tags }
        guard !article.title.isEmpty else {
            throw KnowledgeError(.malformed, "title is required (or a # heading in the body)")
        }
        if article.id.isEmpty { article.id = source + "-" + ArticleImporter.slug(article.title) }
        article.contentHash = article.computedContentHash()
        return article
    }
}
