import COpenBLAS
import Dispatch
import Foundation

/// The BERT forward pass over a group of token sequences, ending in pooled, L2-normalised sentence vectors.
///
/// Sequences are packed row after row with no padding: every step but attention works on each token on its own,
/// and attention runs per sequence over that sequence's own tokens. That is exactly what the padding mask does
/// (a masked key gets weight e^-∞ = 0), without spending work on padding tokens.
struct BertModel: Sendable {
    let config: BertConfig
    let weights: BertWeights
    let pooling: PoolingSettings.Mode

    /// Sentence vectors of `sequences` (token ids with [CLS] and [SEP]); `parts` threads share each step.
    func encode(_ sequences: [[Int32]], parts: Int) -> [[Float]] {
        let h = config.hiddenSize
        let inner = config.intermediateSize
        let offsets = sequences.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let rows = offsets.last!
        guard rows > 0 else { return [] }
        let x = FloatBuffer(count: rows * h, zeroed: false)
        let qkv = FloatBuffer(count: rows * 3 * h, zeroed: false)
        let context = FloatBuffer(count: rows * h, zeroed: false)  // attention writes every token's row
        let hidden = FloatBuffer(count: rows * inner, zeroed: false)
        embed(sequences, offsets: offsets, into: x.pointer)
        for layer in weights.layers {
            Kernels.fillRows(qkv.pointer, rows: rows, with: layer.qkv.bias)
            layer.qkv.apply(x.pointer, rows: rows, onto: qkv.pointer, parts: parts)
            attend(qkv: qkv.pointer, offsets: offsets, into: context.pointer, parts: parts)
            residual(context.pointer, through: layer.attentionOutput, norm: layer.attentionNorm, onto: x, parts: parts)
            Kernels.fillRows(hidden.pointer, rows: rows, with: layer.intermediate.bias)
            layer.intermediate.apply(x.pointer, rows: rows, onto: hidden.pointer, parts: parts)
            Kernels.activate(hidden.pointer, count: rows * inner, config.activation)
            residual(hidden.pointer, through: layer.output, norm: layer.outputNorm, onto: x, parts: parts)
        }
        return (0..<sequences.count).map { pool(x.pointer + offsets[$0] * h, tokens: sequences[$0].count) }
    }

    /// x = LayerNorm(x + bias + input · W): a sub-layer's output projection with its residual connection.
    private func residual(
        _ input: UnsafePointer<Float>, through dense: BertWeights.Dense, norm: BertWeights.Norm, onto x: FloatBuffer,
        parts: Int
    ) {
        let rows = x.count / config.hiddenSize
        Kernels.addToRows(x.pointer, rows: rows, dense.bias)
        dense.apply(input, rows: rows, onto: x.pointer, parts: parts)
        Kernels.layerNorm(x.pointer, rows: rows, norm: norm, epsilon: config.layerNormEpsilon)
    }

    /// Word + position + token-type embeddings, then LayerNorm.
    private func embed(_ sequences: [[Int32]], offsets: [Int], into x: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        let words = weights.wordEmbeddings.pointer
        let positions = weights.positionEmbeddings.pointer
        let type = weights.tokenTypeEmbedding.pointer
        for (index, ids) in sequences.enumerated() {
            for (position, id) in ids.enumerated() {
                let row = x + (offsets[index] + position) * h
                let word = words + Int(id) * h
                let place = positions + position * h
                for i in 0..<h { row[i] = word[i] + place[i] + type[i] }
            }
        }
        Kernels.layerNorm(x, rows: offsets.last!, norm: weights.embeddingNorm, epsilon: config.layerNormEpsilon)
    }

    /// Scaled dot-product attention for every (sequence, head) pair, split across `parts` threads.
    private func attend(
        qkv: UnsafeMutablePointer<Float>, offsets: [Int], into context: UnsafeMutablePointer<Float>, parts: Int
    ) {
        let h = config.hiddenSize
        let heads = config.heads
        let d = h / heads
        let scale = 1 / Float(d).squareRoot()
        let tasks = (offsets.count - 1) * heads
        let longest = zip(offsets.dropFirst(), offsets).map { $0 - $1 }.max() ?? 0
        let workers = max(1, min(parts, tasks))
        let scores = FloatBuffer(count: workers * longest * longest, zeroed: false)
        let (qkv, context) = (SharedPointer(qkv), SharedPointer(context))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let s = scores.pointer + worker * longest * longest
            for task in stride(from: worker, to: tasks, by: workers) {
                let sequence = task / heads
                let head = task % heads
                let start = offsets[sequence]
                let n = Int32(offsets[sequence + 1] - start)
                let q = qkv.base + start * 3 * h + head * d
                let out = context.base + start * h + head * d
                // scores = Q·Kᵀ/√d (n × n); then softmax; then context = scores·V (n × d).
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d), scale, q, Int32(3 * h), q + h,
                    Int32(3 * h), 0, s, n)
                Kernels.softmaxRows(s, rows: Int(n), width: Int(n))
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n, 1, s, n, q + 2 * h, Int32(3 * h), 0,
                    out, Int32(h))
            }
        }
    }

    /// Pools one sequence's token vectors (`tokens` rows from `rows`) and scales the result to unit length.
    private func pool(_ rows: UnsafeMutablePointer<Float>, tokens: Int) -> [Float] {
        let h = config.hiddenSize
        var vector = [Float](repeating: pooling == .max ? -.infinity : 0, count: h)
        vector.withUnsafeMutableBufferPointer { v in
            switch pooling {
            case .cls:
                for i in 0..<h { v[i] = rows[i] }
            case .mean:
                for t in 0..<tokens {
                    for i in 0..<h { v[i] += rows[t * h + i] }
                }
                for i in 0..<h { v[i] /= Float(max(1, tokens)) }
            case .max:
                for t in 0..<tokens {
                    for i in 0..<h { v[i] = max(v[i], rows[t * h + i]) }
                }
            }
            let norm = cblas_snrm2(Int32(h), v.baseAddress, 1)
            if norm > 0 { cblas_sscal(Int32(h), 1 / norm, v.baseAddress, 1) }
        }
        return vector
    }
}
