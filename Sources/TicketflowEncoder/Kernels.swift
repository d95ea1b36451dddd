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
        let width = ((n + slices - 1) / slices + 15) / 16 * 16
        // A few rows (one short sentence) times a weight matrix: OpenBLAS would first copy the whole weight
        // matrix into its packed layout, which then costs as much as the product. Its small-matrix kernels skip
        // that copy but only take products under a size limit, so the columns go through in chunks that fit it.
        let small = BLASRuntime.hasSmallMatrixKernels && m <= 24 && m * n * k > BLASRuntime.smallMatrixLimit
        let chunk = small ? max(16, BLASRuntime.smallMatrixLimit / (m * k) / 16 * 16) : n
        let (sharedA, sharedB, sharedC) = (SharedPointer(a), SharedPointer(b), SharedPointer(c))
        let product: @Sendable (Int, Int) -> Void = { start, columns in
            for first in stride(from: start, to: start + columns, by: chunk) {
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(min(chunk, start + columns - first)),
                    Int32(k), 1, sharedA.base, Int32(lda), sharedB.base + first, Int32(ldb), 1, sharedC.base + first,
                    Int32(ldc))
            }
        }
        if slices == 1 {
            product(0, n)
        } else {
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let start = slice * width
                if start < n { product(start, min(width, n - start)) }
            }
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
            // x·Φ(x) = x/2·(1 + erf(x/√2)), with erf from Abramowitz & Stegun 7.1.28 (|error| < 3e-7, below
            // Float32 rounding of the result): only multiplies, adds and one division, so the loop vectorises,
            // where glibc's erff is a scalar call that took an eighth of a batch's time.
            for i in 0..<count {
                let x = values[i]
                let z = abs(x) * 0.707_106_77
                var p: Float = 0.000_043_063_8
                p = p * z + 0.000_276_567_2
                p = p * z + 0.000_152_014_3
                p = p * z + 0.009_270_527_2
                p = p * z + 0.042_282_012_3
                p = p * z + 0.070_523_078_4
                p = p * z + 1
                p *= p  // p^16 in four squarings
                p *= p
                p *= p
                p *= p
                let erf = 1 - 1 / p
                values[i] = 0.5 * x * (1 + (x < 0 ? -erf : erf))
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
