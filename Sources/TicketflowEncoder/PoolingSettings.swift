import Foundation

/// How token vectors become one sentence vector, and how long a sentence may be, as the sentence-transformers files
/// of a model directory say (modules.json, the pooling module's config.json, sentence_bert_config.json).
struct PoolingSettings: Equatable {
    enum Mode: String {
        /// Average of the token vectors, padding excluded (all-MiniLM-L6-v2).
        case mean
        /// The [CLS] token's vector (bge-small-en-v1.5).
        case cls
        /// Element-wise maximum over the tokens.
        case max
    }

    var mode: Mode
    /// The longest token sequence, [CLS] and [SEP] included, before the config's position limit is applied.
    var maxSequenceLength: Int?

    init(directory: URL) throws {
        mode = .mean
        var poolingDirectory = directory.appendingPathComponent("1_Pooling")
        let modulesURL = directory.appendingPathComponent("modules.json")
        if FileManager.default.fileExists(atPath: modulesURL.path) {
            guard let modules = try ModelFile.json(modulesURL) as? [[String: Any]] else {
                throw EncoderError(.corruptFile, file: modulesURL.path, "not a list of modules")
            }
            if let pooling = modules.first(where: { ($0["type"] as? String)?.hasSuffix(".Pooling") == true }),
                let path = pooling["path"] as? String
            {
                poolingDirectory = directory.appendingPathComponent(path)
            }
        }
        if let config = try ModelFile.optionalObject(poolingDirectory.appendingPathComponent("config.json")) {
            if config["pooling_mode_cls_token"] as? Bool == true {
                mode = .cls
            } else if config["pooling_mode_max_tokens"] as? Bool == true {
                mode = .max
            } else if config["pooling_mode_mean_sqrt_len_tokens"] as? Bool == true
                || config["pooling_mode_weightedmean_tokens"] as? Bool == true
                || config["pooling_mode_lasttoken"] as? Bool == true
            {
                throw EncoderError(
                    .unsupportedConfig, file: poolingDirectory.appendingPathComponent("config.json").path,
                    "only mean, CLS and max pooling are implemented")
            }
        }
        let sentenceConfig = try ModelFile.optionalObject(directory.appendingPathComponent("sentence_bert_config.json"))
        maxSequenceLength = sentenceConfig?["max_seq_length"] as? Int
    }
}
