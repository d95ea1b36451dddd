import Dispatch
import Foundation
import TicketflowEncoder
import TicketflowKnowledge

/// The built-in sentence encoder as the knowledge index's embeddings provider: no endpoint, no network.
///
/// Encoding is seconds of CPU for a large batch; it runs on a dispatch queue of its own so that the cooperative
/// threads Swift concurrency shares with HTTP handling are never blocked by it.
public struct EncoderEmbeddings: EmbeddingsProvider {
    public let encoder: SentenceEncoder
    private static let work = DispatchQueue(label: "ticketflow.encoder", qos: .utility, attributes: .concurrent)

    /// Loads the model in `directory` (see `SentenceEncoder.load`); errors name the file that is wrong.
    public init(directory: String, threads: Int? = nil) throws {
        encoder = try SentenceEncoder.load(directory: URL(fileURLWithPath: directory), threads: threads)
    }

    /// The encoder's identity, stored with each chunk vector so that a new model re-embeds everything.
    public var model: String { encoder.identity }
    public var dimension: Int { encoder.dimension }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        let encoder = self.encoder
        return await withCheckedContinuation { continuation in
            Self.work.async { continuation.resume(returning: encoder.encode(texts)) }
        }
    }
}
