import COpenBLAS
import Dispatch
import Foundation

/// The numeric building blocks of the forward pass, on raw pointers: BLAS for the matrix products, plain loops
/// (no bounds checks) for the element-wise steps.
enum Kernels {
    /// C (m × n, leading dimension ldc) = A (m × k) · B (k × n) + C: callers preload C with the bias (and the
    /// residual), so the product accumulates onto it in one pass. With `parts` > 1 the columns of B and C are split
    /// into that many slices, each multiplied on its own thread; this is how one short sentence uses every core.
    static func gemm(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, parts: Int = 1
    ) {
        let slices = max(1, min(parts, n / 64))
        if slices == 1 {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b,
                Int32(ldb), 1, c, Int32(ldc))
            return
        }
        let width = (n / slices + 15) / 16 * 16
        let (sharedA, sharedB, sharedC) = (SharedPointer(a), SharedPointer(b), SharedPointer(c))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let start = slice * width
            let columns = min(width, n - start)
            guard columns > 0 else { return }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(columns), Int32(k), 1, sharedA.base,
                Int32(lda), sharedB.base + start, Int32(ldb), 1, sharedC.base + start, Int32(ldc))
        }
    }

    /// Copies `vector` (length `width`) into each of `rows` rows of `matrix`.
    static func fillRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, with vector: FloatBuffer) {
        for r in 0..<rows { (matrix + r * vector.count).update(from: vector.pointer, count: vector.count) }
    }

    /// Adds `vector` to each of `rows` rows of `matrix`.
    static func addToRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, _ vector: FloatBuffer) {
        let width = vector.count
        let v = vector.pointer
        for r in 0..<rows {
            let row = matrix + r * width
            for i in 0..<width { row[i] += v[i] }
        }
    }

    /// Normalises each row to zero mean and unit variance, then scales and shifts it.
    static func layerNorm(_ matrix: UnsafeMutablePointer<Float>, rows: Int, norm: BertWeights.Norm, epsilon: Float) {
        let width = norm.gain.count
        let g = norm.gain.pointer
        let b = norm.bias.pointer
        for r in 0..<rows {
            let row = matrix + r * width
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var squares: Float = 0
            for i in 0..<width {
                let d = row[i] - mean
                squares += d * d
            }
            let scale = 1 / (squares / Float(width) + epsilon).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * scale * g[i] + b[i] }
        }
    }

    /// Applies the feed-forward activation in place.
    static func activate(_ values: UnsafeMutablePointer<Float>, count: Int, _ activation: BertConfig.Activation) {
        switch activation {
        case .gelu:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + erff(x * 0.707_106_77))
            }
        case .geluTanh:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + tanhf(0.797_884_6 * (x + 0.044715 * x * x * x)))
            }
        case .relu:
            for i in 0..<count { values[i] = max(0, values[i]) }
        }
    }

    /// Softmax of each of `rows` rows of length `width`, in place.
    static func softmaxRows(_ matrix: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = matrix + r * width
            var peak = -Float.infinity
            for i in 0..<width { peak = max(peak, row[i]) }
            var sum: Float = 0
            for i in 0..<width {
                let e = expf(row[i] - peak)
                row[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<width { row[i] *= inverse }
        }
    }
}

/// A pointer handed to worker threads that each write a disjoint part of its memory (or only read it).
struct SharedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>

    init(_ pointer: UnsafeMutablePointer<Float>) { base = pointer }
    init(_ pointer: UnsafePointer<Float>) { base = UnsafeMutablePointer(mutating: pointer) }
}
