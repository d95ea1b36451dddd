import Foundation
import Testing
import TicketflowCore

@testable import TicketflowAnswering

@Suite("Answer cache")
struct AnswerCacheTests {
    let answer = CandidateAnswer(
        body: "Open Order History and click Cancel Order. [Source: kb-cancel]",
        citations: [Citation(articleID: "kb-cancel", title: "Cancel an order", chunkID: "kb-cancel#1")],
        engine: "llm:test")

    @Test("questions that differ in case, punctuation and spacing share a key; very short ones get none")
    func keys() {
        #expect(AnswerCache.key("How do I cancel my order?") == AnswerCache.key("  how do I CANCEL my order ?!"))
        #expect(AnswerCache.key("How do I cancel my order?") != AnswerCache.key("How do I cancel my orders?"))
        #expect(AnswerCache.key("hi there") == nil)
    }

    @Test("a hit needs the cited article retrieved with the same text")
    func validity() {
        let cache = AnswerCache()
        cache.store("How do I cancel my order?", answer: answer, confidence: 0.93, passages: [Fixtures.cancelOrder])
        let hit = cache.lookup("how do i cancel my order", passages: [Fixtures.cancelOrder, Fixtures.shipping])
        #expect(hit?.answer == answer && hit?.confidence == 0.93)
        var edited = Fixtures.cancelOrder
        edited.text += " Orders that shipped are returned instead."
        #expect(cache.lookup("How do I cancel my order?", passages: [edited]) == nil, "the article changed")
        #expect(cache.lookup("How do I cancel my order?", passages: [Fixtures.shipping]) == nil, "not retrieved")
        cache.remove("How do I cancel my order?")
        #expect(cache.lookup("How do I cancel my order?", passages: [Fixtures.cancelOrder]) == nil)
    }

    @Test("an answer citing an article that was not retrieved is not kept; the size stays bounded")
    func bounds() {
        let cache = AnswerCache(capacity: 10)
        cache.store("How do I cancel my order?", answer: answer, confidence: 0.9, passages: [Fixtures.shipping])
        #expect(cache.count == 0)
        for index in 0..<25 {
            cache.store(
                "question number \(index) please", answer: answer, confidence: 0.9, passages: [Fixtures.cancelOrder])
        }
        #expect(cache.count <= 10)
        #expect(cache.lookup("question number 24 please", passages: [Fixtures.cancelOrder]) != nil, "the newest stays")
    }

    @Test("the stage answers a repeated question from the cache, without the generator or the judge")
    func stage() async throws {
        let log = RequestLog()
        var stage = AnsweringStage(generator: RecordingGenerator(log: log), judge: AlwaysConfidentJudge())
        stage.cache = AnswerCache()
        var first = Fixtures.context("How do I cancel my order?", passages: [Fixtures.cancelOrder])
        _ = try await stage.process(&first)
        #expect(first.ticket.status == .autoResolved)
        var second = Fixtures.context("how do I cancel my order", passages: [Fixtures.cancelOrder])
        let report = try await stage.process(&second)
        #expect(await log.requests.count == 1, "the generator ran once")
        #expect(report.engine == AnswerCache.engineName)
        #expect(report.details["answer_cache"] == "hit")
        #expect(second.ticket.status == .autoResolved)
        #expect(second.replies.first?.body == first.replies.first?.body)
        // The article changed: a new answer is written, and kept in place of the old one.
        var edited = Fixtures.cancelOrder
        edited.text = "Orders can be cancelled in Order History until they ship. Do you have more questions?"
        var third = Fixtures.context("How do I cancel my order?", passages: [edited])
        let fresh = try await stage.process(&third)
        #expect(await log.requests.count == 2)
        #expect(fresh.engine != AnswerCache.engineName)
    }

    @Test("a held answer is not cached, and a cached one is still held for a person when the route says so")
    func heldAnswers() async throws {
        var stage = AnsweringStage()
        let cache = AnswerCache()
        stage.cache = cache
        var review = Fixtures.context(
            "How do I cancel my order?", passages: [Fixtures.cancelOrder], route: .aiDraftHumanReview)
        _ = try await stage.process(&review)
        #expect(review.ticket.status != .autoResolved && cache.count == 0)
        var sent = Fixtures.context("How do I cancel my order?", passages: [Fixtures.cancelOrder])
        _ = try await stage.process(&sent)
        #expect(cache.count == 1)
        var again = Fixtures.context(
            "How do I cancel my order?", passages: [Fixtures.cancelOrder], route: .aiDraftHumanReview)
        let report = try await stage.process(&again)
        #expect(report.engine == AnswerCache.engineName)
        #expect(again.replies.allSatisfy { $0.author != .ai } && again.draft != nil, "the gate still decides")
    }
}
