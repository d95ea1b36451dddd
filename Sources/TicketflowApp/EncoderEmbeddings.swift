import Foundation
import TicketflowEncoder
import TicketflowKnowledge
import TicketflowTriage

/// The built-in sentence encoder as the knowledge index's embeddings provider: no endpoint, no network.
/// Concurrent calls (one query per ticket under load) are encoded together (`EncoderBatcher`).
public struct EncoderEmbeddings: EmbeddingsProvider {
    public let encoder: any TextEncoder
    private let batcher: EncoderBatcher

    /// Loads the model in `directory`, a transformer or static vectors distilled from one (`TextEncoders.load`);
    /// errors name the file that is wrong.
    public init(directory: String, threads: Int? = nil) throws {
        encoder = try TextEncoders.load(directory: URL(fileURLWithPath: directory), threads: threads)
        batcher = EncoderBatcher(encoder: encoder)
    }

    /// The encoder's identity, stored with each chunk vector so that a new model re-embeds everything.
    public var model: String { encoder.identity }
    /// Convex fusion's dense share for this encoder's vectors.
    public var denseWeight: Double {
        encoder is StaticEncoder ? HybridFusion.staticDenseWeight : HybridFusion.encoderDenseWeight
    }
    public var dimension: Int { encoder.dimension }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        await batcher.encode(texts)
    }
}

/// The same encoder scores zero-shot categories in triage.
extension EncoderEmbeddings: TextEmbedder {}
