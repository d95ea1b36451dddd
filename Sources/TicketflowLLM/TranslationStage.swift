import Foundation
import TicketflowAnswering
import TicketflowCore

/// Pipeline stage: a ticket the language stage tagged as written in another language than the knowledge
/// base's is translated into the knowledge base's language, and triage, sentiment and routing read it again
/// there (`retriage`); retrieval and answering then read the translation too (`TicketContext.triageText`),
/// and the answering stage translates the answer back and gates it again. It runs first of the deferred
/// stages, so intake stays as fast as before.
///
/// What goes out is redacted; the customer's values are put back into the translation in the process. A
/// translation that fails `TranslationCheck` (not in the knowledge base's language, a number or link lost)
/// or a translator that fails leaves the ticket as it was: held for a person, reason `other_language`.
/// A ticket routed to a person now stays with a person, whatever the translation says.
public struct TranslationStage: PipelineStage {
    public let name = "translation"
    public let translator: any Translator
    /// The knowledge base's language (ISO 639-1).
    public let knowledgeBase: String
    /// Triage, sentiment and routing, run again on the translation.
    public let retriage: [any PipelineStage]
    public var check = TranslationCheck()
    /// The rules for every ticket; each run adds that ticket's customer (the text leaves the process).
    public var redactor = PIIRedactor()

    public init(translator: any Translator, knowledgeBase: String, retriage: [any PipelineStage]) {
        self.translator = translator
        self.knowledgeBase = knowledgeBase
        self.retriage = retriage
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        guard let language = context.ticket.otherLanguage else {
            return report(
                input: "\(context.customerText.count) characters", output: "not needed: written in \(knowledgeBase)",
                details: [:])
        }
        let redacted = redactor.with(known: KnownIdentity(context.customer)).redact(context.customerText)
        let input = "\(redacted.text.count) characters in \(language), redacted"
        var details = ["language": language, "kb_language": knowledgeBase]
        let translated: String
        do {
            translated = try await translator.translate(redacted.text, from: language, to: knowledgeBase)
        } catch {
            details["fallback"] = LogRedaction.redact(String(describing: error))
            return report(input: input, output: "kept in \(language): the translator failed", details: details)
        }
        let problems = check.problems(original: redacted.text, translation: translated, into: knowledgeBase)
        guard problems.isEmpty else {
            details["translation_check"] = problems.joined(separator: "; ")
            return report(
                input: input, output: "kept in \(language): the translation failed its check", details: details)
        }
        details["translation"] = String(translated.prefix(500))
        context.translation = MessageTranslation(
            language: language, knowledgeBase: knowledgeBase, text: redacted.restoring(in: translated))
        let routeBefore = context.ticket.route
        var readings: [String] = []
        for stage in retriage {
            do {
                readings.append("\(stage.name): " + (try await stage.process(&context)).output)
            } catch {
                readings.append("\(stage.name) failed: \(error)")
                context.failedStages.append(stage.name)
            }
        }
        if routeBefore == .humanNow, context.ticket.route != .humanNow {
            context.ticket.route = .humanNow
            context.ticket.status = .escalated
            readings.append("kept human_now: a person was already to answer")
        }
        details["route_before"] = routeBefore?.rawValue ?? "-"
        details["read_again"] = readings.joined(separator: " | ")
        return report(
            input: input,
            output: "translated from \(language) into \(knowledgeBase); \(readings.last ?? "")", details: details)
    }

    private func report(input: String, output: String, details: [String: String]) -> StageReport {
        StageReport(
            input: input, output: output, engine: translator.engineName, engineVersion: "1", details: details)
    }
}
