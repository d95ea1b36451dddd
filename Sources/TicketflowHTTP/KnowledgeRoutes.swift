import Foundation
import Hummingbird
import TicketflowCore
import TicketflowKnowledge

/// `/v1/kb`: articles (list, show, bulk import, delete) and search.
struct KnowledgeRoutes: Sendable {
    let knowledge: KnowledgeBase
    let body: JSONBody
    /// More than this per bulk request is a 413-sized mistake; send several requests.
    static let maximumArticlesPerImport = 1000

    /// Reads and search are open (help-center content is public); changing
    /// the knowledge the AI answers from needs an admin or an API token.
    func register(on router: Router<TicketflowRequestContext>) {
        let kb = router.group("v1/kb")
        kb.get("articles", use: list)
        kb.get("articles/:id", use: show)
        kb.post("search", use: search)
        let writes = router.group("v1/kb").add(middleware: RoleGate([.knowledge]))
        writes.post("articles", use: bulkImport)
        writes.delete("articles/:id", use: delete)
    }

    @Sendable func list(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        var articles = try await knowledge.store.articles()
        if let category = request.uri.queryParameters["category"].map(String.init), !category.isEmpty {
            articles = articles.filter { $0.category?.caseInsensitiveCompare(category) == .orderedSame }
        }
        return try JSONBody.response(ArticleListResponse(articles: articles.map(ArticleJSON.init)))
    }

    @Sendable func show(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try articleID(context)
        guard let article = try await knowledge.store.article(id: id) else {
            throw Problem.notFound("no article \(id)")
        }
        return try JSONBody.response(ArticleJSON(article))
    }

    @Sendable func delete(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try articleID(context)
        guard try await knowledge.delete(ids: [id]) == 1 else { throw Problem.notFound("no article \(id)") }
        return Response(status: .noContent)
    }

    /// Every entry is parsed first; a bad entry is reported by index and the
    /// others are imported, as the file import does with bad files.
    @Sendable func bulkImport(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let (upload, _) = try await body.decode(ArticleUpload.self, from: request)
        guard !upload.articles.isEmpty else { throw Problem.unprocessable("articles must hold at least one article") }
        guard upload.articles.count <= Self.maximumArticlesPerImport else {
            throw Problem.unprocessable("at most \(Self.maximumArticlesPerImport) articles per request")
        }
        var parsed: [Article] = []
        var errors: [String] = []
        var seen = Set<String>()
        for (index, entry) in upload.articles.enumerated() {
            do {
                let article = try entry.article()
                guard seen.insert(article.id).inserted else {
                    errors.append("articles[\(index)]: duplicate id '\(article.id)' in this request")
                    continue
                }
                parsed.append(article)
            } catch let error as KnowledgeError {
                errors.append("articles[\(index)]: \(error.message)")
            }
        }
        guard !parsed.isEmpty else {
            throw Problem(
                .unprocessableContent, "nothing-importable", "Nothing importable",
                detail: "no entry could be imported; nothing was created, changed or deleted", errors: errors)
        }
        // Pruning is scoped to API-sourced articles so it never deletes imported files.
        let summary = try await knowledge.importArticles(
            parsed, prune: upload.prune ?? false, sourcePrefix: ArticleUpload.Entry.source, errors: errors)
        return try JSONBody.response(ImportSummaryJSON(summary))
    }

    @Sendable func search(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let (query, _) = try await body.decode(RetrievalRequest.self, from: request)
        guard !query.query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.unprocessable("query must not be empty")
        }
        guard (1...100).contains(query.topK) else { throw Problem.unprocessable("top_k must be from 1 to 100") }
        guard (0...1).contains(query.minScore) else { throw Problem.unprocessable("min_score must be between 0 and 1") }
        let passages = await knowledge.index.retrieve(query)
        return try JSONBody.response(SearchResponse(passages: passages.map(PassageJSON.init)))
    }

    func articleID(_ context: TicketflowRequestContext) throws -> String {
        guard let segment = context.parameters.get("id"), !segment.isEmpty else {
            throw Problem.notFound("article id missing")
        }
        return Article.id(fromPathSegment: segment)
    }
}
