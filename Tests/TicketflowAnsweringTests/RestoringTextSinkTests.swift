import Foundation
import Synchronization
import Testing
import TicketflowCore

@testable import TicketflowAnswering

/// An answer streamed to an agent shows the customer's own values, as the finished draft does, even when a
/// placeholder arrives split across pieces.
@Suite struct RestoringTextSinkTests {
    @Test func placeholdersSplitAcrossPiecesAreRestored() async throws {
        let redacted = PIIRedactor().redact("Please write to ann.smith@example.com about it")
        let placeholder = try #require(redacted.placeholders.keys.first)
        let answer = "We will write to \(placeholder) today [see below]."
        for cut in 1..<answer.count {
            let received = Mutex<[String]>([])
            let sink = RestoringTextSink(redacted) { piece in received.withLock { $0.append(piece) } }
            await sink.receive(String(answer.prefix(cut)))
            let beforeRest = received.withLock { $0.joined() }
            #expect(!beforeRest.contains("[EMAIL"), "cut at \(cut)")
            await sink.receive(String(answer.dropFirst(cut)))
            await sink.flush()
            #expect(
                received.withLock { $0.joined() } == "We will write to ann.smith@example.com today [see below].",
                "cut at \(cut)")
        }
    }

    @Test func aLongBracketIsPassedOnAsText() async {
        let received = Mutex<[String]>([])
        let sink = RestoringTextSink(PIIRedactor().redact("no personal data")) { piece in
            received.withLock { $0.append(piece) }
        }
        await sink.receive("Steps: [open the billing page and choose the plan you want to keep")
        #expect(received.withLock { $0.joined() }.hasSuffix("keep"))
    }
}
