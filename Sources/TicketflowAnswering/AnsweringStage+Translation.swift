import Foundation
import TicketflowCore

extension AnsweringStage {
    /// The answer in the customer's language, and why it may not be sent (empty when it may).
    struct TranslatedAnswer {
        var body: String?
        var problems: [String]
    }

    /// Translates the gated answer (redacted: placeholders stand in for the customer's values) into the
    /// language the customer wrote in, and gates what the customer would read:
    /// - `TranslationCheck`: the right language, every number, link, placeholder and source marker kept;
    /// - when the answer would otherwise be sent, the translation is put back into the knowledge base's
    ///   language and that text goes through the citation verifier, the policy check, the judge and the gate
    ///   again, so a sentence the translation made unsupported, or a promise it added, holds the answer.
    /// A held answer keeps its translation as the draft, for the person who reviews it.
    func translate(
        _ answer: CandidateAnswer, into translation: MessageTranslation, with translator: any Translator,
        request: AnswerRequest, gateSends: Bool, trace: inout AnsweringTrace
    ) async -> TranslatedAnswer {
        trace.details["translator"] = translator.engineName
        trace.details["translated_to"] = translation.language
        trace.details["answer_in_\(translation.knowledgeBase)"] = String(answer.body.prefix(500))
        var problems: [String] = []
        defer {
            trace.details["translation_check"] = problems.isEmpty ? "passed" : problems.joined(separator: "; ")
        }
        let body: String
        do {
            body = try await translator.translate(
                answer.body, from: translation.knowledgeBase, to: translation.language)
        } catch {
            problems.append("the translator failed: \(LogRedaction.redact(String(describing: error)))")
            return TranslatedAnswer(body: nil, problems: problems)
        }
        problems = translationCheck.problems(original: answer.body, translation: body, into: translation.language)
        guard problems.isEmpty, gateSends else { return TranslatedAnswer(body: body, problems: problems) }

        let back: String
        do {
            back = try await translator.translate(body, from: translation.language, to: translation.knowledgeBase)
        } catch {
            problems.append("the back-translation failed: \(LogRedaction.redact(String(describing: error)))")
            return TranslatedAnswer(body: body, problems: problems)
        }
        let readBack = CandidateAnswer(body: back, citations: answer.citations, engine: answer.engine)
        var judged = AnsweringTrace()
        let (verdict, flags) = await review(
            readBack, request: request, cachedConfidence: nil, raised: [], trace: &judged)
        let decision = gate.decide(
            route: request.route, urgency: request.urgency, confidence: verdict.confidence, flags: flags)
        trace.details["back_translation_confidence"] = AnsweringTrace.format(verdict.confidence)
        trace.details["back_translation_judge"] = judged.details["judge"]
        if decision.action != .send {
            problems.append("read back: " + decision.reasons.joined(separator: ", "))
            for flag in flags.prefix(3) { problems.append("\(flag.kind.rawValue): \(flag.detail.prefix(120))") }
        }
        return TranslatedAnswer(body: body, problems: problems)
    }
}
