import Foundation
import Testing

@testable import TicketflowEncoder

/// Scratch buffers: small ones from the heap, large ones on pages of their own that are given back when freed.
@Suite struct FloatBufferTests {
    @Test func smallAndLargeScratchAreZeroedAndWritable() {
        for count in [1, 1000, FloatBuffer.mappedBytes / 4, 3 * FloatBuffer.mappedBytes / 4 + 5] {
            let buffer = FloatBuffer(count: count)
            #expect(buffer.count == count)
            #expect((0..<count).allSatisfy { buffer.pointer[$0] == 0 }, "count \(count)")
            for i in 0..<count { buffer.pointer[i] = Float(i) }
            #expect(buffer.pointer[count - 1] == Float(count - 1))
        }
    }

    @Test func largeScratchHasPagesOfItsOwnAndSmallScratchDoesNot() {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // malloc puts a header before every block, so a page-aligned pointer means mmap gave it its own pages
        // (which munmap gives back whole); 8 MB is under glibc's dynamic mmap ceiling of 32 MB, where malloc
        // would otherwise keep it in a thread's arena.
        let large = FloatBuffer(count: (8 << 20) / 4, zeroed: false)
        #expect(large.isMapped)
        #expect(Int(bitPattern: large.pointer) % page == 0)
        let small = FloatBuffer(count: 1000)
        #expect(!small.isMapped)
    }

    @Test func batchesThatUseMappedScratchGiveTheSingleSentenceVectors() throws {
        let encoder = try EncoderModel.encoder()
        // 24 sentences of ~120 tokens: the feed-forward scratch (tokens × 1,536 floats) is ~17 MB, well over the
        // mapping threshold, and with one thread the whole batch is one pass.
        let texts = (0..<24).map { n in
            String(repeating: "order \(n) arrived damaged and the refund has not reached my card yet. ", count: 8)
        }
        let oneThread = try SentenceEncoder.load(directory: EncoderModel.directory(), threads: 1)
        let batch = oneThread.encode(texts)
        for (text, vector) in zip(texts, batch) {
            let single = encoder.encode([text])[0]
            #expect(zip(single, vector).allSatisfy { abs($0 - $1) < 1e-4 }, "\(text.prefix(20))")
        }
    }
}
