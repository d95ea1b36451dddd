import CEncoderKernels
import Foundation

/// Products with weight matrices packed once at load into half-precision panels (CEncoderKernels), on CPUs with
/// AVX-512; elsewhere the weights keep the plain Float32 in × out layout and go through OpenBLAS (`Kernels.gemm`).
/// A packed weight lives in a FloatBuffer like the others, two half-precision values per Float slot, so it
/// shares the model's weight arena (and its huge pages).
enum PackedProduct {
    /// Whether weights are packed: the CPU runs the kernel and TICKETFLOW_ENCODER_KERNEL is not "blas" (which
    /// keeps the OpenBLAS path, for side-by-side measurement and for a CPU where the kernel would misbehave).
    static let isEnabled: Bool =
        tf_packed_product_supported() == 1 && ProcessInfo.processInfo.environment["TICKETFLOW_ENCODER_KERNEL"] != "blas"

    /// Float slots an `inputs × outputs` weight takes in the layout `isEnabled` selects.
    static func storedCount(inputs: Int, outputs: Int) -> Int {
        isEnabled ? (Int(tf_packed_count(Int64(inputs), Int64(outputs))) + 1) / 2 : inputs * outputs
    }

    /// Writes the row-major `inputs × outputs` matrix `values` into `buffer` in the selected layout.
    static func store(_ values: UnsafePointer<Float>, inputs: Int, outputs: Int, into buffer: FloatBuffer) {
        precondition(buffer.count == storedCount(inputs: inputs, outputs: outputs))
        if isEnabled {
            tf_pack_panels(Int64(inputs), Int64(outputs), values, halves(buffer.pointer))
        } else {
            buffer.pointer.update(from: values, count: inputs * outputs)
        }
    }

    /// output (rows × outputs) += input (rows × inputs) · packed weight. With `parts` > 1 the panels (groups of
    /// output columns) are split between the calling thread and `parts` − 1 helpers that stay awake between the
    /// products of one sentence, which is how one short sentence uses every core.
    static func multiply(
        _ input: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int, panels: UnsafePointer<Float>,
        onto output: UnsafeMutablePointer<Float>, parts: Int
    ) {
        let weights = halves(UnsafeMutablePointer(mutating: panels))
        tf_packed_product_parallel(
            Int64(rows), Int64(outputs), Int64(inputs), input, Int64(inputs), weights, output, Int64(outputs),
            Int64(parts))
    }

    /// The half-precision values behind a packed weight's Float slots.
    private static func halves(_ slots: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<UInt16> {
        UnsafeMutableRawPointer(slots).assumingMemoryBound(to: UInt16.self)
    }
}
