import Testing
import TicketflowText

@Suite struct PolarityLexiconTests {
    func scores(_ text: String) -> PolarityScores {
        PolarityLexicon.vader.scores(of: TextNormalizer().normalize(text))
    }

    /// Compound scores from the reference implementation (vaderSentiment 3.3.2, Python) for sentences whose
    /// tokens the classifier's tokenizer keeps as VADER does (no capitals for emphasis, no emoticons).
    @Test(arguments: [
        ("The book was good.", 0.4404),
        ("The book was very good.", 0.4927),
        ("The book was kind of good.", 0.3832),
        ("At least it isn't a horrible book.", 0.431),
        ("The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042),
        ("Not bad at all", 0.431),
        ("Sentiment analysis has never been good.", -0.3412),
        ("Sentiment analysis has never been this good!", 0.5672),
        ("Roger Dodger is one of the least compelling variations on this theme.", -0.1695),
        ("Thanks, this fixed it!!", 0.5399),
        ("no problem at all", 0.3089),
        ("I don't like the new update", -0.2755),
    ])
    func compoundMatchesTheReference(text: String, expected: Double) {
        let compound = scores(text).compound
        #expect(abs(compound - expected) < 0.001, "\(text): \(compound) vs \(expected)")
    }

    @Test func sharesMatchTheReferenceAndNeutralTextScoresZero() {
        let good = scores("The book was good.")
        #expect(abs(good.positive - 0.492) < 0.001 && good.negative == 0)
        let dislike = scores("I don't like the new update")
        #expect(abs(dislike.negative - 0.297) < 0.001 && dislike.positive == 0)
        #expect(
            scores("the app is not working and nobody answers") == PolarityScores(compound: 0, positive: 0, negative: 0)
        )
        #expect(scores("") == PolarityScores(compound: 0, positive: 0, negative: 0))
    }

    @Test func theLexiconHoldsOnlyPlainWords() {
        #expect(PolarityLexicon.vader.count > 7_000)
        #expect(PolarityLexicon.vader.valence(of: "worst") == -3.1)
        #expect(PolarityLexicon.vader.valence(of: ":)") == nil)
    }
}
