import Foundation

/// One line of a ticket's decision trace: what a pipeline stage saw, what it
/// decided, how sure it was, which engine decided and how long it took.
/// Together the entries answer "why did the bot do that?".
public struct TraceEntry: Codable, Sendable, Equatable {
    public var stage: String
    /// A short summary of what the stage looked at (never raw PII).
    public var input: String
    /// What the stage decided, human-readable.
    public var output: String
    public var score: Double?
    public var engine: String
    public var engineVersion: String
    public var durationMs: Double
    public var createdAt: Date
    /// Machine-readable details (e.g. matrix cell, retrieved ids), as a flat map.
    public var details: [String: String]

    public init(
        stage: String, input: String, output: String, score: Double? = nil,
        engine: String, engineVersion: String, durationMs: Double = 0,
        createdAt: Date, details: [String: String] = [:]
    ) {
        self.stage = stage
        self.input = input
        self.output = output
        self.score = score
        self.engine = engine
        self.engineVersion = engineVersion
        self.durationMs = durationMs
        self.createdAt = createdAt
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case stage, input, output, score, engine, details
        case engineVersion = "engine_version"
        case durationMs = "duration_ms"
        case createdAt = "created_at"
    }
}
