import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowHTTP
import TicketflowKnowledge

/// The knowledge-base pages: list and search for everyone; write, edit and delete for admins. A saved
/// article is re-indexed at once (other nodes follow through the change feed), so the next ticket's
/// retrieval and the search box already read it.
extension ConsoleRoutes {
    func registerKnowledge(on console: RouterGroup<TicketflowRequestContext>) {
        console.get("kb") { request, context in
            await guarded(request, context) { viewer, _ in try await knowledgeList(request, viewer: viewer) }
        }
        console.get("kb/new") { request, context in
            await guarded(request, context) { viewer, _ in
                try Self.requireAdmin(viewer, to: "write the knowledge base")
                return knowledgeEditor(nil, viewer: viewer)
            }
        }
        console.post("kb") { request, context in
            await guarded(request, context) { viewer, form in try await saveArticle(form, viewer: viewer) }
        }
        console.get("kb/:id") { request, context in
            await guarded(request, context) { viewer, _ in
                try await knowledgeArticle(
                    Self.articleID(context), request: request, viewer: viewer)
            }
        }
        console.get("kb/:id/edit") { request, context in
            await guarded(request, context) { viewer, _ in
                try Self.requireAdmin(viewer, to: "write the knowledge base")
                return knowledgeEditor(
                    try await storedArticle(Self.articleID(context)),
                    viewer: viewer)
            }
        }
        console.post("kb/:id/delete") { request, context in
            await guarded(request, context) { viewer, _ in
                try Self.requireAdmin(viewer, to: "write the knowledge base")
                let id = try await storedArticle(Self.articleID(context)).id
                _ = try await knowledge.delete(ids: [id])
                return ConsoleRenderer.redirect("/console/kb?deleted=1")
            }
        }
    }

    func knowledgeList(_ request: Request, viewer: CallerIdentity) async throws -> Response {
        let query = (request.formQuery["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        var articles = try await knowledge.store.articles().sorted {
            $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending
        }
        if !query.isEmpty {
            // The same index the pipeline retrieves with, best match first.
            let passages = await knowledge.index.retrieve(
                RetrievalRequest(query: String(query.prefix(500)), topK: 20, minScore: 0.1, onePerArticle: true))
            let byID = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            articles = passages.compactMap { byID[$0.articleID] }
        }
        let rows = articles.map {
            ConsolePages.KnowledgeList.Article(
                path: Article.pathSegment(for: $0.id), title: $0.title, category: ConsoleFormat.or($0.category),
                tags: ConsoleFormat.or($0.tags.joined(separator: ", ")), version: $0.version,
                updated: ConsoleFormat.time($0.updatedAt))
        }
        let gaps = query.isEmpty ? try await knowledgeGaps() : []
        let list = ConsolePages.KnowledgeList(
            count: rows.count, articles: rows, query: query, searched: !query.isEmpty,
            editor: viewer.role.satisfies(.admin), gaps: gaps, hasGaps: !gaps.isEmpty)
        let notice = request.formQuery["deleted"] != nil ? "Article deleted." : nil
        return renderer.page("kb-list", frame(title: "Knowledge base", viewer: viewer, notice: notice), list)
    }

    /// The last 30 days' `no_knowledge` questions, grouped by the words they share (`KnowledgeGaps`).
    func knowledgeGaps() async throws -> [ConsolePages.KnowledgeList.Gap] {
        guard let analytics else { return [] }
        let questions = try await analytics.heldQuestions(
            reason: "no_knowledge", since: Date().addingTimeInterval(-30 * 86_400), limit: 500)
        return KnowledgeGaps.group(questions).map { gap in
            ConsolePages.KnowledgeList.Gap(
                terms: gap.terms.joined(separator: ", "), count: gap.questions.count,
                examples: gap.questions.prefix(3).map {
                    .init(id: $0.ticketID, subject: $0.subject.isEmpty ? $0.body : $0.subject)
                })
        }
    }

    func knowledgeArticle(_ id: String, request: Request, viewer: CallerIdentity) async throws -> Response {
        let article = try await storedArticle(id)
        let answers = try await inbox?.answersCiting(articleID: article.id, limit: 100) ?? []
        let tickets = Dictionary(answers.map { ($0.ticketID, $0) }, uniquingKeysWith: { first, _ in first }).values
        let settled = tickets.filter(\.settled).count
        let page = ConsolePages.KnowledgeArticle(
            path: Article.pathSegment(for: article.id), title: article.title,
            category: ConsoleFormat.or(article.category),
            tags: ConsoleFormat.or(article.tags.joined(separator: ", ")), version: article.version,
            updated: ConsoleFormat.time(article.updatedAt), source: ConsoleFormat.source(article.source),
            bodyHTML: MarkdownPreview.html(article.body), editor: viewer.role.satisfies(.admin),
            citedSummary: Self.citedSummary(
                answers: answers.count, byAI: answers.filter { $0.author == .ai }.count, tickets: tickets.count,
                settled: settled),
            recent: answers.prefix(10).map {
                .init(
                    ticketID: $0.ticketID, subject: $0.subject, status: $0.status.rawValue, author: $0.author.rawValue,
                    time: ConsoleFormat.time($0.at))
            })
        let notice = request.formQuery["saved"] != nil ? "Saved. Search and answers use it now." : nil
        return renderer.page("kb-show", frame(title: article.title, viewer: viewer, notice: notice), page)
    }

    /// "Cited in 3 answers (2 by the AI) on 2 tickets; 1 of them is settled (auto-resolved, resolved or closed)."
    static func citedSummary(answers: Int, byAI: Int, tickets: Int, settled: Int) -> String {
        guard answers > 0 else { return "No answer has cited it yet." }
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        return
            "Cited in \(count(answers, "answer", "answers")) (\(byAI) by the AI) on \(count(tickets, "ticket", "tickets")); "
            + "\(settled) of them \(settled == 1 ? "is" : "are") settled (auto-resolved, resolved or closed)."
    }

    func knowledgeEditor(
        _ article: Article?, viewer: CallerIdentity, preview: ConsolePages.KnowledgeEditor? = nil
    )
        -> Response
    {
        let page =
            preview
            ?? ConsolePages.KnowledgeEditor(
                id: article?.id ?? "", title: article?.title ?? "", category: article?.category ?? "",
                tags: article?.tags.joined(separator: ", ") ?? "", body: article?.body ?? "", previewHTML: nil)
        let title = article.map { "Edit \($0.title)" } ?? "New article"
        return renderer.page("kb-edit", frame(title: title, viewer: viewer), page)
    }

    /// Saves the editor's article, or shows it rendered (`action=preview`) without saving. An edited article
    /// keeps its id and source, so the next import of the file it came from replaces the edit.
    func saveArticle(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer, to: "write the knowledge base")
        let id = (form["id"] ?? "").trimmingCharacters(in: .whitespaces)
        let existing = id.isEmpty ? nil : try await storedArticle(id)
        let tags = (form["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let category = (form["category"] ?? "").trimmingCharacters(in: .whitespaces)
        let body = form["body"] ?? ""
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError(field: "body", "must not be empty")
        }
        let article: Article
        do {
            article = try Article.authored(
                id: existing?.id, title: form["title"], body: body, category: category.isEmpty ? nil : category,
                tags: tags, source: existing?.source ?? "console")
        } catch let error as KnowledgeError {
            throw ValidationError(field: "title", error.message)
        }
        if form["action"] == "preview" {
            // What will be stored and retrieved: the body as the importer normalises it.
            return knowledgeEditor(
                existing, viewer: viewer,
                preview: ConsolePages.KnowledgeEditor(
                    id: id, title: form["title"] ?? "", category: category, tags: tags.joined(separator: ", "),
                    body: body, previewHTML: MarkdownPreview.html(article.body)))
        }
        if existing == nil, try await knowledge.store.article(id: article.id) != nil {
            throw Refusal(.conflict, "an article with the id \(article.id) exists already; edit it or change the title")
        }
        _ = try await knowledge.importArticles([article], prune: false)
        return ConsoleRenderer.redirect("/console/kb/\(Article.pathSegment(for: article.id))?saved=1")
    }

    /// The article a `kb/:id` route names (`Article.id(fromPathSegment:)`).
    static func articleID(_ context: TicketflowRequestContext) -> String {
        Article.id(fromPathSegment: context.parameters.get("id") ?? "")
    }

    func storedArticle(_ id: String) async throws -> Article {
        guard let article = try await knowledge.store.article(id: id) else {
            throw StoreError(.notFound, "There is no article with id \(id).")
        }
        return article
    }
}
