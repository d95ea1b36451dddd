import Testing
import TicketflowText

@Suite struct CharacterFScoreTests {
    @Test func identicalTextsScoreAHundredAndUnrelatedOnesNearNothing() {
        #expect(CharacterFScore.score("Open the settings page.", reference: "Open the settings page.") == 100)
        #expect(CharacterFScore.score("xyz", reference: "Open the settings page.") == 0)
        #expect(CharacterFScore.score("", reference: "Open") == 0)
    }

    @Test func aCloseTranslationScoresBetweenAndRecallWeighsMore() {
        let reference = "Open the settings page and click Save."
        let close = CharacterFScore.score("Open the setting page, then click Save.", reference: reference)
        let partial = CharacterFScore.score("Open the settings page.", reference: reference)
        #expect(close > 60 && close < 100, "\(close)")
        // Half the reference, all of it correct: precision 1, recall low; β = 2 makes recall count more.
        let padded = CharacterFScore.score(
            reference + " And then some more words nobody asked for.", reference: reference)
        #expect(partial < padded, "\(partial) vs \(padded)")
        // Spaces do not count.
        #expect(CharacterFScore.score("Openthe settings page and click Save.", reference: reference) == 100)
    }
}
