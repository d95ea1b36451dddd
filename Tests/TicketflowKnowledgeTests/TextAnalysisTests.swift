import Testing
@testable import TicketflowKnowledge
import TicketflowText

@Suite("Stemmer and tokenizer")
struct TextAnalysisTests {
    /// Expected stems are the Snowball 3 reference output (PyStemmer 3.1), which the
    /// Python peers use; matching it word for word keeps the comparison fair.
    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("ties", "tie"), ("cries", "cri"), ("running", "run"),
        ("hopping", "hop"), ("hoped", "hope"), ("agreed", "agre"), ("proceeding", "proceed"),
        ("generously", "generous"), ("refunds", "refund"), ("refunded", "refund"), ("refunding", "refund"),
        ("billing", "bill"), ("invoices", "invoic"), ("cancellation", "cancel"), ("subscriptions", "subscript"),
        ("dying", "die"), ("added", "add"), ("organization", "organiz"), ("paste", "paste"), ("skies", "sky"),
        ("news", "news"), ("evening", "evening"), ("succeeded", "succeed"), ("happily", "happili"),
        ("consigned", "consign"), ("knightly", "knight"),
    ])
    func stemsMatchSnowball(word: String, stem: String) {
        #expect(EnglishStemmer().stem(word) == stem)
    }

    @Test func shortAndNonASCIIWordsAreLeftAlone() {
        let stemmer = EnglishStemmer()
        #expect(stemmer.stem("is") == "is")
        #expect(stemmer.stem("café") == "café")
    }

    @Test func tokenizerLowercasesDropsStopWordsAndStems() {
        let terms = Tokenizer().terms("How do I get a REFUND for my cancelled subscriptions?")
        #expect(terms == ["get", "refund", "cancel", "subscript"])
    }

    @Test func apostrophesAndPossessivesFoldIntoTheWord() {
        let words = Tokenizer().words("The customer's card doesn’t work; don't retry")
        #expect(words == ["the", "customer", "card", "doesnt", "work", "dont", "retry"])
    }

    @Test func punctuationAndNonASCIISplitCorrectly() {
        let words = Tokenizer(stopWords: []).words("Größe—Mañana… e-mail 2FA\u{00A0}code")
        #expect(words == ["größe", "mañana", "mail", "2fa", "code"])
    }

    @Test func unstemmedTokenizerKeepsWords() {
        #expect(Tokenizer(stopWords: StopWords.lucene, stems: false).terms("the refunds") == ["refunds"])
    }
}

@Suite struct SupportQueryCleanerTests {
    @Test func requestWordingIsDroppedAndTopicWordsKept() {
        #expect(SupportQueryCleaner.clean("I need assistance with canceling my order") == "I with canceling my order")
        #expect(
            SupportQueryCleaner.clean("Could you help me, I want to know the delivery options?")
                == "Could you me, I to the delivery")
        #expect(SupportQueryCleaner.clean("help") == "help")
        #expect(SupportQueryCleaner.clean("Export to PDF crashes") == "Export to PDF crashes")
    }
}
