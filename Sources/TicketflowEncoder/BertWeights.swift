import Foundation

/// The weights of a BERT encoder, converted to Float32 and laid out for the forward pass: every Linear weight is
/// transposed to in × out (and packed into panels where `PackedProduct` is enabled), and each layer's query, key
/// and value projections are fused into one H × 3H matrix so one matrix product computes all three.
struct BertWeights: Sendable {
    /// A Linear layer: `inputs × outputs` weight (transposed from PyTorch's out × in; packed when
    /// `PackedProduct.isEnabled`) and bias.
    struct Dense: Sendable {
        var weight: FloatBuffer
        var bias: FloatBuffer
        var inputs: Int
        var outputs: Int

        /// output rows += input rows · weight (callers preload `output` with the bias, and the residual).
        func apply(
            _ input: UnsafePointer<Float>, rows: Int, onto output: UnsafeMutablePointer<Float>, parts: Int
        ) {
            if PackedProduct.isEnabled {
                PackedProduct.multiply(
                    input, rows: rows, inputs: inputs, outputs: outputs, panels: weight.pointer, onto: output,
                    parts: parts)
            } else {
                Kernels.gemm(
                    m: rows, n: outputs, k: inputs, a: input, lda: inputs, b: weight.pointer, ldb: outputs,
                    c: output, ldc: outputs, parts: parts)
            }
        }
    }

    /// A LayerNorm's gain and bias.
    struct Norm: Sendable {
        var gain: FloatBuffer
        var bias: FloatBuffer
    }

    struct Layer: Sendable {
        var qkv: Dense  // H → 3H: query, key and value side by side
        var attentionOutput: Dense
        var attentionNorm: Norm
        var intermediate: Dense
        var output: Dense
        var outputNorm: Norm
    }

    var wordEmbeddings: FloatBuffer  // V × H
    var positionEmbeddings: FloatBuffer  // P × H
    var tokenTypeEmbedding: FloatBuffer  // H: type 0, the only type a single sentence uses
    var embeddingNorm: Norm
    var layers: [Layer]

    init(file: SafeTensors, config: BertConfig) throws {
        let h = config.hiddenSize
        let inner = config.intermediateSize
        // Checkpoints saved from BertForX carry a "bert." prefix; sentence-transformers ones do not.
        let prefix =
            file.entries.keys.first { $0.hasSuffix("embeddings.word_embeddings.weight") }?
            .dropLast("embeddings.word_embeddings.weight".count) ?? ""
        let matrices = [(h, 3 * h), (h, h), (h, inner), (inner, h)]
        let perLayer =
            matrices.map { PackedProduct.storedCount(inputs: $0.0, outputs: $0.1) }.reduce(0, +) + 9 * h + inner
        let arena = WeightArena(
            floats: (config.vocabSize + config.maxPositions + 3) * h + config.layers * perLayer,
            buffers: 4 + 12 * config.layers)
        func vector(_ name: String, _ count: Int) throws -> FloatBuffer {
            FloatBuffer(try file.floats(prefix + name, shape: [count]), in: arena)
        }
        /// A weight given as `inputs × outputs` row-major values, stored for the forward pass.
        func stored(_ values: [Float], inputs: Int, outputs: Int) -> FloatBuffer {
            let buffer = FloatBuffer(
                uninitialized: PackedProduct.storedCount(inputs: inputs, outputs: outputs), in: arena)
            values.withUnsafeBufferPointer {
                PackedProduct.store($0.baseAddress!, inputs: inputs, outputs: outputs, into: buffer)
            }
            return buffer
        }
        func dense(_ name: String, out: Int, in input: Int) throws -> Dense {
            let weight = try file.floats(prefix + name + ".weight", shape: [out, input])
            var transposed = [Float](repeating: 0, count: weight.count)
            for o in 0..<out {
                for i in 0..<input { transposed[i * out + o] = weight[o * input + i] }
            }
            return Dense(
                weight: stored(transposed, inputs: input, outputs: out), bias: try vector(name + ".bias", out),
                inputs: input, outputs: out)
        }
        func norm(_ name: String) throws -> Norm {
            Norm(gain: try vector(name + ".weight", h), bias: try vector(name + ".bias", h))
        }
        wordEmbeddings = FloatBuffer(
            try file.floats(prefix + "embeddings.word_embeddings.weight", shape: [config.vocabSize, h]), in: arena)
        positionEmbeddings = FloatBuffer(
            try file.floats(prefix + "embeddings.position_embeddings.weight", shape: [config.maxPositions, h]),
            in: arena)
        let types = try file.floats(
            prefix + "embeddings.token_type_embeddings.weight", shape: [config.typeVocabSize, h])
        tokenTypeEmbedding = FloatBuffer(Array(types.prefix(h)), in: arena)
        embeddingNorm = try norm("embeddings.LayerNorm")
        layers = try (0..<config.layers).map { index in
            let p = "encoder.layer.\(index)."
            var qkv = [Float](repeating: 0, count: 3 * h * h)
            var qkvBias = [Float]()
            for (part, name) in ["query", "key", "value"].enumerated() {
                let w = try file.floats(prefix + p + "attention.self.\(name).weight", shape: [h, h])
                for o in 0..<h {
                    for i in 0..<h { qkv[i * 3 * h + part * h + o] = w[o * h + i] }
                }
                qkvBias += try file.floats(prefix + p + "attention.self.\(name).bias", shape: [h])
            }
            return Layer(
                qkv: Dense(
                    weight: stored(qkv, inputs: h, outputs: 3 * h), bias: FloatBuffer(qkvBias, in: arena),
                    inputs: h, outputs: 3 * h),
                attentionOutput: try dense(p + "attention.output.dense", out: h, in: h),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try dense(p + "intermediate.dense", out: inner, in: h),
                output: try dense(p + "output.dense", out: h, in: inner),
                outputNorm: try norm(p + "output.LayerNorm"))
        }
    }
}
