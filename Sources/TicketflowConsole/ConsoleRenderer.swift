import HTTPTypes
import Hummingbird
import Mustache

/// Renders console pages from the templates compiled into the binary (no
/// files to deploy or lose). Mustache's `{{ }}` escapes HTML; the templates
/// never use `{{{ }}}`, so user content always renders as text.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    /// Compiles every template once; a broken template fails at start-up, not on a request.
    init() {
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("header", LayoutTemplates.header), ("footer", LayoutTemplates.footer),
            ("login", LoginTemplates.login), ("problem", LoginTemplates.problem),
            ("queue", QueueTemplate.page), ("inbox", InboxTemplate.page), ("mentions", MentionsTemplate.page),
            ("ticket", TicketTemplate.page), ("merge-question", TicketTemplate.mergeQuestion),
            ("kb-list", KnowledgeTemplates.list), ("kb-show", KnowledgeTemplates.show),
            ("kb-edit", KnowledgeTemplates.editor),
            ("dashboard", DashboardTemplate.page), ("bar-chart", DashboardTemplate.barChart),
            ("line-chart", DashboardTemplate.lineChart), ("team", TeamTemplates.page),
            ("webhooks", WebhookTemplates.list), ("webhook-log", WebhookTemplates.log),
            ("mailboxes", MailboxTemplates.list), ("setup", SetupTemplate.page),
        ]
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("console template \(name) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// The page `template` rendered with `content` over `frame`, as an HTML response.
    func page<Content>(
        _ template: String, _ frame: ConsoleFrame, _ content: Content, status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        let page = ConsolePage(frame: frame, content: content)
        let html = library.render(page, withTemplate: template) ?? "template \(template) missing"
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Only the inline hotkey script runs; no framing, no third-party content.
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 to `location` (after a form POST, so a reload does not repeat it).
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}
