import Foundation
import Hummingbird
import TicketflowChat
import TicketflowKnowledge

/// What the chat serves to anyone: the widget script, the demo page and, when the
/// team publishes its articles nowhere else, a plain page per article for the
/// answers' source links.
struct ChatPublicRoutes: Sendable {
    /// Articles for `/help/articles/{id}`; nil leaves the route out.
    let articles: KnowledgeBase?
    /// Serves `/demo/chat` for this site id; nil leaves it out.
    let demoSite: String?

    func register(on router: Router<TicketflowRequestContext>) {
        router.get("widget.js") { request, _ in script(request, immutable: false) }
        router.get("widget/:version/widget.js") { request, context in
            script(request, immutable: context.parameters.get("version") == WidgetAsset.version)
        }
        if let demoSite {
            router.get("demo/chat") { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "text/html; charset=utf-8"
                // The page proves the snippet needs no inline script: scripts from this origin only.
                headers[.contentSecurityPolicy] =
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    + "connect-src 'self'; img-src 'self' data:"
                let page = DemoChatPage.html(scriptPath: WidgetAsset.path, site: demoSite)
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
            }
        }
        if let articles {
            router.get("help/articles/:id") { _, context in
                guard let segment = context.parameters.get("id"),
                    let article = try await articles.store.article(id: Article.id(fromPathSegment: segment))
                else {
                    return RatingLinkPage.response(status: .notFound, title: "Not found", message: "No such article.")
                }
                return Self.articlePage(title: article.title, body: article.body)
            }
        }
    }

    /// The script; the versioned path is cached for a year, the plain one revalidated.
    func script(_ request: Request, immutable: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/javascript; charset=utf-8"
        let etag = "\"\(WidgetAsset.version)\""
        headers[.eTag] = etag
        headers[.cacheControl] = immutable ? "public, max-age=31536000, immutable" : "no-cache"
        // Any page may load it; the API checks origins.
        headers[.accessControlAllowOrigin] = "*"
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WidgetAsset.source)))
    }

    /// An article as plain text paragraphs: its Markdown is shown, not interpreted, so
    /// nothing in an article can run in a customer's browser.
    static func articlePage(title: String, body: String) -> Response {
        let paragraphs = body.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
            .map { "<p>\(RatingLinkPage.escape($0))</p>" }
            .joined(separator: "\n")
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(RatingLinkPage.escape(title))</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
            p{white-space:pre-wrap}</style></head>
            <body><main><h1>\(RatingLinkPage.escape(title))</h1>
            \(paragraphs)
            </main></body></html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
