import Synchronization
import TicketflowCore

/// Passes an answer's streamed text on with the personal values put back, as the finished draft has them.
/// A piece may end inside a placeholder (`[EMA`), so text from an unclosed `[` on is held until it closes.
final class RestoringTextSink: Sendable {
    /// Longest placeholder held back; a longer bracket is ordinary text.
    static let longestPlaceholder = 32

    private let redacted: RedactedText
    private let downstream: AnswerTextSink
    private let held = Mutex("")

    init(_ redacted: RedactedText, downstream: @escaping AnswerTextSink) {
        self.redacted = redacted
        self.downstream = downstream
    }

    func receive(_ piece: String) async {
        let ready = held.withLock { held in
            held += piece
            var cut = held.endIndex
            if let open = held.lastIndex(of: "["), !held[open...].contains("]"),
                held.distance(from: open, to: held.endIndex) < Self.longestPlaceholder
            {
                cut = open
            }
            defer { held = String(held[cut...]) }
            return String(held[..<cut])
        }
        if !ready.isEmpty { await downstream(redacted.restoring(in: ready)) }
    }

    /// Whatever is still held, once the text is complete.
    func flush() async {
        let rest = held.withLock { held in
            defer { held = "" }
            return held
        }
        if !rest.isEmpty { await downstream(redacted.restoring(in: rest)) }
    }
}
