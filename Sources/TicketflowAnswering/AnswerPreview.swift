import Foundation
import Synchronization
import TicketflowCore

/// Lets a customer read an LLM answer while it is written, one cited span at a time.
///
/// A span is the text up to a "[Source: …]" marker, the unit the checks work on: the sentences a marker
/// covers are checked against the excerpts it names. Each time a marker closes, the whole answer so far
/// goes through the checks a sent answer must pass sentence by sentence (the citation verifier: sources
/// retrieved, quotes verbatim, every factual sentence supported by what it cites; and the policy
/// phrases). Only then does the preview grow, without its markers and with the customer's own values
/// put back. The first span that fails stops the preview for good: nothing after it is shown, since a
/// later span may lean on the failed one. What the judge alone decides, the gate still decides on the
/// whole answer.
final class AnswerPreview: Sendable {
    struct State {
        /// The redacted text received and not yet checked.
        var pending = ""
        /// The redacted text that passed, markers included.
        var checked = ""
        var stopped = false
        /// Characters the customer has been shown.
        var shown = 0
    }

    private let redacted: RedactedText
    private let index: PassageIndex
    private let verifier: CitationVerifier
    private let policy: PolicyChecker
    private let downstream: AnswerTextSink
    private let state = Mutex(State())

    init(
        _ redacted: RedactedText, passages: [RetrievedPassage], verifier: CitationVerifier, policy: PolicyChecker,
        downstream: @escaping AnswerTextSink
    ) {
        self.redacted = redacted
        self.index = PassageIndex(passages)
        self.verifier = verifier
        self.policy = policy
        self.downstream = downstream
    }

    /// Characters of preview the customer was shown.
    var shownCharacters: Int { state.withLock { $0.shown } }

    /// What the customer was shown, as the checks read it: personal values still as placeholders.
    var shownRedacted: String {
        state.withLock { SourceMarker.removing(from: $0.checked).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Whether a span failed its checks, which ended the preview.
    var stopped: Bool { state.withLock { $0.stopped } }

    /// Takes the next piece of the answer's text as the generator wrote it (redacted, markers included).
    func receive(_ piece: String) async {
        let preview: String? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.pending += piece
            // The last closed "[Source: …]" marker, as `SourceMarker.removing` finds them.
            guard let end = state.pending.ranges(of: /\[(?i:source):[^\]\n]*\]/).last?.upperBound else {
                return nil
            }
            let candidate = state.checked + state.pending[..<end]
            guard passes(candidate) else {
                state.stopped = true
                return nil
            }
            state.checked = candidate
            state.pending = String(state.pending[end...])
            let text = redacted.restoring(in: SourceMarker.removing(from: candidate))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count > state.shown else { return nil }
            state.shown = text.count
            return text
        }
        if let preview { await downstream(preview) }
    }

    /// Whether `body`, an answer's beginning ending at a marker, raises no flag a sent answer may not have.
    func passes(_ body: String) -> Bool {
        let document = AnswerDocument(body: body)
        let answer = CandidateAnswer(body: body, citations: [], engine: "preview")
        return verifier.verify(answer, document: document, index: index).isEmpty
            && policy.check(document, index: index).isEmpty
    }
}
