import Foundation
import Testing
import TicketflowCore
@testable import TicketflowKnowledge

/// A deterministic embeddings model for tests: each vocabulary word is one dimension.
struct BagOfWordsEmbeddings: EmbeddingsProvider {
    let vocabulary = ["refund", "money", "back", "password", "login", "invoice", "reimburse"]
    var model: String { "bag-of-words-test" }
    var dimension: Int { vocabulary.count }
    let calls = CallCounter()

    func embed(_ texts: [String]) async throws -> [[Float]] {
        calls.add(texts.count)
        return texts.map { text in
            let words = Tokenizer(stopWords: [], stems: false).words(text)
            // "reimburse" means "refund": the synonym a lexical index cannot see.
            return vocabulary.map { term in
                Float(words.filter { $0.hasPrefix(term) || (term == "refund" && $0.hasPrefix("reimburs")) }.count)
            }
        }
    }
}

/// Fails every call, like an embeddings endpoint that is down.
struct FailingEmbeddings: EmbeddingsProvider {
    var model: String { "down" }
    var dimension: Int { 4 }
    func embed(_ texts: [String]) async throws -> [[Float]] {
        throw KnowledgeError(.embeddings, "connection refused")
    }
}

final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ count: Int) { lock.lock(); total += count; lock.unlock() }
    var texts: Int { lock.lock(); defer { lock.unlock() }; return total }
}

@Suite("Knowledge index and retrieval")
struct KnowledgeIndexTests {
    static let articles = [
        Article(
            id: "refunds", title: "Refund policy", category: "billing", tags: ["refund"],
            body: "You can get a refund within 30 days of purchase. Refunds go back to the original card.",
            source: "kb"),
        Article(
            id: "invoices", title: "Download invoices", category: "billing", tags: ["invoice"],
            body: "Invoices are in Settings, Billing. Each invoice is a PDF.", source: "kb"),
        Article(
            id: "password", title: "Reset your password", category: "account", tags: ["login"],
            body: "Click Forgot password on the login page and follow the email link.", source: "kb"),
        Article(
            id: "refund-app", title: "Refunds for app store purchases", category: "product_question",
            tags: ["refund", "mobile"],
            body: "Purchases made in the app store are refunded by Apple or Google, not by us.", source: "kb"),
    ]

    func index(embeddings: (any EmbeddingsProvider)? = nil) -> KnowledgeIndex {
        let index = KnowledgeIndex(embeddings: embeddings)
        index.upsert(articles: Self.articles)
        return index
    }

    @Test func lexicalRetrievalFindsTheRightArticleWithNormalisedScores() async {
        let passages = await index().retrieve(query: "How do I get a refund for my purchase?", topK: 3, minScore: 0)
        #expect(passages.first?.articleID == "refunds")
        #expect(passages.allSatisfy { (0...1).contains($0.score) && $0.signals == ["bm25"] })
        #expect(passages.map(\.score) == passages.map(\.score).sorted(by: >))
        #expect(passages.first?.title == "Refund policy")
    }

    @Test func minScoreDropsWeakMatchesAndUnknownTopicsScoreLow() async {
        let index = index()
        let strong = await index.retrieve(query: "reset password", minScore: 0.75)
        #expect(strong.map(\.articleID) == ["password"])
        let unrelated = await index.retrieve(query: "password for the quantum teleporter", minScore: 0)
        #expect(unrelated.first.map { $0.score < 0.75 } == true)  // unknown words lower the score
        #expect(await index.retrieve(query: "password for the quantum teleporter", minScore: 0.75).isEmpty)
    }

    @Test func filtersRestrictByCategoryAndTags() async {
        let index = index()
        let billing = await index.retrieve(
            query: "refund", topK: 5, minScore: 0, filters: RetrievalFilters(categories: ["BILLING"]))
        #expect(Set(billing.map(\.articleID)) == ["refunds"])
        let mobile = await index.retrieve(
            query: "refund", topK: 5, minScore: 0, filters: RetrievalFilters(tags: ["mobile"]))
        #expect(mobile.map(\.articleID) == ["refund-app"])
    }

    @Test func categoryBoostReordersWithoutChangingScores() async {
        let index = KnowledgeIndex()
        let text = "Refunds go back to the original card within 5 days."
        index.upsert(articles: [
            Article(id: "a-billing", title: "Refunds", category: "billing", body: text, source: "kb"),
            Article(id: "b-product", title: "Refunds", category: "product_question", body: text, source: "kb"),
        ])
        let plain = await index.retrieve(query: "refund card", topK: 2, minScore: 0)
        let boosted = await index.retrieve(
            query: "refund card", topK: 2, minScore: 0, boostCategory: "product_question")
        #expect(plain.map(\.articleID) == ["a-billing", "b-product"])  // a tie, broken by id
        #expect(boosted.map(\.articleID) == ["b-product", "a-billing"])
        #expect(plain.map(\.score) == boosted.map(\.score).reversed())
    }

    @Test func updatesAndRemovalsApplyWithoutRebuilding() async {
        let index = index()
        var edited = Self.articles[2]
        edited.body = "Use the magic link we email you to sign in."
        let summary = index.upsert(articles: [edited, Self.articles[0]])
        #expect(summary.articlesIndexed == 1 && summary.articlesUnchanged == 1)
        #expect(await index.retrieve(query: "magic link", minScore: 0).first?.articleID == "password")
        #expect(await index.retrieve(query: "forgot", minScore: 0).isEmpty)
        index.remove(articleIDs: ["password"])
        #expect(await index.retrieve(query: "magic link", minScore: 0).isEmpty)
        #expect(index.statistics.articles == 3)
        #expect(index.chunks(ofArticle: "refunds").count == 1)
    }

    @Test func onePerArticleAndTopK() {
        let long = Article(
            id: "long", title: "Refund handbook",
            body: "# Refund handbook\n## Cards\nRefund to cards.\n## Bank\nRefund to bank accounts.",
            source: "kb")
        let index = index()
        index.upsert(articles: [long])
        let all = index.search(RetrievalRequest(query: "refund", topK: 10, minScore: 0))
        #expect(all.filter { $0.articleID == "long" }.count == 2)
        let distinct = index.search(RetrievalRequest(query: "refund", topK: 10, minScore: 0, onePerArticle: true))
        #expect(distinct.filter { $0.articleID == "long" }.count == 1)
        #expect(index.search(RetrievalRequest(query: "refund", topK: 2, minScore: 0)).count == 2)
        #expect(all.first { $0.articleID == "long" }?.headingPath.isEmpty == false)
    }

    @Test func hybridRetrievalFindsSynonymsAndReportsBothSignals() async throws {
        let embeddings = BagOfWordsEmbeddings()
        let index = index(embeddings: embeddings)
        #expect(try await index.embedPending() == 4)
        // Lexical alone cannot match "reimbursed"; the dense signal can.
        #expect(index.search(RetrievalRequest(query: "reimbursed", minScore: 0)).isEmpty)
        let passages = await index.retrieve(query: "can I be reimbursed", minScore: 0)
        #expect(passages.first.map { ["refunds", "refund-app"].contains($0.articleID) } == true)
        #expect(passages.first?.signals == ["dense"])
        let both = await index.retrieve(query: "refund money back", topK: 1, minScore: 0)
        #expect(both.first?.articleID == "refunds")
        #expect(both.first?.signals == ["bm25", "dense"])
    }

    @Test func eachRetrievalModeUsesOnlyItsSignals() async throws {
        func ranked(_ mode: RetrievalMode, _ query: String) async throws -> [RetrievedPassage] {
            var configuration = KnowledgeIndexConfiguration()
            configuration.mode = mode
            let index = KnowledgeIndex(configuration: configuration, embeddings: BagOfWordsEmbeddings())
            index.upsert(articles: Self.articles)
            try await index.embedPending()
            return await index.retrieve(query: query, topK: 3, minScore: 0)
        }
        #expect(try await ranked(.lexical, "can I be reimbursed").isEmpty, "no shared word")
        #expect(try await ranked(.dense, "can I be reimbursed").first?.signals == ["dense"])
        let lexical = try await ranked(.lexical, "refund money back")
        #expect(!lexical.isEmpty && lexical.allSatisfy { $0.signals == ["bm25"] })
        let dense = try await ranked(.dense, "refund money back")
        #expect(!dense.isEmpty && dense.allSatisfy { $0.signals == ["dense"] })
        #expect(try await ranked(.hybrid, "refund money back").first?.signals == ["bm25", "dense"])
    }

    @Test func convexFusionWeighsHowSureEachSignalIs() async throws {
        func top(_ weight: Double, _ query: String) async throws -> [RetrievedPassage] {
            var configuration = KnowledgeIndexConfiguration()
            configuration.hybridFusion = .convex(denseWeight: weight)
            let index = KnowledgeIndex(configuration: configuration, embeddings: BagOfWordsEmbeddings())
            index.upsert(articles: Self.articles)
            try await index.embedPending()
            return await index.retrieve(query: query, topK: 4, minScore: 0)
        }
        let query = "refund money back"
        let lexicalOrder = index().search(RetrievalRequest(query: query, topK: 4, minScore: 0)).map(\.articleID)
        // All weight on one signal ranks the fused candidates as that signal alone does.
        #expect(try await top(0, query).map(\.articleID).prefix(lexicalOrder.count) == lexicalOrder[...])
        let denseFirst = try await top(1, query)
        #expect(denseFirst.map(\.score) == denseFirst.map(\.score).sorted(by: >), "ranked by cosine")
        #expect(denseFirst.first?.signals.contains("dense") == true)
        // A synonym only the dense signal sees still comes first at an even split.
        #expect(try await top(0.5, "can I be reimbursed").first?.signals == ["dense"])
    }

    /// A chunk's vector is its text's vector plus its title-and-headings vector, at unit length, keyed by a
    /// model name that says so (vectors of the older text-only recipe read as stale and are re-embedded).
    @Test func aChunkVectorIsItsTextPlusItsHeading() async throws {
        let embeddings = BagOfWordsEmbeddings()
        let index = index(embeddings: embeddings)
        let chunks = index.chunksNeedingEmbedding()
        try await index.embedPending()
        let saved = Dictionary(uniqueKeysWithValues: index.exportVectors().map { ($0.chunkID, $0) })
        for chunk in chunks {
            let parts = try await embeddings.embed([chunk.embeddingText, chunk.headingText])
            let sum = zip(parts[0], parts[1]).map { $0 + $1 }
            let length = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let stored = try #require(saved[chunk.id])
            #expect(stored.model == "bag-of-words-test text+heading")
            let expected = length > 0 ? sum.map { $0 / length } : sum
            // The index keeps int8 vectors (one scale each): a component is off by at most half a step, 1/254.
            #expect(zip(stored.vector, expected).allSatisfy { abs($0 - $1) < 0.005 }, "\(chunk.id)")
        }
        var old = try #require(saved.values.first)
        old.model = "bag-of-words-test"
        #expect(self.index(embeddings: embeddings).importVectors([old]) == 0, "a text-only vector is stale")
    }

    @Test func onlyChangedChunksAreReEmbeddedAndVectorsRoundTrip() async throws {
        let embeddings = BagOfWordsEmbeddings()
        let index = index(embeddings: embeddings)
        try await index.embedPending()
        #expect(embeddings.calls.texts == 8, "each of 4 chunks, and each chunk's heading")
        var edited = Self.articles[1]
        edited.body = "Invoices can be downloaded as PDF from Billing."
        index.upsert(articles: [edited])
        #expect(index.chunksNeedingEmbedding().map(\.articleID) == ["invoices"])
        try await index.embedPending()
        #expect(embeddings.calls.texts == 10, "the edited chunk and its heading")

        let saved = index.exportVectors()
        #expect(saved.count == 4 && saved.allSatisfy { $0.model == "bag-of-words-test text+heading" })
        let restarted = self.index(embeddings: embeddings)
        #expect(restarted.importVectors(saved) == 3)  // the edited article's old text is stale there
        #expect(restarted.chunksNeedingEmbedding().map(\.articleID) == ["invoices"])
    }

    /// A query vector made earlier in the run (by triage) is used only for the same text and encoder.
    @Test func aVectorComputedEarlierIsReusedOnlyForTheSameQueryAndEncoder() async throws {
        let embeddings = BagOfWordsEmbeddings()
        let index = index(embeddings: embeddings)
        try await index.embedPending()
        let before = embeddings.calls.texts
        let query = "can I be reimbursed"
        let values = try await embeddings.embed([query])[0]
        let request = RetrievalRequest(query: query, minScore: 0)
        let reused = await index.retrieveExplained(
            request, computed: SentenceVector(text: query, model: embeddings.model, values: values))
        #expect(embeddings.calls.texts == before + 1, "only the test's own call")
        #expect(reused.passages.first?.signals == ["dense"])
        _ = await index.retrieveExplained(
            request, computed: SentenceVector(text: "another text", model: embeddings.model, values: values))
        #expect(embeddings.calls.texts == before + 2, "another text's vector is not this query's")
        _ = await index.retrieveExplained(
            request, computed: SentenceVector(text: query, model: "another-encoder", values: values))
        #expect(embeddings.calls.texts == before + 3, "another encoder's vector is not comparable")
        let fresh = await index.retrieveExplained(request)
        #expect(fresh.passages == reused.passages)
    }

    @Test func embeddingFailureDegradesToLexical() async throws {
        let index = index(embeddings: FailingEmbeddings())
        await #expect(throws: KnowledgeError.self) { try await index.embedPending() }
        let passages = await index.retrieve(query: "reset password", minScore: 0)
        #expect(passages.first?.articleID == "password")
        #expect(passages.first?.signals == ["bm25"])
    }
}

@Suite("Search request wire format")
struct RetrievalRequestCodingTests {
    @Test func decodesWithDefaultsAndSnakeCase() throws {
        let minimal = try JSONDecoder().decode(RetrievalRequest.self, from: Data(#"{"query":"refund"}"#.utf8))
        #expect(minimal == RetrievalRequest(query: "refund"))
        let full = try JSONDecoder().decode(
            RetrievalRequest.self,
            from: Data(
                """
                {"query":"q","top_k":5,"min_score":0.5,"boost_category":"billing",
                 "filters":{"categories":["billing"],"tags":["pay"]},"one_per_article":true}
                """.utf8))
        #expect(
            full
                == RetrievalRequest(
                    query: "q", topK: 5, minScore: 0.5,
                    filters: RetrievalFilters(categories: ["billing"], tags: ["pay"]),
                    boostCategory: "billing", onePerArticle: true))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RetrievalRequest.self, from: Data("{}".utf8)) }
    }
}

@Suite("Knowledge index under concurrency")
struct KnowledgeIndexConcurrencyTests {
    @Test func queriesRunWhileArticlesChange() async {
        let index = KnowledgeIndex()
        index.upsert(articles: KnowledgeIndexTests.articles)
        await withTaskGroup(of: Int.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for round in 0..<50 {
                        let id = "extra-\(writer)"
                        index.upsert(articles: [
                            Article(id: id, title: "Extra \(round)", body: "Refund note \(round)", source: "t")
                        ])
                        if round % 3 == 0 { index.remove(articleIDs: [id]) }
                    }
                    return 0
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var found = 0
                    for _ in 0..<100 {
                        found +=
                            await index.retrieve(query: "reset password", minScore: 0).first?.articleID == "password"
                            ? 1 : 0
                    }
                    return found
                }
            }
            var total = 0
            for await found in group { total += found }
            #expect(total == 400)  // the untouched article is always found
        }
        #expect(index.statistics.articles == 8)  // each writer's last round (49) keeps its article
        #expect(index.chunks(ofArticle: "password").count == 1)
    }
}
