import Foundation
import Testing
import TicketflowCore
@testable import TicketflowKnowledge

/// Unknown query words are matched to the indexed word one typo away.
@Suite struct SpellingToleranceTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        ("recipient", "recepient", true), ("highlight", "highliht", true), ("receive", "recieve", true),
        ("posible", "possible", true), ("video", "vide", true), ("abc", "abc", false),
        ("recipient", "recepiant", false), ("color", "colour", true), ("colour", "col", false),
        ("abcd", "badc", false), ("ab", "ba", true), ("", "a", true),
    ])
    func oneEditMeansOneInsertDeleteReplaceOrAdjacentSwap(a: String, b: String, expected: Bool) {
        #expect(SpellingNeighbours.isOneEdit(Self.bytes(a), Self.bytes(b)) == expected)
        #expect(SpellingNeighbours.isOneEdit(Self.bytes(b), Self.bytes(a)) == expected)
    }

    @Test func correctionPrefersTheWordMoreDocumentsUseAndOnlyLiveOnes() {
        var index = BM25Index()
        index.upsert(key: "1", fields: [["refund"], ["refund", "card"]])
        index.upsert(key: "2", fields: [[], ["refund"]])
        index.upsert(key: "3", fields: [["rewind"], []])
        #expect(index.spellingCorrection(for: "refind") == "refund")
        #expect(index.spellingCorrection(for: "refund") == nil, "a known word is never corrected")
        #expect(index.spellingCorrection(for: "xyzzy") == nil)
        index.remove(key: "1")
        index.remove(key: "2")
        #expect(index.spellingCorrection(for: "refind") == "rewind", "words of removed documents are not offered")
        index.remove(key: "3")
        #expect(index.spellingCorrection(for: "refind") == nil)
    }

    static let articles = [
        Article(
            id: "mail", title: "Mail to one recipient", body: "Filter messages where you are the only recipient.",
            source: "t"),
        Article(id: "order", title: "Order 12345", body: "Order number 12345 shipped.", source: "t"),
        Article(id: "gmail", title: "Gmail labels", body: "Labels sort mail.", source: "t"),
    ]

    @Test func aMisspelledWordFindsTheArticleAtALowerScore() {
        let index = KnowledgeIndex()
        _ = index.upsert(articles: Self.articles)
        // "sole" is in no article, which keeps both scores under the clamp at 1.
        let exact = index.search(RetrievalRequest(query: "sole recipient", topK: 3, minScore: 0))
        let typo = index.search(RetrievalRequest(query: "sole recepient", topK: 3, minScore: 0))
        #expect(exact.first?.articleID == "mail")
        #expect(typo.first?.articleID == "mail")
        #expect(typo[0].score < exact[0].score, "a guessed word counts less than the word as typed")
        #expect(typo[0].score > 0.3)

        var configuration = KnowledgeIndexConfiguration()
        configuration.spelling = nil
        let strict = KnowledgeIndex(configuration: configuration)
        _ = strict.upsert(articles: Self.articles)
        let strictHits = strict.search(RetrievalRequest(query: "recepient", topK: 3, minScore: 0))
        #expect(strictHits.isEmpty, "without tolerance the misspelled word matches nothing")
    }

    @Test func numbersAndShortWordsAreNeverCorrected() {
        let index = KnowledgeIndex()
        _ = index.upsert(articles: Self.articles)
        #expect(index.search(RetrievalRequest(query: "12346", topK: 3, minScore: 0)).isEmpty, "order numbers are data")
        #expect(
            index.search(RetrievalRequest(query: "gmal", topK: 3, minScore: 0)).isEmpty,
            "4-letter stems have too many neighbours")
        #expect(
            index.search(RetrievalRequest(query: "gmaill labels", topK: 3, minScore: 0)).first?.articleID == "gmail")
    }
}
