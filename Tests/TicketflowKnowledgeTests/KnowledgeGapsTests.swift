import Testing
import TicketflowCore
import TicketflowKnowledge

@Suite struct KnowledgeGapsTests {
    static func question(_ id: Int64, _ text: String) -> HeldQuestion {
        HeldQuestion(ticketID: id, subject: "", body: text)
    }

    @Test func questionsSharingTheirWordsFormOneGapNamedByThem() {
        let gaps = KnowledgeGaps.group([
            Self.question(6, "Can I pay with a gift card?"),
            Self.question(5, "Do you ship to Norway?"),
            Self.question(4, "my gift card code is not accepted"),
            Self.question(3, "how do I redeem a gift card"),
            Self.question(2, "Shipping to Norway, how long?"),
            Self.question(1, "What are your opening hours?"),
        ])
        #expect(gaps.map { $0.questions.map(\.ticketID) } == [[6, 4, 3], [5, 2], [1]])
        #expect(gaps.first?.terms.prefix(2) == ["card", "gift"], "named by the words all of them share")
        #expect(gaps[1].terms.contains("norway"))
        #expect(KnowledgeGaps.group([Self.question(1, "the a an")]).isEmpty, "no content words: no gap")
        #expect(KnowledgeGaps.group((1...30).map { Self.question($0, "alpha\($0) beta\($0)") }, limit: 10).count == 10)
    }
}
