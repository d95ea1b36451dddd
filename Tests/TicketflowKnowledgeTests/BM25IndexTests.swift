import Foundation
import Testing
@testable import TicketflowKnowledge

@Suite("BM25 index")
struct BM25IndexTests {
    /// One field, textbook parameters, three documents:
    /// d1 = refund policy (2 terms), d2 = refund refund request (3), d3 = password reset (2); avgdl = 7/3.
    func tinyIndex() -> BM25Index {
        var index = BM25Index(parameters: BM25Parameters(k1: 1.2, b: 0.75, fieldWeights: [1]))
        index.upsert(key: "d1", fields: [["refund", "policy"]])
        index.upsert(key: "d2", fields: [["refund", "refund", "request"]])
        index.upsert(key: "d3", fields: [["password", "reset"]])
        return index
    }

    @Test func scoresMatchHandComputedValues() throws {
        // idf(refund) = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6 = 0.470004
        // d1: norm = 1.2·(0.25 + 0.75·2/(7/3)) = 1.071429 → 0.470004·2.2·1/(1 + 1.071429) = 0.499176
        // d2: norm = 1.2·(0.25 + 0.75·3/(7/3)) = 1.457143 → 0.470004·2.2·2/(2 + 1.457143) = 0.598186
        let hits = tinyIndex().search(terms: ["refund"], limit: 10)
        #expect(hits.map(\.key) == ["d2", "d1"])
        #expect(abs(hits[0].score - 0.598186) < 1e-5)
        #expect(abs(hits[1].score - 0.499176) < 1e-5)
        #expect(abs(tinyIndex().idf(documentFrequency: 2) - 0.470004) < 1e-6)
    }

    @Test func singleDocumentScoreAgreesWithSearch() {
        let index = tinyIndex()
        // password: df 1 → idf = ln(1 + 2.5/1.5) = 0.980829; d3 has d1's length → 0.980829·2.2/2.071429 = 1.041708
        #expect(
            abs(
                index.score(terms: ["password", "reset"], key: "d3")
                    - index.search(terms: ["password", "reset"], limit: 1)[0].score) < 1e-5)
        #expect(abs(index.score(terms: ["password"], key: "d3") - 1.041708) < 1e-5)
        #expect(index.score(terms: ["password"], key: "d1") == 0)
    }

    @Test func repeatedQueryTermsCountOnce() {
        let index = tinyIndex()
        #expect(
            index.search(terms: ["refund", "refund"], limit: 1)[0].score
                == index.search(terms: ["refund"], limit: 1)[0].score)
    }

    @Test func referenceScoreIsTheSumOfIDFsIncludingUnknownTerms() {
        let index = tinyIndex()
        let expected = log(1.6) + log(1 + 3.5 / 0.5)  // refund (df 2) + an unseen term (df 0)
        #expect(abs(index.referenceScore(terms: ["refund", "unicorn", "refund"]) - expected) < 1e-9)
    }

    @Test func unseenIdentifiersDoNotCountInTheReference() {
        var index = tinyIndex()
        #expect(
            index.referenceScore(terms: ["refund", "00004587345", "a12"]) == index.referenceScore(terms: ["refund"]))
        // A number the articles do hold still counts.
        index.upsert(key: "d4", fields: [["refund", "within", "14", "days"]])
        #expect(index.referenceScore(terms: ["refund", "14"]) > index.referenceScore(terms: ["refund"]))
    }

    @Test func incrementalUpdatesEqualAFreshBuild() {
        var incremental = tinyIndex()
        incremental.upsert(key: "d1", fields: [["refund", "window", "days"]])  // replace
        incremental.remove(key: "d3")
        incremental.upsert(key: "d4", fields: [["refund", "card"]])  // reuses d3's slot

        var fresh = BM25Index(parameters: BM25Parameters(k1: 1.2, b: 0.75, fieldWeights: [1]))
        fresh.upsert(key: "d1", fields: [["refund", "window", "days"]])
        fresh.upsert(key: "d2", fields: [["refund", "refund", "request"]])
        fresh.upsert(key: "d4", fields: [["refund", "card"]])

        #expect(incremental.count == 3)
        let a = incremental.search(terms: ["refund", "card", "password"], limit: 10)
        let b = fresh.search(terms: ["refund", "card", "password"], limit: 10)
        #expect(a.map(\.key) == b.map(\.key))
        for (x, y) in zip(a, b) { #expect(abs(x.score - y.score) < 1e-6) }
        #expect(incremental.search(terms: ["password"], limit: 10).isEmpty)
        let removedTwice = incremental.remove(key: "d3")
        #expect(!removedTwice)
    }

    @Test func fieldsAreScoredSeparatelyAndWeighted() {
        var index = BM25Index(parameters: BM25Parameters(k1: 1.2, b: 0.75, fieldWeights: [3, 1]))
        index.upsert(key: "title-hit", fields: [["invoice"], ["download", "pdf"]])
        index.upsert(key: "body-hit", fields: [["billing"], ["invoice", "pdf"]])
        let hits = index.search(terms: ["invoice"], limit: 2)
        #expect(hits.map(\.key) == ["title-hit", "body-hit"])
        // title-hit: 3·ln 2 from its title; body-hit: 1·ln 2 from its body. With the title
        // switched off (weight 0, applied without re-indexing) only the body counts.
        index.setParameters(BM25Parameters(k1: 1.2, b: 0.75, fieldWeights: [0, 1]))
        #expect(index.search(terms: ["invoice"], limit: 2).map(\.key) == ["body-hit"])
    }

    @Test func filterAndLimitApply() {
        let index = tinyIndex()
        #expect(index.search(terms: ["refund"], limit: 1).map(\.key) == ["d2"])
        #expect(index.search(terms: ["refund"], limit: 5, allow: { $0 != "d2" }).map(\.key) == ["d1"])
        #expect(index.search(terms: [], limit: 5).isEmpty)
    }

    @Test func topKSelectorKeepsTheBestInOrder() {
        var selector = TopKSelector(k: 3)
        for (id, score) in [(1, 0.5), (2, 0.9), (3, 0.1), (4, 0.7), (5, 0.9), (6, 0.3)] {
            selector.offer(id: Int32(id), score: Float(score))
        }
        #expect(selector.sorted().map(\.id) == [2, 5, 4])
    }
}
