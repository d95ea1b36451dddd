import Logging
import TicketflowSQLite

extension AppConfiguration {
    /// How a commit reaches the disk on the embedded store.
    public enum Durability: String, Sendable, CaseIterable, Codable {
        /// fsync every commit: power-loss safe.
        case full
        /// fsync at WAL checkpoints: survives a process crash, not power loss.
        case normal

        var store: SQLiteStore.Durability { self == .normal ? .normal : .full }
    }

    /// Where answering runs.
    public enum AnswerMode: String, Sendable, CaseIterable, Codable {
        /// Queue when an LLM endpoint is configured (its calls take seconds), inline otherwise.
        case auto
        /// Inside the intake request.
        case inline
        /// From the durable work queue; any node may run the job.
        case queue
    }

    /// What happens to an answer the AI translated into the customer's language (`translated_answers`).
    public enum TranslatedAnswers: String, Sendable, CaseIterable, Codable {
        /// A person reviews it before it is sent: the draft is ready in the customer's language. The default,
        /// until the team has measured its model's translations (`ticketflow bench translation`).
        case review
        /// The gate may send it, once the answer read back passes every check again.
        case send
    }

    /// The value of `raw` among `E`'s cases, or an error naming the setting, its source and the choices.
    static func choice<E: RawRepresentable & CaseIterable>(
        _ raw: String, of type: E.Type, setting: String, source: String
    ) throws -> E where E.RawValue == String {
        if let value = E(rawValue: raw.lowercased()) { return value }
        let names = E.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationError("\(source): \(setting) must be one of \(names), got \(ConfigurationError.quoted(raw))")
    }
}
