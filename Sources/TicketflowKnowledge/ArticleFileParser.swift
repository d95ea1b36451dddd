import Foundation
import TicketflowDatasets

/// Turns one file's contents into articles, choosing the reader by extension:
/// Markdown, HTML, plain text, or a CSV/TSV/JSONL FAQ table (one article per row).
public struct ArticleFileParser: Sendable {
    /// The file formats the knowledge base accepts.
    public enum Format: String, Sendable, CaseIterable {
        case markdown, html, text
        case faqTable = "faq_table"

        /// The format for a file extension, nil when unsupported.
        public init?(pathExtension: String) {
            switch pathExtension.lowercased() {
            case "md", "markdown", "mdown": self = .markdown
            case "html", "htm", "xhtml": self = .html
            case "txt", "text": self = .text
            case "csv", "tsv", "jsonl", "ndjson": self = .faqTable
            default: return nil
            }
        }
    }

    /// Category override and FAQ column names.
    public var options: ArticleImportOptions

    /// Creates a parser with import options.
    public init(options: ArticleImportOptions = ArticleImportOptions()) {
        self.options = options
    }

    /// Parses the file at `path`; `id` is the stable id (or id prefix for FAQ rows).
    public func parseFile(at path: String, id: String, modified: Date = Date()) throws -> [Article] {
        let ext = (path as NSString).pathExtension
        guard let format = Format(pathExtension: ext) else {
            throw KnowledgeError(
                .unsupported, "\(path): unsupported file type '.\(ext)' (use .md, .html, .txt, .csv, .tsv or .jsonl)")
        }
        if format == .faqTable { return try parseFAQTable(at: path, idPrefix: id, modified: modified) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KnowledgeError(.unreadable, "\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KnowledgeError(.malformed, "\(path): not valid UTF-8 text")
        }
        let fallbackTitle = Self.titleFromFileName(path)
        return [try parse(text, format: format, id: id, source: path, fallbackTitle: fallbackTitle, modified: modified)]
    }

    /// Parses one Markdown, HTML or plain-text document held in memory (API uploads).
    public func parse(
        _ text: String, format: Format, id: String, source: String, fallbackTitle: String, modified: Date = Date()
    ) throws -> Article {
        var title: String?
        var body: String
        var metadata: [String: String] = [:]
        switch format {
        case .markdown:
            let document = MarkdownArticleParser().parse(text)
            (title, body, metadata) = (document.title, document.body, document.metadata)
        case .html:
            let result = HTMLTextExtractor().extract(text)
            (title, body) = (result.title, result.text)
        case .text:
            body = text.replacingLineEndings().collapsingBlankLines()
            let firstLine = body.prefix(while: { $0 != "\n" })
            if !firstLine.isEmpty, firstLine.count <= 120, body.contains("\n") {
                title = firstLine.trimmingSpaces()
                body = String(body.dropFirst(firstLine.count)).collapsingBlankLines()
            }
        case .faqTable:
            throw KnowledgeError(.unsupported, "\(source): FAQ tables are read with parseFAQTable(at:)")
        }
        guard !body.trimmingSpaces().isEmpty else {
            throw KnowledgeError(.empty, "\(source): the document has no text")
        }
        let tags = metadata["tags"].map(Self.splitTags) ?? []
        return Article(
            id: metadata["id"].map(ArticleImporter.slug) ?? id,
            title: title ?? fallbackTitle,
            category: options.category ?? metadata["category"],
            tags: tags, body: body, source: source,
            language: metadata["language"] ?? metadata["lang"] ?? options.language,
            updatedAt: modified
        )
    }

    /// One article per row of a FAQ table: question → title, answer → body.
    public func parseFAQTable(at path: String, idPrefix: String, modified: Date = Date()) throws -> [Article] {
        let table: Table
        do {
            table = try Table.read(path: path)
        } catch let error as DatasetError {
            throw KnowledgeError(error.code == .unreadable ? .unreadable : .malformed, error.message)
        }
        for column in [options.questionColumn, options.answerColumn] where !table.columns.contains(column) {
            throw KnowledgeError(
                .missingColumn,
                "\(path): no column '\(column)'; columns are: \(table.columns.joined(separator: ", "))")
        }
        var articles: [Article] = []
        for (index, row) in table.rows.enumerated() {
            let question = (row[options.questionColumn] ?? "").trimmingSpaces()
            let answer = (row[options.answerColumn] ?? "").replacingLineEndings().collapsingBlankLines()
            guard !question.isEmpty, !answer.isEmpty else { continue }
            let rowID =
                row[options.idColumn].map(ArticleImporter.slug).flatMap { $0.isEmpty ? nil : $0 }
                ?? ContentHasher.shortDigest(question)
            let category = options.category ?? row[options.categoryColumn].flatMap { $0.isEmpty ? nil : $0 }
            articles.append(
                Article(
                    id: idPrefix + "/" + rowID, title: question, category: category,
                    tags: row[options.tagsColumn].map(Self.splitTags) ?? [], body: answer,
                    source: "\(path)#row=\(index + 1)", language: options.language, updatedAt: modified))
        }
        guard !articles.isEmpty else {
            throw KnowledgeError(.empty, "\(path): no row has both a question and an answer")
        }
        return articles
    }

    static func splitTags(_ text: String) -> [String] {
        text.trimming(charactersIn: "[]").split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.trimmingSpaces().trimming(charactersIn: "\"'") }
            .filter { !$0.isEmpty }
    }

    static func titleFromFileName(_ path: String) -> String {
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
        guard let first = words.first else { return name }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init))
            .joined(separator: " ")
    }
}
