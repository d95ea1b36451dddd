import Foundation

/// The PII corpus fixture (Tests/Fixtures/pii-corpus.json): personal data in
/// every form we redact, the known customer they belong to, and texts that
/// must come through unchanged. The redactor's own tests and the outbound-path
/// tests read the same file through this one type.
public struct PIICorpus: Decodable, Sendable {
    /// One piece of personal data and a sentence that carries it.
    public struct Form: Decodable, Sendable {
        /// The `PIIKind` raw value it should be redacted as.
        public var kind: String
        /// The raw value that must never leave.
        public var value: String
        /// A sentence around the value.
        public var text: String
    }

    /// The ticket's customer, whose name and email are redacted wherever they appear.
    public struct Known: Decodable, Sendable {
        public var name: String
        public var email: String
    }

    public var known: Known
    public var forms: [Form]
    /// Texts (order numbers, dates, prices) that must not be redacted.
    public var keep: [String]

    /// The fixture, read once. A missing or broken fixture is a broken test
    /// tree, not a test result, so it stops the run.
    public static let shared: PIICorpus = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tests/Fixtures/pii-corpus.json").standardizedFileURL
        do {
            return try JSONDecoder().decode(PIICorpus.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read the PII corpus at \(url.path): \(error)")
        }
    }()
}
