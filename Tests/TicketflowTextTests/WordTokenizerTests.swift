import Testing
import TicketflowText

/// The two presets differ exactly where retrieval and the answering checks need
/// them to; these pin each difference so a change to one cannot leak into the other.
struct WordTokenizerTests {
    @Test func retrievalDropsPossessivesAndSingleASCIICharacters() {
        let words = WordTokenizer.retrieval.words("The customer's card doesn’t work: plan B, 2 days")
        #expect(words == ["the", "customer", "card", "doesnt", "work", "plan", "days"])
    }

    @Test func answeringJoinsApostrophesAndKeepsEveryToken() {
        let words = WordTokenizer.answering.words("The customer's card doesn’t work: plan B, 2 days")
        #expect(words == ["the", "customers", "card", "doesnt", "work", "plan", "b", "2", "days"])
    }

    @Test func nonASCIIPunctuationSeparatesWordsInBothPresets() {
        let text = "Größe—Mañana… e-mail 2FA\u{00A0}code"
        let expected = ["größe", "mañana", "e", "mail", "2fa", "code"]
        #expect(WordTokenizer.answering.words(text) == expected)
        #expect(WordTokenizer.retrieval.words(text) == expected.filter { $0 != "e" })
    }

    @Test func onlyAnsweringSplitsOnNonLetterSymbols() {
        // "©" and emoji are not letters: the answering checks split on them,
        // retrieval keeps them inside the word (its index was built that way).
        #expect(WordTokenizer.answering.words("acme©corp 😀ok") == ["acme", "corp", "ok"])
        #expect(WordTokenizer.retrieval.words("acme©corp 😀ok") == ["acme©corp", "😀ok"])
    }

    @Test func lightAndPorter2StemmersDiffer() {
        #expect(EnglishStemmer.light.stem("cancelling") == "cancel")
        #expect(EnglishStemmer.light.stem("refunds") == "refund")
        #expect(EnglishStemmer().stem("generalization") == "general")
        #expect(EnglishStemmer.light.stem("generalization") == "generalize")
    }

    @Test func stopWordListsKeepWhatEachJobNeeds() {
        // Retrieval keeps particles and negations searchable; the overlap check drops them.
        for word in ["out", "up", "over"] {
            #expect(!StopWords.english.contains(word))
            #expect(StopWords.topicless.contains(word))
        }
        #expect(StopWords.lucene.isSubset(of: StopWords.english))
    }
}
