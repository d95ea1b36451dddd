import Foundation

/// One block of memory for all of a model's weights, asked to be backed by 2 MB pages. A single sentence streams
/// every weight (42 MB for MiniLM) through the cache once; with 4 kB pages that walk misses the TLB on almost every
/// page, and transparent huge pages cut the CPU time per sentence by about an eighth (measured). Linux gives huge
/// pages to a region only when asked (madvise) on most distributions, and only to 2 MB-aligned ranges.
final class WeightArena: @unchecked Sendable {
    private static let pageSize = 2 << 20
    private let base: UnsafeMutableRawPointer
    private let size: Int
    private var used = 0

    /// Room for buffers holding `floats` values in all, each starting on a 64-byte boundary.
    init(floats: Int, buffers: Int) {
        let bytes = floats * MemoryLayout<Float>.stride + buffers * 64
        size = max(Self.pageSize, (bytes + Self.pageSize - 1) / Self.pageSize * Self.pageSize)
        base = aligned_alloc(Self.pageSize, size) ?? UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        #if os(Linux)
        _ = madvise(base, size, 14)  // MADV_HUGEPAGE; advice only, so a refusal changes nothing
        #endif
    }

    /// The next `count` floats of the block (loading is single-threaded, so no lock).
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let start = (used + 63) / 64 * 64
        used = start + count * MemoryLayout<Float>.stride
        precondition(used <= size, "weight arena sized too small")
        return (base + start).bindMemory(to: Float.self, capacity: count)
    }

    deinit { free(base) }
}
