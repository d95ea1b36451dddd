/// Redaction for log lines and trace fields: the same rules as before an LLM
/// call, so nothing personal reaches a log file either.
public enum LogRedaction {
    private static let redactor = PIIRedactor()

    /// The message with personal data replaced by placeholders.
    public static func redact(_ message: String) -> String {
        redactor.redact(message).text
    }

    /// Every value of a metadata map redacted; keys are ours and stay as they are.
    public static func redact(_ metadata: [String: String]) -> [String: String] {
        metadata.mapValues { redactor.redact($0).text }
    }
}
