import Foundation
import TicketflowCore
import Testing

@testable import TicketflowAnswering

@Suite("Heuristic judge, grounding and policy checks")
struct HeuristicJudgeTests {
    let judge = HeuristicJudge()

    func answer(_ body: String, cites passages: [RetrievedPassage]) -> CandidateAnswer {
        CandidateAnswer(
            body: body,
            citations: passages.map { Citation(articleID: $0.articleID, title: $0.title, chunkID: $0.chunkID) },
            engine: "test")
    }

    @Test("confidence components follow retrieval, margin, classifier and coverage")
    func components() {
        let request = Fixtures.request(
            "How do I cancel an order?", passages: [Fixtures.cancelOrder, Fixtures.shipping], confidence: 0.8)
        let verdict = judge.evaluate(
            answer("Sign in to your account. [Source: Cancel an order]", cites: [Fixtures.cancelOrder]), for: request)
        let parts = try! #require(verdict.components)
        #expect(parts.retrievalStrength == 0.93)
        // 0.93 − 0.60 is above the 0.2 margin scale: a full margin.
        #expect(parts.retrievalMargin == 1)
        #expect(parts.classifierConfidence == 0.8)
        #expect(parts.questionCoverage == 1)  // "cancel", "order" both in the cited excerpt
        let expected = 0.35 * 0.93 + 0.15 * 1 + 0.2 * 0.8 + 0.3 * 1
        #expect(abs(verdict.confidence - expected) < 1e-9)
    }

    @Test("with sentence vectors, a passage that means the question counts as coverage, whatever its words")
    func semanticMatch() throws {
        var passage = Fixtures.cancelOrder
        passage.similarity = 0.72
        // No key term of the question is in the excerpt: lexical coverage 0, the classifier unsure.
        let request = Fixtures.request("I want to back out of my purchase", passages: [passage], confidence: 0.3)
        let body = "Sign in to your account. " + SourceMarker.marker(articleID: passage.articleID)
        let parts = try #require(judge.evaluate(answer(body, cites: [passage]), for: request).components)
        #expect(parts.questionCoverage == 0)
        #expect(parts.semanticMatch == 1, "0.72 is above the range's upper bound 0.60")
        let semantic = judge.evaluate(answer(body, cites: [passage]), for: request).confidence
        #expect(abs(semantic - (0.35 * 0.93 + 0.15 * 1 + 0.5 * 1)) < 1e-9, "the classifier does not count")
        #expect(semantic >= AnswerGate().threshold)

        passage.similarity = 0.42  // (0.42 − 0.30) / 0.30 = 0.4
        let weak = try #require(
            judge.evaluate(answer(body, cites: [passage]), for: Fixtures.request(request.question, passages: [passage]))
                .components)
        #expect(abs(weak.semanticMatch! - 0.4) < 1e-9)
        #expect(judge.confidence(weak) < AnswerGate().threshold, "an unrelated passage is held")

        passage.similarity = nil  // lexical retrieval: the classic weights, classifier included
        let lexical = judge.evaluate(
            answer(body, cites: [passage]),
            for: Fixtures.request(request.question, passages: [passage], confidence: 0.3))
        #expect(lexical.components?.semanticMatch == nil)
        #expect(abs(lexical.confidence - (0.35 * 0.93 + 0.15 * 1 + 0.2 * 0.3)) < 1e-9)
    }

    @Test("a close competitor lowers the margin; missing triage confidence counts as 0.5")
    func marginAndUnknownClassifier() {
        var rival = Fixtures.shipping
        rival.score = 0.89
        let request = Fixtures.request(
            "How do I cancel an order?", passages: [Fixtures.cancelOrder, rival], confidence: nil)
        let parts = judge.evaluate(
            answer("Sign in to your account. [Source: Cancel an order]", cites: [Fixtures.cancelOrder]), for: request
        ).components!
        #expect(abs(parts.retrievalMargin - 0.2) < 1e-9)
        #expect(parts.classifierConfidence == 0.5)
    }

    @Test("coverage drops when the question asks about things the excerpts do not mention")
    func coverage() {
        let request = Fixtures.request(
            "cancel order and change delivery address to my neighbour", passages: [Fixtures.cancelOrder])
        let parts = judge.evaluate(
            answer("Open Order History. [Source: Cancel an order]", cites: [Fixtures.cancelOrder]), for: request
        ).components!
        #expect(parts.questionCoverage < 0.5)
        #expect(parts.questionCoverage > 0)
    }

    @Test("an answer citing nothing has no retrieval strength")
    func uncited() {
        let request = Fixtures.request("cancel order", passages: [Fixtures.cancelOrder])
        let verdict = judge.evaluate(
            CandidateAnswer(body: "Open Order History.", citations: [], engine: "t"), for: request)
        #expect(verdict.components?.retrievalStrength == 0)
        #expect(verdict.flags.map(\.kind) == [.unsupportedSentence])
    }

    @Test("grounding catches a sentence its cited excerpt does not support")
    func groundingCatchesUnsupported() {
        let body = """
            Thanks for reaching out.
            Open Order History. Our premium members can cancel after shipping by phone. [Source: Cancel an order]
            Is there anything else I can help you with?
            """
        let flags = GroundingChecker().check(AnswerDocument(body: body), passages: [Fixtures.cancelOrder])
        #expect(flags == [AnswerFlag(.unsupportedSentence, "Our premium members can cancel after shipping by phone.")])
    }

    @Test("grounding rejects a changed number even when the words overlap")
    func groundingNumbers() {
        let body =
            "Cancelled orders are refunded to the original payment method within 2 business days. [Source: Cancel an order]"
        #expect(GroundingChecker().check(AnswerDocument(body: body), passages: [Fixtures.cancelOrder]).count == 1)
        let exact = body.replacingOccurrences(of: "2 business", with: "5 business")
        #expect(GroundingChecker().check(AnswerDocument(body: exact), passages: [Fixtures.cancelOrder]).isEmpty)
    }

    @Test("grounding requires the support to come from the cited excerpt, not another one")
    func groundingWrongSource() {
        let body = "Gift cards are not refundable. [Source: Cancel an order]"
        let flags = GroundingChecker().check(
            AnswerDocument(body: body), passages: [Fixtures.cancelOrder, Fixtures.refundPolicy])
        #expect(flags.count == 1)
    }

    @Test("policy check flags a hallucinated refund promise")
    func hallucinatedRefund() {
        let body = "We will refund your subscription in full within 24 hours. [Source: Shipping times]"
        let flags = PolicyChecker().check(AnswerDocument(body: body), passages: [Fixtures.shipping])
        #expect(flags.contains { $0.kind == .policyPromise && $0.detail.hasPrefix("refund") })
        #expect(flags.contains { $0.kind == .policyPromise && $0.detail.hasPrefix("deadline") })
    }

    @Test("policy check accepts a promise the knowledge base states")
    func statedRefund() {
        let body =
            "A refund appears on your statement within 5 business days after the cancellation. [Source: Refund policy]"
        #expect(PolicyChecker().check(AnswerDocument(body: body), passages: [Fixtures.refundPolicy]).isEmpty)
    }

    @Test("policy check flags a discount and a price the KB does not give")
    func discountAndPrice() {
        let passages = [Fixtures.shipping]
        let discount = PolicyChecker().check(
            AnswerDocument(body: "You get a 20% discount on your next order."), passages: passages)
        #expect(discount.map(\.kind) == [.policyPromise])
        let wrongPrice = PolicyChecker().check(
            AnswerDocument(body: "Express shipping costs $4.99."), passages: passages)
        #expect(!wrongPrice.isEmpty)
        let rightPrice = PolicyChecker().check(
            AnswerDocument(body: "Express shipping costs $9.99."), passages: passages)
        #expect(rightPrice.isEmpty)
    }

    @Test("the judge reports grounding and policy flags together")
    func judgeFlags() {
        let request = Fixtures.request("refund please", passages: [Fixtures.cancelOrder])
        let verdict = judge.evaluate(
            answer(
                "We will give you a full refund and a $20 credit today. [Source: Cancel an order]",
                cites: [Fixtures.cancelOrder]),
            for: request)
        #expect(verdict.flags.contains { $0.kind == .unsupportedSentence })
        #expect(verdict.flags.contains { $0.kind == .policyPromise })
    }
}
