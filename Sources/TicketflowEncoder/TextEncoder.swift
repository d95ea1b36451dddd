import Foundation

/// Turns texts into L2-normalised vectors: the transformer (`SentenceEncoder`) or static token vectors distilled
/// from it (`StaticEncoder`). Callers that only need vectors take either.
public protocol TextEncoder: Sendable {
    /// Names the model and its weights; vectors from different identities must not be compared.
    var identity: String { get }
    /// The length of every vector.
    var dimension: Int { get }
    /// One unit-length vector per text, in order.
    func encode(_ texts: [String]) -> [[Float]]
}

/// Loads whichever encoder a model directory holds.
public enum TextEncoders {
    /// A `StaticEncoder` when `directory` holds `static-vectors.safetensors`, else a `SentenceEncoder`
    /// (`threads` applies to it alone: static vectors need no threads). Throws an `EncoderError` naming the file.
    public static func load(directory: URL, threads: Int? = nil) throws -> any TextEncoder {
        if StaticEncoder.holdsVectors(directory) { return try StaticEncoder.load(directory: directory) }
        return try SentenceEncoder.load(directory: directory, threads: threads)
    }
}
