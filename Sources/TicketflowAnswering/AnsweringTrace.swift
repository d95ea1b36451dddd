import Foundation
import TicketflowCore

/// Collects the answering stage's machine-readable trace details, so "why did
/// the bot do that?" can be answered from the trace alone. Values never hold
/// customer text: flags carry KB sentences, and injection evidence is redacted.
struct AnsweringTrace {
    static let version = "1"
    var details: [String: String] = [:]

    mutating func noteRedaction(_ redacted: RedactedText) {
        let counts = redacted.countsByKind.sorted { $0.key.rawValue < $1.key.rawValue }
        details["pii_redacted"] =
            counts.isEmpty ? "none" : counts.map { "\($0.key.rawValue):\($0.value)" }.joined(separator: ",")
    }

    /// What a customer watching the chat read before the gate decided, so whoever takes over a held answer
    /// knows what the customer has already seen.
    mutating func notePreview(_ preview: AnswerPreview) {
        details["customer_preview_chars"] = String(preview.shownCharacters)
        let shown = preview.shownRedacted
        // Redacted, like every trace value: placeholders where the customer saw their own details.
        if !shown.isEmpty { details["customer_preview"] = String(shown.prefix(1000)) }
        if preview.stopped { details["customer_preview_stopped"] = "a span failed its checks" }
    }

    mutating func note(answer: CandidateAnswer, verdict: AnswerVerdict, flags: [AnswerFlag], decision: GateDecision) {
        details["confidence"] = Self.format(verdict.confidence)
        if let parts = verdict.components {
            details["confidence.retrieval_strength"] = Self.format(parts.retrievalStrength)
            details["confidence.retrieval_margin"] = Self.format(parts.retrievalMargin)
            details["confidence.classifier"] = Self.format(parts.classifierConfidence)
            details["confidence.coverage"] = Self.format(parts.questionCoverage)
            if let match = parts.semanticMatch { details["confidence.semantic_match"] = Self.format(match) }
        }
        details["flags"] = flags.map(\.kind.rawValue).joined(separator: ",")
        for (number, flag) in flags.prefix(5).enumerated() {
            details["flag.\(number + 1)"] = "\(flag.kind.rawValue): \(flag.detail.prefix(160))"
        }
        details["cited_chunks"] = answer.citations.compactMap(\.chunkID).joined(separator: ",")
        details["decision"] = decision.action.rawValue
        details["reasons"] = decision.reasons.joined(separator: ",")
        details["answer_engine"] = answer.engine
        details["judge"] = verdict.engine
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
