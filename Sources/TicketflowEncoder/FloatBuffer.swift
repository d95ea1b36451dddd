#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size Float32 buffer with a stable address, for BLAS calls and hot loops without bounds checks or
/// copy-on-write. Written only while it is being filled (weights at load, scratch inside one forward pass), so
/// sharing a filled buffer between threads is safe.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    /// Where the values live: a block of weights, pages of its own, or the malloc heap.
    private let owner: Owner

    private enum Owner {
        case arena(WeightArena)
        case mapped(bytes: Int)
        case heap
    }

    /// Scratch at least this large gets pages of its own (mmap), given back whole when the pass ends. From the
    /// malloc heap, a batch's scratch (up to ~60 MB for 4,096 tokens) stays in the arena of whichever thread ran
    /// the batch: glibc raises its mmap threshold after the first large free, and each thread has an arena, so a
    /// server that had embedded its knowledge base kept ~60 MB per worker thread for good (measured: four 64 MB
    /// arenas, 250 MB of 580 MB). Mapping costs a page fault per 4 kB written, under 2% of a pass this size.
    static let mappedBytes = 1 << 20

    /// Whether the buffer has pages of its own (large scratch).
    var isMapped: Bool {
        if case .mapped = owner { return true }
        return false
    }

    /// A zeroed buffer, or with `zeroed: false` one whose contents are garbage until written (scratch space the
    /// forward pass overwrites whole: zeroing it cost a few percent of a batch).
    init(count: Int, zeroed: Bool = true) {
        self.count = count
        let bytes = max(1, count) * MemoryLayout<Float>.stride
        if bytes >= Self.mappedBytes,
            let pages = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            pages != MAP_FAILED
        {
            // Fresh anonymous pages read as zero, so `zeroed` costs nothing here.
            owner = .mapped(bytes: bytes)
            pointer = pages.bindMemory(to: Float.self, capacity: max(1, count))
        } else {
            owner = .heap
            pointer = .allocate(capacity: max(1, count))
            if zeroed { pointer.initialize(repeating: 0, count: max(1, count)) }
        }
    }

    /// A copy of `values`, in `arena` when given.
    convenience init(_ values: [Float], in arena: WeightArena? = nil) {
        self.init(uninitialized: values.count, in: arena)
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { pointer.initialize(from: start, count: values.count) }
        }
    }

    /// Room for `count` values in `arena` (or on the heap), filled by the caller.
    init(uninitialized count: Int, in arena: WeightArena?) {
        self.count = count
        if let arena {
            owner = .arena(arena)
            pointer = arena.take(count)
        } else {
            owner = .heap
            pointer = .allocate(capacity: max(1, count))
        }
    }

    deinit {
        switch owner {
        case .arena: break
        case .mapped(let bytes): munmap(pointer, bytes)
        case .heap: pointer.deallocate()
        }
    }
}
