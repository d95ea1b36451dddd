import Testing
@testable import TicketflowKnowledge

@Suite("Chunking")
struct ChunkerTests {
    func article(_ body: String, title: String = "Billing guide") -> Article {
        Article(id: "billing-guide", title: title, category: "billing", tags: ["pay"], body: body, source: "t.md")
    }

    @Test func sectionsCarryTheirHeadingPathAndArticleID() {
        let body = """
            # Billing guide
            Intro text.

            ## Refunds
            Refunds take 5 days.

            ### Card refunds
            Cards take longer.

            ## Invoices
            Download them in Settings.
            """
        let chunks = Chunker().chunks(of: article(body))
        #expect(chunks.map(\.headingPath) == [[], ["Refunds"], ["Refunds", "Card refunds"], ["Invoices"]])
        #expect(
            chunks.map(\.text) == [
                "Intro text.", "Refunds take 5 days.", "Cards take longer.", "Download them in Settings.",
            ])
        #expect(chunks.map(\.id) == ["billing-guide#0", "billing-guide#1", "billing-guide#2", "billing-guide#3"])
        #expect(chunks.allSatisfy { $0.articleID == "billing-guide" && $0.category == "billing" && $0.tags == ["pay"] })
    }

    @Test func longSectionsAreCappedWithSentenceOverlap() {
        let sentences = (1...40).map { "Sentence number \($0) explains one more detail of the refund rules." }
        let chunker = Chunker(maxCharacters: 400, overlapCharacters: 80)
        let chunks = chunker.chunks(of: article("## Rules\n" + sentences.joined(separator: " ")))
        #expect(chunks.count > 5)
        #expect(chunks.allSatisfy { $0.text.utf8.count <= 400 && $0.headingPath == ["Rules"] })
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            let lastSentence = Chunker.sentences(previous.text).last!
            #expect(next.text.hasPrefix(lastSentence))  // the overlap
        }
        // Every sentence survives somewhere.
        let all = chunks.map(\.text).joined(separator: " ")
        #expect(sentences.allSatisfy { all.contains($0) })
    }

    @Test func numberedStepsAndTheirIntroStayTogether() {
        let filler = String(repeating: "Background paragraph with many words. ", count: 8)
        let steps = (1...8).map { "\($0). Step \($0): click the button labelled option \($0) and wait." }
        let body =
            filler + "\n\nTo change your plan:\n\n" + steps.joined(separator: "\n\n") + "\n\nAfter that you are done."
        let chunks = Chunker(maxCharacters: 300, overlapCharacters: 60).chunks(of: article(body))
        let withSteps = chunks.filter { $0.text.contains("1. Step 1") }
        #expect(withSteps.count == 1)
        let stepsChunk = withSteps[0].text
        #expect(stepsChunk.hasPrefix("To change your plan:"))
        #expect(steps.allSatisfy { stepsChunk.contains($0) })  // never split, even past the cap
        #expect(chunks.filter { $0.text.contains("5. Step 5") }.count == 1)
    }

    @Test func bulletsSeparatedByBlankLinesAreOneRun() {
        let blocks = Chunker().blocks(of: ["Intro.", "", "- one", "", "- two", "  continued", "", "After."])
        #expect(blocks.map(\.isList) == [false, true, false])
        #expect(blocks[1].text == "- one\n- two\n  continued")
    }

    @Test func shortArticlesAreOneChunkAndEmptyBodiesStillIndexTheTitle() {
        #expect(Chunker().chunks(of: article("Just one line.")).map(\.text) == ["Just one line."])
        let headingsOnly = Chunker().chunks(of: article("# Billing guide\n## Empty"))
        #expect(headingsOnly.count == 1)
        #expect(headingsOnly[0].title == "Billing guide")
    }

    @Test func listItemDetection() {
        #expect(Chunker.isListItem("1. Open"))
        #expect(Chunker.isListItem("  12) Open"))
        #expect(Chunker.isListItem("- item") && Chunker.isListItem("• item") && Chunker.isListItem("* item"))
        #expect(!Chunker.isListItem("2024. A year"))  // up to 3 digits: years are not steps
        #expect(!Chunker.isListItem("-not a list") && !Chunker.isListItem("3.5 percent"))
    }
}
