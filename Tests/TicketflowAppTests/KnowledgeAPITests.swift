import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting

@Suite struct KnowledgeAPITests {
    static let upload = #"""
        {"articles": [
          {"id": "refunds", "category": "billing", "tags": ["refunds"],
           "body": "# Refund policy\n\nAnnual plans can be refunded in full within 14 days of purchase.\n\n## Monthly plans\nMonthly plans are not refunded; cancel before the renewal date."},
          {"title": "Export to PDF", "format": "text", "category": "technical",
           "body": "If the export to PDF crashes, update the app to the latest version and try again."},
          {"body": "no title anywhere"},
          {"id": "bad", "title": "Bad", "format": "docx", "body": "x"}
        ]}
        """#

    @Test func bulkImportListShowSearchDelete() async throws {
        try await withTestClient { client, services in
            let imported = try await client.post(
                "/v1/kb/articles", Self.upload, headers: try await services.bearer(.knowledge))
            #expect(imported.status == .ok)
            let summary = try json(imported)
            #expect(summary["created"] as? Int == 2)
            let errors = try #require(summary["errors"] as? [String])
            #expect(errors.count == 2)
            #expect(errors.contains { $0.hasPrefix("articles[2]") && $0.contains("title") })
            #expect(errors.contains { $0.hasPrefix("articles[3]") && $0.contains("format") })

            // Same upload again: nothing changes.
            let again = try json(
                try await client.post("/v1/kb/articles", Self.upload, headers: try await services.bearer(.knowledge)))
            #expect(again["created"] as? Int == 0 && again["unchanged"] as? Int == 2)

            let list = try json(try await client.get("/v1/kb/articles"))
            let articles = try #require(list["articles"] as? [[String: Any]])
            #expect(Set(articles.compactMap { $0["id"] as? String }) == ["refunds", "api-export-to-pdf"])
            let billing = try json(try await client.get("/v1/kb/articles?category=BILLING"))
            #expect((billing["articles"] as? [[String: Any]])?.count == 1)

            let shown = try json(try await client.get("/v1/kb/articles/refunds"))
            #expect(shown["title"] as? String == "Refund policy")
            #expect(shown["tags"] as? [String] == ["refunds"])
            #expect(shown["version"] as? Int == 1)
            try expectProblem(try await client.get("/v1/kb/articles/nope"), .notFound, "not-found")

            // The index sees the import without a restart.
            let search = try json(
                try await client.post(
                    "/v1/kb/search", #"{"query": "can I get a refund on my annual plan", "min_score": 0}"#))
            let passages = try #require(search["passages"] as? [[String: Any]])
            #expect(passages.first?["article_id"] as? String == "refunds")
            let score = try #require(passages.first?["score"] as? Double)
            #expect(score > 0 && score <= 1)
            #expect((passages.first?["signals"] as? [String]) == ["bm25"])

            let filtered = try json(
                try await client.post(
                    "/v1/kb/search",
                    #"{"query": "refund annual plan", "min_score": 0, "filters": {"categories": ["technical"]}}"#))
            #expect(
                (filtered["passages"] as? [[String: Any]])?.allSatisfy { $0["category"] as? String == "technical" }
                    == true)

            #expect(
                try await client.send(
                    .delete, "/v1/kb/articles/refunds", headers: try await services.bearer(.knowledge)
                ).status == .noContent)
            try expectProblem(
                try await client.send(
                    .delete, "/v1/kb/articles/refunds", headers: try await services.bearer(.knowledge)), .notFound,
                "not-found")
            let after = try json(
                try await client.post("/v1/kb/search", #"{"query": "refund annual plan", "min_score": 0}"#))
            #expect(
                (after["passages"] as? [[String: Any]])?.contains { $0["article_id"] as? String == "refunds" } == false)
        }
    }

    @Test func updatedArticleIsReindexedAndVersioned() async throws {
        try await withTestClient { client, services in
            _ = try await client.post(
                "/v1/kb/articles",
                #"{"articles":[{"id":"a","title":"Shipping","body":"Parcels ship within 2 days."}]}"#,
                headers: try await services.bearer(.knowledge))
            let changed = try json(
                try await client.post(
                    "/v1/kb/articles",
                    #"{"articles":[{"id":"a","title":"Shipping","body":"Parcels ship within 5 days from the warehouse."}]}"#,
                    headers: try await services.bearer(.knowledge)))
            #expect(changed["updated"] as? Int == 1)
            #expect(try json(try await client.get("/v1/kb/articles/a"))["version"] as? Int == 2)
            let hits = try json(try await client.post("/v1/kb/search", #"{"query":"warehouse","min_score":0}"#))
            #expect((hits["passages"] as? [[String: Any]])?.first?["article_id"] as? String == "a")
        }
    }

    /// A refused entry is absent from the upload although the caller still has it, so a
    /// pruning upload with refused entries must delete nothing.
    @Test func pruneDeletesNothingWhenAnEntryIsRefused() async throws {
        try await withTestClient { client, services in
            let knowledge = try await services.bearer(.knowledge)
            let two =
                #"{"articles": [{"id": "a", "title": "Shipping", "body": "Parcels ship in 2 days."},"#
                + #"{"id": "b", "title": "Returns", "body": "Returns within 30 days."}]}"#
            #expect(try json(try await client.post("/v1/kb/articles", two, headers: knowledge))["created"] as? Int == 2)

            let partial = try json(
                try await client.post(
                    "/v1/kb/articles",
                    #"{"prune": true, "articles": [{"id": "a", "title": "Shipping", "body": "Parcels ship in 3 days."},"#
                        + #"{"id": "b", "title": "Returns", "format": "docx", "body": "Returns within 60 days."}]}"#,
                    headers: knowledge))
            #expect(partial["updated"] as? Int == 1 && partial["deleted"] as? Int == 0)
            let errors = try #require(partial["errors"] as? [String])
            #expect(errors.count == 2 && errors.last?.hasPrefix("prune skipped: 1 entry") == true, "\(errors)")

            let refused = try await client.post(
                "/v1/kb/articles", #"{"prune": true, "articles": [{"id": "c", "format": "docx", "body": "x"}]}"#,
                headers: knowledge)
            try expectProblem(refused, .unprocessableContent, "nothing-importable")
            let ids = try #require(try json(try await client.get("/v1/kb/articles"))["articles"] as? [[String: Any]])
            #expect(Set(ids.compactMap { $0["id"] as? String }) == ["a", "b"])

            // A clean pruning upload still prunes.
            let clean = try json(
                try await client.post(
                    "/v1/kb/articles",
                    #"{"prune": true, "articles": [{"id": "a", "title": "Shipping", "body": "Parcels ship in 3 days."}]}"#,
                    headers: knowledge))
            #expect(clean["deleted"] as? Int == 1 && clean["unchanged"] as? Int == 1)
        }
    }

    /// The same rule for files: a file that is there but unreadable keeps its article.
    @Test func filePruneKeepsTheArticleOfAnUnreadableFile() async throws {
        try await withTestClient { _, services in
            let knowledge = services.engines.knowledge
            try await withTemporaryDirectory { dir in
                try "# Shipping\n\nParcels ship in 2 days.".write(
                    toFile: dir + "/shipping.md", atomically: true, encoding: .utf8)
                try "# Returns\n\nReturns within 30 days.".write(
                    toFile: dir + "/returns.md", atomically: true, encoding: .utf8)
                _ = try await knowledge.importPath(dir, options: ArticleImportOptions(), prune: false)
                try "".write(toFile: dir + "/returns.md", atomically: true, encoding: .utf8)
                let half = try await knowledge.importPath(dir, options: ArticleImportOptions(), prune: true)
                #expect(half.deleted == 0 && half.errors.last?.hasPrefix("prune skipped") == true, "\(half)")
                #expect(try await knowledge.store.article(id: "returns") != nil)

                try FileManager.default.removeItem(atPath: dir + "/returns.md")
                let gone = try await knowledge.importPath(dir, options: ArticleImportOptions(), prune: true)
                #expect(gone.deleted == 1 && gone.errors.isEmpty)
                #expect(try await knowledge.store.article(id: "returns") == nil)

                // A file with a NUL byte is imported without it.
                try "# Shipping\n\nParcels ship\u{0} in 3 days.".write(
                    toFile: dir + "/shipping.md", atomically: true, encoding: .utf8)
                let nul = try await knowledge.importPath(dir, options: ArticleImportOptions(), prune: false)
                #expect(nul.updated == 1 && nul.errors.isEmpty, "\(nul)")
                #expect(
                    try await knowledge.store.article(id: "shipping")?.body.hasSuffix("Parcels ship in 3 days.") == true
                )
            }
        }
    }

    /// Articles imported from folders have ids with "/": every link to one is a single path segment.
    @Test func anArticleFromASubfolderIsReachableByItsLinks() async throws {
        try await withTestClient(configure: { configureChat(&$0) }) { client, services in
            try await withTemporaryDirectory { dir in
                try FileManager.default.createDirectory(atPath: dir + "/billing", withIntermediateDirectories: true)
                try "# Refund policy\n\nRefunds take 5 days.".write(
                    toFile: dir + "/billing/Refund Policy.md", atomically: true, encoding: .utf8)
                _ = try await services.engines.knowledge.importPath(dir, options: ArticleImportOptions(), prune: false)
            }
            let path = "billing%2Frefund-policy"
            #expect(
                try json(try await client.get("/v1/kb/articles/\(path)"))["id"] as? String == "billing/refund-policy")
            #expect(String(buffer: try await client.get("/help/articles/\(path)").body).contains("Refunds take 5 days"))

            let session = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let list = html(try await client.send(.get, "/console/kb", headers: session.headers()))
            #expect(list.contains("href=\"/console/kb/\(path)\""))
            let page = html(try await client.send(.get, "/console/kb/\(path)", headers: session.headers()))
            #expect(page.contains("id=\"article-title\">Refund policy<"))
            #expect(page.contains("href=\"/console/kb/\(path)/edit\"") && page.contains("/console/kb/\(path)/delete"))
            let editor = try await client.send(.get, "/console/kb/\(path)/edit", headers: session.headers())
            #expect(editor.status == .ok)

            #expect(
                try await client.send(
                    .delete, "/v1/kb/articles/\(path)", headers: try await services.bearer(.knowledge)
                )
                .status == .noContent)
            #expect(try await services.engines.knowledge.store.article(id: "billing/refund-policy") == nil)
        }
    }

    @Test func badKnowledgeRequestsAreProblems() async throws {
        try await withTestClient { client, services in
            try expectProblem(
                try await client.post(
                    "/v1/kb/articles", #"{"articles": []}"#, headers: try await services.bearer(.knowledge)),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post(
                    "/v1/kb/articles", #"{"articles": [{"title": 3}]}"#, headers: try await services.bearer(.knowledge)),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/kb/articles", "{", headers: try await services.bearer(.knowledge)),
                .badRequest, "malformed-json")
            let onlyBad = try await client.post(
                "/v1/kb/articles", #"{"articles": [{"body": "untitled"}]}"#,
                headers: try await services.bearer(.knowledge))
            try expectProblem(onlyBad, .unprocessableContent, "nothing-importable")
            #expect((try json(onlyBad)["errors"] as? [String])?.first?.hasPrefix("articles[0]: title") == true)
            try expectProblem(
                try await client.post("/v1/kb/search", #"{"top_k": 3}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/kb/search", #"{"query": "  "}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/kb/search", #"{"query": "x", "top_k": 0}"#), .unprocessableContent,
                "validation-failed")
            try expectProblem(
                try await client.post("/v1/kb/search", #"{"query": "x", "min_score": 2}"#), .unprocessableContent,
                "validation-failed")
        }
    }
}
