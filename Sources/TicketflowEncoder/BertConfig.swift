import Foundation

/// The architecture a BERT-family `config.json` describes.
public struct BertConfig: Sendable, Equatable {
    /// The feed-forward activation.
    public enum Activation: String, Sendable {
        /// Exact GELU, x·Φ(x), as BERT's "gelu".
        case gelu
        /// The tanh approximation ("gelu_new", "gelu_pytorch_tanh").
        case geluTanh
        /// max(0, x).
        case relu
    }

    /// Rows of the word-embedding table.
    public var vocabSize: Int
    /// Width of every token vector, and so of the sentence vector.
    public var hiddenSize: Int
    /// Encoder layers.
    public var layers: Int
    /// Attention heads per layer (hiddenSize is a multiple).
    public var heads: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// Longest sequence the position embeddings cover.
    public var maxPositions: Int
    /// Rows of the token-type (segment) embedding table.
    public var typeVocabSize: Int
    /// Added to the variance in every LayerNorm.
    public var layerNormEpsilon: Float
    /// The feed-forward activation.
    public var activation: Activation

    /// Reads `config.json`; unknown architectures and activations are typed errors naming the file.
    public init(url: URL) throws {
        let json = try ModelFile.jsonObject(url)
        let path = url.path
        func int(_ key: String, default value: Int? = nil) throws -> Int {
            if let found = json[key] as? Int { return found }
            if let value { return value }
            throw EncoderError(.unsupportedConfig, file: path, "missing integer \(key)")
        }
        if let type = json["model_type"] as? String, !["bert", "roberta", "xlm-roberta"].contains(type) {
            throw EncoderError(.unsupportedConfig, file: path, "model_type \(type) is not BERT-family")
        }
        vocabSize = try int("vocab_size")
        hiddenSize = try int("hidden_size")
        layers = try int("num_hidden_layers")
        heads = try int("num_attention_heads")
        intermediateSize = try int("intermediate_size")
        maxPositions = try int("max_position_embeddings", default: 512)
        typeVocabSize = try int("type_vocab_size", default: 2)
        layerNormEpsilon = Float((json["layer_norm_eps"] as? Double) ?? 1e-12)
        switch (json["hidden_act"] as? String) ?? "gelu" {
        case "gelu": activation = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": activation = .geluTanh
        case "relu": activation = .relu
        case let other: throw EncoderError(.unsupportedConfig, file: path, "hidden_act \(other) is not implemented")
        }
        guard hiddenSize > 0, heads > 0, hiddenSize % heads == 0 else {
            throw EncoderError(
                .unsupportedConfig, file: path, "hidden_size \(hiddenSize) not divisible by \(heads) heads")
        }
    }
}

/// Reading the small JSON files of a model directory with errors that name the file.
enum ModelFile {
    static func jsonObject(_ url: URL) throws -> [String: Any] {
        guard let json = try json(url) as? [String: Any] else {
            throw EncoderError(.corruptFile, file: url.path, "not a JSON object")
        }
        return json
    }

    static func json(_ url: URL) throws -> Any {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw EncoderError(.missingFile, file: url.path, "file not found")
        }
        guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) else {
            throw EncoderError(.corruptFile, file: url.path, "not valid JSON")
        }
        return json
    }

    /// The JSON object at `url`, or nil when the (optional) file is absent.
    static func optionalObject(_ url: URL) throws -> [String: Any]? {
        FileManager.default.fileExists(atPath: url.path) ? try jsonObject(url) : nil
    }
}
