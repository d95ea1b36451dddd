import Foundation
import TicketflowCore

/// A `kb.embed` job: embed the chunks that lack a stored vector for `model`, as of knowledge version
/// `version`, a time slice at a time.
///
/// Why slices and these dedupe keys: a job keeps its lease while it runs and the queue has no way to
/// extend a lease, so one job embeds for a bounded time, then enqueues its successor (`next`, slice n + 1)
/// and completes. Each batch's vectors are stored before the next batch starts, so a node killed mid-slice
/// loses at most the batch in flight; the slice's lease runs out and any node carries on from what is
/// stored. The key names the model and the knowledge version, so every node that reloads the same
/// version enqueues the same job (at most one is pending), and a new model or a new import starts a new
/// chain; a chain whose version was overtaken stops at its next slice, the newer chain does the rest.
public struct EmbeddingJob: Codable, Sendable, Equatable {
    /// The job kind on the work queue.
    public static let kind = "kb.embed"

    /// The embeddings model (encoder identity) the vectors are for.
    public var model: String
    /// The `KnowledgeBase.topic` version the chain started at.
    public var version: Int64
    /// Position in the chain, 0 for the first slice.
    public var slice: Int

    /// A job description.
    public init(model: String, version: Int64, slice: Int = 0) {
        self.model = model
        self.version = version
        self.slice = slice
    }

    /// Decodes a stored job's payload; a payload that is not one is an error naming the job.
    public init(_ job: Job) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(job.payload.utf8))
        } catch {
            throw KnowledgeError(.embeddings, "job \(job.id) is not a \(Self.kind) job: \(job.payload)")
        }
    }

    /// The dedupe key: the model's fingerprint, the version and the slice.
    public var dedupeKey: String {
        "\(Self.kind):\(String(FNV1a.hash64(Array(model.utf8)), radix: 16)):v\(version):\(slice)"
    }

    /// The slice after this one.
    public var next: EmbeddingJob { EmbeddingJob(model: model, version: version, slice: slice + 1) }

    /// The job to enqueue, due at `now`.
    public func newJob(at now: Date) throws -> NewJob {
        let payload = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        return NewJob(kind: Self.kind, payload: payload, runAt: now, dedupeKey: dedupeKey)
    }
}
