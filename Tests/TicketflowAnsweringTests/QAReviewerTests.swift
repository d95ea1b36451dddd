import Foundation
import Testing
import TicketflowCore
@testable import TicketflowAnswering

/// The QA heuristics on crafted answers.
@Suite struct QAReviewerTests {
    static let refunds = RetrievedPassage(
        articleID: "refunds", chunkID: "refunds#0", title: "Refund policy",
        text:
            "Annual plans can be refunded in full within 14 days of purchase. Monthly plans are not refunded.\n1. Open Settings > Billing.\n2. Click Request refund.",
        category: "billing", score: 1, signals: ["bm25"])
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func review(_ answer: String, subject: String = "ai_answer", sentiment: Sentiment = .neutral) -> QAReview {
        QAReviewer().review(
            QAInput(
                ticketID: 1, question: "Can I get a refund on my annual plan?", sentiment: sentiment, subject: subject,
                answer: answer, knowledge: [refunds]), at: now)
    }

    @Test func groundedStepwiseAnswerScoresHighWithoutFlags() {
        let review = Self.review(
            """
            Thanks for reaching out. Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy]
            1. Open Settings > Billing.
            2. Click Request refund. [Source: Refund policy]
            Is there anything else I can help you with?
            """)
        #expect(review.flags.isEmpty, "\(review.notes)")
        #expect(review.accuracy >= 8 && review.completeness >= 6 && review.tone >= 9 && review.actionability == 10)
        #expect(review.isAccurate)
    }

    @Test func hallucinatedRefundPromiseIsFlagged() {
        let review = Self.review(
            """
            Thanks for reaching out. We will refund your monthly plan in full and add a 20% discount. [Source: Refund policy]
            Is there anything else I can help you with?
            """)
        #expect(review.flags.contains(.hallucination))
        #expect(review.flags.contains(.policyViolation))
        #expect(review.accuracy <= 2)
        #expect(!review.isAccurate)
        #expect(review.notes.contains { $0.contains("20% discount") || $0.contains("discount") })
    }

    @Test func coldReplyToAnUpsetCustomerLosesTonePoints() {
        let warm = Self.review(
            "I'm sorry about the trouble. Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy] Is there anything else I can help you with?",
            sentiment: .negative)
        let cold = Self.review(
            "Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy]",
            sentiment: .negative)
        #expect(warm.tone > cold.tone)
        #expect(cold.notes.contains { $0.contains("acknowledgement") })
    }

    @Test func humanAnswerMadeOfRetrievedKnowledgeIsAnUnnecessaryEscalation() {
        let review = Self.review(
            "Hi, annual plans can be refunded in full within 14 days of purchase.", subject: "human_answer")
        #expect(review.flags == [.unnecessaryEscalation])
        let specific = Self.review("Hi, I refunded your invoice 4411 myself just now.", subject: "human_answer")
        #expect(!specific.flags.contains(.unnecessaryEscalation))
    }
}
