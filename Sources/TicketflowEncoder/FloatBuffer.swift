/// A fixed-size Float32 buffer with a stable address, for BLAS calls and hot loops without bounds checks or
/// copy-on-write. Written only while it is being filled (weights at load, scratch inside one forward pass), so
/// sharing a filled buffer between threads is safe.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    /// The block the values live in, for weights; nil for a buffer that owns its memory.
    private let arena: WeightArena?

    /// A zeroed buffer, or with `zeroed: false` one whose contents are garbage until written (scratch space the
    /// forward pass overwrites whole: zeroing it cost a few percent of a batch).
    init(count: Int, zeroed: Bool = true) {
        self.count = count
        arena = nil
        pointer = .allocate(capacity: max(1, count))
        if zeroed { pointer.initialize(repeating: 0, count: max(1, count)) }
    }

    /// A copy of `values`, in `arena` when given.
    init(_ values: [Float], in arena: WeightArena? = nil) {
        count = values.count
        self.arena = arena
        pointer = arena?.take(values.count) ?? .allocate(capacity: max(1, values.count))
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { pointer.initialize(from: start, count: values.count) }
        }
    }

    /// `rows × columns` values stored row-major, written back transposed (`columns × rows`), so that a PyTorch
    /// Linear weight (out × in) becomes the in × out matrix `x · W` multiplies by with contiguous rows.
    static func transposed(_ values: [Float], rows: Int, columns: Int, in arena: WeightArena) -> FloatBuffer {
        let buffer = FloatBuffer([Float](repeating: 0, count: values.count), in: arena)
        values.withUnsafeBufferPointer { source in
            for r in 0..<rows {
                for c in 0..<columns { buffer.pointer[c * rows + r] = source[r * columns + c] }
            }
        }
        return buffer
    }

    deinit { if arena == nil { pointer.deallocate() } }
}
