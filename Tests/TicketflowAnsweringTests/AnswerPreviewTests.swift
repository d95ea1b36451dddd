import Foundation
import Synchronization
import Testing
import TicketflowCore

@testable import TicketflowAnswering

/// A customer's preview of an answer grows only by cited spans that pass the checks a sent answer's
/// sentences must pass, and stops at the first that does not.
@Suite struct AnswerPreviewTests {
    static let passages = [Fixtures.cancelOrder, Fixtures.refundPolicy]

    /// Feeds `pieces` to a preview of the redacted `question` and returns every text it showed.
    func previews(
        _ pieces: [String], question: String = "How do I cancel my order?"
    ) async -> (shown: [String], preview: AnswerPreview) {
        let shown = Mutex<[String]>([])
        let preview = AnswerPreview(
            PIIRedactor().redact(question), passages: Self.passages, verifier: CitationVerifier(),
            policy: PolicyChecker()
        ) { text in shown.withLock { $0.append(text) } }
        for piece in pieces { await preview.receive(piece) }
        return (shown.withLock { $0 }, preview)
    }

    static let cancelSpan = "You can cancel an order until it ships. [Source: kb-cancel]"
    static let refundSpan = " A refund appears on your statement within 5 business days. [Source: kb-refunds]"

    @Test func aSupportedSpanIsShownOnceItsMarkerCloses() async {
        let answer = Self.cancelSpan + Self.refundSpan + " Anything else"
        // Every cut: a marker split across pieces is not a closed marker yet.
        for cut in 1..<answer.count {
            let (shown, preview) = await previews([String(answer.prefix(cut)), String(answer.dropFirst(cut))])
            #expect(
                shown.last
                    == "You can cancel an order until it ships. A refund appears on your statement within 5 business days.",
                "cut at \(cut)")
            #expect(shown.allSatisfy { !$0.contains("[Source") && !$0.contains("Anything") }, "cut at \(cut)")
            #expect(!preview.stopped)
        }
        let (shown, preview) = await previews(Array(answer).map { String($0) })
        #expect(shown == ["You can cancel an order until it ships.", shown.last ?? ""])
        #expect(preview.shownCharacters == shown.last?.count)
    }

    @Test func textBeforeAnyMarkerIsNotShown() async {
        let (shown, _) = await previews(["You can cancel an order until it ships. Then the order is gone."])
        #expect(shown.isEmpty)
    }

    @Test func anUnsupportedSpanStopsThePreviewForGood() async {
        let (shown, preview) = await previews([
            Self.cancelSpan, " Cancelled orders ship back to our warehouse on Mondays. [Source: kb-cancel]",
            Self.refundSpan,
        ])
        #expect(shown == ["You can cancel an order until it ships."])
        #expect(preview.stopped)
    }

    @Test func aPromiseTheKnowledgeDoesNotMakeStopsIt() async {
        // Supported word for word by kb-refunds except the promise: a discount no excerpt offers.
        let (shown, preview) = await previews([
            "Refunds for cancelled orders are issued to the original payment method with a discount. "
                + "[Source: kb-refunds]"
        ])
        #expect(shown.isEmpty)
        #expect(preview.stopped)
    }

    @Test func aSourceThatWasNotRetrievedStopsIt() async {
        let (shown, preview) = await previews(["You can cancel an order until it ships. [Source: kb-other]"])
        #expect(shown.isEmpty)
        #expect(preview.stopped)
    }

    @Test func aPlaceholderNeverReachesTheCustomer() async throws {
        let question = "Cancel the order for ann.smith@example.com please"
        let placeholder = try #require(PIIRedactor().redact(question).placeholders.keys.first)
        let (shown, _) = await previews(
            [Self.cancelSpan, " We will write to \(placeholder) once it is done. [Source: kb-cancel]"],
            question: question)
        // The second span states something no excerpt does; nothing of it shows, placeholder or value.
        #expect(shown == ["You can cancel an order until it ships."])
    }
}
