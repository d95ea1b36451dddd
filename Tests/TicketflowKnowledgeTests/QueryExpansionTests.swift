import Foundation
import Synchronization
import Testing
import TicketflowCore
@testable import TicketflowKnowledge

/// Pseudo-relevance feedback: off by default; when on it reaches a chunk that shares
/// no word with the query through the words of the best first hit, without
/// changing what the 0–1 score says about the query's own words.
@Suite struct QueryExpansionTests {
    static let articles = [
        Article(
            id: "a", title: "Reimbursement",
            body: "A reimbursement of the payment arrives as a bank credit within a week.", source: "t"),
        Article(
            id: "b", title: "Bank credit timing", body: "Bank credit timing depends on the payment provider.",
            source: "t"),
        Article(id: "c", title: "Passwords", body: "Choose a long password.", source: "t"),
    ]

    @Test func expansionAddsTermsOfTheTopChunks() {
        var configuration = KnowledgeIndexConfiguration()
        #expect(configuration.expansion == nil)
        let plain = KnowledgeIndex(configuration: configuration)
        _ = plain.upsert(articles: Self.articles)
        let query = RetrievalRequest(query: "reimbursement", topK: 5, minScore: 0)
        let plainHits = plain.search(query)
        #expect(plainHits.map(\.articleID) == ["a"], "only the article with the word")

        configuration.expansion = QueryExpansion(documents: 1, terms: 5, weight: 0.5)
        let expanded = KnowledgeIndex(configuration: configuration)
        _ = expanded.upsert(articles: Self.articles)
        let hits = expanded.search(query)
        let ids = hits.map(\.articleID)
        #expect(ids.first == "a", "the query's own match stays first")
        #expect(ids.contains("b"), "reached through 'bank credit' from the first hit")
        #expect(!ids.contains("c"))
        #expect(abs(hits[0].score - plainHits[0].score) < 1e-9, "expansion terms do not raise the 0-1 score")
        #expect(hits.first { $0.articleID == "b" }?.score == 0, "b holds none of the query's words")
    }

    @Test func expansionWeightsAreScaledAndNeverTouchQueryTerms() {
        var configuration = KnowledgeIndexConfiguration()
        configuration.expansion = QueryExpansion(documents: 2, terms: 3, weight: 0.4)
        let index = KnowledgeIndex(configuration: configuration)
        _ = index.upsert(articles: Self.articles)
        let terms = configuration.tokenizer.terms("reimbursement payment")
        let weights = index.state.withLock { state in
            state.expansionWeights(
                terms: terms, firstPass: state.bm25.search(terms: terms, limit: 5), settings: configuration.expansion!)
        }
        #expect(weights.count == 3)
        #expect(abs((weights.values.max() ?? 0) - 0.4) < 1e-9)
        #expect(terms.allSatisfy { weights[$0] == nil })
    }
}
