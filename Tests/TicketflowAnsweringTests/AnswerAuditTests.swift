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

    @Test func sourcesAreArticleIDsSoSharedTitlesDoNotCollapse() {
        // Two answers in one thread share the title; each sentence is checked against the article its id names.
        let sources = [
            "t007-1": "How do I undo a commit?\nUse git revert to make a new commit that undoes it.",
            "t007-2": "How do I undo a commit?\nUse git reset --hard HEAD~1 if it was never pushed.",
        ]
        let body = "Use git reset --hard HEAD~1 if it was never pushed. [Source: t007-2]"
        #expect(AnswerAudit.unsupportedSentences(in: body, sources: sources).isEmpty)
        let miscited = "Use git reset --hard HEAD~1 if it was never pushed. [Source: t007-1]"
        #expect(AnswerAudit.unsupportedSentences(in: miscited, sources: sources).count == 1)
        let byTitle = "Use git reset --hard HEAD~1 if it was never pushed. [Source: How do I undo a commit?]"
        #expect(AnswerAudit.unsupportedSentences(in: byTitle, sources: sources).count == 1, "a title names no article")
    }
}
