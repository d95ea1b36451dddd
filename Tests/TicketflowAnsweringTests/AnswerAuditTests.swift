import Testing
@testable import TicketflowAnswering

@Suite struct AnswerAuditTests {
    static let sources = [
        "Refunds":
            "## Refund policy\nYou can return most items within 30 days of delivery for a full refund.\n1. Open Your Account > Orders."
    ]

    @Test func verbatimCitedSentencesPassAndTemplatesNeedNoSource() {
        let body = """
            Thanks for reaching out. Here is what our help center says:
            You can return most items within 30 days of delivery for a full refund. [Source: Refunds]
            1. Open  your account > Orders. [Source: Refunds]
            Is there anything else I can help you with?
            """
        #expect(AnswerAudit.unsupportedSentences(in: body, sources: Self.sources).isEmpty)
    }

    @Test func inventedUncitedOrMiscitedSentencesAreReported() {
        let invented = "You can return most items within 60 days of delivery for a full refund. [Source: Refunds]"
        #expect(AnswerAudit.unsupportedSentences(in: invented, sources: Self.sources).count == 1)
        let uncited = "You can return most items within 30 days of delivery for a full refund."
        #expect(AnswerAudit.unsupportedSentences(in: uncited, sources: Self.sources) == [uncited])
        let miscited = "You can return most items within 30 days of delivery for a full refund. [Source: Shipping]"
        #expect(AnswerAudit.unsupportedSentences(in: miscited, sources: Self.sources).count == 1)
    }
}
