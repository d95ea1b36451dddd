import Foundation
import Testing
@testable import TicketflowKnowledge

@Suite("Article formats")
struct ArticleParsingTests {
    @Test func markdownFrontMatterHeadingsAndInlineMarkup() throws {
        let markdown = """
            ---
            title: "Refunds"
            category: billing
            tags: [refund, money]
            ---
            # Refund policy

            You can ask for a **refund** within [30 days](https://example.com/terms). ![icon](i.png)

            Billing settings
            ----------------

            Open `Settings`.
            """
        let article = try ArticleFileParser().parse(
            markdown, format: .markdown, id: "refunds", source: "refunds.md", fallbackTitle: "x")
        #expect(article.title == "Refunds")
        #expect(article.category == "billing")
        #expect(article.tags == ["refund", "money"])
        #expect(
            article.body == """
                # Refund policy

                You can ask for a refund within 30 days. icon

                ## Billing settings

                Open Settings.
                """)
    }

    @Test func markdownCommentsAreNeverKept() {
        let document = MarkdownArticleParser().parse("Refunds take 5 days.<!-- TODO: check with\nfinance -->\n\nDone.")
        #expect(document.body == "Refunds take 5 days.\n\nDone.")
    }

    @Test func markdownTitleFallsBackToFirstHeading() {
        let document = MarkdownArticleParser().parse("Intro line\n\n# Reset your password\nSteps")
        #expect(document.title == "Reset your password")
    }

    @Test func htmlKeepsHeadingsAndListsDropsScriptsDecodesEntities() {
        let html = """
            <!DOCTYPE html><html><head><title>Reset &amp; recover</title><style>p{color:red}</style></head>
            <body><nav>Home | Help</nav><h1>Reset your password</h1>
            <p>If you forgot it&nbsp;&ndash; don&#39;t worry.<br>We&#x2019;ll help.
            <script>var x = "<h2>not a heading</h2>";</script>
            <h2>Steps</h2><ol><li>Open <a href="/login">Login</a><li>Click <b>Forgot</b></li>
            <li>Check mail<ul><li>also spam</li></ul></li></ol><p>Done 3 < 4</p><!-- hidden --></body></html>
            """
        let result = HTMLTextExtractor().extract(html)
        #expect(result.title == "Reset & recover")
        #expect(
            result.text == """
                # Reset your password

                If you forgot it – don't worry.
                We’ll help.

                ## Steps

                1. Open Login
                2. Click Forgot
                3. Check mail
                  - also spam

                Done 3 < 4
                """)
    }

    @Test func plainTextUsesTheFirstShortLineAsTitle() throws {
        let article = try ArticleFileParser().parse(
            "Shipping times\n\nOrders ship in 2 days.\r\n\r\n\r\nExpress ships next day.", format: .text,
            id: "shipping", source: "shipping.txt", fallbackTitle: "Shipping")
        #expect(article.title == "Shipping times")
        #expect(article.body == "Orders ship in 2 days.\n\nExpress ships next day.")
    }

    @Test func emptyDocumentsAreAClearError() {
        #expect(throws: KnowledgeError(.empty, "empty.md: the document has no text")) {
            try ArticleFileParser().parse(
                "---\ntitle: x\n---\n\n", format: .markdown, id: "e", source: "empty.md", fallbackTitle: "E")
        }
    }

    @Test func faqCSVBecomesOneArticlePerRowWithNamedColumns() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "faq.csv",
            """
            id,q,a,category,tags
            r1,How do I pay?,"By card or invoice.
            Invoices are due in 30 days.",billing,"pay, invoice"
            ,Can I export data?,Yes: Settings > Export.,account,
            ,,missing question,,
            """)
        var options = ArticleImportOptions()
        options.questionColumn = "q"
        options.answerColumn = "a"
        let articles = try ArticleFileParser(options: options).parseFAQTable(at: path, idPrefix: "faq")
        #expect(articles.count == 2)
        #expect(articles[0].id == "faq/r1")
        #expect(articles[0].title == "How do I pay?")
        #expect(articles[0].body == "By card or invoice.\nInvoices are due in 30 days.")
        #expect(articles[0].category == "billing")
        #expect(articles[0].tags == ["pay", "invoice"])
        #expect(articles[1].id == "faq/" + ContentHasher.shortDigest("Can I export data?"))
        #expect(articles[1].source.hasSuffix("faq.csv#row=2"))
    }

    @Test func faqJSONLinesWithCategoryOverride() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            "faq.jsonl",
            """
            {"question": "Where is my order?", "answer": "See Orders.", "category": "orders"}
            {"question": "Do you ship abroad?", "answer": "Yes."}
            """)
        let articles = try ArticleFileParser(options: ArticleImportOptions(category: "shipping"))
            .parseFAQTable(at: path, idPrefix: "faq")
        #expect(articles.map(\.category) == ["shipping", "shipping"])
    }

    @Test func malformedAndMismatchedFAQFilesFailWithTheReason() throws {
        let folder = try TemporaryFolder()
        let broken = try folder.write("broken.jsonl", "{\"question\": \"a\", \"answer\": \"b\"}\nnot json\n")
        #expect { try ArticleFileParser().parseFAQTable(at: broken, idPrefix: "x") } throws: { error in
            (error as? KnowledgeError)?.code == .malformed && "\(error)".contains("line 2")
        }
        let wrongColumns = try folder.write("wrong.csv", "title,text\nx,y\n")
        #expect { try ArticleFileParser().parseFAQTable(at: wrongColumns, idPrefix: "x") } throws: { error in
            (error as? KnowledgeError)?.code == .missingColumn && "\(error)".contains("columns are: title, text")
        }
    }

    @Test func contentHashIgnoresSourceAndDatesButNotText() {
        let a = Article(id: "a", title: "T", body: "Body", source: "one.md", updatedAt: Date(timeIntervalSince1970: 0))
        let moved = Article(id: "a", title: "T", body: "Body", source: "two.md", updatedAt: Date())
        let edited = Article(id: "a", title: "T", body: "Body!", source: "one.md")
        #expect(a.contentHash == moved.contentHash)
        #expect(a.contentHash != edited.contentHash)
        #expect(a.contentHash.count == 32)
    }

    @Test func articleJSONUsesSnakeCase() throws {
        let article = Article(id: "a", title: "T", body: "B", source: "api", updatedAt: Date(timeIntervalSince1970: 0))
        let json = String(decoding: try JSONEncoder().encode(article), as: UTF8.self)
        #expect(json.contains("\"content_hash\"") && json.contains("\"updated_at\""))
        #expect(try JSONDecoder().decode(Article.self, from: Data(json.utf8)) == article)
    }
}
