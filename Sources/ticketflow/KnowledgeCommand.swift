import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge

/// `ticketflow kb`: the knowledge base the AI answers from.
struct KnowledgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Import, list, show, delete and search knowledge-base articles; evaluate retrieval.",
        discussion: """
            Articles live in the same store as tickets. A running server picks up changes \
            made here within a few seconds (no restart).
            """,
        subcommands: [
            Import.self, List.self, Show.self,
            Delete.self, Search.self, KnowledgeEvalCommand.self, EmbedStatus.self,
        ]
    )
}

extension KnowledgeCommand {
    /// `ticketflow kb import PATH`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a file or a folder: Markdown, HTML, plain text, CSV/TSV/JSONL FAQ tables.",
            discussion: """
                Re-importing is idempotent: changed articles are updated, unchanged ones skipped. \
                With --prune, articles that came from PATH but whose files are gone are deleted. \
                A bad file is reported and the rest of the import continues (exit code 2 then); \
                --prune then deletes nothing, since the bad file's article would look gone.
                """
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "File or folder to import.") var path: String
        @Option(help: "Category for every imported article (overrides front matter).") var category: String?
        @Option(help: "FAQ tables: the question column.") var questionColumn = "question"
        @Option(help: "FAQ tables: the answer column.") var answerColumn = "answer"
        @Flag(help: "Delete articles imported from PATH earlier whose files no longer exist.") var prune = false
        @Flag(help: "Print the summary as JSON.") var json = false

        func run() async throws {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIFailure("no such file or folder: \(path)")
            }
            let options = ArticleImportOptions(
                category: category, questionColumn: questionColumn, answerColumn: answerColumn)
            let summary = try await CLIServices.with(store) { services in
                try await services.engines.knowledge.importPath(path, options: options, prune: prune) { progress in
                    // Progress on stderr so --json output stays clean.
                    if progress.filesTotal >= 20,
                        progress.filesDone % 10 == 0 || progress.filesDone == progress.filesTotal
                    {
                        FileHandle.standardError.write(
                            Data(
                                "  \(progress.filesDone)/\(progress.filesTotal) files, \(progress.articlesSoFar) articles\n"
                                    .utf8))
                    }
                }
            }
            if json {
                print(try CLIJSON.string(summary))
            } else {
                print(
                    "imported: \(summary.created) new, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.deleted) deleted"
                )
                for error in summary.errors {
                    // The prune note is not a skipped file; the others are.
                    print(error.hasPrefix("prune skipped") ? "  \(error)" : "  skipped \(error)")
                }
            }
            if !summary.errors.isEmpty {
                // The JSON on stdout lists them for a script; stderr still says that something failed.
                if json {
                    let skipped = summary.errors.filter { !$0.hasPrefix("prune skipped") }.count
                    let files = skipped == 1 ? "1 file" : "\(skipped) files"
                    FileHandle.standardError.write(Data("error: \(files) skipped (listed under \"errors\")\n".utf8))
                }
                throw ExitCode(2)
            }
        }
    }

    /// `ticketflow kb list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List articles.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only articles of this category.") var category: String?
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            var articles = try await CLIServices.with(store) { try await $0.engines.knowledge.store.articles() }
            if let category {
                articles = articles.filter { $0.category?.caseInsensitiveCompare(category) == .orderedSame }
            }
            if json { print(try CLIJSON.string(articles)); return }
            if articles.isEmpty { print("no articles"); return }
            print("ID                                 CATEGORY          VER  TITLE")
            for article in articles {
                print(
                    [
                        article.id.padding(toLength: 35, withPad: " ", startingAt: 0),
                        (article.category ?? "-").padding(toLength: 18, withPad: " ", startingAt: 0),
                        String(article.version).padding(toLength: 5, withPad: " ", startingAt: 0),
                        String(article.title.prefix(70)),
                    ].joined())
            }
        }
    }

    /// `ticketflow kb show ID`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one article.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "Article id.") var id: String
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            guard
                let article = try await CLIServices.with(
                    store, { try await $0.engines.knowledge.store.article(id: id) })
            else {
                throw KnowledgeCommand.noArticle([id])
            }
            if json { print(try CLIJSON.string(article)); return }
            print("\(article.title)  [\(article.id), version \(article.version)]")
            print(
                "category \(article.category ?? "-")  tags \(article.tags.joined(separator: ", "))  source \(article.source)"
            )
            print("")
            print(article.body)
        }
    }

    /// The failure for ids that name no article, each quoted as configuration errors quote values.
    static func noArticle(_ ids: [String]) -> CLIFailure {
        CLIFailure(
            "no article with the id \(ids.map(ConfigurationError.quoted).joined(separator: ", "))",
            hint: "`ticketflow kb list` shows the ids")
    }

    /// `ticketflow kb delete ID...`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete articles by id.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "Article ids.") var ids: [String]

        func validate() throws {
            if ids.isEmpty { throw ValidationError("give at least one article id") }
        }

        func run() async throws {
            var unique: [String] = []
            for id in ids where !unique.contains(id) { unique.append(id) }
            let (deleted, missing) = try await CLIServices.with(store) { services in
                let knowledge = services.engines.knowledge
                var missing: [String] = []
                for id in unique where try await knowledge.store.article(id: id) == nil { missing.append(id) }
                return (try await knowledge.delete(ids: unique), missing)
            }
            print("deleted \(deleted) of \(unique.count)")
            if !missing.isEmpty { throw KnowledgeCommand.noArticle(missing) }
        }
    }

    /// `ticketflow kb search "query"`.
    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Search the knowledge base the way the pipeline does (scores normalised to 0–1)."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The query.") var query: String
        @Option(help: "How many passages at most.") var topK = 3
        @Option(help: "Drop passages scoring below this (0–1).") var minScore = 0.0
        @Option(help: "Only articles of this category.") var category: String?
        @Option(help: "Rank chunks of this category higher (as a ticket's category does).") var boostCategory: String?
        @Flag(help: "Print as JSON (the POST /v1/kb/search shape).") var json = false

        func validate() throws {
            guard (1...100).contains(topK) else { throw ValidationError("--top-k must be 1–100") }
            guard (0...1).contains(minScore) else { throw ValidationError("--min-score must be between 0 and 1") }
        }

        func run() async throws {
            let request = RetrievalRequest(
                query: query, topK: topK, minScore: minScore,
                filters: RetrievalFilters(categories: category.map { [$0] }), boostCategory: boostCategory)
            let passages = try await CLIServices.with(store) { await $0.engines.knowledge.index.retrieve(request) }
            if json { print(try CLIJSON.string(passages)); return }
            if passages.isEmpty { print("no passages above \(minScore)"); return }
            for (rank, passage) in passages.enumerated() {
                let heading = passage.headingPath.isEmpty ? "" : " › " + passage.headingPath.joined(separator: " › ")
                let score = String(format: "%.3f", passage.score)
                print(
                    "\(rank + 1). \(score)  \(passage.title)\(heading)  [\(passage.chunkID); \(passage.signals.joined(separator: "+"))]"
                )
                print("   " + passage.text.prefix(200).replacingOccurrences(of: "\n", with: " "))
            }
        }
    }
}

/// JSON output for the terminal, shared by the commands.
enum CLIJSON {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
