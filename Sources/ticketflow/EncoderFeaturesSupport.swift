import Foundation
import TicketflowApp
import TicketflowEncoder
import TicketflowTriage

/// `--encoder DIR` for the model commands: the sentence vectors of a model with encoder features.
enum EncoderFeaturesSupport {
    static func load(_ directory: String) throws -> any TextEncoder {
        try loading(directory) { try TextEncoders.load(directory: URL(fileURLWithPath: $0)) }
    }

    /// The transformer itself, for commands that need it rather than static vectors distilled from it.
    static func transformer(_ directory: String) throws -> SentenceEncoder {
        guard !StaticEncoder.holdsVectors(URL(fileURLWithPath: directory)) else {
            throw CLIFailure(
                "\(directory) holds static vectors, not a transformer",
                hint: "give the directory of the sentence encoder they were distilled from")
        }
        return try loading(directory) { try SentenceEncoder.load(directory: URL(fileURLWithPath: $0)) }
    }

    /// The encoder as the server runs it (batched, async), for commands that embed like a server does.
    static func embeddings(_ directory: String) throws -> EncoderEmbeddings {
        try loading(directory) { try EncoderEmbeddings(directory: $0) }
    }

    /// One failure message for every command that cannot load `--encoder DIR`.
    private static func loading<T>(_ directory: String, _ load: (String) throws -> T) throws -> T {
        do {
            return try load(directory)
        } catch {
            throw CLIFailure(
                "cannot load the sentence encoder in \(directory): \(error)",
                hint: "scripts/fetch-encoder.sh DIR puts all-MiniLM-L6-v2 there")
        }
    }

    /// Vectors of `texts`, in slices so progress shows on stderr for large files.
    static func vectors(_ texts: [String], encoder: any TextEncoder, what: String) -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        let slice = 2048
        for start in stride(from: 0, to: texts.count, by: slice) {
            vectors += encoder.encode(Array(texts[start..<min(start + slice, texts.count)]))
            FileHandle.standardError.write(Data("  encoded \(vectors.count)/\(texts.count) \(what)\n".utf8))
        }
        return vectors
    }

    /// The encoder a model with encoder features needs, checked against the one given; nil for n-gram models.
    static func encoder(for model: ClassifierModel, directory: String?) throws -> (any TextEncoder)? {
        guard model.header.encoder != nil else { return nil }
        let encoder = try directory.map(load)
        try check(model, against: encoder?.identity, directory: directory)
        return encoder
    }

    /// Refuses a model with encoder features unless `identity`, the encoder loaded from `directory`, is the one
    /// it was trained with.
    static func check(_ model: ClassifierModel, against identity: String?, directory: String?) throws {
        guard let features = model.header.encoder else { return }
        guard let identity, let directory else {
            throw CLIFailure(
                "this model was trained with encoder features from \(features.model)",
                hint: "give --encoder DIR with that model")
        }
        guard identity == features.model else {
            throw CLIFailure(
                "\(directory) holds encoder \(identity), but the model was trained with \(features.model)",
                hint: "give --encoder the directory of the model it was trained with")
        }
    }
}
