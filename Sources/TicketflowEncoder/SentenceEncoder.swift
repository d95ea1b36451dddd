import COpenBLAS
import Dispatch
import Foundation

/// A BERT-family sentence encoder loaded from a model directory in the standard layout: `config.json`,
/// `model.safetensors` (F32, F16 or BF16), `tokenizer.json` or `vocab.txt`, and the sentence-transformers files
/// that choose pooling and the maximum length. Vectors are L2-normalised, so a dot product is a cosine.
public struct SentenceEncoder: TextEncoder {
    /// Names the model and its weights, to store next to vectors: vectors from encoders with different identities
    /// must not be compared. Built from the architecture, pooling, maximum length and a fingerprint of the weights
    /// (not from the directory, so moving the model does not invalidate stored vectors).
    public let identity: String
    /// The length of every vector.
    public var dimension: Int { model.config.hiddenSize }
    /// The longest token sequence, [CLS] and [SEP] included; longer texts are truncated.
    public let maxSequenceLength: Int
    /// How many threads one `encode` call uses.
    public let threads: Int
    /// The OpenBLAS kernel set the matrix products run on ("SkylakeX", "Haswell", …), for benchmark reports.
    public static var blasCore: String {
        BLASRuntime.configure
        return BLASRuntime.coreName
    }
    /// How sentence vectors are pooled from token vectors ("mean", "cls" or "max").
    public var pooling: String { model.pooling.rawValue }

    let tokenizer: WordPieceTokenizer
    let model: BertModel

    /// Most tokens one forward pass packs together, which bounds its scratch memory (about 25 MB for MiniLM).
    static let tokensPerGroup = 4096

    /// Loads the model in `directory`. `maxSequenceLength` lowers the configured limit; `threads` defaults to the
    /// active processor count. Throws an `EncoderError` naming the file that is missing or wrong.
    public static func load(
        directory: URL, maxSequenceLength: Int? = nil, threads: Int? = nil
    ) throws
        -> SentenceEncoder
    {
        BLASRuntime.configure
        let config = try BertConfig(url: directory.appendingPathComponent("config.json"))
        let pooling = try PoolingSettings(directory: directory)
        let tokenizer = try WordPieceTokenizer(directory: directory)
        if let largest = tokenizer.vocabulary.values.max(), Int(largest) >= config.vocabSize {
            throw EncoderError(
                .shapeMismatch, file: directory.appendingPathComponent("config.json").path,
                "vocab_size \(config.vocabSize) is smaller than the tokenizer's vocabulary (ids up to \(largest))")
        }
        let weightsFile = try SafeTensors(url: directory.appendingPathComponent("model.safetensors"))
        let weights = try BertWeights(file: weightsFile, config: config)
        var length = min(pooling.maxSequenceLength ?? tokenizer.configuredMaxLength ?? 512, config.maxPositions)
        if let maxSequenceLength { length = max(2, min(length, maxSequenceLength)) }
        let fingerprint = String(weightsFile.fingerprint(), radix: 16)
        return SentenceEncoder(
            identity: "bert-\(config.layers)x\(config.hiddenSize)-\(pooling.mode.rawValue)-\(length)@\(fingerprint)",
            maxSequenceLength: length, threads: max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount),
            tokenizer: tokenizer, model: BertModel(config: config, weights: weights, pooling: pooling.mode))
    }

    /// The token ids the encoder feeds the model for `text`: [CLS], WordPiece ids (truncated), [SEP].
    public func tokenIDs(_ text: String) -> [Int32] {
        tokenizer.tokenIDs(text, maxLength: maxSequenceLength)
    }

    /// One unit-length vector per text, in order. Texts are tokenised, sorted by length and packed into groups;
    /// several groups run on separate threads, and a single group (one sentence, say) splits its matrix products
    /// across the threads instead.
    public func encode(_ texts: [String]) -> [[Float]] {
        encode(sequences: texts.map(tokenIDs))
    }

    /// One vector per token sequence ([CLS] … [SEP] included), in order.
    func encode(sequences: [[Int32]]) -> [[Float]] {
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        let total = sequences.reduce(0) { $0 + $1.count }
        let target = max(1, min(Self.tokensPerGroup, (total + threads - 1) / threads))
        var groups: [[Int]] = [[]]
        var tokens = 0
        for index in order {
            if tokens + sequences[index].count > target && !groups[groups.count - 1].isEmpty {
                groups.append([])
                tokens = 0
            }
            groups[groups.count - 1].append(index)
            tokens += sequences[index].count
        }
        let results = ResultSlots(count: sequences.count)
        if groups.count == 1 {
            run(groups[0], sequences, into: results, parts: threads)
        } else {
            let next = GroupCounter()
            let groups = groups
            DispatchQueue.concurrentPerform(iterations: min(threads, groups.count)) { _ in
                while let group = next.take(below: groups.count) {
                    run(groups[group], sequences, into: results, parts: 1)
                }
            }
        }
        return results.values()
    }

    private func run(_ group: [Int], _ sequences: [[Int32]], into results: ResultSlots, parts: Int) {
        let vectors = model.encode(group.map { sequences[$0] }, parts: parts)
        for (index, vector) in zip(group, vectors) { results.set(index, vector) }
    }
}

/// One slot per text that threads fill at distinct indices.
final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[Float]>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }

    func set(_ index: Int, _ vector: [Float]) { slots[index] = vector }
    func values() -> [[Float]] { Array(slots) }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

/// Hands out group numbers to worker threads, longest groups first.
final class GroupCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
