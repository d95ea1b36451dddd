import Foundation

/// Puts text from one language into another: the LLM, in practice (TicketflowLLM's `LLMTranslator`). The text
/// leaves the process, so callers redact it first; it may carry placeholders (`[EMAIL_1]`) and source markers
/// (`[Source: id]`) that must come back unchanged, which `TranslationCheck` verifies.
public protocol Translator: Sendable {
    /// Engine name for the decision trace.
    var engineName: String { get }
    /// `text` from language `source` into language `target` (ISO 639-1 codes); throws when the engine cannot.
    func translate(_ text: String, from source: String, to target: String) async throws -> String
}
