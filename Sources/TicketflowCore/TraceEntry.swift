import Foundation

/// One line of a ticket's decision trace: what a pipeline stage saw, what it
/// decided, how sure it was, which engine decided and how long it took.
/// Together the entries answer "why did the bot do that?".
public struct TraceEntry: Codable, Sendable, Equatable {
    /// Whether the stage did its work or threw (the run went on without it).
    public enum Status: String, Codable, Sendable, CaseIterable {
        case ok, failed
    }

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
    /// `failed` when the stage threw; `output` then says why.
    public var status: Status

    public init(
        stage: String, input: String, output: String, score: Double? = nil,
        engine: String, engineVersion: String, durationMs: Double = 0,
        createdAt: Date, details: [String: String] = [:], status: Status = .ok
    ) {
        self.status = status
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
        case stage, input, output, score, engine, details, status
        case engineVersion = "engine_version"
        case durationMs = "duration_ms"
        case createdAt = "created_at"
    }

    /// Decodes an entry; ones written before `status` existed are `ok`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stage = try container.decode(String.self, forKey: .stage)
        input = try container.decode(String.self, forKey: .input)
        output = try container.decode(String.self, forKey: .output)
        score = try container.decodeIfPresent(Double.self, forKey: .score)
        engine = try container.decode(String.self, forKey: .engine)
        engineVersion = try container.decode(String.self, forKey: .engineVersion)
        durationMs = try container.decode(Double.self, forKey: .durationMs)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        details = try container.decodeIfPresent([String: String].self, forKey: .details) ?? [:]
        status = try container.decodeIfPresent(Status.self, forKey: .status) ?? .ok
    }
}
