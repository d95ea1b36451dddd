import Foundation
import Testing
@testable import TicketflowKnowledge

@Suite("Folder import and re-import plans")
struct ImportTests {
    @Test func folderImportIsSortedRecursiveAndSurvivesBadFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("billing/Refund Policy.md", "# Refunds\nWithin 30 days.")
        try folder.write("account/reset.html", "<h1>Reset</h1><p>Use the link.</p>")
        try folder.write("account/empty.txt", "   \n")
        try folder.write("faq.csv", "question,answer\nA?,B.\n")
        try folder.write("broken.jsonl", "nope\n")
        try folder.write("logo.png", "binary")
        try folder.write(".hidden/secret.md", "# Hidden")

        let progress = ProgressLog()
        let result = ArticleImporter().importPath(folder.path) { progress.append($0) }
        #expect(
            result.articles.map(\.id) == [
                "account/reset", "billing/refund-policy", "faq/" + ContentHasher.shortDigest("A?"),
            ])
        #expect(result.errors.map { ($0.path as NSString).lastPathComponent } == ["empty.txt", "broken.jsonl"])
        #expect(result.errors.map(\.error.code) == [.empty, .malformed])
        #expect(result.filesScanned == 5)
        #expect(result.filesSkipped == 1)
        #expect(progress.entries.map(\.filesDone) == [1, 2, 3, 4, 5])
        #expect(progress.entries.last?.articlesSoFar == 3)
    }

    @Test func singleFileAndMissingPath() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("guide.md", "# Guide\nText")
        let result = ArticleImporter(options: ArticleImportOptions(category: "product_question")).importPath(path)
        #expect(result.articles.map(\.id) == ["guide"])
        #expect(result.articles.first?.category == "product_question")
        let missing = ArticleImporter().importPath(folder.path + "/nope")
        #expect(missing.articles.isEmpty && missing.errors.first?.error.code == .unreadable)
    }

    @Test func slugsAreStable() {
        #expect(ArticleImporter.slug("Billing/How To: Pay!") == "billing/how-to-pay")
        #expect(ArticleImporter.slug("--Été 2024--") == "été-2024")
    }

    @Test func diffPlansCreateUpdateSkipAndPrune() {
        let stored = [
            Article(id: "same", title: "S", body: "same", source: "a.md", version: 3),
            Article(id: "edited", title: "E", body: "old", source: "b.md", version: 1),
            Article(id: "gone", title: "G", body: "bye", source: "c.md"),
        ]
        let incoming = [
            Article(id: "same", title: "S", body: "same", source: "a.md"),
            Article(id: "edited", title: "E", body: "new", source: "b.md"),
            Article(id: "new", title: "N", body: "hello", source: "d.md"),
        ]
        let plan = ImportPlan.diff(existing: stored, incoming: incoming, prune: true)
        #expect(plan.create.map(\.id) == ["new"])
        #expect(plan.update.map(\.id) == ["edited"])
        #expect(plan.update.first?.version == 2)
        #expect(plan.unchanged.map(\.id) == ["same"])
        #expect(plan.unchanged.first?.version == 3)
        #expect(plan.delete.map(\.id) == ["gone"])
        #expect(ImportPlan.diff(existing: stored, incoming: incoming, prune: false).delete.isEmpty)
    }

    @Test func reimportingTheSameFilesPlansNothing() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.md", "# A\nOne")
        try folder.write("b.md", "# B\nTwo")
        let first = ArticleImporter().importPath(folder.path).articles
        let again = ArticleImporter().importPath(folder.path).articles
        let plan = ImportPlan.diff(existing: first, incoming: again, prune: true)
        #expect(plan.isEmpty)
        #expect(plan.unchanged.count == 2)
    }
}

/// Collects progress callbacks from a @Sendable closure.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ArticleImporter.Progress] = []

    func append(_ entry: ArticleImporter.Progress) {
        lock.lock()
        stored.append(entry)
        lock.unlock()
    }

    var entries: [ArticleImporter.Progress] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
